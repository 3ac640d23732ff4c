import Foundation
import GRDB
import TerminalCore

/// The in-process acquirer and issuer the trainer talks to.
///
/// Its state (balances, wrong-PIN counts, each terminal's batch number, the
/// approved sales, the auth/reference sequences and the settlements answered)
/// lives in its own SQLite file, or in memory when `statePath` is nil. Its clock
/// is the request's time: it never reads one of its own.
///
/// It answers at once, on the caller's thread (`reply` is called before `send`
/// returns), or never: a delayed host is the driver's business.
///
/// Faults (`fault`, settable while running) apply to financial transactions,
/// plus `.failure` to reversals:
/// - `.issuerTimeout`: the transaction answers 98, nothing is debited;
/// - `.failure`: the transaction answers 96, nothing is debited; a reversal
///   answers `accepted: false`;
/// - `.noReply`: the transaction is processed as usual (and debited when
///   approved) but `reply` is never called, so the terminal must reverse.
/// Sign-in and settlement always answer.
public final class SimulatedAcquirer: HostLink, @unchecked Sendable {
  // @unchecked: the only mutable state is `_fault`, guarded by `lock`; the
  // database queue serialises everything else.
  private let queue: DatabaseQueue
  private let accounts: [String: AcquirerAccount]
  private let calendar: Calendar
  private let lock = NSLock()
  private var _fault: AcquirerFault

  /// `statePath` nil keeps balances and PIN-try counts in memory only. Of two
  /// accounts with the same PAN the first is kept.
  public init(
    accounts: [AcquirerAccount], fault: AcquirerFault, statePath: URL?, timeZone: TimeZone
  ) throws {
    self.queue = try AcquirerStore.open(statePath)
    self.accounts = Dictionary(
      accounts.map { ($0.pan, $0) }, uniquingKeysWith: { first, _ in first })
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    self.calendar = calendar
    self._fault = fault
  }

  public var fault: AcquirerFault {
    get {
      lock.lock()
      defer { lock.unlock() }
      return _fault
    }
    set {
      lock.lock()
      defer { lock.unlock() }
      _fault = newValue
    }
  }

  /// The link itself is always up in-process. A centre failure shows in the
  /// answers (96, refused reversals), not here, so a trainee can still sign in
  /// and meet it at the counter.
  public func ping() -> Bool { true }

  public func send(_ request: HostRequest, reply: @escaping @Sendable (HostReply) -> Void) {
    guard let body = answer(request) else { return }
    reply(HostReply(to: request, body))
  }

  /// The reply's body; nil when no reply goes back (a lost reply, or the
  /// simulator's own storage failed: to the terminal both are a host that did
  /// not answer, and a failed write was rolled back, so nothing was debited).
  private func answer(_ request: HostRequest) -> HostReplyBody? {
    let fault = self.fault
    let envelope = request.envelope
    do {
      switch request.body {
      case .signIn:
        let batch = try queue.write { db in try Self.terminal(db, envelope.terminalNo).batch }
        return .signedIn(batch: batch, hostTime: request.time)

      case .transaction(let transaction):
        switch fault {
        case .issuerTimeout: return .transaction(TransactionReply(responseCode: .issuerTimedOut))
        case .failure: return .transaction(TransactionReply(responseCode: .systemFault))
        case .none, .noReply: break
        }
        let reply = try process(transaction, envelope: envelope, time: request.time)
        return fault == .noReply ? nil : .transaction(reply)

      case .reversal(let record):
        if fault == .failure { return .reversal(accepted: false) }
        // Only sales are on file so far; a reversal of anything else has
        // nothing to undo.
        if record.kind == .sale {
          try queue.write { db in
            try Self.reverse(
              terminalNo: envelope.terminalNo, batch: envelope.batch, trace: envelope.trace,
              in: db)
          }
        }
        return .reversal(accepted: true)

      case .settlement(let debit, let credit):
        let answer = try queue.write { db in
          try Self.settle(
            terminalNo: envelope.terminalNo, batch: envelope.batch, debit: debit,
            credit: credit, in: db)
        }
        return .settled(balanced: answer.balanced, nextBatch: answer.nextBatch)

      case .signOff:
        return .signedOff

      case .batchUpload:
        return .uploaded
      }
    } catch {
      return nil
    }
  }

