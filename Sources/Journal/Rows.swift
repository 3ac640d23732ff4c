import Foundation
import GRDB
import GRDBSQLite
import TerminalCore

// GRDB Codable records: one per table, mapped to and from TerminalCore's types.

struct CountersRow: Codable, SnakeCaseColumns, PersistableRecord {
  static let databaseTableName = "counters"
  var id: Int64 = 1
  var batch: Int
  var lastTrace: Int
}

struct TransactionRow: Codable, SnakeCaseColumns, PersistableRecord {
  static let databaseTableName = "transactions"
  var id: Int64?
  var trace: Int
  var batch: Int
  var kind: String
  var amountFen: Int64
  var maskedPan: String
  var expiry: String
  var entryMode: String
  var operatorNo: String
  var startedAt: Double
  var status: String
  var responseCode: String?
  var authCode: String?
  var referenceNo: String?
  var issuer: String?
  var completedAt: Double?
  var settlementId: Int64?
  /// JSON of `OriginalTransaction`.
  var original: String?
  /// 1 once this copy has printed, or when the kind prints no slip.
  var merchantCopyPrinted: Bool
  var cardholderCopyPrinted: Bool
  /// JSON of `ChipSlipData` (migration `v7-chip-slip`): the slip's chip lines.
  var chip: String?

  init(_ r: TransactionRecord) throws {
    trace = r.trace
    batch = r.batch
    kind = r.kind.rawValue
    amountFen = r.amountFen
    maskedPan = r.maskedPAN
    expiry = r.expiry
    entryMode = r.entryMode.rawValue
    operatorNo = r.operatorNo
    startedAt = r.startedAt.timeIntervalSinceReferenceDate
    status = r.status.rawValue
    responseCode = r.responseCode?.rawValue
    authCode = r.authCode
    referenceNo = r.referenceNo
    issuer = r.issuer
    completedAt = r.completedAt?.timeIntervalSinceReferenceDate
    original = try r.original.map(OriginalColumn.encode)
    chip = try r.chip.map(ChipColumn.encode)
    // A kind with a slip owes both copies once approved; one without owes nothing.
    let printsSlip = r.descriptor.slipTitle != nil
    merchantCopyPrinted = !printsSlip
    cardholderCopyPrinted = !printsSlip
  }

  func record() throws -> TransactionRecord {
    guard let kind = TransactionKind(rawValue: kind),
      let status = TransactionStatus(rawValue: status),
      let entryMode = EntryMode(rawValue: entryMode)
    else {
      throw JournalError.storage(
        "transaction \(batch)/\(trace): unknown kind, status or entry mode")
    }
    var record = TransactionRecord(
      trace: trace, batch: batch, kind: kind, amountFen: amountFen, maskedPAN: maskedPan,
      expiry: expiry, entryMode: entryMode, operatorNo: operatorNo,
      startedAt: Date(timeIntervalSinceReferenceDate: startedAt), status: status,
      responseCode: responseCode.map(ResponseCode.init(rawValue:)), authCode: authCode,
      referenceNo: referenceNo, issuer: issuer,
      completedAt: completedAt.map(Date.init(timeIntervalSinceReferenceDate:)),
      original: try original.map {
        try OriginalColumn.decode($0, what: "transaction \(batch)/\(trace)")
      })
    record.chip = try chip.map { try ChipColumn.decode($0, what: "transaction \(batch)/\(trace)") }
    return record
  }

  /// The copies of this transaction still owed, merchant first.
  var owedCopies: [SlipCopy] {
    guard status == TransactionStatus.approved.rawValue else { return [] }
    return (merchantCopyPrinted ? [] : [.merchant])
      + (cardholderCopyPrinted ? [] : [.cardholder])
  }
}

/// Transactions read column by column from a cursor, without the Codable decoder (whose
/// snake_case key mapping cost about 50 µs a row): power-on reads the whole open batch.
enum TransactionColumns {
  /// The columns `record(_:)` reads, in its order.
  static let list = """
    trace, batch, kind, amount_fen, masked_pan, expiry, entry_mode, operator_no, started_at,
    status, response_code, auth_code, reference_no, issuer, completed_at, original, chip
    """

  /// The records of `SELECT <list> FROM transactions <tail>`, in the order selected.
  /// The cursor steps the statement; each row's columns are read straight from it.
  static func fetch(
    _ db: Database, _ tail: String, arguments: StatementArguments = StatementArguments()
  ) throws -> [TransactionRecord] {
    let statement = try db.cachedStatement(sql: "SELECT \(list) FROM transactions \(tail)")
    var records: [TransactionRecord] = []
    let rows = try Row.fetchCursor(statement, arguments: arguments)
    let s = statement.sqliteStatement
    var repeats = Repeats()
    while try rows.next() != nil { records.append(try record(s, &repeats)) }
    return records
  }

