import GRDB

// The reads and writes every card transaction makes, as SQL prepared once per
// connection (`cachedStatement`) with columns bound and read by position. GRDB's
// query interface (`fetchOne(key:)`, `exists(key:)`) and its Codable `insert` and
// `upsert` built and compiled the SQL and encoded the record on every call: about
// half of the host's time per sale. Same tables, same rows, same values.

extension CardRow {
  /// The card's row; nil until the issuer has seen the card.
  static func read(_ db: Database, pan: String) throws -> CardRow? {
    let statement = try db.cachedStatement(
      sql: "SELECT balance_fen, wrong_pin_count FROM cards WHERE pan = ?")
    guard let row = try Row.fetchOne(statement, arguments: [pan]) else { return nil }
    return CardRow(pan: pan, balanceFen: row[0], wrongPINCount: row[1])
  }

  /// Inserts the row, or updates its balance and wrong-PIN count (an upsert).
  func write(_ db: Database) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO cards (pan, balance_fen, wrong_pin_count) VALUES (?, ?, ?)
        ON CONFLICT (pan) DO UPDATE SET
          balance_fen = excluded.balance_fen, wrong_pin_count = excluded.wrong_pin_count
        """
    ).execute(arguments: [pan, balanceFen, wrongPINCount])
  }
}

extension HostCountersRow {
  /// The sequences' one row; nil only in books that lost it.
  static func read(_ db: Database) throws -> HostCountersRow? {
    let statement = try db.cachedStatement(
      sql: "SELECT auth_seq, ref_seq FROM counters WHERE id = 1")
    guard let row = try Row.fetchOne(statement) else { return nil }
    return HostCountersRow(authSeq: row[0], refSeq: row[1])
  }

  /// Inserts the row, or updates both sequences (an upsert).
  func write(_ db: Database) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO counters (id, auth_seq, ref_seq) VALUES (?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET auth_seq = excluded.auth_seq, ref_seq = excluded.ref_seq
        """
    ).execute(arguments: [id, authSeq, refSeq])
  }
}

extension TransactionRow {
  /// Whether the host approved a transaction under this terminal, batch and voucher number.
  static func exists(_ db: Database, terminalNo: String, batch: Int, trace: Int) throws -> Bool {
    let statement = try db.cachedStatement(
      sql: "SELECT 1 FROM transactions WHERE terminal_no = ? AND batch = ? AND trace = ?")
    return try Int.fetchOne(statement, arguments: [terminalNo, batch, trace]) != nil
  }

  /// Inserts the row (a new transaction: its key must be free).
  func write(_ db: Database) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO transactions (
          terminal_no, batch, trace, kind, pan, amount_fen, auth_code, reference_no,
          unix_time, status, original_terminal_no, original_batch, original_trace)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      terminalNo, batch, trace, kindName, pan, amountFen, authCode, referenceNo, unixTime,
      statusName, originalTerminalNo, originalBatch, originalTrace,
    ])
  }
}