  /// One financial transaction, by kind.
  private func process(_ transaction: TransactionRequest, envelope: HostEnvelope, time: Date)
    throws -> TransactionReply
  {
    switch transaction.kind {
    case .sale:
      return try queue.write { db in
        try self.authoriseSale(transaction, envelope: envelope, time: time, in: db)
      }
    case .void, .refund, .balance, .preAuth, .preAuthVoid, .preAuthCompletion,
      .preAuthCompletionVoid:
      // Not yet supported by the simulated host: 12 (invalid transaction), as a
      // real host answers a processing code it does not handle.
      return TransactionReply(responseCode: .invalidTransaction)
    }
  }

  // MARK: Queries for tests and the trainer

  /// The card's current balance: the persisted one, else the account's opening
  /// balance; nil for an unknown PAN.
  public func balance(pan: String) throws -> Int64? {
    guard let account = accounts[pan] else { return nil }
    return try queue.read { db in try CardRow.fetchOne(db, key: pan)?.balanceFen }
      ?? account.balanceFen
  }

  /// Consecutive wrong PINs entered for this card (3 or more: PIN tries exceeded, 75).
  public func wrongPINCount(pan: String) throws -> Int {
    try queue.read { db in try CardRow.fetchOne(db, key: pan)?.wrongPINCount } ?? 0
  }

  /// The batch number the host would give this terminal at sign-in.
  public func currentBatch(terminalNo: String) throws -> Int {
    try queue.read { db in try TerminalRow.fetchOne(db, key: terminalNo)?.batch } ?? 1
  }

  /// The approved, not reversed sales the host holds for a terminal's batch.
  public func approvedTotals(terminalNo: String, batch: Int) throws -> Totals {
    try queue.read { db in try Self.totals(db, terminalNo: terminalNo, batch: batch) }
  }

  // MARK: Sale

  /// The decision order: 13 (amount ≤ 0), 94 (duplicate), 14 (Luhn / unknown),
  /// 41, 43, 62 (status), 54 (expired), 75 / 55 (PIN), 61 (limit), 51 (balance), 00.
  private func authoriseSale(
    _ req: TransactionRequest, envelope: HostEnvelope, time: Date, in db: Database
  ) throws -> TransactionReply {
    func decline(_ code: ResponseCode) -> TransactionReply { TransactionReply(responseCode: code) }

    guard req.amountFen > 0 else { return decline(.invalidAmount) }
    let key = Self.saleKey(envelope.terminalNo, envelope.batch, envelope.trace)
    if try SaleRow.exists(db, key: key) { return decline(.duplicate) }
    guard Luhn.isValid(req.pan), let account = accounts[req.pan] else {
      return decline(.invalidCardNumber)
    }
    switch account.status {
    case .lost: return decline(.lostCard)
    case .stolen: return decline(.stolenCard)
    case .restricted: return decline(.restrictedCard)
    case .normal: break
    }
    if isExpired(account.expiry, at: time) { return decline(.expiredCard) }

    // The card's row is written on declines too: its first sighting fixes the
    // balance, and the wrong-PIN count must persist.
    var state =
      try CardRow.fetchOne(db, key: req.pan)
      ?? CardRow(pan: req.pan, balanceFen: account.balanceFen, wrongPINCount: 0)
    var code = Self.checkPIN(req.pinBlock, pan: req.pan, account: account, state: &state)
    if code == nil, let limit = account.limitFen, req.amountFen > limit {
      code = .amountOverLimit
    }
    if code == nil, req.amountFen > state.balanceFen { code = .insufficientFunds }
    if code == nil { state.balanceFen -= req.amountFen }
    try state.upsert(db)
    if let code { return decline(code) }

    var counters =
      try HostCountersRow.fetchOne(db, key: 1) ?? HostCountersRow(authSeq: 0, refSeq: 0)
    counters.authSeq = counters.authSeq % 999_999 + 1
    counters.refSeq = counters.refSeq % 999_999_999_999 + 1
    try counters.upsert(db)
    let auth = Self.zeroPadded(counters.authSeq, width: 6)
    let ref = Self.zeroPadded(counters.refSeq, width: 12)
    try SaleRow(
      terminalNo: envelope.terminalNo, batch: envelope.batch, trace: envelope.trace,
      pan: req.pan, amountFen: req.amountFen, authCode: auth, referenceNo: ref, reversed: false
    ).insert(db)
    return TransactionReply(
      responseCode: .approved, authCode: auth, referenceNo: ref, issuer: account.issuer)
  }

