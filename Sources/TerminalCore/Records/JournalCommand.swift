import Foundation

/// What the core asks the journal to make durable. Each command is one SQLite
/// transaction; the driver runs them in order and reports each one back
/// (`Event.journalWritten` or `.journalFailed`) before any later effect runs.
public enum JournalCommand: Sendable, Equatable {
  /// Before a transaction is sent: the record (status .pending), the voucher
  /// counter (record.trace becomes lastTrace) and, for a reversible kind, its
  /// reversal record, atomically.
  case beginTransaction(TransactionRecord, reversal: ReversalRecord?)
  /// The host replied: status approved/declined with code, auth, ref; the
  /// reversal record is deleted. An approved transaction with a slip owes both
  /// copies until `slipPrinted`.
  case completeTransaction(TransactionRecord)
  /// A reversal attempt was made and failed: the count of attempts is saved; the record stays.
  case reversalAttemptFailed(trace: Int, batch: Int, attempts: Int)
  /// The host accepted the reversal: the transaction becomes .reversed, the reversal record is deleted.
  case reversalDone(trace: Int, batch: Int)
  /// The host gave this batch number at sign-in.
  case setBatch(Int)
  /// The batch is settled: store the report, close the batch, open `nextBatch`, and
  /// owe its slip (with the detail lists chosen) until it has printed.
  case closeBatch(
    SettlementReport, nextBatch: Int, printSuccessDetail: Bool = false,
    printFailedDetail: Bool = false)
  /// This slip is in the printer's tray (its file is in place): no longer owed.
  case slipPrinted(SlipID)
  case setOperatorLock(operatorNo: String, state: OperatorLockState)
  /// A legacy (or too weak) password hash was replaced at a successful sign-in: keep
  /// the new record (PBKDF2, carrying the fingerprint of the configured entry it
  /// stands in for), one per operator; the snapshot hands it back at power-on.
  case upgradeOperatorHash(OperatorRecord)
  /// 8-6 (or UnionPay 8-2): an operator added, or given a new password, at the
  /// terminal: the whole record, PBKDF2-hashed with a new salt. Replaces whatever the
  /// journal held for that number; the operator's lock state is cleared with it.
  case saveOperator(OperatorRecord)
  /// 8-6: an operator deleted at the terminal (never 00, never the one signed in);
  /// its lock state goes with it.
  case deleteOperator(operatorNo: String)
}
