import CardReader
import Foundation
import GRDB
import TerminalCore

/// The issuer's decision on a financial transaction of any kind.
///
/// The order, for every kind:
/// 1. 13: an amount of 0 or less (not asked of a balance inquiry);
/// 2. 94: this terminal, batch and voucher number were approved already;
/// 3. the card, when one is presented: 14 (Luhn, unknown), 41, 43, 62 (status),
///    54 (expired), then the PIN: 75 (locked, or the third wrong one), 55;
/// 4. the kind's own checks: 25 (no such original, or not in a state to be
///    named: voided, reversed, another card's, another date), 13 (an amount the
///    original does not allow), 61 (limit), 51 (available balance);
/// 5. 00, with a fresh authorisation code and reference number.
///
/// Declines change nothing but the card's wrong-PIN count.
extension SimulatedAcquirer {
  /// One request with its context.
  struct Presented {
    var request: TransactionRequest
    var envelope: HostEnvelope
    var time: Date
    /// The presented card's account; nil when no card was presented.
    var account: AcquirerAccount?
    var amountFen: Int64 { request.amountFen }
    var original: OriginalTransaction? { request.original }
  }

  func decide(
    _ request: TransactionRequest, envelope: HostEnvelope, time: Date, in db: Database
  ) throws -> TransactionReply {
    let descriptor = request.kind.descriptor
    let rule = descriptor.acquirerRule
    if descriptor.message.carriesAmount, request.amountFen <= 0 {
      return Self.decline(.invalidAmount)
    }
    if try TransactionRow.exists(
      db, terminalNo: envelope.terminalNo, batch: envelope.batch, trace: envelope.trace)
    {
      // An advice sent again (its reply was lost) gets the approval it was given.
      return try resentAdvice(request, envelope: envelope, in: db) ?? Self.decline(.duplicate)
    }
    var request = request
    if request.pan.isEmpty, let pan = try adviceCard(request, in: db) { request.pan = pan }

    var presented = Presented(request: request, envelope: envelope, time: time)
    var chip: ChipCheck?
    if !(request.pan.isEmpty && rule.cardOptional) {
      guard Luhn.isValid(request.pan), let account = accounts[request.pan] else {
        return Self.decline(.invalidCardNumber)
      }
      switch account.status {
      case .lost: return Self.decline(.lostCard)
      case .stolen: return Self.decline(.stolenCard)
      case .restricted: return Self.decline(.restrictedCard)
      case .normal: break
      }
      if isExpired(account.expiry, at: time) { return Self.decline(.expiredCard) }
      // Chip data: the ARQC must verify with the card's own key (else A7); a card
      // whose PIN tries ran out is declined (75); a PIN the card verified is not
      // checked again.
      chip = Self.checkChip(request, account: account)
      switch chip {
      case .rejected?: return Self.decline(.cryptogramFailure)
      case .pinTriesExceeded?: return Self.decline(.pinTriesExceeded)
      case .verified?, nil: break
      }
      // The card's row is written on declines too: its first sighting fixes the
      // balance, and the wrong-PIN count must persist.
      var state =
        try CardRow.read(db, pan: request.pan)
        ?? CardRow(pan: request.pan, balanceFen: account.balanceFen, wrongPINCount: 0)
      var pinCode: ResponseCode?
      if case .verified(_, _, noPINNeeded: true)? = chip, request.pinBlock.isEmpty {
        // The chip checked the PIN, or a tap needed none (9F34).
      } else if rule.pinRequired || !request.pinBlock.isEmpty {
        pinCode = Self.checkPIN(
          request.pinBlock, pan: request.pan, account: account, state: &state)
      }
      try state.write(db)
      if let pinCode { return Self.decline(pinCode) }
      presented.account = account
    }

    let reply = try decideKind(presented, in: db)
    return Self.chipReply(reply, chip)
  }

