import Foundation
import GRDB
import Journal
import TerminalCore
import Testing

/// A journal written by the release before many transaction kinds (schema v1 + v2),
/// frozen here as raw SQL so later changes to `Schema` cannot alter it.
enum ReleaseJournal {
  static let schema = """
    -- v1
    CREATE TABLE counters (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      batch INTEGER NOT NULL CHECK (batch BETWEEN 1 AND 999999),
      last_trace INTEGER NOT NULL CHECK (last_trace BETWEEN 0 AND 999999)
    );
    INSERT INTO counters (id, batch, last_trace) VALUES (1, 1, 0);
    CREATE TABLE settlements (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      batch INTEGER NOT NULL,
      settled_at REAL NOT NULL,
      operator_no TEXT NOT NULL,
      sale_count INTEGER NOT NULL,
      sale_amount_fen INTEGER NOT NULL,
      failed_count INTEGER NOT NULL,
      failed_amount_fen INTEGER NOT NULL,
      balanced INTEGER NOT NULL CHECK (balanced IN (0, 1))
    );
    CREATE TABLE transactions (
      id INTEGER PRIMARY KEY,
      trace INTEGER NOT NULL CHECK (trace BETWEEN 1 AND 999999),
      batch INTEGER NOT NULL CHECK (batch BETWEEN 1 AND 999999),
      kind TEXT NOT NULL,
      amount_fen INTEGER NOT NULL,
      masked_pan TEXT NOT NULL,
      expiry TEXT NOT NULL,
      entry_mode TEXT NOT NULL,
      operator_no TEXT NOT NULL,
      started_at REAL NOT NULL,
      status TEXT NOT NULL,
      response_code TEXT,
      auth_code TEXT,
      reference_no TEXT,
      issuer TEXT,
      completed_at REAL,
      settlement_id INTEGER REFERENCES settlements(id)
    );
    CREATE UNIQUE INDEX transactions_open_batch_trace
      ON transactions (batch, trace) WHERE settlement_id IS NULL;
    CREATE INDEX transactions_settlement ON transactions (settlement_id);
    CREATE TABLE reversals (
      id INTEGER PRIMARY KEY,
      transaction_id INTEGER NOT NULL UNIQUE
        REFERENCES transactions(id) ON DELETE CASCADE,
      trace INTEGER NOT NULL,
      batch INTEGER NOT NULL,
      amount_fen INTEGER NOT NULL,
      masked_pan TEXT NOT NULL,
      original_time REAL NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX reversals_batch_trace ON reversals (batch, trace);
    CREATE TABLE operator_locks (
      operator_no TEXT PRIMARY KEY,
      failed_attempts INTEGER NOT NULL,
      locked INTEGER NOT NULL CHECK (locked IN (0, 1))
    );
    -- v2
    ALTER TABLE settlements ADD COLUMN printed INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE settlements ADD COLUMN success_detail INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE settlements ADD COLUMN failed_detail INTEGER NOT NULL DEFAULT 0;
    -- GRDB's record of the migrations applied.
    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
    INSERT INTO grdb_migrations (identifier) VALUES ('v1'), ('v2');
    """

  static let pan = "622202*********0123"
  static func time(_ offset: Double) -> Double { (t0 + offset).timeIntervalSinceReferenceDate }

  /// Batch 1 settled (its slip unprinted, success detail chosen): an approved and a
  /// declined sale. Batch 2 open: an approved sale, and a sale still awaiting its
  /// reply with a reversal that failed once.
  static func write(to path: URL) throws {
    let queue = try DatabaseQueue(path: path.path)
    try queue.writeWithoutTransaction { db in
      _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
      try db.inTransaction {
        try db.execute(sql: schema)
        try db.execute(
          sql: """
            UPDATE counters SET batch = 2, last_trace = 4 WHERE id = 1;
            INSERT INTO settlements (id, batch, settled_at, operator_no, sale_count,
              sale_amount_fen, failed_count, failed_amount_fen, balanced, printed,
              success_detail, failed_detail)
              VALUES (1, 1, ?, '01', 1, 1000, 1, 2000, 1, 0, 1, 0);
            INSERT INTO transactions (id, trace, batch, kind, amount_fen, masked_pan, expiry,
              entry_mode, operator_no, started_at, status, response_code, auth_code,
              reference_no, issuer, completed_at, settlement_id) VALUES
              (1, 1, 1, 'sale', 1000, ?, '3012', 'S', '01', ?, 'approved', '00', '000001',
                '000000000001', '中国银行', ?, 1),
              (2, 2, 1, 'sale', 2000, ?, '3012', 'S', '01', ?, 'declined', '51', NULL,
                NULL, NULL, ?, 1),
              (3, 3, 2, 'sale', 3000, ?, '3012', 'S', '02', ?, 'approved', '00', '000003',
                '000000000003', '中国银行', ?, NULL),
              (4, 4, 2, 'sale', 4000, ?, '3012', 'S', '02', ?, 'pending', NULL, NULL,
                NULL, NULL, NULL, NULL);
            INSERT INTO reversals (id, transaction_id, trace, batch, amount_fen, masked_pan,
              original_time, attempts) VALUES (1, 4, 4, 2, 4000, ?, ?, 1);
            INSERT INTO operator_locks (operator_no, failed_attempts, locked) VALUES ('03', 3, 1);
            """,
          arguments: [
            time(3600),
            pan, time(0), time(2),
            pan, time(10), time(12),
            pan, time(7200), time(7202),
            pan, time(7300),
            pan, time(7300),
          ])
        return .commit
      }
    }
    try queue.close()
  }