  /// nil when the PIN passes. Three wrong PINs in a row lock the card: from then
  /// on every attempt answers 75, even with the right PIN. A right PIN before
  /// that resets the count. No PIN entered on a card that needs one answers 55
  /// without counting. A card with no PIN on file is not PIN-checked.
  static func checkPIN(
    _ pinBlock: PINBlock, pan: String, account: AcquirerAccount, state: inout CardRow
  ) -> ResponseCode? {
    if state.wrongPINCount >= 3 { return .pinTriesExceeded }
    if pinBlock.isEmpty { return account.pinOptional ? nil : .incorrectPIN }
    guard let expected = account.pin else { return nil }
    let expectedDigits = expected.utf8.map { $0 &- 48 }
    if let entered = pinBlock.pinDigits(pan: pan), entered == expectedDigits {
      state.wrongPINCount = 0
      return nil
    }
    state.wrongPINCount += 1
    return state.wrongPINCount >= 3 ? .pinTriesExceeded : .incorrectPIN
  }

  /// A card is good through the last day of its expiry month (YYMM, 20YY), in the
  /// acquirer's time zone. An unreadable expiry counts as expired.
  func isExpired(_ expiry: String, at time: Date) -> Bool {
    let digits = expiry.utf8.map { Int($0) - 48 }
    guard digits.count == 4, digits.allSatisfy({ (0...9).contains($0) }) else { return true }
    let year = 2000 + digits[0] * 10 + digits[1]
    let month = digits[2] * 10 + digits[3]
    guard (1...12).contains(month) else { return true }
    let now = calendar.dateComponents([.year, .month], from: time)
    guard let nowYear = now.year, let nowMonth = now.month else { return true }
    return year * 100 + month < nowYear * 100 + nowMonth
  }

  // MARK: Reversal and settlement

  /// Undoes an approved sale once; an unknown sale (never arrived) has nothing to undo.
  static func reverse(terminalNo: String, batch: Int, trace: Int, in db: Database) throws {
    guard var sale = try SaleRow.fetchOne(db, key: saleKey(terminalNo, batch, trace)),
      !sale.reversed
    else { return }
    sale.reversed = true
    try sale.update(db)
    try db.execute(
      sql: "UPDATE cards SET balance_fen = balance_fen + ? WHERE pan = ?",
      arguments: [sale.amountFen, sale.pan])
  }

  /// Settling the terminal's current batch compares totals and advances the batch
  /// (999999 wraps to 1). Balanced: the terminal's debit side equals the host's
  /// approved, not reversed sales and its credit side is empty (the host books
  /// no credits yet). Settling a batch already settled repeats the stored
  /// answer. Settling another batch (the terminal's open batch predates the
  /// host's) compares totals and leaves the host's batch where it is.
  static func settle(
    terminalNo: String, batch: Int, debit: Totals, credit: Totals, in db: Database
  ) throws -> HostSettlementRow {
    var term = try terminal(db, terminalNo)
    if batch != term.batch,
      let previous = try HostSettlementRow.fetchOne(
        db, key: ["terminal_no": terminalNo, "batch": batch])
    {
      return previous
    }
    let balanced =
      try totals(db, terminalNo: terminalNo, batch: batch) == debit && credit == Totals()
    if batch == term.batch {
      term.batch = SequenceNumber.next(after: batch)
      try term.update(db)
    }
    let answer = HostSettlementRow(
      terminalNo: terminalNo, batch: batch, balanced: balanced, nextBatch: term.batch)
    try answer.upsert(db)
    return answer
  }

  // MARK: Helpers

  static func terminal(_ db: Database, _ terminalNo: String) throws -> TerminalRow {
    if let row = try TerminalRow.fetchOne(db, key: terminalNo) { return row }
    let row = TerminalRow(terminalNo: terminalNo, batch: 1)
    try row.insert(db)
    return row
  }

  static func totals(_ db: Database, terminalNo: String, batch: Int) throws -> Totals {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT COUNT(*) AS n, COALESCE(SUM(amount_fen), 0) AS amount FROM sales
          WHERE terminal_no = ? AND batch = ? AND reversed = 0
          """, arguments: [terminalNo, batch])
    else { return Totals() }
    return Totals(count: row["n"], amountFen: row["amount"])
  }

  static func saleKey(_ terminalNo: String, _ batch: Int, _ trace: Int) -> [String: (
    any DatabaseValueConvertible
  )?] {
    ["terminal_no": terminalNo, "batch": batch, "trace": trace]
  }

  static func zeroPadded(_ n: Int, width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }
}