  private func decideKind(_ presented: Presented, in db: Database) throws -> TransactionReply {
    switch presented.request.kind.descriptor.acquirerRule {
    case .sale: return try sale(presented, in: db)
    case .void: return try void(presented, in: db)
    case .refund: return try refund(presented, in: db)
    case .balanceInquiry: return try balanceInquiry(presented, in: db)
    case .preAuth: return try preAuth(presented, in: db)
    case .preAuthVoid: return try preAuthVoid(presented, in: db)
    case .completion: return try completion(presented, in: db)
    case .completionVoid: return try completionVoid(presented, in: db)
    case .qrVoid: return try qrVoid(presented, in: db)
    case .qrOrder:
      // A QR payment is an order (`HostRequestBody.qrOrder`), never a card transaction.
      return Self.decline(.invalidTransaction)
    }
  }

  // MARK: The kinds

  /// 消费: the amount within the card's limit and what it may spend (its balance
  /// less its holds) is taken.
  func sale(_ p: Presented, in db: Database) throws -> TransactionReply {
    guard let account = p.account else { return Self.decline(.invalidCardNumber) }
    if let limit = account.limitFen, p.amountFen > limit { return Self.decline(.amountOverLimit) }
    if p.amountFen > (try available(db, pan: account.pan, at: p.time)) {
      return Self.decline(.insufficientFunds)
    }
    return try approve(p, pan: account.pan, balanceChange: -p.amountFen, in: db)
  }

  /// 撤销: the full amount of an approved sale of this terminal's open batch, named
  /// by its voucher number, goes back to the card. A sale already voided, reversed
  /// or partly refunded cannot be voided (25).
  func void(_ p: Presented, in db: Database) throws -> TransactionReply {
    guard var sale = try voucherOriginal(p, kind: .sale, in: db),
      try refunded(sale, in: db) == 0
    else { return Self.decline(.noOriginal) }
    guard p.amountFen == sale.amountFen else { return Self.decline(.invalidAmount) }
    sale.status = .voided
    try sale.update(db)
    return try approve(p, pan: sale.pan, original: sale, balanceChange: sale.amountFen, in: db)
  }

  /// 退货: part or all of what is left of an approved sale (any terminal, batch or
  /// day, named by its reference number and date MMDD, on the same card) goes back
  /// to the card. Left: the sale's amount less the refunds approved so far. A
  /// voided or reversed sale cannot be refunded (25).
  func refund(_ p: Presented, in db: Database) throws -> TransactionReply {
    guard let account = p.account, let reference = p.original?.referenceNo,
      let sale = try TransactionRow.fetchOne(
        db,
        sql: "SELECT * FROM transactions WHERE reference_no = ? AND kind = ? ORDER BY rowid DESC",
        arguments: [reference, TransactionKind.sale.rawValue]),
      sale.status == .approved, sale.pan == account.pan,
      dateMatches(sale, p.original?.date)
    else { return Self.decline(.noOriginal) }
    guard p.amountFen <= sale.amountFen - (try refunded(sale, in: db)) else {
      return Self.decline(.invalidAmount)
    }
    return try approve(p, pan: sale.pan, original: sale, balanceChange: p.amountFen, in: db)
  }

  /// 余额查询: what the card may spend now, its balance less its active holds.
  func balanceInquiry(_ p: Presented, in db: Database) throws -> TransactionReply {
    guard let account = p.account else { return Self.decline(.invalidCardNumber) }
    let available = try available(db, pan: account.pan, at: p.time)
    var reply = try approve(p, pan: account.pan, amountFen: 0, balanceChange: 0, in: db)
    reply.balanceFen = available
    return reply
  }

  /// 预授权: the amount, within the limit and what the card may spend, is held
  /// (no money moves) until voided, completed or 30 days have passed.
  func preAuth(_ p: Presented, in db: Database) throws -> TransactionReply {
    guard let account = p.account else { return Self.decline(.invalidCardNumber) }
    if let limit = account.limitFen, p.amountFen > limit { return Self.decline(.amountOverLimit) }
    if p.amountFen > (try available(db, pan: account.pan, at: p.time)) {
      return Self.decline(.insufficientFunds)
    }
    return try approve(p, pan: account.pan, balanceChange: 0, in: db)
  }

