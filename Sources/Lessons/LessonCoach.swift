import Foundation
import Printer
import TerminalConfig
import TerminalCore
import TerminalRuntime

/// Runs a lesson's customers against a session: who is at the counter, what they
/// present, the PIN they key in and the slip they sign, and whether the cashier
/// served each one right. Fronts feed it the cashier's actions and write the lines
/// it returns; it watches the terminal through the session's events.
public final class LessonCoach {
  public let lesson: Lesson
  private let session: TerminalSession
  private let words: LessonWords
  /// The customer at the counter; `lesson.customers.count` once all have left.
  public private(set) var current = 0
  private var ledger = CustomerLedger()
  private var arrivedAt: Date
  /// Which of the customer's items they hold out now (the next after a decline).
  private var itemIndex = 0
  private var pinsTyped = 0
  private var pending: [String] = []
  public private(set) var verdicts: [LessonVerdict] = []
  /// The last customer's one-line feedback, for the face.
  public private(set) var lastFeedback: String?
  /// How long the customer takes at the PIN pad, in (virtual) seconds.
  public static let pinPauseSeconds: Double = 3
  private let startedAt: Date

  public init(lesson: Lesson, session: TerminalSession) {
    self.lesson = lesson
    self.session = session
    words = LessonWords(language: session.language)
    arrivedAt = session.now
    startedAt = session.now
    session.eventObserver = { [weak self] event, state in self?.observe(event, state) }
  }

  public var isOver: Bool { current >= lesson.customers.count }
  public var customer: LessonCustomer? { isOver ? nil : lesson.customers[current] }

  /// The first customer steps up (call once the terminal is powered on).
  public func begin() -> [String] {
    pending.append(
      "[lesson] "
        + words.opening(lesson.name, lesson.title.text(session.language), customers: total))
    arrive()
    return drain()
  }

  // MARK: What the front asks

  /// The item the customer holds out now.
  public var currentItem: LessonItem? {
    guard let customer, itemIndex < customer.presents.count else { return nil }
    return customer.presents[itemIndex]
  }

  /// `<swipe>`, `<insert>`, `<tap>`, `<scan>`: the token for what the customer
  /// presents, or why there is none.
  public func token(for action: PresentedAction) -> Result<InputToken, LessonProblem> {
    guard !isOver else { return .failure(LessonProblem(words.noCustomer)) }
    switch (action, currentItem) {
    case (.scan, .phone(let n)?) where n <= session.wallets.count:
      return .success(.scan(session.wallets[n - 1].code))
    case (.swipe, .card(let n)?): return .success(.swipe(n))
    case (.insert, .card(let n)?): return .success(.insert(n))
    case (.tap, .card(let n)?): return .success(.tap(n))
    default: return .failure(LessonProblem(words.noCard(action)))
    }
  }

  /// A card went through the reader: a swipe of the customer's card is remembered
  /// (a chip card is inserted, not swiped).
  public func cardHandled(_ token: InputToken) {
    guard let customer, case .swipe(let n) = token else { return }
    if customer.presents.contains(.card(n)) { ledger.swiped = true }
  }

  /// `<retain>`, `<signed>`, `<next>`.
  public func cashier(_ action: CashierAction) -> [String] {
    guard !isOver else { return ["[cashier] " + words.cashier(action) + ": " + words.noCustomer] }
    pending.append("[cashier] " + words.cashier(action))
    switch action {
    case .retain: ledger.retained = true
    case .signed: ledger.signatureChecked = ledger.signed
    case .next: leave(judged: true)
    }
    return drain()
  }

  /// The customer's turn at the PIN pad: the keys they press (their PIN, or a wrong
  /// one as the lesson says, then Enter) and the line that says so. nil when the
  /// terminal does not wait for them. The front pauses `pinPauseSeconds` first.
  public func pinTurn() -> (keys: [Key], line: String)? {
    guard let customer, session.state.awaitsCardholderPIN, case .card(let n)? = currentItem,
      n <= session.deck.count
    else { return nil }
    let card = session.deck[n - 1]
    let entry = pinsTyped < customer.pins.count ? customer.pins[pinsTyped] : .right
    pinsTyped += 1
    let right = card.pin ?? ""
    let digits = entry == .right ? right : Self.wrong(right)
    let keys = digits.compactMap { $0.asciiValue.map { Key.digit($0 - 48) } } + [.enter]
    return (keys, "[customer] " + words.typesPIN(seconds: Self.pinPauseSeconds))
  }

  /// After each step: the customer leaves once the terminal is at rest and they
  /// were served right. Returns the lines to write.
  public func afterStep() -> [String] {
    if let customer, ledger.businessSeen, isAtRest,
      customer.checks.allSatisfy({ ledger.failure(of: $0, words) == nil })
    {
      leave(judged: true)
    }
    return drain()
  }

  /// The lesson is over (input ended or the face quit): the customer at the
  /// counter is judged as things stand, those still waiting were not served. Writes
  /// the score sheet and returns the closing lines, the last `[lesson] NAME: P/N`.
  public func finish() -> [String] {
    if !isOver { leave(judged: ledger.businessSeen, arriveNext: false) }
    while !isOver {
      // Still waiting in the queue: never at the counter, so no time taken.
      arrivedAt = session.now
      leave(judged: false, arriveNext: false)
    }
    let sheet = scoreSheet()
    do {
      let url = try ReceiptWriter(directory: session.options.receiptsDirectory).write(sheet)
      pending.append("[lesson] " + words.scoreSheet(url.lastPathComponent))
    } catch {
      pending.append("[lesson] score sheet not written: \(error)")
    }
    pending.append("[lesson] \(lesson.name): \(passed)/\(total)")
    return drain()
  }

