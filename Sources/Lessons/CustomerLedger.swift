import Foundation
import TerminalConfig
import TerminalCore

/// What happened while one customer was at the counter: the transactions begun
/// (and how each ended), settlements, slips, and what the cashier did that the
/// terminal cannot see. The checks are judged from it alone.
struct CustomerLedger: Sendable, Equatable {
  struct Key: Hashable, Sendable {
    var batch: Int
    var trace: Int
  }

  /// This customer's transactions by batch and voucher, as the journal last recorded them.
  var records: [Key: TransactionRecord] = [:]
  var order: [Key] = []
  var settlements: [SettlementReport] = []
  var detailListsPrinted = false
  var retained = false
  /// One of this customer's cards went through the stripe reader.
  var swiped = false
  /// The customer signed a merchant copy (or refused to: `refusedSignature`).
  var signed = false
  var refusedSignature = false
  var signatureChecked = false
  /// The terminal left rest (a transaction, settlement, management) since the
  /// customer came: the customer has been served, for better or worse.
  var businessSeen = false

  mutating func record(_ r: TransactionRecord) {
    let key = Key(batch: r.batch, trace: r.trace)
    if records[key] == nil { order.append(key) }
    records[key] = r
  }

  mutating func reversed(batch: Int, trace: Int) {
    records[Key(batch: batch, trace: trace)]?.status = .reversed
  }

  var transactions: [TransactionRecord] { order.compactMap { records[$0] } }

  /// Money taken from the card (借记).
  private static func isCharge(_ kind: TransactionKind) -> Bool {
    kind.descriptor.ledgerSide == .debit
  }

  /// This customer's transactions in the books, as the batch's ledger counts them.
  var books: BatchLedger { BatchLedger(transactions) }

  /// Approved charges of this customer not voided by this customer.
  var standingCharges: [TransactionRecord] {
    books.entries.filter { $0.standing == .success && Self.isCharge($0.record.kind) }.map(\.record)
  }

  var chargedFen: Int64 { books.debit.amountFen }

  var chargesSent: Int { transactions.filter { Self.isCharge($0.kind) }.count }

  var refundedFen: Int64 { books.credit.amountFen }

  /// The cashier voided this voucher: an approved void of a charge names it (the
  /// voucher may be an earlier customer's, outside this customer's books).
  func voidedVoucher(_ trace: Int) -> Bool {
    transactions.contains {
      ($0.kind.descriptor.voids.map(Self.isCharge) ?? false) && $0.status == .approved
        && $0.original?.trace == trace
    }
  }

  /// The check's verdict: nil when it passed, else what was missed.
  func failure(of check: LessonCheck, _ w: LessonWords) -> String? {
    switch check {
    case .charged(let fen):
      return chargedFen == fen ? nil : w.charged(chargedFen, shouldBe: fen)
    case .nothingSent:
      return records.isEmpty ? nil : w.sent(records.count)
    case .retained(let want):
      return retained == want ? nil : (want ? w.notRetained : w.retainedWrongly)
    case .voided(let trace):
      return voidedVoucher(trace) ? nil : w.notVoided(trace)
    case .refunded(let fen):
      return refundedFen == fen ? nil : w.refunded(refundedFen, shouldBe: fen)
    case .settledBalanced:
      guard let last = settlements.last else { return w.notSettled }
      return last.balanced ? nil : w.unbalanced
    case .detailListsPrinted:
      return detailListsPrinted ? nil : w.detailListsMissing
    case .signatureChecked:
      if refusedSignature { return w.noSignatureToCheck }
      return signed && signatureChecked ? nil : w.signatureNotChecked
    case .notSwiped:
      return swiped ? w.chipCardSwiped : nil
    case .readBy(let mode):
      let modes = standingCharges.map(\.entryMode)
      guard let first = modes.first else { return w.noCharge }
      return modes.allSatisfy({ $0 == mode }) ? nil : w.readBy(first, shouldBe: mode)
    case .maxCharges(let most):
      return chargesSent <= most ? nil : w.tooManyCharges(chargesSent, most: most)
    }
  }
}
