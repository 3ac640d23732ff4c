import TerminalCore

/// A self-checking script's expectations so far: how many were met, and each
/// failure with the frame it came after and what the terminal showed instead.
public struct ExpectationLedger: Sendable, Equatable {
  public struct Failure: Sendable, Equatable {
    /// The frame the expectation came after.
    public var frame: Int
    /// The token as the script wrote it (digits masked on a PIN screen).
    public var wanted: String
    /// What the terminal showed instead.
    public var shows: String
    /// The LCD rows at the time.
    public var screen: [String]

    /// `after frame 12: wanted <expect 交易成功>, screen shows …`.
    public var summary: String { "after frame \(frame): wanted \(wanted), \(shows)" }
  }

  public var met = 0
  public var failures: [Failure] = []

  public init() {}
}

/// The response code a host reply carries (field 39), as the ISO 8583 codec
/// writes it (`WireMessages.reply`): replies with no code of their own are 00.
enum ReplyCode {
  static func of(_ body: HostReplyBody) -> String? {
    switch body {
    case .transaction(let reply): return reply.responseCode.rawValue
    case .qrOrder(let order):
      switch order.status {
      case .paid: return "00"
      // Still being confirmed on the phone: not an answer yet.
      case .userPaying: return nil
      case .failed(let code): return code.rawValue
      }
    case .reversal(let accepted), .qrCancelled(let accepted): return accepted ? "00" : "96"
    case .signedIn, .settled, .signedOff, .uploaded: return "00"
    }
  }
}
