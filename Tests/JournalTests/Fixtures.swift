import Foundation
import Journal
import TerminalCore

/// A fixed clock for the scenarios: 2024-06-15 12:00:00 in Beijing.
let t0 = Date(timeIntervalSince1970: 1_718_424_000)

let fullPAN = "6222021234567890123"

func pendingSale(
  trace: Int, batch: Int = 1, amountFen: Int64 = 5000, at time: Date = t0, operatorNo: String = "01"
) -> (TransactionRecord, ReversalRecord) {
  let masked = PANMask.mask(fullPAN)
  let record = TransactionRecord(
    trace: trace, batch: batch, kind: .sale, amountFen: amountFen, maskedPAN: masked,
    expiry: "3012", entryMode: "S", operatorNo: operatorNo, startedAt: time, status: .pending)
  let reversal = ReversalRecord(
    trace: trace, batch: batch, amountFen: amountFen, maskedPAN: masked, originalTime: time)
  return (record, reversal)
}

func completed(_ record: TransactionRecord, code: String = "00", at time: Date = t0 + 2)
  -> TransactionRecord
{
  var r = record
  r.status = code == "00" ? .approved : .declined
  r.responseCode = code
  if code == "00" {
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
  code: String = "00"
) throws -> TransactionRecord {
  let (record, reversal) = pendingSale(trace: trace, batch: batch, amountFen: amountFen)
  try journal.apply(.beginSale(record, reversal))
  let done = completed(record, code: code)
  try journal.apply(.completeSale(done))
  return done
}

/// A fresh folder under the system temporary directory, removed by the caller.
func scratchFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("journal-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
