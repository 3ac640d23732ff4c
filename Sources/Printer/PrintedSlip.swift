/// One printed slip: the lines as they come out of the 58 mm printer (each at
/// most 32 display columns, no trailing spaces) and the file it is saved as.
public struct PrintedSlip: Sendable, Equatable {
  /// ASCII, sortable: `20261121-093000_B000001_V000001_merchant.txt`.
  public var fileName: String
  public var lines: [String]

  public init(fileName: String, lines: [String]) {
    self.fileName = fileName
    self.lines = lines
  }

  /// The slip as a text file: lines joined with newlines, with a trailing newline.
  public var text: String { lines.joined(separator: "\n") + "\n" }
}
