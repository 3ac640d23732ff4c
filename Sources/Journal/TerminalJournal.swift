import Foundation
import GRDB
import StateFiles
import Synchronization
import TerminalCore

/// The terminal's durable journal: one SQLite file (WAL, `synchronous = FULL`).
///
/// Every `JournalCommand` is one write transaction, committed durably before
/// `apply` returns. The journal never holds a PIN, a PIN block, track data or a
/// full PAN: a record whose PAN field carries more than 10 digits is refused.
///
/// The open batch is every transaction not yet covered by a settlement, oldest
/// first (in insertion order).
public final class TerminalJournal: Sendable {
  private let queue: DatabaseQueue
  /// Printed marks not yet written: they ride with the next commit (see `apply`).
  private let marks = Mutex<[SlipID]>([])
  /// Write transactions committed through `apply` and `writeMarks` since the journal opened.
  private let commitCount = Mutex<Int>(0)
  /// Closed and sealed: the deinit has nothing left to do.
  private let isClosed = Mutex<Bool>(false)
  /// The file, or nil for an in-memory journal.
  public let path: URL?

  /// Opens or creates the journal at `path` (creating its folder) and migrates it.
  /// An existing file is checked first (SQLite header, then `PRAGMA integrity_check`
  /// on a read-only connection): when damaged this throws
  /// `JournalError.integrityCheckFailed` and nothing is written to the file.
  /// It does not ask whose journal the file is: that is `init(path:identity:setUp:)`.
  public convenience init(path: URL) throws {
    try TerminalJournal.check(path)
    try self.init(opening: path, marking: nil)
  }

  /// How a state folder opens its journal: the file must be the journal marked with
  /// `identity` (checked on the read-only connection of the integrity check, before
  /// anything writes to it); otherwise this throws `JournalError.notThisJournal` and
  /// leaves the file as it was. While the folder is being set up (`setUp`: a new
  /// folder, or one from a release before identities) a missing, empty or unmarked
  /// journal is created or taken over instead, and marked with `identity`.
  public convenience init(path: URL, identity: StateIdentity, setUp: Bool = false) throws {
    let owner = try TerminalJournal.check(path)
    switch owner {
    case .marked(identity):
      try self.init(opening: path, marking: nil)
    case .marked:
      throw JournalError.notThisJournal(
        path: path.path, detail: "\(Self.problem(owner)), not of \(identity)")
    case .noFile, .emptyFile, .unmarked:
      guard setUp else {
        throw JournalError.notThisJournal(path: path.path, detail: Self.problem(owner))
      }
      try self.init(opening: path, marking: identity)
    }
  }

  /// Whose journal the file at `path` is, read on the read-only connection of the
  /// integrity check (which throws as `init(path:)` does). Writes nothing.
  public static func owner(at path: URL) throws -> StateFile.Owner {
    try check(path)
  }

  /// The SQLite header, then `PRAGMA integrity_check` on a read-only connection,
  /// which also reads whose journal it is (`StateFile.check`).
  @discardableResult
  private static func check(_ path: URL) throws(JournalError) -> StateFile.Owner {
    do {
      return try StateFile.check(path, label: "journal-integrity-check")
    } catch {
      if error.kind == .behindHistory {
        throw .behindHistory(path: error.path, detail: error.detail)
      }
      throw .integrityCheckFailed(path: error.path, detail: error.detail)
    }
  }

  /// Why the file cannot be this state folder's journal, when it is not marked so.
  private static func problem(_ owner: StateFile.Owner) -> String {
    switch owner {
    case .noFile: return "missing"
    case .emptyFile: return "empty (0 bytes)"
    case .unmarked: return "carries no journal identity, so it is not the journal this folder began"
    case .marked(let found): return "is the journal of \(found)"
    }
  }

