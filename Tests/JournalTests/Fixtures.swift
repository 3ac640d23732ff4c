import Foundation
import Journal
import TerminalCore

/// A fixed clock for the scenarios: 2024-06-15 12:00:00 in Beijing.
let t0 = Date(timeIntervalSince1970: 1_718_424_000)

let fullPAN = "6222021234567890123"

func pendingSale(
  trace: Int, batch: Int = 1, amountFen: Int64 = 5000, at time: Date = t0, operatorNo: String = "01"
) -> (TransactionRecord, ReversalRecord) {
  let (record, reversal) = pending(
    .sale, trace: trace, batch: batch, amountFen: amountFen, at: time, operatorNo: operatorNo)
  return (record, reversal!)
}

/// A transaction of any kind about to be sent, with its reversal when the kind has one.
func pending(
  _ kind: TransactionKind, trace: Int, batch: Int = 1, amountFen: Int64 = 5000,
  at time: Date = t0, operatorNo: String = "01", original: OriginalTransaction? = nil
) -> (TransactionRecord, ReversalRecord?) {
  let masked = PANMask.mask(fullPAN)
  let record = TransactionRecord(
    trace: trace, batch: batch, kind: kind, amountFen: amountFen, maskedPAN: masked,
    expiry: "3012", entryMode: .swipe, operatorNo: operatorNo, startedAt: time, status: .pending,
    original: original)
  let reversal =
    kind.descriptor.reversible
    ? ReversalRecord(
      kind: kind, trace: trace, batch: batch, amountFen: amountFen, maskedPAN: masked,
      originalTime: time)
    : nil
  return (record, reversal)
}

func completed(
  _ record: TransactionRecord, code: ResponseCode = .approved, at time: Date = t0 + 2
) -> TransactionRecord {
  var r = record
  r.status = code.isApproval ? .approved : .declined
  r.responseCode = code
  if code.isApproval {
    r.authCode = "000001"
    r.referenceNo = "000000000001"
    r.issuer = "中国银行"
  }
  r.completedAt = time
  return r
}

/// Runs one sale through the journal: begin, then the reply.
@discardableResult
func journalSale(
  _ journal: TerminalJournal, trace: Int, batch: Int = 1, amountFen: Int64 = 5000,
  code: ResponseCode = .approved
) throws -> TransactionRecord {
  try journalTransaction(
    journal, .sale, trace: trace, batch: batch, amountFen: amountFen, code: code)
}

/// Runs one transaction of any kind through the journal: begin, then the reply.
@discardableResult
func journalTransaction(
  _ journal: TerminalJournal, _ kind: TransactionKind, trace: Int, batch: Int = 1,
  amountFen: Int64 = 5000, code: ResponseCode = .approved, original: OriginalTransaction? = nil
) throws -> TransactionRecord {
  let (record, reversal) = pending(
    kind, trace: trace, batch: batch, amountFen: amountFen, original: original)
  try journal.apply(.beginTransaction(record, reversal: reversal))
  let done = completed(record, code: code)
  try journal.apply(.completeTransaction(done))
  return done
}

/// Both copies of each approved record, as the journal lists them while owed.
func receipts(_ records: TransactionRecord...) -> [PrintJob] {
  records.flatMap { [.receipt($0, copy: .merchant), .receipt($0, copy: .cardholder)] }
}

/// A fresh folder under the system temporary directory, removed by the caller.
func scratchFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("journal-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
