import Foundation

public enum SlipCopy: String, Sendable, Equatable, Codable {
  case merchant  // 商户存根
  case cardholder  // 持卡人存根
}

/// Names a slip the journal owes until it has printed.
public enum SlipID: Sendable, Equatable, Hashable, Codable {
  /// One copy of a transaction's slip.
  case receipt(batch: Int, trace: Int, copy: SlipCopy)
  /// A batch's settlement slip with the detail lists chosen for it.
  case settlement(batch: Int)
}

/// What the core asks the printer to print. The printer lays it out at 32
/// columns with the terminal's identity and writes one file per slip; the driver
/// answers `Event.printed` or `.printFailed` with the same job.
public enum PrintJob: Sendable, Equatable, Codable {
  /// One copy of a transaction's slip; `duplicate` carries 重打印/DUPLICATED.
  case receipt(TransactionRecord, copy: SlipCopy, duplicate: Bool = false)
  /// The settlement slip (结算总计单), followed by the detail lists the
  /// operator chose: each carries the batch's transactions, and the printer lists
  /// the successful or failed ones as the batch's ledger has them (nil when not chosen).
  case settlement(
    SettlementReport, successDetail: [TransactionRecord]?, failedDetail: [TransactionRecord]?)
  /// 7-3: the open batch's detail list (交易明细), each transaction with its kind.
  case detailList(batch: Int, records: [TransactionRecord], printedAt: Date)
  /// 7-4: the open batch's totals per kind (交易汇总).
  case totals(batch: Int, totals: BatchTotals, printedAt: Date)
  /// 7-5: the last settlement slip again, marked 重打印/DUPLICATED.
  case settlementCopy(SettlementReport)

  /// The slip the journal owes for this job; nil for a duplicate (never owed).
  public var slipID: SlipID? {
    switch self {
    case .receipt(let r, let copy, let duplicate):
      return duplicate ? nil : .receipt(batch: r.batch, trace: r.trace, copy: copy)
    case .settlement(let report, _, _):
      return .settlement(batch: report.batch)
    case .detailList, .totals, .settlementCopy:
      // Reports and copies print on demand; the journal never owes them.
      return nil
    }
  }
}