  private init(opening path: URL, marking identity: StateIdentity?) throws {
    do {
      try FileManager.default.createDirectory(
        at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
      // Readable by its owner only: it holds the shop's takings.
      StateFile.createPrivately(path)
      var config = Self.configuration()
      CommitMark.record(&config, database: path)
      self.queue = try DatabaseQueue(path: path.path, configuration: config)
      self.path = path
      try Self.prepare(queue, wal: true, marking: identity)
    } catch let error as JournalError {
      throw error
    } catch {
      throw JournalError.storage("\(path.path): \(error)")
    }
  }

  private init(memoryQueue: DatabaseQueue) throws {
    self.queue = memoryQueue
    self.path = nil
    try Self.prepare(queue, wal: false)
  }

  /// A journal that lives only as long as the object: for tests.
  public static func inMemory() throws -> TerminalJournal {
    do {
      return try TerminalJournal(memoryQueue: DatabaseQueue(configuration: configuration()))
    } catch let error as JournalError {
      throw error
    } catch {
      throw JournalError.storage("in-memory journal: \(error)")
    }
  }

  static func configuration() -> Configuration {
    var config = Configuration()
    config.label = "journal"
    config.foreignKeysEnabled = true
    config.prepareDatabase { db in
      // Each commit reaches the disk before apply() returns.
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    return config
  }

  private static func prepare(
    _ queue: DatabaseQueue, wal: Bool, marking identity: StateIdentity? = nil
  ) throws {
    if wal {
      let mode = try queue.writeWithoutTransaction { db in
        try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
      }
      guard mode?.lowercased() == "wal" else {
        throw JournalError.storage("could not switch to WAL (journal_mode = \(mode ?? "nil"))")
      }
      // Before any migration: a write-ahead log cut short after a later migration's
      // schema-only commit still holds a commit that names this journal.
      try queue.write { db in try IdentityTable.touch(db) }
    }
    try Schema.migrator.migrate(queue)
    if let identity {
      try queue.write { db in
        if try IdentityTable.read(db) == nil { try IdentityTable.insert(identity, db) }
      }
    }
  }

  /// The identity the journal carries, or nil when it carries none.
  public func identity() throws -> StateIdentity? {
    try storage { try queue.read { db in try IdentityTable.read(db) } }
  }

  /// Closes the file and seals it (`StateSeal`). Later calls throw. Optional: the
  /// file closes, and is sealed, when the object goes.
  public func close() throws {
    try writeMarks()
    try storage { try queue.close() }
    seal()
  }

  deinit {
    guard !isClosed.withLock({ $0 }) else { return }
    try? writeMarks()
    // Closed here rather than by the queue's own deinit, so that the file can be sealed.
    if (try? queue.close()) != nil { seal() }
  }

  /// After the last connection closed: SQLite has folded the write-ahead log into the
  /// file, which can now be sealed (a log still holding commits leaves it unsealed).
  private func seal() {
    isClosed.withLock { $0 = true }
    if let path { StateSeal.write(for: path) }
  }

  // MARK: Reading

  /// What the core needs at power-on; without the open batch when
  /// `includingOpenBatch` is false (its records then come from `openBatch()`).
  public func snapshot(includingOpenBatch: Bool = true) throws -> JournalSnapshot {
    try writeMarks()
    return try storage {
      try queue.read { db in
        let counters = try Self.counters(db)
        let open = includingOpenBatch ? try TransactionColumns.openBatch(db) : []
        let reversal = try ReversalRow.fetchOne(
          db, sql: "SELECT * FROM reversals ORDER BY id LIMIT 1")
        let locks = try OperatorLockRow.fetchAll(db)
        return JournalSnapshot(
          batch: counters.batch, lastTrace: counters.lastTrace,
          openBatch: open,
          pendingReversal: try reversal?.record(),
          operatorLocks: Dictionary(
            locks.map {
              (
                $0.operatorNo,
                OperatorLockState(failedAttempts: $0.failedAttempts, locked: $0.locked)
              )
            }, uniquingKeysWith: { a, _ in a }),
          owedSlips: try Self.owedSlips(db),
          upgradedOperators: try OperatorHashRow.all(db),
          lastSettlement: try Row.fetchOne(
            db, sql: "SELECT * FROM settlements ORDER BY id DESC LIMIT 1"
          ).map { try SettlementRow(row: $0).report(db) },
          operatorChanges: try TerminalOperatorRow.all(db))
      }
    }
  }

  /// Every slip not yet printed, oldest first: approved transactions' copies (by
  /// completion time) and settlement slips (by settlement time), merged.
  static func owedSlips(_ db: Database) throws -> [PrintJob] {
    var owed: [(at: Double, job: PrintJob)] = []
    // The WHERE clause repeats the partial index `transactions_owed_copies` word for word.
    let rows = try TransactionRow.fetchAll(
      db,
      sql: """
        SELECT * FROM transactions
        WHERE status = 'approved' AND (merchant_copy_printed = 0 OR cardholder_copy_printed = 0)
        ORDER BY id
        """)
    for row in rows {
      let record = try row.record()
      for copy in row.owedCopies {
        owed.append((row.completedAt ?? row.startedAt, .receipt(record, copy: copy)))
      }
    }
    for row in try Row.fetchAll(db, sql: "SELECT * FROM settlements WHERE printed = 0 ORDER BY id")
    {
      let settlement = try SettlementRow(row: row)
      let job = try settlementJob(
        db, settlement, successDetail: row["success_detail"], failedDetail: row["failed_detail"])
      owed.append((settlement.settledAt, job))
    }
    // Ties keep the order listed: a merchant copy before its cardholder copy.
    return owed.enumerated()
      .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
      .map(\.element.job)
  }

  /// A settlement slip with the detail lists chosen when the batch closed.
  static func settlementJob(
    _ db: Database, _ settlement: SettlementRow, successDetail: Bool, failedDetail: Bool
  ) throws -> PrintJob {
    let batch = try TransactionRow.fetchAll(
      db, sql: "SELECT * FROM transactions WHERE settlement_id = ? ORDER BY id",
      arguments: [settlement.id]
    ).map { try $0.record() }
    // The printer lists from the batch's ledger, as the terminal printed it.
    return .settlement(
      try settlement.report(db), successDetail: successDetail ? batch : nil,
      failedDetail: failedDetail ? batch : nil)
  }

  /// The open batch alone, oldest first: what `snapshot(includingOpenBatch: false)`
  /// leaves out.
  public func openBatch() throws -> [TransactionRecord] {
    try storage { try queue.read { db in try TransactionColumns.openBatch(db) } }
  }

  /// Every transaction ever journalled, settled or not, oldest first.
  public func allTransactions() throws -> [TransactionRecord] {
    try writeMarks()
    return try storage {
      try queue.read { db in
        try TransactionColumns.fetch(db, "ORDER BY id")
      }
    }
  }

  /// The time of the journal's latest record (a transaction's start or completion, a
  /// settlement), nil when it holds none: a clock set before it would run backwards.
  public func latestRecordTime() throws -> Date? {
    try storage {
      try queue.read { db in
        try Double.fetchOne(
          db,
          sql: """
            SELECT MAX(t) FROM (
              SELECT MAX(started_at) AS t FROM transactions
              UNION ALL SELECT MAX(completed_at) FROM transactions
              UNION ALL SELECT MAX(settled_at) FROM settlements)
            """
        ).map { Date(timeIntervalSinceReferenceDate: $0) }
      }
    }
  }

  /// Every settlement, oldest first.
  public func settlements() throws -> [SettlementReport] {
    try storage {
      try queue.read { db in
        try SettlementRow.fetchAll(db, sql: "SELECT * FROM settlements ORDER BY id").map {
          try $0.report(db)
        }
      }
    }
  }

  /// All pending reversals, oldest first (the snapshot carries only the oldest).
  public func pendingReversals() throws -> [ReversalRecord] {
    try storage {
      try queue.read { db in
        try ReversalRow.fetchAll(db, sql: "SELECT * FROM reversals ORDER BY id").map {
          try $0.record()
        }
      }
    }
  }

  // MARK: Writing

  /// Makes one command durable, as one SQLite transaction.
  ///
  /// `slipPrinted` is the exception: a mark that a slip is in the tray is kept in
  /// memory and written in the same transaction as the next command (or at the
  /// next read, `close`, or when the journal goes). A power cut before then costs
  /// one extra print of that slip, never a slip marked printed that was not; and a
  /// sale then costs two fsync'd commits, not four.
  public func apply(_ command: JournalCommand) throws {
    if case .slipPrinted(let id) = command {
      marks.withLock { $0.append(id) }
      return
    }
    let pending = marks.withLock { $0 }
    try storage {
      try queue.write { db in
        for id in pending { try Self.apply(.slipPrinted(id), in: db) }
        try Self.apply(command, in: db)
      }
    }
    commitCount.withLock { $0 += 1 }
    marks.withLock { $0.removeFirst(min(pending.count, $0.count)) }
  }

  /// Durable commits made by `apply` and `writeMarks` since the journal opened (the
  /// sales bench sets its floor from this).
  public var commits: Int { commitCount.withLock { $0 } }

  /// Writes the printed marks kept in memory, durably.
  public func writeMarks() throws {
    let pending = marks.withLock { $0 }
    guard !pending.isEmpty else { return }
    try storage {
      try queue.write { db in
        for id in pending { try Self.apply(.slipPrinted(id), in: db) }
      }
    }
    commitCount.withLock { $0 += 1 }
    marks.withLock { $0.removeFirst(min(pending.count, $0.count)) }
  }

  private static func apply(_ command: JournalCommand, in db: Database) throws {
    switch command {
    case .beginTransaction(let record, let reversal):
      try requireMasked(record.maskedPAN, what: "transaction \(record.batch)/\(record.trace)")
      if let reversal {
        try requireMasked(
          reversal.maskedPAN, what: "reversal \(reversal.batch)/\(reversal.trace)")
        guard reversal.trace == record.trace, reversal.batch == record.batch else {
          throw JournalError.storage(
            "reversal \(reversal.batch)/\(reversal.trace) does not match transaction \(record.batch)/\(record.trace)"
          )
        }
      }
      try TransactionRow(record).write(db)
      let id = db.lastInsertedRowID
      try db.cachedStatement(sql: "UPDATE counters SET last_trace = ? WHERE id = 1")
        .execute(arguments: [record.trace])
      if let reversal { try ReversalRow(reversal, transactionId: id).write(db) }

    case .completeTransaction(let record):
      try requireMasked(record.maskedPAN, what: "transaction \(record.batch)/\(record.trace)")
      guard let id = try openTransactionID(db, batch: record.batch, trace: record.trace) else {
        throw JournalError.storage(
          "completeTransaction: no open transaction \(record.batch)/\(record.trace)")
      }
      try db.cachedStatement(
        sql: """
          UPDATE transactions SET status = ?, response_code = ?, auth_code = ?,
            reference_no = ?, issuer = ?, completed_at = ?, chip = ? WHERE id = ?
          """
      ).execute(arguments: [
        record.status.rawValue, record.responseCode?.rawValue, record.authCode, record.referenceNo,
        record.issuer, record.completedAt?.timeIntervalSinceReferenceDate,
        try record.chip.map(ChipColumn.encode), id,
      ])
      try db.cachedStatement(sql: "DELETE FROM reversals WHERE transaction_id = ?")
        .execute(arguments: [id])

    case .reversalAttemptFailed(let trace, let batch, let attempts):
      // No reversal on record (already done): nothing to count.
      try db.cachedStatement(sql: "UPDATE reversals SET attempts = ? WHERE batch = ? AND trace = ?")
        .execute(arguments: [attempts, batch, trace])

    case .reversalDone(let trace, let batch):
      // Idempotent: a second call finds no reversal row and changes nothing.
      let ids = try Int64.fetchAll(
        db, sql: "SELECT transaction_id FROM reversals WHERE batch = ? AND trace = ?",
        arguments: [batch, trace])
      for id in ids {
        try db.execute(
          sql: "UPDATE transactions SET status = ? WHERE id = ?",
          arguments: [TransactionStatus.reversed.rawValue, id])
        try db.execute(sql: "DELETE FROM reversals WHERE transaction_id = ?", arguments: [id])
      }

    case .setBatch(let n):
      // The host's batch number is taken only while the open batch is empty;
      // transactions already journalled stay in their batch until settled.
      guard (1...999_999).contains(n) else {
        throw JournalError.storage("setBatch: \(n) is not a batch number")
      }
      let open =
        try Int.fetchOne(
          db, sql: "SELECT COUNT(*) FROM transactions WHERE settlement_id IS NULL") ?? 0
      if open == 0 {
        try db.execute(sql: "UPDATE counters SET batch = ? WHERE id = 1", arguments: [n])
      }

    case .closeBatch(let report, let nextBatch, let successDetail, let failedDetail):
      guard (1...999_999).contains(nextBatch) else {
        throw JournalError.storage("closeBatch: \(nextBatch) is not a batch number")
      }
      // Idempotent: the same batch settled again (a settlement resumed after power
      // loss) finds itself as the latest settlement and changes nothing.
      let latest = try Int.fetchOne(
        db, sql: "SELECT batch FROM settlements ORDER BY id DESC LIMIT 1")
      if latest == report.batch { return }
      var row = SettlementRow(report)
      try row.insert(db)
      for (kind, totals) in report.totals.byKind {
        try SettlementTotalRow(
          settlementId: row.id!, kind: kind.rawValue, count: totals.count,
          amountFen: totals.amountFen
        ).insert(db)
      }
      try db.execute(
        sql:
          "UPDATE settlements SET printed = 0, success_detail = ?, failed_detail = ? WHERE id = ?",
        arguments: [successDetail, failedDetail, row.id])
      try db.execute(
        sql: "UPDATE transactions SET settlement_id = ? WHERE settlement_id IS NULL AND batch = ?",
        arguments: [row.id, report.batch])
      try db.execute(sql: "UPDATE counters SET batch = ? WHERE id = 1", arguments: [nextBatch])

    case .slipPrinted(.settlement(let batch)):
      try db.execute(
        sql: "UPDATE settlements SET printed = 1 WHERE batch = ? AND printed = 0",
        arguments: [batch])

    case .slipPrinted(.receipt(let batch, let trace, let copy)):
      // Voucher numbers can come round again in a batch of the same number once
      // settled: the copy printed is the oldest one owed under this name, as
      // owed slips are listed (and printed) oldest first.
      let column = copy == .merchant ? "merchant_copy_printed" : "cardholder_copy_printed"
      // The owed-copies condition is spelled as the partial index has it, so SQLite
      // reads the few owed rows instead of the whole history.
      try db.cachedStatement(
        sql: """
          UPDATE transactions SET \(column) = 1 WHERE id = (
            SELECT id FROM transactions
            WHERE status = 'approved' AND (merchant_copy_printed = 0 OR cardholder_copy_printed = 0)
              AND batch = ? AND trace = ? AND \(column) = 0
            ORDER BY id LIMIT 1)
          """
      ).execute(arguments: [batch, trace])

    case .setOperatorLock(let operatorNo, let state):
      try OperatorLockRow(
        operatorNo: operatorNo, failedAttempts: state.failedAttempts, locked: state.locked
      ).upsert(db)

    case .upgradeOperatorHash(let record):
      try OperatorHashRow(record).upsert(db)

    case .saveOperator(let record):
      try TerminalOperatorRow.apply(.saved(record), db)

    case .deleteOperator(let operatorNo):
      try TerminalOperatorRow.apply(.deleted(operatorNo: operatorNo), db)
    }
  }

  // MARK: Helpers

  /// An integer PRAGMA as the writing connection sees it (for tests).
  func pragmaInt(_ name: String) throws -> Int? {
    try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA \(name)") }
  }

  /// A text PRAGMA as the writing connection sees it (for tests).
  func pragmaText(_ name: String) throws -> String? {
    try queue.read { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
  }

  private static func counters(_ db: Database) throws -> CountersRow {
    guard let row = try CountersRow.fetchOne(db, key: 1) else {
      throw JournalError.storage("counters row missing")
    }
    return row
  }

  private static func openTransactionID(_ db: Database, batch: Int, trace: Int) throws -> Int64? {
    try Int64.fetchOne(
      db.cachedStatement(
        sql: "SELECT id FROM transactions WHERE batch = ? AND trace = ? AND settlement_id IS NULL"),
      arguments: [batch, trace])
  }

  /// Defence in depth: a masked PAN shows at most 10 digits (first 6, last 4).
  static func requireMasked(_ pan: String, what: String) throws {
    let digits = pan.unicodeScalars.filter { ("0"..."9").contains($0) }.count
    if digits > 10 {
      throw JournalError.refusedSecret("\(what): PAN field is not masked")
    }
  }

  /// Runs `body`, turning GRDB's errors into `JournalError.storage`.
  private func storage<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as JournalError {
      throw error
    } catch {
      throw JournalError.storage("\(path?.path ?? ":memory:"): \(error)")
    }
  }
}
