import Foundation
import GRDB
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

  init(_ r: TransactionRecord) {
    trace = r.trace
    batch = r.batch
    kind = r.kind.rawValue
    amountFen = r.amountFen
    maskedPan = r.maskedPAN
    expiry = r.expiry
    entryMode = r.entryMode
    operatorNo = r.operatorNo
    startedAt = r.startedAt.timeIntervalSinceReferenceDate
    status = r.status.rawValue
    responseCode = r.responseCode
    authCode = r.authCode
    referenceNo = r.referenceNo
    issuer = r.issuer
    completedAt = r.completedAt?.timeIntervalSinceReferenceDate
  }

  func record() throws -> TransactionRecord {
    guard let kind = TransactionKind(rawValue: kind),
      let status = TransactionStatus(rawValue: status)
    else { throw JournalError.storage("transaction \(batch)/\(trace): unknown kind or status") }
    return TransactionRecord(
      trace: trace, batch: batch, kind: kind, amountFen: amountFen, maskedPAN: maskedPan,
      expiry: expiry, entryMode: entryMode, operatorNo: operatorNo,
      startedAt: Date(timeIntervalSinceReferenceDate: startedAt), status: status,
      responseCode: responseCode, authCode: authCode, referenceNo: referenceNo, issuer: issuer,
      completedAt: completedAt.map(Date.init(timeIntervalSinceReferenceDate:)))
  }
}

struct ReversalRow: Codable, SnakeCaseColumns, PersistableRecord {
  static let databaseTableName = "reversals"
  var id: Int64?
  var transactionId: Int64
  var trace: Int
  var batch: Int
  var amountFen: Int64
  var maskedPan: String
  var originalTime: Double
  var attempts: Int

  init(_ r: ReversalRecord, transactionId: Int64) {
    self.transactionId = transactionId
    trace = r.trace
    batch = r.batch
    amountFen = r.amountFen
    maskedPan = r.maskedPAN
    originalTime = r.originalTime.timeIntervalSinceReferenceDate
    attempts = r.attempts
  }

  var record: ReversalRecord {
    ReversalRecord(
      trace: trace, batch: batch, amountFen: amountFen, maskedPAN: maskedPan,
      originalTime: Date(timeIntervalSinceReferenceDate: originalTime), attempts: attempts)
  }
}

struct SettlementRow: Codable, SnakeCaseColumns, MutablePersistableRecord {
  static let databaseTableName = "settlements"
  var id: Int64?
  var batch: Int
  var settledAt: Double
  var operatorNo: String
  var saleCount: Int
  var saleAmountFen: Int64
  var failedCount: Int
  var failedAmountFen: Int64
  var balanced: Bool

  init(_ r: SettlementReport) {
    batch = r.batch
    settledAt = r.settledAt.timeIntervalSinceReferenceDate
    operatorNo = r.operatorNo
    saleCount = r.sales.count
    saleAmountFen = r.sales.amountFen
    failedCount = r.failed.count
    failedAmountFen = r.failed.amountFen
    balanced = r.balanced
  }

  mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

  var report: SettlementReport {
    SettlementReport(
      batch: batch, settledAt: Date(timeIntervalSinceReferenceDate: settledAt),
      operatorNo: operatorNo, sales: Totals(count: saleCount, amountFen: saleAmountFen),
      failed: Totals(count: failedCount, amountFen: failedAmountFen), balanced: balanced)
  }
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