  static func sale(
    trace: Int, batch: Int, amountFen: Int64, operatorNo: String, started: Double,
    status: TransactionStatus, code: ResponseCode? = nil, auth: String? = nil,
    completed: Double? = nil
  ) -> TransactionRecord {
    TransactionRecord(
      trace: trace, batch: batch, kind: .sale, amountFen: amountFen, maskedPAN: pan,
      expiry: "3012", entryMode: .swipe, operatorNo: operatorNo, startedAt: t0 + started,
      status: status, responseCode: code, authCode: auth,
      referenceNo: auth.map { "000000" + $0 }, issuer: auth == nil ? nil : "中国银行",
      completedAt: completed.map { t0 + $0 })
  }

  static let settledApproved = sale(
    trace: 1, batch: 1, amountFen: 1000, operatorNo: "01", started: 0, status: .approved,
    code: .approved, auth: "000001", completed: 2)
  static let settledDeclined = sale(
    trace: 2, batch: 1, amountFen: 2000, operatorNo: "01", started: 10, status: .declined,
    code: .insufficientFunds, auth: nil, completed: 12)
  static let openApproved = sale(
    trace: 3, batch: 2, amountFen: 3000, operatorNo: "02", started: 7200, status: .approved,
    code: .approved, auth: "000003", completed: 7202)
  static let openPending = sale(
    trace: 4, batch: 2, amountFen: 4000, operatorNo: "02", started: 7300, status: .pending)
  static let report = SettlementReport(
    batch: 1, settledAt: t0 + 3600, operatorNo: "01",
    totals: BatchTotals(
      byKind: [.sale: Totals(count: 1, amountFen: 1000)],
      failed: Totals(count: 1, amountFen: 2000)),
    balanced: true)
}

@Suite("A journal from the earlier release opens and upgrades")
struct JournalUpgradeTests {
  @Test func theSnapshotIsWhatTheEarlierReleaseLeft() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    try ReleaseJournal.write(to: path)

    let journal = try TerminalJournal(path: path)
    let snap = try journal.snapshot()
    #expect(snap.batch == 2)
    #expect(snap.lastTrace == 4)
    #expect(snap.openBatch == [ReleaseJournal.openApproved, ReleaseJournal.openPending])
    #expect(
      snap.pendingReversal
        == ReversalRecord(
          kind: .sale, trace: 4, batch: 2, amountFen: 4000, maskedPAN: ReleaseJournal.pan,
          originalTime: t0 + 7300, attempts: 1))
    #expect(snap.operatorLocks == ["03": OperatorLockState(failedAttempts: 3, locked: true)])
    // The earlier release never recorded a sale slip as owed (it printed them
    // straight after the reply): only its unprinted settlement slip is owed.
    #expect(
      snap.owedSlips == [
        .settlement(
          ReleaseJournal.report,
          successDetail: [ReleaseJournal.settledApproved, ReleaseJournal.settledDeclined],
          failedDetail: nil)
      ])
    #expect(try journal.settlements() == [ReleaseJournal.report])

    try journal.apply(.slipPrinted(.settlement(batch: 1)))
    #expect(try journal.snapshot().owedSlips.isEmpty)
    try journal.close()
  }

  @Test func theUpgradedJournalCarriesOnAndStillReadsForTheEarlierRelease() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    try ReleaseJournal.write(to: path)

    var journal = try TerminalJournal(path: path)
    // The sale in flight is reversed; a void of the open approved sale follows.
    try journal.apply(.reversalDone(trace: 4, batch: 2))
    let void = try journalTransaction(
      journal, .void, trace: 5, batch: 2, amountFen: 3000,
      original: OriginalTransaction(trace: 3, batch: 2))
    let report = SettlementReport(
      batch: 2, settledAt: t0 + 9000, operatorNo: "02",
      totals: BatchLedger(
        [
          ReleaseJournal.openApproved, void,
          {
            var r = ReleaseJournal.openPending
            r.status = .reversed
            return r
          }(),
        ]
      ).totals,
      balanced: true)
    // The voided sale stays in its row and its void takes it out of 借记.
    #expect(report.totals.counted(.sale) == report.totals.counted(.void))
    #expect(report.totals.debit == Totals() && report.totals.credit == Totals())
    try journal.apply(.closeBatch(report, nextBatch: 3))
    try journal.close()

    journal = try TerminalJournal(path: path)
    #expect(try journal.settlements() == [ReleaseJournal.report, report])
    try journal.close()

    // An earlier reader sees approved sales and the failed totals in the old columns.
    let queue = try DatabaseQueue(path: path.path)
    let legacy = try queue.read { db in
      try Row.fetchAll(
        db,
        sql:
          "SELECT sale_count, sale_amount_fen, failed_count, failed_amount_fen FROM settlements ORDER BY id"
      ).map { row -> [Int64] in [row[0], row[1], row[2], row[3]] }
    }
    #expect(legacy == [[1, 1000, 1, 2000], [0, 0, 1, 4000]])
    let migrations = try queue.read { db in
      try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
    }
    #expect(
      migrations == [
        "v1", "v2", "v3", "v4", "v5-operator-hashes", "v6-terminal-operators", "v7-chip-slip",
      ])
    try queue.close()
  }
}
