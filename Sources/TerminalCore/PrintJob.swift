import Foundation

public enum SlipCopy: String, Sendable, Equatable, Codable {
  case merchant  // 商户存根
  case cardholder  // 持卡人存根
}

/// What the core asks the printer to print. The printer lays it out at 32
/// columns with the terminal's identity and writes one file per job.
public enum PrintJob: Sendable, Equatable, Codable {
  case saleSlip(TransactionRecord, copy: SlipCopy)
  /// The same slip printed again on request; it carries 重打印/DUPLICATED.
  case reprint(TransactionRecord, copy: SlipCopy)
  /// The settlement slip (结算总计单), followed by the detail lists the
  /// operator chose (nil when not chosen).
  case settlement(
    SettlementReport, successDetail: [TransactionRecord]?, failedDetail: [TransactionRecord]?)
}