  public var passed: Int { verdicts.filter(\.passed).count }
  public var total: Int { lesson.customers.count }

  /// The score sheet as a 32-column slip.
  public func scoreSheet() -> PrintedSlip {
    let sheet = ScoreSheet(
      lessonName: lesson.name, title: lesson.title.text(session.language),
      terminalNo: session.configuration.profile.terminalNo, startedAt: startedAt,
      finishedAt: session.now, customers: verdicts.map(\.sheetCustomer))
    return SlipPrinter(profile: session.configuration.profile).render(sheet)
  }

  // MARK: What the face shows

  /// The customer panel: who is at the counter, what they said and hold out.
  public var panel: [String] {
    guard let customer else { return [words.lessonOver] }
    var lines = [words.customer(current + 1, of: total, says: customer.says.text(session.language))]
    if let item = currentItem { lines.append(words.presents(face(item))) }
    return lines
  }

  // MARK: Inside

  private var isAtRest: Bool {
    session.state.flow == .menu(.main) && !session.isWaitingForHost && !session.isWaitingForTimer
  }

  private func drain() -> [String] {
    defer { pending = [] }
    return pending
  }

  private func face(_ item: LessonItem) -> String {
    switch item {
    case .card(let n) where n <= session.deck.count: return words.face(session.deck[n - 1])
    case .phone(let n) where n <= session.wallets.count: return words.face(session.wallets[n - 1])
    case .card(let n): return "card \(n)"
    case .phone(let n): return "phone \(n)"
    }
  }

  private func arrive() {
    guard let customer else { return }
    ledger = CustomerLedger()
    itemIndex = 0
    pinsTyped = 0
    arrivedAt = session.now
    pending.append(
      "[customer] "
        + words.customer(current + 1, of: total, says: customer.says.text(session.language)))
    pending.append(
      "[customer] "
        + (currentItem.map { words.presents(face($0)) } ?? words.presentsNothing()))
  }

  private func leave(judged: Bool, arriveNext: Bool = true) {
    guard let customer else { return }
    let seconds = Int(session.now.timeIntervalSince(arrivedAt).rounded())
    let n = current + 1
    let checks = customer.checks.map { check in
      LessonVerdict.Check(
        label: words.label(check),
        missed: judged ? ledger.failure(of: check, words) : words.notServed)
    }
    let verdict = LessonVerdict(
      number: n, says: customer.says.text(session.language), checks: checks, seconds: seconds,
      served: judged)
    verdicts.append(verdict)
    let line =
      verdict.passed
      ? words.passed(n, of: total, seconds: seconds)
      : words.failed(
        n, of: total, seconds: seconds, missed: checks.compactMap(\.missed).uniqued(),
        advice: customer.advice?.text(session.language))
    lastFeedback = line
    pending.append("[lesson] " + line)
    current += 1
    if arriveNext { arrive() }
  }

  private func observe(_ event: Event, _ state: TerminalState) {
    guard let customer else { return }
    switch state.flow {
    case .transaction, .settlement, .reversal, .advice, .management:
      ledger.businessSeen = true
    case .power, .signIn, .menu: break
    }
    switch event {
    case .journalWritten(.beginTransaction(let r, _)):
      ledger.record(r)
    case .journalWritten(.completeTransaction(let r)):
      guard ledger.records[CustomerLedger.Key(batch: r.batch, trace: r.trace)] != nil else {
        return
      }
      ledger.record(r)
      if r.status == .declined, itemIndex + 1 < customer.presents.count {
        itemIndex += 1
        if let item = currentItem {
          pending.append("[customer] " + words.switchesCard(face(item)))
        }
      }
    case .journalWritten(.reversalDone(let trace, let batch)):
      ledger.reversed(batch: batch, trace: trace)
    case .journalWritten(.closeBatch(let report, _, _, _)):
      ledger.settlements.append(report)
    case .printed(.settlement(_, let success, let failed)):
      if success != nil && failed != nil { ledger.detailListsPrinted = true }
    case .printed(.receipt(let r, .merchant, false)):
      guard ledger.records[CustomerLedger.Key(batch: r.batch, trace: r.trace)] != nil,
        r.entryMode != .qrCode, r.chip?.noCVM != true, r.descriptor.slipTitle != nil
      else { return }
      if customer.signs {
        ledger.signed = true
        pending.append("[customer] " + words.signs)
      } else {
        ledger.refusedSignature = true
        pending.append("[customer] " + words.refusesToSign)
      }
    default:
      break
    }
  }

  /// A PIN the card does not have: each digit one up.
  public static func wrong(_ pin: String) -> String {
    let digits = pin.isEmpty ? "000000" : pin
    return String(digits.map { c in Character(String(((c.wholeNumberValue ?? 0) + 1) % 10)) })
  }
}

/// Why a lesson token cannot be carried out.
public struct LessonProblem: Error, Equatable, Sendable, CustomStringConvertible {
  public var description: String
  init(_ text: String) { description = text }
}

/// How one customer was served.
public struct LessonVerdict: Sendable, Equatable {
  public struct Check: Sendable, Equatable {
    public var label: String
    /// nil: passed.
    public var missed: String?
  }
  public var number: Int
  public var says: String
  public var checks: [Check]
  public var seconds: Int
  public var served: Bool
  public var passed: Bool { served && checks.allSatisfy { $0.missed == nil } }

  var sheetCustomer: ScoreSheet.Customer {
    ScoreSheet.Customer(
      number: number, says: says, seconds: seconds, served: served,
      checks: checks.map { ScoreSheet.Check(label: $0.label, missed: $0.missed) })
  }
}

extension Array where Element: Hashable {
  fileprivate func uniqued() -> [Element] {
    var seen = Set<Element>()
    return filter { seen.insert($0).inserted }
  }
}
