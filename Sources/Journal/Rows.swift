import Foundation
import GRDB
import TerminalCore

// GRDB Codable records: one per table, mapped to and from TerminalCore's types.

struct CountersRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "counters"
  var id: Int64 = 1
  var batch: Int
  var lastTrace: Int
  enum CodingKeys: String, CodingKey {
    case id, batch
    case lastTrace = "last_trace"
  }
}

struct TransactionRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "transactions"
  var id: Int64?
  var trace: Int
  var batch: Int
  var kind: String
  var amountFen: Int64
  var maskedPAN: String
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

  enum CodingKeys: String, CodingKey {
    case id, trace, batch, kind, expiry, status, issuer
    case amountFen = "amount_fen"
    case maskedPAN = "masked_pan"
    case entryMode = "entry_mode"
    case operatorNo = "operator_no"
    case startedAt = "started_at"
    case responseCode = "response_code"
    case authCode = "auth_code"
    case referenceNo = "reference_no"
    case completedAt = "completed_at"
    case settlementId = "settlement_id"
  }

  init(_ r: TransactionRecord) {
    trace = r.trace
    batch = r.batch
    kind = r.kind.rawValue
    amountFen = r.amountFen
    maskedPAN = r.maskedPAN
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
      trace: trace, batch: batch, kind: kind, amountFen: amountFen, maskedPAN: maskedPAN,
      expiry: expiry, entryMode: entryMode, operatorNo: operatorNo,
      startedAt: Date(timeIntervalSinceReferenceDate: startedAt), status: status,
      responseCode: responseCode, authCode: authCode, referenceNo: referenceNo, issuer: issuer,
      completedAt: completedAt.map(Date.init(timeIntervalSinceReferenceDate:)))
  }
}

struct ReversalRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "reversals"
  var id: Int64?
  var transactionId: Int64
  var trace: Int
  var batch: Int
  var amountFen: Int64
  var maskedPAN: String
  var originalTime: Double
  var attempts: Int

  enum CodingKeys: String, CodingKey {
    case id, trace, batch, attempts
    case transactionId = "transaction_id"
    case amountFen = "amount_fen"
    case maskedPAN = "masked_pan"
    case originalTime = "original_time"
  }

  init(_ r: ReversalRecord, transactionId: Int64) {
    self.transactionId = transactionId
    trace = r.trace
    batch = r.batch
    amountFen = r.amountFen
    maskedPAN = r.maskedPAN
    originalTime = r.originalTime.timeIntervalSinceReferenceDate
    attempts = r.attempts
  }

  var record: ReversalRecord {
    ReversalRecord(
      trace: trace, batch: batch, amountFen: amountFen, maskedPAN: maskedPAN,
      originalTime: Date(timeIntervalSinceReferenceDate: originalTime), attempts: attempts)
  }
}

struct SettlementRow: Codable, FetchableRecord, MutablePersistableRecord {
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

  enum CodingKeys: String, CodingKey {
    case id, batch, balanced
    case settledAt = "settled_at"
    case operatorNo = "operator_no"
    case saleCount = "sale_count"
    case saleAmountFen = "sale_amount_fen"
    case failedCount = "failed_count"
    case failedAmountFen = "failed_amount_fen"
  }

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

struct OperatorLockRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "operator_locks"
  var operatorNo: String
  var failedAttempts: Int
  var locked: Bool
  enum CodingKeys: String, CodingKey {
    case locked
    case operatorNo = "operator_no"
    case failedAttempts = "failed_attempts"
  }
}
