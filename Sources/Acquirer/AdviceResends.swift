import Foundation
import GRDB
import TerminalCore

/// Advices (0220: a refund, a completion advice) that the terminal sends again when
/// their reply was lost. The host books each once: a repeat is answered with the
/// booking it made. A resend carries no card number (the terminal keeps only the
/// masked one), so the card is the original's.
extension SimulatedAcquirer {
  /// The approval already booked for this terminal, batch and voucher number, when the
  /// request is the same advice again (same kind and amount); nil otherwise (a true
  /// duplicate, 94).
  func resentAdvice(_ request: TransactionRequest, envelope: HostEnvelope, in db: Database)
    throws -> TransactionReply?
  {
    guard request.kind.descriptor.noReply == .resendAdvice,
      let booked = try TransactionRow.fetchOne(
        db,
        key: ["terminal_no": envelope.terminalNo, "batch": envelope.batch, "trace": envelope.trace]
      ),
      booked.kind == request.kind, booked.amountFen == request.amountFen,
      request.pan.isEmpty || request.pan == booked.pan
    else { return nil }
    return TransactionReply(
      responseCode: .approved, authCode: booked.authCode, referenceNo: booked.referenceNo,
      issuer: accounts[booked.pan]?.issuer)
  }

  /// The card of an advice sent without field 2: a refund's is the sale's named by
  /// its reference number, a completion advice's the hold's named by its auth code.
  /// nil for other kinds, or when the original is unknown (the request then fails
  /// as any without a card: 14).
  func adviceCard(_ request: TransactionRequest, in db: Database) throws -> String? {
    guard request.kind.descriptor.noReply == .resendAdvice, let original = request.original
    else { return nil }
    switch request.kind.descriptor.acquirerRule {
    case .refund:
      guard let reference = original.referenceNo else { return nil }
      return try String.fetchOne(
        db,
        sql: "SELECT pan FROM transactions WHERE reference_no = ? AND kind = ? ORDER BY rowid DESC",
        arguments: [reference, TransactionKind.sale.rawValue])
    case .completion:
      guard let auth = original.authCode else { return nil }
      return try String.fetchOne(
        db,
        sql: "SELECT pan FROM transactions WHERE auth_code = ? AND kind = ? ORDER BY rowid DESC",
        arguments: [auth, TransactionKind.preAuth.rawValue])
    case .sale, .void, .balanceInquiry, .preAuth, .preAuthVoid, .completionVoid, .qrOrder,
      .qrVoid:
      return nil
    }
  }
}
