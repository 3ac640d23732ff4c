import Foundation
import GRDB
import StateFiles
import TerminalCore

/// The in-process acquirer and issuer the trainer talks to.
///
/// It decides every transaction kind against its own books: balances, holds,
/// wrong-PIN counts, each terminal's batch number, every approved transaction and
/// what became of it (voided, refunded, completed, reversed), the auth/reference
/// sequences, the settlements answered and the batch uploads. They live in its own
/// SQLite file, or in memory when `statePath` is nil. Its clock is the request's
/// time: it never reads one of its own (holds expire 30 days after the
/// pre-authorisation, in that time).
///
/// It answers at once, on the caller's thread (`reply` is called before `send`
/// returns), or never: a delayed host is the driver's business.
///
/// Faults (`fault`, settable while running) apply to financial transactions of
/// every kind, plus `.failure` to reversals:
/// - `.issuerTimeout`: the transaction answers 98, nothing changes;
/// - `.failure`: the transaction answers 96, nothing changes; a reversal
///   answers `accepted: false`;
/// - `.noReply`: the transaction is processed as usual (and booked when
///   approved) but `reply` is never called, so the terminal must reverse.
/// Sign-in, sign-off, settlement and batch upload always answer.
public final class SimulatedAcquirer: HostLink, @unchecked Sendable {
  // @unchecked: the only mutable state is `_fault` and `closed`, guarded by `lock`;
  // the database queue serialises everything else.
  let queue: DatabaseQueue
  /// The books' file, sealed when they close (nil: in memory).
  private let statePath: URL?
  let accounts: [String: AcquirerAccount]
  /// The customers' wallets by payment code (QR payment).
  let wallets: [String: AcquirerWallet]
  let timeZone: TimeZone
  private let lock = NSLock()
  private var _fault: AcquirerFault
  private var closed = false