  /// The open batch, oldest first: the rows from the first unsettled one on, read in
  /// rowid order (one table walk, not an index lookup per row).
  static func openBatch(_ db: Database) throws -> [TransactionRecord] {
    guard
      let first = try Int64.fetchOne(
        db, sql: "SELECT id FROM transactions WHERE settlement_id IS NULL ORDER BY id LIMIT 1")
    else { return [] }
    return try fetch(
      db, "NOT INDEXED WHERE id >= ? AND settlement_id IS NULL ORDER BY id", arguments: [first])
  }

  /// Text columns whose values repeat row after row (kind, status, card, operator,
  /// issuer): the value made from the previous row's bytes is reused while they match.
  struct Repeated<Value> {
    private var bytes: [UInt8] = []
    private var value: Value?

    mutating func value(_ s: SQLiteStatement, _ i: Int32, _ make: (String) -> Value?) -> Value? {
      guard sqlite3_column_type(s, i) != SQLITE_NULL, let p = sqlite3_column_text(s, i) else {
        return nil
      }
      let n = Int(sqlite3_column_bytes(s, i))
      if let value, n == bytes.count, memcmp(p, bytes, n) == 0 { return value }
      let text = UnsafeBufferPointer(start: p, count: n)
      bytes = Array(text)
      value = make(String(decoding: text, as: UTF8.self))
      return value
    }
  }

  struct Repeats {
    var kind = Repeated<TransactionKind>()
    var status = Repeated<TransactionStatus>()
    var entryMode = Repeated<EntryMode>()
    var maskedPAN = Repeated<String>()
    var expiry = Repeated<String>()
    var operatorNo = Repeated<String>()
    var responseCode = Repeated<ResponseCode>()
    var issuer = Repeated<String>()
  }

  /// The row the statement stands on, read column by column.
  static func record(_ s: SQLiteStatement, _ r: inout Repeats) throws -> TransactionRecord {
    func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(s, i)) }
    func text(_ i: Int32) -> String? {
      guard sqlite3_column_type(s, i) != SQLITE_NULL, let p = sqlite3_column_text(s, i) else {
        return nil
      }
      let n = Int(sqlite3_column_bytes(s, i))
      return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
    func real(_ i: Int32) -> Double? {
      sqlite3_column_type(s, i) == SQLITE_NULL ? nil : sqlite3_column_double(s, i)
    }
    let trace = int(0)
    let batch = int(1)
    guard let kind = r.kind.value(s, 2, TransactionKind.init(rawValue:)),
      let status = r.status.value(s, 9, TransactionStatus.init(rawValue:)),
      let entryMode = r.entryMode.value(s, 6, EntryMode.init(rawValue:)),
      let maskedPAN = r.maskedPAN.value(s, 4, { $0 }), let expiry = r.expiry.value(s, 5, { $0 }),
      let operatorNo = r.operatorNo.value(s, 7, { $0 }), let startedAt = real(8)
    else {
      throw JournalError.storage(
        "transaction \(batch)/\(trace): unknown kind, status or entry mode, or a missing column")
    }
    let original = text(15)
    var record = TransactionRecord(
      trace: trace, batch: batch, kind: kind, amountFen: sqlite3_column_int64(s, 3),
      maskedPAN: maskedPAN, expiry: expiry, entryMode: entryMode, operatorNo: operatorNo,
      startedAt: Date(timeIntervalSinceReferenceDate: startedAt), status: status,
      responseCode: r.responseCode.value(s, 10, ResponseCode.init(rawValue:)),
      authCode: text(11), referenceNo: text(12), issuer: r.issuer.value(s, 13, { $0 }),
      completedAt: real(14).map(Date.init(timeIntervalSinceReferenceDate:)),
      original: try original.map {
        try OriginalColumn.decode($0, what: "transaction \(batch)/\(trace)")
      })
    record.chip = try text(16).map {
      try ChipColumn.decode($0, what: "transaction \(batch)/\(trace)")
    }
    return record
  }
}

/// The `original` column: `OriginalTransaction` as JSON (sorted keys, so equal
/// values store equal text).
enum OriginalColumn {
  static func encode(_ original: OriginalTransaction) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(original), as: UTF8.self)
  }

  static func decode(_ json: String, what: String) throws -> OriginalTransaction {
    do {
      return try JSONDecoder().decode(OriginalTransaction.self, from: Data(json.utf8))
    } catch {
      throw JournalError.storage("\(what): unreadable original transaction: \(error)")
    }
  }
}

