import Foundation
import GRDB
import TerminalConfig
import TerminalCore

/// The in-process acquirer and issuer the trainer talks to.
///
/// Its state (balances, wrong-PIN counts, each terminal's batch number, the
/// approved sales, the auth/reference sequences and the settlements answered)
/// lives in its own SQLite file, or in memory when `statePath` is nil. Its clock
/// is the request's time: it never reads one of its own.
///
/// Faults (`fault`, settable while running) apply to sales, plus `.failure` to
/// reversals and `ping()`:
/// - `.issuerTimeout`: a sale answers 98, nothing is debited;
/// - `.failure`: a sale answers 96, nothing is debited; a reversal answers
///   `accepted: false`; `ping()` is false;
/// - `.noReply`: the sale is processed as usual (and debited when approved) but
///   the reply is lost: `send` returns `.noReply`, so the terminal must reverse.
/// Sign-in and settlement always answer.
public final class SimulatedAcquirer: HostLink, @unchecked Sendable {
  // @unchecked: the only mutable state is `_fault`, guarded by `lock`; the
  // database queue serialises everything else.
  private let queue: DatabaseQueue
  private let cards: [String: DeckCard]
  private let calendar: Calendar
  private let lock = NSLock()
  private var _fault: HostFaultMode

  /// `statePath` nil keeps balances and PIN-try counts in memory only.
  public init(deck: [DeckCard], fault: HostFaultMode, statePath: URL?, timeZone: TimeZone) throws {
    self.queue = try AcquirerStore.open(statePath)
    self.cards = Dictionary(deck.map { ($0.pan, $0) }, uniquingKeysWith: { first, _ in first })
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    self.calendar = calendar
    self._fault = fault
  }

  public var fault: HostFaultMode {
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

  public func send(_ request: HostRequest) -> HostResponse {
    let fault = self.fault
    do {
      switch request {
      case .signIn(let terminalNo, _, _, let time):
        let batch = try queue.write { db in try Self.terminal(db, terminalNo).batch }
        return .signedIn(batch: batch, hostTime: time)

      case .sale(let req):
        switch fault {
        case .issuerTimeout: return .sale(SaleReply(responseCode: "98"))
        case .failure: return .sale(SaleReply(responseCode: "96"))
        case .none, .noReply: break
        }
        let reply = try queue.write { db in try self.authorise(req, in: db) }
        return fault == .noReply ? .noReply : .sale(reply)

      case .reversal(let terminalNo, _, let record, _):
        if fault == .failure { return .reversal(accepted: false) }
        try queue.write { db in
          try Self.reverse(terminalNo: terminalNo, batch: record.batch, trace: record.trace, in: db)
        }
        return .reversal(accepted: true)

      case .settle(let terminalNo, _, let batch, let sales, _):
        let answer = try queue.write { db in
          try Self.settle(terminalNo: terminalNo, batch: batch, sales: sales, in: db)
        }
        return .settled(balanced: answer.balanced, nextBatch: answer.nextBatch)
      }
    } catch {
      // The simulator's own storage failed: to the terminal that is a host that
      // did not answer (a sale's transaction was rolled back, nothing debited).
      return .noReply
    }
  }

  // MARK: Queries for tests and the trainer

  /// The card's current balance: the persisted one, else the deck's; nil for an unknown PAN.
  public func balance(pan: String) throws -> Int64? {
    guard let card = cards[pan] else { return nil }
    return try queue.read { db in try CardRow.fetchOne(db, key: pan)?.balanceFen }
      ?? card.balanceFen
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
  private func authorise(_ req: SaleRequest, in db: Database) throws -> SaleReply {
    func decline(_ code: String) -> SaleReply { SaleReply(responseCode: code) }

    guard req.amountFen > 0 else { return decline("13") }
    if try SaleRow.exists(db, key: Self.saleKey(req.terminalNo, req.batch, req.trace)) {
      return decline("94")
    }
    guard Luhn.isValid(req.pan), let card = cards[req.pan] else { return decline("14") }
    switch card.status {
    case .lost: return decline("41")
    case .stolen: return decline("43")
    case .restricted: return decline("62")
    case .normal: break
    }
    if isExpired(card.expiry, at: req.time) { return decline("54") }

    // The card's row is written on declines too: its first sighting fixes the
    // balance, and the wrong-PIN count must persist.
    var state =
      try CardRow.fetchOne(db, key: req.pan)
      ?? CardRow(pan: req.pan, balanceFen: card.balanceFen, wrongPINCount: 0)
    var code = Self.checkPIN(req, card: card, state: &state)
    if code == nil, let limit = card.limitFen, req.amountFen > limit { code = "61" }
    if code == nil, req.amountFen > state.balanceFen { code = "51" }
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
      terminalNo: req.terminalNo, batch: req.batch, trace: req.trace, pan: req.pan,
      amountFen: req.amountFen, authCode: auth, referenceNo: ref, reversed: false
    ).insert(db)
    return SaleReply(responseCode: "00", authCode: auth, referenceNo: ref, issuer: card.issuer)
  }

  /// nil when the PIN passes. Three wrong PINs in a row lock the card: from then
  /// on every attempt answers 75, even with the right PIN. A right PIN before
  /// that resets the count. No PIN entered on a card that needs one answers 55
  /// without counting. A card with no PIN on file is not PIN-checked.
  static func checkPIN(_ req: SaleRequest, card: DeckCard, state: inout CardRow) -> String? {
    if state.wrongPINCount >= 3 { return "75" }
    if req.pinBlock.isEmpty { return card.pinOptional ? nil : "55" }
    guard let expected = card.pin else { return nil }
    let expectedDigits = expected.utf8.map { $0 &- 48 }
    if let entered = req.pinBlock.pinDigits(pan: req.pan), entered == expectedDigits {
      state.wrongPINCount = 0
      return nil
    }
    state.wrongPINCount += 1
    return state.wrongPINCount >= 3 ? "75" : "55"
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
  /// (999999 wraps to 1). Settling a batch already settled repeats the stored
  /// answer. Settling another batch (the terminal's open batch predates the
  /// host's) compares totals and leaves the host's batch where it is.
  static func settle(terminalNo: String, batch: Int, sales: Totals, in db: Database) throws
    -> HostSettlementRow
  {
    var term = try terminal(db, terminalNo)
    if batch != term.batch,
      let previous = try HostSettlementRow.fetchOne(
        db, key: ["terminal_no": terminalNo, "batch": batch])
    {
      return previous
    }
    let balanced = try totals(db, terminalNo: terminalNo, batch: batch) == sales
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
