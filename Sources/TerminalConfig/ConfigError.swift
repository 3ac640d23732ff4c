import Foundation

/// A problem in one of the files of `Config/`, precise enough to fix by hand:
/// `Config/deck.yaml:42: cards[3].expiry: month 13 is not 01–12`.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file as the trainer knows it, e.g. `Config/deck.yaml`.
  public var file: String
  /// 1-based line of the offending node (nil when the whole file is at fault).
  public var line: Int?
  /// Field path inside the file, e.g. `cards[3].expiry` (nil for syntax errors).
  public var field: String?
  public var problem: String

  public init(file: String, line: Int? = nil, field: String? = nil, problem: String) {
    self.file = file
    self.line = line
    self.field = field
    self.problem = problem
  }

  /// One readable line: `file:line: field: problem` (missing parts left out).
  public var description: String {
    var out = file
    if let line { out += ":\(line)" }
    out += ": "
    if let field, !field.isEmpty { out += "\(field): " }
    return out + problem
  }
}
