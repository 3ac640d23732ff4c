import GRDB
import Passwords
import TerminalCore

/// Operators added, deleted or given a new password at the terminal (8-6, UnionPay
/// 8-2): one row per operator number, the newest change winning
/// (`JournalCommand.saveOperator` / `deleteOperator`). The core lays them over the
/// configured operators at power-on (`OperatorRoster.apply`): from the first change
/// on, that operator lives here, and `Config/operators.yaml` only seeded it.
///
/// A saved row holds the PBKDF2 hash and its salt, never a password; a deleted row
/// holds neither.
struct TerminalOperatorRow: Codable, SnakeCaseColumns, PersistableRecord {
  static let databaseTableName = "terminal_operators"
  var operatorNo: String
  var role: String
  var deleted: Bool
  var salt: String?
  var iterations: Int?
  var passwordHash: String?

  init(_ change: OperatorChange) throws {
    switch change {
    case .saved(let record):
      guard case .pbkdf2SHA256(let iterations) = record.scheme,
        iterations >= PasswordHash.minimumIterations
      else {
        throw JournalError.storage(
          "saveOperator: operator \(record.number)'s hash is not PBKDF2 at the minimum count")
      }
      guard Self.isOperatorNumber(record.number) else {
        throw JournalError.storage("saveOperator: \"\(record.number)\" is not an operator number")
      }
      guard record.passwordHash.count == 64, !record.salt.isEmpty else {
        throw JournalError.storage("saveOperator: operator \(record.number)'s hash is malformed")
      }
      operatorNo = record.number
      role = record.role.rawValue
      deleted = false
      salt = record.salt
      self.iterations = iterations
      passwordHash = record.passwordHash
    case .deleted(let no):
      guard Self.isOperatorNumber(no), no != "00" else {
        throw JournalError.storage("deleteOperator: \"\(no)\" is not a cashier's number")
      }
      operatorNo = no
      role = OperatorRole.cashier.rawValue
      deleted = true
      salt = nil
      iterations = nil
      passwordHash = nil
    }
  }

  static func isOperatorNumber(_ s: String) -> Bool {
    s.count == 2 && s.allSatisfy { ("0"..."9").contains($0) }
  }

  func change() throws -> OperatorChange {
    if deleted { return .deleted(operatorNo: operatorNo) }
    guard let role = OperatorRole(rawValue: role), let salt, let iterations, let passwordHash
    else {
      throw JournalError.storage("terminal_operators: operator \(operatorNo)'s row is malformed")
    }
    return .saved(
      OperatorRecord(
        number: operatorNo, role: role, salt: salt, passwordHash: passwordHash,
        scheme: .pbkdf2SHA256(iterations: iterations)))
  }

  /// The table (migration `v6-terminal-operators`).
  static let createTable = """
    -- Operators changed at the terminal (8-6): the newest change per number.
    -- deleted = 1: gone, whatever the config lists. Otherwise a PBKDF2-HMAC-SHA256
    -- hash and its salt; never a password.
    CREATE TABLE terminal_operators (
      operator_no TEXT PRIMARY KEY CHECK (length(operator_no) = 2),
      role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor')),
      deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
      salt TEXT,
      iterations INTEGER,
      password_hash TEXT,
      CHECK (deleted = 1 OR (salt IS NOT NULL AND iterations >= 1 AND password_hash IS NOT NULL))
    );
    """

  static func all(_ db: Database) throws -> [OperatorChange] {
    try TerminalOperatorRow.fetchAll(
      db, sql: "SELECT * FROM terminal_operators ORDER BY operator_no"
    ).map { try $0.change() }
  }

  /// Writes the change; the operator's lock state (failed sign-ins) goes with it:
  /// a new password, or a number deleted, starts afresh.
  static func apply(_ change: OperatorChange, _ db: Database) throws {
    try TerminalOperatorRow(change).upsert(db)
    try db.execute(
      sql: "DELETE FROM operator_locks WHERE operator_no = ?", arguments: [change.operatorNo])
  }
}