/// The `chip` column: `ChipSlipData` as JSON (sorted keys).
enum ChipColumn {
  static func encode(_ chip: ChipSlipData) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(chip), as: UTF8.self)
  }

  static func decode(_ json: String, what: String) throws -> ChipSlipData {
    do {
      return try JSONDecoder().decode(ChipSlipData.self, from: Data(json.utf8))
    } catch {
      throw JournalError.storage("\(what): unreadable chip data: \(error)")
    }
  }
}

struct ReversalRow: Codable, SnakeCaseColumns, PersistableRecord {
  static let databaseTableName = "reversals"
  var id: Int64?
  var transactionId: Int64
  var kind: String
  var trace: Int
  var batch: Int
  var amountFen: Int64
  var maskedPan: String
  var originalTime: Double
  var attempts: Int

  init(_ r: ReversalRecord, transactionId: Int64) {
    self.transactionId = transactionId
    kind = r.kind.rawValue
    trace = r.trace
    batch = r.batch
    amountFen = r.amountFen
    maskedPan = r.maskedPAN
    originalTime = r.originalTime.timeIntervalSinceReferenceDate
    attempts = r.attempts
  }

  func record() throws -> ReversalRecord {
    guard let kind = TransactionKind(rawValue: kind) else {
      throw JournalError.storage("reversal \(batch)/\(trace): unknown kind \(kind)")
    }
    return ReversalRecord(
      kind: kind, trace: trace, batch: batch, amountFen: amountFen, maskedPAN: maskedPan,
      originalTime: Date(timeIntervalSinceReferenceDate: originalTime), attempts: attempts)
  }
}

struct SettlementRow: Codable, SnakeCaseColumns, MutablePersistableRecord {
  static let databaseTableName = "settlements"
  var id: Int64?
  var batch: Int
  var settledAt: Double
  var operatorNo: String
  /// Approved sales only, for readers older than `settlement_totals`.
  var saleCount: Int
  var saleAmountFen: Int64
  var failedCount: Int
  var failedAmountFen: Int64
  var balanced: Bool

  init(_ r: SettlementReport) {
    batch = r.batch
    settledAt = r.settledAt.timeIntervalSinceReferenceDate
    operatorNo = r.operatorNo
    // Net of their voids, as those readers counted sales.
    saleCount = r.totals.counted(.sale).count - r.totals.counted(.void).count
    saleAmountFen = r.totals.counted(.sale).amountFen - r.totals.counted(.void).amountFen
    failedCount = r.totals.failed.count
    failedAmountFen = r.totals.failed.amountFen
    balanced = r.balanced
  }

  mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

  /// The report, with its per-kind totals read from `settlement_totals`.
  func report(_ db: Database) throws -> SettlementReport {
    let rows = try SettlementTotalRow.fetchAll(
      db, sql: "SELECT * FROM settlement_totals WHERE settlement_id = ?", arguments: [id])
    var approved: [TransactionKind: Totals] = [:]
    for row in rows {
      guard let kind = TransactionKind(rawValue: row.kind) else {
        throw JournalError.storage("settlement of batch \(batch): unknown kind \(row.kind)")
      }
      approved[kind] = Totals(count: row.count, amountFen: row.amountFen)
    }
    return SettlementReport(
      batch: batch, settledAt: Date(timeIntervalSinceReferenceDate: settledAt),
      operatorNo: operatorNo,
      totals: BatchTotals(
        byKind: approved, failed: Totals(count: failedCount, amountFen: failedAmountFen)),
      balanced: balanced)
  }
}

struct SettlementTotalRow: Codable, SnakeCaseColumns, PersistableRecord {
  static let databaseTableName = "settlement_totals"
  var settlementId: Int64
  var kind: String
  var count: Int
  var amountFen: Int64
}

struct OperatorLockRow: Codable, SnakeCaseColumns, PersistableRecord {
  static let databaseTableName = "operator_locks"
  var operatorNo: String
  var failedAttempts: Int
  var locked: Bool
}

/// Records whose columns are the snake_case forms of their property names
/// (`amountFen` ↔ `amount_fen`), so no row spells its columns out twice. Acronyms do
/// not round-trip (`masked_pan` ↔ `maskedPan`), so row properties spell them in lower case.
protocol SnakeCaseColumns: FetchableRecord, EncodableRecord {}

extension SnakeCaseColumns {
  static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy {
    .convertFromSnakeCase
  }
  static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}