  /// `statePath` nil keeps the books in memory only. `fileChecked`: the caller has just
  /// checked the file (`AcquirerFile.check`), so it is not checked twice. Of two accounts with the same
  /// PAN the first is kept. `timeZone` is the terminals': it dates transactions
  /// (a refund's original date MMDD) and ends expiry months.
  public init(
    accounts: [AcquirerAccount], wallets: [AcquirerWallet] = [], fault: AcquirerFault,
    statePath: URL?, timeZone: TimeZone, fileChecked: Bool = false
  ) throws {
    self.queue = try AcquirerStore.open(statePath, checked: fileChecked)
    self.statePath = statePath
    self.accounts = Dictionary(
      accounts.map { ($0.pan, $0) }, uniquingKeysWith: { first, _ in first })
    self.wallets = Dictionary(
      wallets.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    self.timeZone = timeZone
    self._fault = fault
  }

  /// Closes the books and seals their file (`StateSeal`), unless closed already.
  /// Nothing may use the acquirer afterwards.
  public func close() {
    lock.lock()
    defer { lock.unlock() }
    guard !closed else { return }
    closed = true
    // Sealed only when the last connection closed (SQLite folded its log into the file).
    guard (try? queue.close()) != nil, let statePath else { return }
    StateSeal.write(for: statePath)
  }

  deinit { close() }

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
  /// not answer, and a failed write was rolled back, so nothing changed).
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
        let reply = try queue.write { db in
          try self.decide(transaction, envelope: envelope, time: request.time, in: db)
        }
        return fault == .noReply ? nil : .transaction(reply)

      case .reversal(let record):
        if fault == .failure { return .reversal(accepted: false) }
        if record.kind.descriptor.message.travelsAsOrder {
          // A QR order the terminal lost track of: cancelled (refunded if paid).
          try queue.write { db in
            try self.qrCancel(
              terminalNo: envelope.terminalNo, batch: envelope.batch, trace: envelope.trace, in: db)
          }
          return .reversal(accepted: true)
        }
        try queue.write { db in
          try Self.reverse(
            kind: record.kind,
            AcquirerTransaction.Voucher(
              terminalNo: envelope.terminalNo, batch: envelope.batch, trace: envelope.trace),
            in: db)
        }
        return .reversal(accepted: true)

      case .settlement(let debit, let credit):
        let answer = try queue.write { db in
          try Self.settle(
            terminalNo: envelope.terminalNo, batch: envelope.batch,
            AcquirerBatchTotals(debit: debit, credit: credit), in: db)
        }
        return .settled(balanced: answer.balanced, nextBatch: answer.nextBatch)

      case .signOff:
        return .signedOff

      case .batchUpload(let item, let sent):
        try queue.write { db in
          if let item {
            try BatchUploadRow(
              terminalNo: envelope.terminalNo, batch: envelope.batch, trace: item.trace,
              kind: item.kind.rawValue, amountFen: item.amountFen, maskedPAN: item.maskedPAN,
              entryMode: item.entryMode.rawValue, referenceNo: item.referenceNo,
              authCode: item.authCode, unixTime: item.time.timeIntervalSince1970
            ).upsert(db)
          } else {
            try BatchUploadEndRow(
              terminalNo: envelope.terminalNo, batch: envelope.batch, sent: sent
            ).upsert(db)
          }
        }
        return .uploaded

      case .qrOrder(let order):
        switch fault {
        case .issuerTimeout: return .qrOrder(QROrderReply(status: .failed(.issuerTimedOut)))
        case .failure: return .qrOrder(QROrderReply(status: .failed(.systemFault)))
        case .none, .noReply: break
        }
        let reply = try queue.write { db in
          try self.qrOrder(order, envelope: envelope, time: request.time, in: db)
        }
        return fault == .noReply ? nil : .qrOrder(reply)

      case .qrQuery(let orderNo):
        switch fault {
        case .issuerTimeout: return .qrOrder(QROrderReply(status: .failed(.issuerTimedOut)))
        case .failure: return .qrOrder(QROrderReply(status: .failed(.systemFault)))
        case .none, .noReply: break
        }
        let reply = try queue.write { db in
          try self.qrQuery(orderNo: orderNo, time: request.time, in: db)
        }
        return fault == .noReply ? nil : .qrOrder(reply)

      case .qrCancel(let orderNo):
        if fault == .failure { return .qrCancelled(accepted: false) }
        try queue.write { db in try self.qrCancel(orderNo: orderNo, in: db) }
        return fault == .noReply ? nil : .qrCancelled(accepted: true)
      }
    } catch {
      return nil
    }
  }

  // MARK: Queries for tests and the trainer

  /// The card's current balance (without holds): the persisted one, else the
  /// account's opening balance; nil for an unknown PAN.
  public func balance(pan: String) throws -> Int64? {
    guard let account = accounts[pan] else { return nil }
    return try queue.read { db in try CardRow.fetchOne(db, key: pan)?.balanceFen }
      ?? account.balanceFen
  }

  /// What the card may spend at `time`: its balance minus the holds still active
  /// then (what a balance inquiry answers); nil for an unknown PAN.
  public func availableBalance(pan: String, at time: Date) throws -> Int64? {
    guard let balance = try balance(pan: pan) else { return nil }
    let held = try queue.read { db in try self.activeHolds(db, pan: pan, at: time) }
      .reduce(0) { $0 + $1.amountFen }
    return balance - held
  }

  /// The holds on the card still active at `time`, oldest first.
  public func holds(pan: String, at time: Date) throws -> [AcquirerHold] {
    try queue.read { db in try self.activeHolds(db, pan: pan, at: time) }.map { row in
      let placed = row.time ?? .distantPast
      return AcquirerHold(
        terminalNo: row.terminalNo, batch: row.batch, trace: row.trace, authCode: row.authCode,
        referenceNo: row.referenceNo, amountFen: row.amountFen, placedAt: placed,
        expiresAt: holdExpiry(placed))
    }
  }

  /// Every transaction the host approved for this terminal's batch, by voucher
  /// number, with what became of it.
  public func transactions(terminalNo: String, batch: Int) throws -> [AcquirerTransaction] {
    try queue.read { db in
      try TransactionRow.fetchAll(
        db,
        sql: "SELECT * FROM transactions WHERE terminal_no = ? AND batch = ? ORDER BY trace",
        arguments: [terminalNo, batch])
    }.compactMap(Self.view)
  }

  /// The host's approved transaction with this reference number (field 37), if any.
  public func transaction(referenceNo: String) throws -> AcquirerTransaction? {
    try queue.read { db in
      try TransactionRow.fetchOne(
        db, sql: "SELECT * FROM transactions WHERE reference_no = ? ORDER BY rowid DESC",
        arguments: [referenceNo])
    }.flatMap(Self.view)
  }

  /// Consecutive wrong PINs entered for this card (3 or more: PIN tries exceeded, 75).
  public func wrongPINCount(pan: String) throws -> Int {
    try queue.read { db in try CardRow.fetchOne(db, key: pan)?.wrongPINCount } ?? 0
  }

  /// The batch number the host would give this terminal at sign-in.
  public func currentBatch(terminalNo: String) throws -> Int {
    try queue.read { db in try TerminalRow.fetchOne(db, key: terminalNo)?.batch } ?? 1
  }

  /// The debit side of the host's totals for a terminal's batch: approved sales and
  /// completions, neither voided nor reversed.
  public func approvedTotals(terminalNo: String, batch: Int) throws -> Totals {
    try settlementTotals(terminalNo: terminalNo, batch: batch).debit
  }

  /// The host's own totals for a terminal's batch, as a settlement compares them.
  public func settlementTotals(terminalNo: String, batch: Int) throws -> AcquirerBatchTotals {
    try queue.read { db in try Self.totals(db, terminalNo: terminalNo, batch: batch) }
  }

  /// What the terminal uploaded for this batch after an unbalanced settlement.
  public func batchUpload(terminalNo: String, batch: Int) throws -> AcquirerBatchUpload {
    try queue.read { db in
      let rows = try BatchUploadRow.fetchAll(
        db,
        sql: "SELECT * FROM batch_uploads WHERE terminal_no = ? AND batch = ? ORDER BY trace",
        arguments: [terminalNo, batch])
      let end = try BatchUploadEndRow.fetchOne(
        db, key: ["terminal_no": terminalNo, "batch": batch])
      return AcquirerBatchUpload(
        items: rows.compactMap { row in
          guard let kind = TransactionKind(rawValue: row.kind),
            let entryMode = EntryMode(rawValue: row.entryMode)
          else { return nil }
          return AcquirerBatchUpload.Item(
            trace: row.trace, kind: kind, amountFen: row.amountFen, maskedPAN: row.maskedPAN,
            entryMode: entryMode, referenceNo: row.referenceNo, authCode: row.authCode,
            time: Date(timeIntervalSince1970: row.unixTime))
        }, endCount: end?.sent)
    }
  }

  static func view(_ row: TransactionRow) -> AcquirerTransaction? {
    guard let kind = row.kind else { return nil }
    return AcquirerTransaction(
      terminalNo: row.terminalNo, batch: row.batch, trace: row.trace, kind: kind,
      amountFen: row.amountFen, maskedPAN: PANMask.mask(row.pan), authCode: row.authCode,
      referenceNo: row.referenceNo, time: row.time, status: row.status,
      original: row.originalTerminalNo.flatMap { terminalNo in
        guard let batch = row.originalBatch, let trace = row.originalTrace else { return nil }
        return AcquirerTransaction.Voucher(terminalNo: terminalNo, batch: batch, trace: trace)
      })
  }

  // MARK: Card checks shared by every kind

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
    let now = CivilTime(time, timeZone)
    return year * 100 + month < now.year * 100 + now.month
  }

  // MARK: Holds

  /// A hold counts until 30 days after its pre-authorisation.
  func holdExpiry(_ placed: Date) -> Date {
    // 30 calendar days: the same time of day, whatever the zone's clock changes do.
    let c = CivilTime(placed, timeZone)
    let (y, m, d) = CivilTime.civil(fromDays: c.daysSinceEpoch + 30)
    return CivilTime(year: y, month: m, day: d, hour: c.hour, minute: c.minute, second: c.second)
      .date(in: timeZone) ?? placed + 30 * 86_400
  }

  /// The card's pre-authorisations that stand and have not expired at `time`.
  func activeHolds(_ db: Database, pan: String, at time: Date) throws -> [TransactionRow] {
    try TransactionRow.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT * FROM transactions WHERE pan = ? AND kind = ? AND status = ?
          ORDER BY unix_time, rowid
          """),
      arguments: [
        pan, TransactionKind.preAuth.rawValue, AcquirerTransaction.Status.approved.rawValue,
      ]
    ).filter { row in row.time.map { time < holdExpiry($0) } ?? false }
  }

  /// The transaction's date as the terminal keys it (MMDD, the terminals' time zone).
  func monthDay(_ time: Date) -> String {
    let c = CivilTime(time, timeZone)
    return zeroPadded(c.month, width: 2) + zeroPadded(c.day, width: 2)
  }

  // MARK: Reversal and settlement

  /// Undoes an approved transaction once: whatever it did to the card's balance,
  /// to its holds and to the transaction it refers to. A transaction the host never
  /// approved (or one of another kind with that voucher number) has nothing to undo;
  /// nor have refunds and balance inquiries, which are not reversed.
  static func reverse(
    kind: TransactionKind, _ voucher: AcquirerTransaction.Voucher, in db: Database
  ) throws {
    guard
      var row = try TransactionRow.fetchOne(
        db,
        key: ["terminal_no": voucher.terminalNo, "batch": voucher.batch, "trace": voucher.trace]),
      row.kind == kind, row.status == .approved, kind.descriptor.reversible
    else { return }
    var original = try row.originalKey.flatMap { try TransactionRow.fetchOne(db, key: $0) }
    switch kind.descriptor.acquirerRule {
    case .sale:
      try changeBalance(row.pan, by: row.amountFen, in: db)
    case .void:
      // The sale stands again and is paid again.
      try changeBalance(row.pan, by: -row.amountFen, in: db)
      original?.status = .approved
    case .preAuth:
      break  // Its hold goes with it.
    case .preAuthVoid:
      original?.status = .approved  // The hold is back.
    case .completion:
      // The money goes back and the pre-authorisation holds again.
      try changeBalance(row.pan, by: row.amountFen, in: db)
      original?.status = .approved
    case .completionVoid:
      // The completion stands again: paid again, and its pre-authorisation, whose
      // hold the completion void restored, is released again.
      try changeBalance(row.pan, by: -row.amountFen, in: db)
      original?.status = .approved
      if let completion = original,
        var preAuth = try completion.originalKey.flatMap({
          try TransactionRow.fetchOne(db, key: $0)
        }), preAuth.status == .approved
      {
        preAuth.status = .completed
        try preAuth.update(db)
      }
    case .qrVoid:
      // The payment stands again: the wallet pays again.
      try changeBalance(row.pan, by: -row.amountFen, in: db)
      original?.status = .approved
    case .refund, .balanceInquiry, .qrOrder:
      return
    }
    try original?.update(db)
    row.status = .reversed
    try row.update(db)
  }

  /// Settling the terminal's current batch compares totals and advances the batch
  /// (999999 wraps to 1). Balanced: the terminal's debit and credit sides equal the
  /// host's (`totals`). Settling a batch already settled repeats the stored
  /// answer. Settling another batch (the terminal's open batch predates the
  /// host's) compares totals and leaves the host's batch where it is.
  static func settle(
    terminalNo: String, batch: Int, _ terminalTotals: AcquirerBatchTotals, in db: Database
  ) throws -> HostSettlementRow {
    var term = try terminal(db, terminalNo)
    if batch != term.batch,
      let previous = try HostSettlementRow.fetchOne(
        db, key: ["terminal_no": terminalNo, "batch": batch])
    {
      return previous
    }
    let balanced = try totals(db, terminalNo: terminalNo, batch: batch) == terminalTotals
    if batch == term.batch {
      term.batch = SequenceNumber.next(after: batch)
      try term.update(db)
    }
    let answer = HostSettlementRow(
      terminalNo: terminalNo, batch: batch, balanced: balanced, nextBatch: term.batch)
    try answer.upsert(db)
    return answer
  }

  /// The host's field-48 totals of a terminal's batch: the approved transactions
  /// that still stand, on their kind's side (sales and completions debit, refunds
  /// credit; voids, pre-authorisations and inquiries count nowhere).
  static func totals(_ db: Database, terminalNo: String, batch: Int) throws
    -> AcquirerBatchTotals
  {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT kind, COUNT(*) AS n, SUM(amount_fen) AS amount FROM transactions
        WHERE terminal_no = ? AND batch = ? AND status = ? GROUP BY kind
        """, arguments: [terminalNo, batch, AcquirerTransaction.Status.approved.rawValue])
    var totals = AcquirerBatchTotals()
    for row in rows {
      guard let kind = TransactionKind(rawValue: row["kind"]) else { continue }
      let add = Totals(count: row["n"], amountFen: row["amount"])
      switch kind.descriptor.ledgerSide {
      case .debit:
        totals.debit.count += add.count
        totals.debit.amountFen += add.amountFen
      case .credit:
        totals.credit.count += add.count
        totals.credit.amountFen += add.amountFen
      case .hold, .none: break
      }
    }
    return totals
  }

  // MARK: Helpers

  static func terminal(_ db: Database, _ terminalNo: String) throws -> TerminalRow {
    if let row = try TerminalRow.fetchOne(db, key: terminalNo) { return row }
    let row = TerminalRow(terminalNo: terminalNo, batch: 1)
    try row.insert(db)
    return row
  }

  static func changeBalance(_ pan: String, by fen: Int64, in db: Database) throws {
    try db.cachedStatement(sql: "UPDATE cards SET balance_fen = balance_fen + ? WHERE pan = ?")
      .execute(arguments: [fen, pan])
  }

  static func key(_ envelope: HostEnvelope) -> [String: (any DatabaseValueConvertible)?] {
    ["terminal_no": envelope.terminalNo, "batch": envelope.batch, "trace": envelope.trace]
  }
}
