import Foundation
import TerminalCore

@testable import Printer

func utc(_ iso: String) -> Date {
  let f = ISO8601DateFormatter()
  f.formatOptions = [.withInternetDateTime]
  return f.date(from: iso)!
}

let beijing = TimeZone(secondsFromGMT: 8 * 3600)!

let shopProfile = TerminalProfile(
  merchantName: "模拟商户 SIMULATED SHOP", merchantNo: "898310048160001", terminalNo: "10000001",
  acquirerName: "银联商务", timeZone: beijing, trainingMode: true)

/// An approved 50.00 sale on deck card 1, completed 2026-11-21 09:30:00 (+08:00).
let saleRecord = TransactionRecord(
  trace: 1, batch: 1, kind: .sale, amountFen: 5000, maskedPAN: "622202******2227", expiry: "3012",
  entryMode: .swipe, operatorNo: "01", startedAt: utc("2026-11-21T01:29:52Z"), status: .approved,
  responseCode: .approved, authCode: "123456", referenceNo: "093000000001", issuer: "工商银行",
  completedAt: utc("2026-11-21T01:30:00Z"))

let settlementReport = SettlementReport(
  batch: 1, settledAt: utc("2026-11-22T00:00:00Z"), operatorNo: "01",
  totals: BatchTotals(
    byKind: [.sale: Totals(count: 2, amountFen: 15000)],
    failed: Totals(count: 2, amountFen: 2000)),
  balanced: true)

/// `saleRecord` as another kind, e.g. a void of an earlier sale.
func record(_ kind: TransactionKind, trace: Int = 5) -> TransactionRecord {
  var r = saleRecord
  r.kind = kind
  r.trace = trace
  switch kind.descriptor.steps.first(where: {
    if case .originalTransaction = $0 { return true } else { return false }
  }) {
  case .originalTransaction(.byVoucher): r.original = OriginalTransaction(trace: 1, batch: 1)
  case .originalTransaction(.byReferenceAndDate):
    r.original = OriginalTransaction(referenceNo: "100000000001", date: "1120")
  case .originalTransaction(.byAuthCode):
    r.original = OriginalTransaction(date: "1120", authCode: "123456")
  default: break
  }
  return r
}

let successRecords = [
  saleRecord,
  TransactionRecord(
    trace: 2, batch: 1, kind: .sale, amountFen: 10000, maskedPAN: "623061*********3453",
    expiry: "3111", entryMode: .swipe, operatorNo: "01", startedAt: utc("2026-11-21T02:00:00Z"),
    status: .approved, responseCode: .approved, authCode: "654321", referenceNo: "100000000002",
    issuer: "中国银行", completedAt: utc("2026-11-21T02:00:03Z")),
]

let failedRecords = [
  TransactionRecord(
    trace: 3, batch: 1, kind: .sale, amountFen: 1500, maskedPAN: "621700******7893",
    expiry: "3106", entryMode: .swipe, operatorNo: "01", startedAt: utc("2026-11-21T03:00:00Z"),
    status: .declined, responseCode: .insufficientFunds, referenceNo: "110000000003",
    issuer: "建设银行",
    completedAt: utc("2026-11-21T03:00:02Z")),
  TransactionRecord(
    trace: 4, batch: 1, kind: .sale, amountFen: 500, maskedPAN: "622202******2227",
    expiry: "3012", entryMode: .swipe, operatorNo: "01", startedAt: utc("2026-11-21T04:00:00Z"),
    status: .reversed),
]

/// Splits an expected slip written as a multi-line literal into lines.
func slipLines(_ text: String) -> [String] { text.components(separatedBy: "\n") }
