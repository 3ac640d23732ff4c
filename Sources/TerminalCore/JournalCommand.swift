import Foundation

/// What the core asks the journal to make durable. Each command is one SQLite
/// transaction; the driver runs them in order before any later effect.
public enum JournalCommand: Sendable, Equatable {
  /// Before a sale is sent: the record (status .pending), the voucher counter
  /// (record.trace becomes lastTrace) and its reversal record, atomically.
  case beginSale(TransactionRecord, ReversalRecord)
  /// The host replied: status approved/declined with code, auth, ref; the reversal record is deleted.
  case completeSale(TransactionRecord)
  /// A reversal attempt was made and failed: the count of attempts is saved; the record stays.
  case reversalAttemptFailed(trace: Int, batch: Int, attempts: Int)
  /// The host accepted the reversal: the transaction becomes .reversed, the reversal record is deleted.
  case reversalDone(trace: Int, batch: Int)
  /// The host gave this batch number at sign-in.
  case setBatch(Int)
  /// The batch is settled: store the report, close the batch, open `nextBatch`, and
  /// remember that its slip (with the detail lists chosen) is still to print.
  case closeBatch(
    SettlementReport, nextBatch: Int, printSuccessDetail: Bool = false,
    printFailedDetail: Bool = false)
  /// The settlement slip of `batch` has printed.
  case settlementPrinted(batch: Int)
  case setOperatorLock(operatorNo: String, state: OperatorLockState)
}