  /// 预授权撤销: the hold named by its authorisation code and date, on this card,
  /// for exactly its amount (else 13), is released.
  func preAuthVoid(_ p: Presented, in db: Database) throws -> TransactionReply {
    guard var hold = try activeHold(p, in: db) else { return Self.decline(.noOriginal) }
    guard p.amountFen == hold.amountFen else { return Self.decline(.invalidAmount) }
    hold.status = .voided
    try hold.update(db)
    return try approve(p, pan: hold.pan, original: hold, balanceChange: 0, in: db)
  }

  /// 预授权完成: the hold named by its authorisation code and date, on this card, is
  /// released and the amount taken: at most 115% of the hold (else 13), within the
  /// limit, and within what the card may spend once this hold is released (else 51).
  func completion(_ p: Presented, in db: Database) throws -> TransactionReply {
    guard let account = p.account, var hold = try activeHold(p, in: db) else {
      return Self.decline(.noOriginal)
    }
    guard p.amountFen * 100 <= hold.amountFen * 115 else { return Self.decline(.invalidAmount) }
    if let limit = account.limitFen, p.amountFen > limit { return Self.decline(.amountOverLimit) }
    if p.amountFen > (try available(db, pan: account.pan, at: p.time)) + hold.amountFen {
      return Self.decline(.insufficientFunds)
    }
    hold.status = .completed
    try hold.update(db)
    return try approve(p, pan: hold.pan, original: hold, balanceChange: -p.amountFen, in: db)
  }

  /// 预授权完成撤销: an approved completion of this terminal's open batch, named by
  /// its voucher number, for its full amount: the amount goes back to the card and
  /// the completion's pre-authorisation holds again, as before the completion
  /// (until 30 days after the pre-authorisation, so it may come back expired).
  func completionVoid(_ p: Presented, in db: Database) throws -> TransactionReply {
    guard var completion = try voucherOriginal(p, kind: .preAuthCompletion, in: db) else {
      return Self.decline(.noOriginal)
    }
    guard p.amountFen == completion.amountFen else { return Self.decline(.invalidAmount) }
    completion.status = .voided
    try completion.update(db)
    if var preAuth = try completion.originalKey.flatMap({
      try TransactionRow.fetchOne(db, key: $0)
    }), preAuth.status == .completed {
      preAuth.status = .approved  // The hold is restored.
      try preAuth.update(db)
    }
    return try approve(
      p, pan: completion.pan, original: completion, balanceChange: completion.amountFen, in: db)
  }

  // MARK: Finding the original

  /// An approved transaction of `kind` of this terminal, named by voucher number in
  /// the request's batch (the open batch: a voucher of a settled batch is not
  /// found), on the presented card if one was presented.
  func voucherOriginal(_ p: Presented, kind: TransactionKind, in db: Database) throws
    -> TransactionRow?
  {
    guard let trace = p.original?.trace,
      (p.original?.batch ?? p.envelope.batch) == p.envelope.batch,
      let row = try TransactionRow.fetchOne(
        db,
        key: ["terminal_no": p.envelope.terminalNo, "batch": p.envelope.batch, "trace": trace]),
      row.kind == kind, row.status == .approved
    else { return nil }
    if let account = p.account, account.pan != row.pan { return nil }
    return row
  }

  /// The presented card's pre-authorisation named by authorisation code and date
  /// MMDD, holding still at the request's time.
  func activeHold(_ p: Presented, in db: Database) throws -> TransactionRow? {
    guard let account = p.account, let authCode = p.original?.authCode, let date = p.original?.date
    else { return nil }
    return try activeHolds(db, pan: account.pan, at: p.time).last {
      $0.authCode == authCode && dateMatches($0, date)
    }
  }

