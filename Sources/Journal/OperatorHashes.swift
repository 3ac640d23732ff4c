import GRDB
import TerminalCore

/// Password hashes upgraded at sign-in (`JournalCommand.upgradeOperatorHash`): one
/// row per operator, the newest upgrade winning. Each row names the configured entry
/// it stands in for (`supersedes`, a fingerprint, never the old hash); the core
/// decides at power-on whether that entry is still the one in the config.
struct OperatorHashRow: Codable, SnakeCaseColumns, PersistableRecord {
  static let databaseTableName = "operator_hashes"
  var operatorNo: String
  var role: String
  var salt: String
  var iterations: Int
  var passwordHash: String
  var supersedes: String

  /// Only PBKDF2 hashes that name what they replace are kept.
  init(_ record: OperatorRecord) throws {
    guard case .pbkdf2SHA256(let iterations) = record.scheme, iterations >= 1 else {
      throw JournalError.storage(
        "upgradeOperatorHash: operator \(record.number)'s hash is not PBKDF2")
    }
    guard let supersedes = record.supersedes, !supersedes.isEmpty else {
      throw JournalError.storage(
        "upgradeOperatorHash: operator \(record.number)'s hash names no configured entry")
    }
    operatorNo = record.number
    role = record.role.rawValue
    salt = record.salt
    self.iterations = iterations
    passwordHash = record.passwordHash
    self.supersedes = supersedes
  }

  func record() throws -> OperatorRecord {
    guard let role = OperatorRole(rawValue: role) else {
      throw JournalError.storage("operator_hashes: operator \(operatorNo) has role \"\(role)\"")
    }
    return OperatorRecord(
      number: operatorNo, role: role, salt: salt, passwordHash: passwordHash,
      scheme: .pbkdf2SHA256(iterations: iterations), supersedes: supersedes)
  }

  /// The table (migration `v4-operator-hashes`).
  static let createTable = """
    -- Password hashes upgraded at sign-in (PBKDF2-HMAC-SHA256), one per operator.
    -- supersedes: the fingerprint of the configured entry this one stands in for.
    CREATE TABLE operator_hashes (
      operator_no TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      salt TEXT NOT NULL,
      iterations INTEGER NOT NULL CHECK (iterations >= 1),
      password_hash TEXT NOT NULL,
      supersedes TEXT NOT NULL
    );
    """

  static func all(_ db: Database) throws -> [OperatorRecord] {
    try OperatorHashRow.fetchAll(db, sql: "SELECT * FROM operator_hashes ORDER BY operator_no")
      .map { try $0.record() }
  }
}
