import Ciphers

/// An operator as changed at the terminal (8-6 操作员管理, UnionPay 8-2 修改主管密码):
/// the journal keeps one per operator number, the newest winning, and power-on
/// applies them over the configured operators (`OperatorRoster.apply`). Once an
/// operator has been changed at the terminal, the journal is where that operator
/// lives; `Config/operators.yaml` only seeds a new journal.
public enum OperatorChange: Codable, Sendable, Equatable {
  /// Added, or given a new password: the whole record, hashed (PBKDF2, a new salt).
  case saved(OperatorRecord)
  /// Deleted at the terminal: gone even if the config still lists the number.
  case deleted(operatorNo: String)

  public var operatorNo: String {
    switch self {
    case .saved(let record): return record.number
    case .deleted(let no): return no
    }
  }
}

public enum OperatorRoster {
  /// The operators to sign in against: `base` (the configured ones with their
  /// upgraded hashes) with the terminal's changes laid over it, ordered by number.
  public static func apply(_ changes: [OperatorChange], to base: [OperatorRecord])
    -> [OperatorRecord]
  {
    var byNumber: [String: OperatorRecord] = [:]
    for record in base { byNumber[record.number] = record }
    for change in changes {
      switch change {
      case .saved(let record): byNumber[record.number] = record
      case .deleted(let no): byNumber[no] = nil
      }
    }
    return byNumber.values.sorted { $0.number < $1.number }
  }

  /// A new hash of `password` for operator `number`, with a fresh salt from `source`.
  /// Nil when the driver gave no entropy or the cipher library failed: the old
  /// password then stays, and nothing is written.
  static func record(
    number: String, role: OperatorRole, password: SecretDigits, source: inout SaltSource
  ) -> OperatorRecord? {
    guard let salt = source.next(),
      let hash = try? PasswordHash.hash(password: password.plainText, saltHex: salt)
    else { return nil }
    return OperatorRecord(
      number: number, role: role, salt: salt, passwordHash: hash,
      scheme: .pbkdf2SHA256(iterations: PasswordHash.defaultIterations))
  }
}

/// Where salts for new password hashes come from. The core reads no randomness:
/// the driver hands it 32 random bytes when the session starts (`seed`), and each
/// salt is HMAC-SHA256(seed, "operator-salt" ‖ n) for the n-th salt of the session,
/// 16 bytes written as 32 hex digits. A new seed every power-on keeps salts unique;
/// with no seed (an empty one) no new hash is made at all.
public struct SaltSource: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// At least this many bytes of seed, or no salt.
  public static let seedBytes = 32
  private var seed: [UInt8]
  private var issued: UInt64 = 0

  public init(seed: [UInt8] = []) { self.seed = seed }

  public var hasEntropy: Bool { seed.count >= Self.seedBytes }
  // The seed never appears in a description, a debug print or a mirror.
  public var description: String { "SaltSource(\(issued) issued)" }
  public var debugDescription: String { description }
  public var customMirror: Mirror { Mirror(self, children: [:]) }

  /// The next salt (32 hex digits), or nil without entropy.
  mutating func next() -> String? {
    guard hasEntropy else { return nil }
    var counter: [UInt8] = []
    for shift in stride(from: 56, through: 0, by: -8) {
      counter.append(UInt8(truncatingIfNeeded: issued >> UInt64(shift)))
    }
    issued += 1
    guard
      let mac = try? HMACSHA256.authenticationCode(
        key: seed, data: Array("operator-salt".utf8) + counter)
    else { return nil }
    return Hex.encode(Array(mac.prefix(16)))
  }
}
