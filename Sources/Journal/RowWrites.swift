import GRDB

// The rows every sale inserts, as SQL prepared once per connection (`cachedStatement`)
// with the columns bound by position. GRDB's Codable `insert` encoded the record
// through its snake_case key mapping and built the statement on every call: most of
// the journal's own CPU time per sale. Same columns, same values.

extension TransactionRow {
  /// Inserts the row; its id is SQLite's next rowid (`db.lastInsertedRowID`).
  func write(_ db: Database) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO transactions (
          id, trace, batch, kind, amount_fen, masked_pan, expiry, entry_mode, operator_no,
          started_at, status, response_code, auth_code, reference_no, issuer, completed_at,
          settlement_id, original, merchant_copy_printed, cardholder_copy_printed, chip)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      id, trace, batch, kind, amountFen, maskedPan, expiry, entryMode, operatorNo,
      startedAt, status, responseCode, authCode, referenceNo, issuer, completedAt,
      settlementId, original, merchantCopyPrinted, cardholderCopyPrinted, chip,
    ])
  }
}

extension ReversalRow {
  /// Inserts the row; its id is SQLite's next rowid.
  func write(_ db: Database) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO reversals (
          id, transaction_id, kind, trace, batch, amount_fen, masked_pan, original_time,
          attempts)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      id, transactionId, kind, trace, batch, amountFen, maskedPan, originalTime, attempts,
    ])
  }
}