  /// The original was made on `date` (MMDD) in the terminals' time zone. A sale
  /// booked before the host kept times is taken at its word.
  func dateMatches(_ row: TransactionRow, _ date: String?) -> Bool {
    guard let date else { return false }
    guard let time = row.time else { return true }
    return monthDay(time) == date
  }

  /// What the approved refunds of `sale` have given back so far.
  func refunded(_ sale: TransactionRow, in db: Database) throws -> Int64 {
    try Int64.fetchOne(
      db,
      sql: """
        SELECT COALESCE(SUM(amount_fen), 0) FROM transactions
        WHERE original_terminal_no = ? AND original_batch = ? AND original_trace = ?
        AND kind = ? AND status = ?
        """,
      arguments: [
        sale.terminalNo, sale.batch, sale.trace, TransactionKind.refund.rawValue,
        AcquirerTransaction.Status.approved.rawValue,
      ]) ?? 0
  }

  /// The card's balance less its holds active at `time`.
  func available(_ db: Database, pan: String, at time: Date) throws -> Int64 {
    let balance =
      try CardRow.read(db, pan: pan)?.balanceFen ?? accounts[pan]?.balanceFen ?? 0
    return try activeHolds(db, pan: pan, at: time).reduce(balance) { $0 - $1.amountFen }
  }

  // MARK: Approval

  /// Books an approved transaction: changes the card's balance, takes the next
  /// authorisation code and reference number and files the transaction under its
  /// terminal, batch and voucher number.
  func approve(
    _ p: Presented, pan: String, amountFen: Int64? = nil, original: TransactionRow? = nil,
    balanceChange: Int64, in db: Database
  ) throws -> TransactionReply {
    if balanceChange != 0 { try Self.changeBalance(pan, by: balanceChange, in: db) }
    let (auth, ref) = try Self.nextAuthAndReference(db)
    try TransactionRow(
      terminalNo: p.envelope.terminalNo, batch: p.envelope.batch, trace: p.envelope.trace,
      kindName: p.request.kind.rawValue, pan: pan, amountFen: amountFen ?? p.amountFen,
      authCode: auth, referenceNo: ref, unixTime: p.time.timeIntervalSince1970,
      statusName: AcquirerTransaction.Status.approved.rawValue,
      originalTerminalNo: original?.terminalNo, originalBatch: original?.batch,
      originalTrace: original?.trace
    ).write(db)
    return TransactionReply(
      responseCode: .approved, authCode: auth, referenceNo: ref, issuer: accounts[pan]?.issuer)
  }

  /// The next authorisation code (6 digits) and reference number (12 digits).
  static func nextAuthAndReference(_ db: Database) throws -> (String, String) {
    var counters =
      try HostCountersRow.read(db) ?? HostCountersRow(authSeq: 0, refSeq: 0)
    counters.authSeq = counters.authSeq % 999_999 + 1
    counters.refSeq = counters.refSeq % 999_999_999_999 + 1
    try counters.write(db)
    return (
      zeroPadded(counters.authSeq, width: 6), zeroPadded(counters.refSeq, width: 12)
    )
  }

  static func decline(_ code: ResponseCode) -> TransactionReply {
    TransactionReply(responseCode: code)
  }
}

extension AcquirerRule {
  /// Named by voucher, the request may come without the card (`void_requires_swipe`
  /// false): the original's card is then taken as presented.
  var cardOptional: Bool {
    switch self {
    case .void, .completionVoid, .qrVoid: return true
    case .sale, .refund, .balanceInquiry, .preAuth, .preAuthVoid, .completion, .qrOrder:
      return false
    }
  }

  /// The cardholder's PIN is needed as a sale needs it. Under the other rules a PIN
  /// is checked only when one was entered (`pinBlock` not empty).
  var pinRequired: Bool {
    switch self {
    case .sale, .balanceInquiry, .preAuth: return true
    case .void, .refund, .preAuthVoid, .completion, .completionVoid, .qrOrder, .qrVoid:
      return false
    }
  }
}
