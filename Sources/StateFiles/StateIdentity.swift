/// Whose state folder a file belongs to: the terminal and merchant it was set up for,
/// and a random id made when the folder was first set up (the journal id).
///
/// The state folder's `identity` file, the journal and the acquirer's file all carry
/// it, so that a journal swapped, emptied or replaced (or a write-ahead log from
/// another database put beside it) is noticed at power-on instead of being taken
/// for a fresh start.
public struct StateIdentity: Sendable, Equatable, CustomStringConvertible {
  public var terminalNo: String
  public var merchantNo: String
  public var journalID: String

  public init(terminalNo: String, merchantNo: String, journalID: String) {
    self.terminalNo = terminalNo
    self.merchantNo = merchantNo
    self.journalID = journalID
  }

  public var description: String {
    "terminal \(terminalNo), merchant \(merchantNo), journal id \(journalID)"
  }
}
