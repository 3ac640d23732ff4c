/// Digits typed in secret (PIN, operator password). They never appear in a
/// description, a debug print or a mirror, so a failing test or a log line
/// cannot leak them.
public struct SecretDigits: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  public private(set) var digits: [UInt8] = []
  public init() {}
  public init(_ digits: [UInt8]) { self.digits = digits }

  public var count: Int { digits.count }
  public var isEmpty: Bool { digits.isEmpty }
  public var masked: String { String(repeating: "*", count: digits.count) }
  public var description: String { "SecretDigits(\(digits.count))" }
  public var debugDescription: String { description }
  public var customMirror: Mirror { Mirror(self, children: [:]) }

  public mutating func append(_ d: UInt8, max: Int) {
    if digits.count < max { digits.append(d) }
  }
  public mutating func removeLast() {
    if !digits.isEmpty { digits.removeLast() }
  }
  /// The typed digits as text, for hashing a password. Use and drop at once.
  public var plainText: String { String(digits.map { Character(String($0)) }) }
}
