import Foundation
import Lessons
import TerminalCore
import TerminalRuntime

/// Runs a session from tokens and writes the transcript as it goes.
public final class ScriptRunner {
  public enum Outcome: Equatable, Sendable {
    case atRest  // exit 0
    case unfinished(String)  // exit 3
    case stopped  // exit 4: the terminal stopped on a self-check or storage fault

    public var exitCode: Int32 {
      switch self {
      case .atRest: return 0
      case .unfinished: return 3
      case .stopped: return 4
      }
    }
  }

  let session: TerminalSession
  var transcript: Transcript
  let write: (String) -> Void
  /// Masks keys typed into a masked field (PIN, password) in frame headers.
  var maskNextKeys = false
  /// Operator → password, for `<password NN>` in a recording (`--passwords FILE`).
  public var passwords: [String: String] = [:]
  /// `--lesson`: the customers at the counter, and the score.
  public let coach: LessonCoach?
  /// The coach is taking its turn (the customer keys in a PIN): no second turn inside it.
  private var coaching = false

  /// `--strict`: input the terminal ignored makes the run fail (exit 2) at the end.
  public let strict: Bool
  /// Strict runs: the input that was ignored, in order (the first
  /// `maximumListedProblems`, each with the frame it came after).
  public private(set) var ignoredInputs: [String] = []
  /// Strict runs: how much input was ignored in all (the list may stop short).
  public private(set) var ignoredCount = 0
  /// The list keeps this many; the count goes on (10 MB of stray bytes stay 10 MB).
  public static let maximumListedProblems = 100

  /// A self-checking script's expectations, met and failed (`<expect …>` tokens).
  public private(set) var expectations = ExpectationLedger()
  /// The last slip printed, for `<expect-slip>`.
  private var lastSlip: PrintedSlipSummary?
  /// The response code of the last host reply, for `<expect-code>`.
  private var lastReplyCode: String?
  /// `<expect-exit N>` and the frame it came after: checked when the input has ended.
  private var exitExpectations: [(status: Int32, frame: Int)] = []
  /// The run's own exit status, once `finish` has found it.
  private var ownExit: Int32?

  public init(
    session: TerminalSession, strict: Bool = false, coach: LessonCoach? = nil,
    write: @escaping (String) -> Void
  ) {
    self.session = session
    self.strict = strict
    self.coach = coach
    self.transcript = Transcript(timeZone: session.configuration.profile.timeZone)
    self.write = write
    // The reply codes, seen as the driver hands each reply to the core (a lesson's
    // coach may be watching the events already: it still sees every one).
    let previous = session.eventObserver
    session.eventObserver = { [weak self] event, state in
      previous?(event, state)
      if case .hostReplied(let reply) = event, let code = ReplyCode.of(reply.body) {
        self?.lastReplyCode = code
      }
    }
  }

  /// A self-checking script had an expectation that was not met.
  public static let expectationsFailedExitCode: Int32 = 5

  /// The run's exit code: 5 when an expectation failed; 0 when the script expected
  /// its own exit status (`<expect-exit N>`) and got it and all else was met; else
  /// the outcome's, or 2 when a strict run ignored input.
  public func exitCode(_ outcome: Outcome) -> Int32 {
    if !expectations.failures.isEmpty { return Self.expectationsFailedExitCode }
    if !exitExpectations.isEmpty { return 0 }
    return ownExitCode(outcome)
  }

  /// The exit status the run has of its own, expectations aside.
  public func ownExitCode(_ outcome: Outcome) -> Int32 {
    strict && ignoredCount > 0 ? 2 : outcome.exitCode
  }

  /// Powers on and runs `tokens`, then ends the run.
  public func run(_ tokens: [InputToken]) -> Outcome {
    start()
    for token in tokens { step(token) }
    return finish()
  }

  public func start() {
    session.powerOn()
    if let coach { writeLines(coach.begin()) }
    flush(cause: "power on")
  }

  /// Input has ended: the host's answer still comes (virtual time runs to it),
  /// then the run says whether the terminal is at rest.
  public func finish() -> Outcome {
    waitForHost()
    // A QR order the customer is confirming: its queries (or its cancel) still go.
    if session.isWaitingForTimer {
      session.settleTimers()
      flush(cause: "waiting for the customer")
    }
    if let coach { writeLines(coach.finish()) }
    let outcome: Outcome
    if session.isStopped {
      outcome = .stopped
    } else if let business = session.unfinishedBusiness {
      outcome = .unfinished(business)
    } else {
      outcome = .atRest
    }
    write("[end] " + Self.endLine(outcome, session.language) + "\n")
    if strict && ignoredCount > 0 {
      write("[strict] \(ignoredCount) input(s) ignored; exit 2:\n")
      for problem in ignoredInputs { write("[strict] \(problem)\n") }
      if ignoredCount > ignoredInputs.count {
        write("[strict] … and \(ignoredCount - ignoredInputs.count) more\n")
      }
    }
    let own = ownExitCode(outcome)
    for expected in exitExpectations {
      let token = Expectation.exit(expected.status).text
      if expected.status == own {
        record(met: token)
      } else {
        record(failed: token, after: expected.frame, shows: "the run exits \(own)")
      }
    }
    if !expectations.failures.isEmpty {
      write(
        "[expect] \(expectations.failures.count) expectation(s) failed, \(expectations.met) met; exit \(Self.expectationsFailedExitCode):\n"
      )
      for failure in expectations.failures { write("[expect] \(failure.summary)\n") }
    }
    return outcome
  }

  /// How the run ended, wholly in the terminal's language.
  static func endLine(_ outcome: Outcome, _ language: Language) -> String {
    switch (outcome, language) {
    case (.atRest, .zh): return "输入结束,终端待机"
    case (.atRest, .en): return "input ended with the terminal at rest"
    case (.unfinished(let business), .zh): return "输入结束,交易未完成: \(business)"
    case (.unfinished(let business), .en): return "input ended mid-transaction: \(business)"
    case (.stopped, .zh): return "终端因故障停止,见最后一屏"
    case (.stopped, .en): return "the terminal stopped on a fault; see the last frame"
    }
  }

  public func step(_ token: InputToken) {
    switch token {
    case .key(let key):
      waitForHost()
      let masked = session.screen.field?.masked == true
      let cause = "key " + (masked && isDigit(key) ? "*" : InputToken.key(key).text)
      let before = strict ? session.state : nil
      session.press(key)
      let unchanged = before.map { Self.changedNothing($0, session.state) } ?? false
      if flush(cause: cause) == 0 && unchanged {
        ignored("\(cause) changed nothing (the terminal ignored it)")
      }
    case .swipe(let n):
      waitForHost()
      let asking = isAskingForCard
      coach?.cardHandled(token)
      session.swipeDeckCard(n)
      if n > session.deck.count {
        ignored("\(token.text): there is no card \(n) in the deck (1–\(session.deck.count))")
      } else if !asking {
        ignored("\(token.text): the terminal was not asking for a card")
      }
      flush(cause: token.text)
    // Chip and contactless
    case .insert(let n), .tap(let n):
      waitForHost()
      let asking = isAskingForCard
      let done = token == .insert(n) ? session.insertDeckCard(n) : session.tapDeckCard(n)
      if !done {
        ignored(
          "\(token.text): \(n > session.deck.count ? "there is no card \(n) in the deck (1–\(session.deck.count))" : "the slot holds a card already")"
        )
      } else if !asking, token == .tap(n) {
        // An inserted card stays in the slot and is read when a card is asked for;
        // a tap is over at once.
        ignored("\(token.text): the terminal was not asking for a card")
      }
      flush(cause: token.text, handFirst: true)
    case .remove:
      // A card is pulled at once, even while the terminal waits for the host: that
      // is the moment a cardholder's impatience costs a reversal.
      if !session.removeCard() { ignored("<remove>: there is no card in the slot") }
      flush(cause: token.text, handFirst: true)
    case .swipeWAV(let path):
      waitForHost()
      let asking = isAskingForCard
      let url = URL(fileURLWithPath: path)
      let cause = "<swipe-wav \(url.lastPathComponent)>"
      if let problem = session.swipeWAV(url) {
        ignored("\(cause): \(problem.problem)")
      } else if !asking {
        ignored("\(cause): the terminal was not asking for a card")
      }
      flush(cause: cause)
    case .wait(let seconds):
      session.advanceClock(by: seconds)
      flush(cause: token.text)
    case .scan(let code):
      waitForHost()
      let asking = session.isAskingForPaymentCode
      session.scan(code)
      if !asking { ignored("\(token.text): the terminal was not asking for a payment code") }
      flush(cause: token.text)
    case .paper:
      session.loadPaper()
      flush(cause: token.text)
    case .secret(let entry):
      // A recorded PIN or password: typed from the deck or `passwords`, shown as `*`.
      waitForHost()
      switch session.keys(for: entry, passwords: passwords) {
      case .success(let keys):
        for key in keys { session.press(key) }
        flush(cause: token.text)
      case .failure(let problem):
        write("[input] \(token.text): \(problem)\n")
        ignored("\(token.text): \(problem)")
      }
    case .ignored(let what):
      write("[input] \(what)\n")
      ignored(what)
    case .presented(let action):
      guard let coach else {
        let what = action == .scan ? "the payment code on the phone" : "a card number"
        let problem = "\(token.text): needs \(what) (only a lesson's customer presents one)"
        write("[input] \(problem)\n")
        ignored(problem)
        return
      }
      switch coach.token(for: action) {
      case .success(let item): step(item)
      case .failure(let problem):
        write("[input] \(token.text): \(problem)\n")
        ignored("\(token.text): \(problem)")
      }
    case .expect(let expectation):
      check(expectation)
    case .cashier(let action):
      guard let coach else {
        let problem = "\(token.text): only in a lesson (--lesson)"
        write("[input] \(problem)\n")
        ignored(problem)
        return
      }
      waitForHost()
      writeLines(coach.cashier(action))
      flush(cause: token.text)
    }
  }

  // MARK: Expectations

  /// Checks an expectation against what the terminal shows now. One the screen does
  /// not meet while the terminal waits for the host is checked again after the reply
  /// (virtual time runs to it, as for the next key): `<enter> <expect 交易成功>` reads
  /// the answer, `<expect 交易处理中>` the wait itself.
  private func check(_ expectation: Expectation) {
    if case .exit(let status) = expectation {
      exitExpectations.append((status, transcript.frameCount))
      return
    }
    var problem = unmet(expectation)
    if problem != nil, session.isWaitingForHost {
      waitForHost()
      problem = unmet(expectation)
    }
    if let problem {
      record(failed: shown(expectation), after: transcript.frameCount, shows: problem)
      if case .slip = expectation, let slip = lastSlip {
        for line in slip.lines { write("[expect]   \(line)\n") }
      }
    } else {
      record(met: shown(expectation))
    }
  }

  /// What the terminal shows instead, or nil when the expectation is met.
  private func unmet(_ expectation: Expectation) -> String? {
    switch expectation {
    case .screen(let text):
      let screen = Expectation.normalised(LCD.rows(of: session.screen).joined(separator: " "))
      return screen.contains(Expectation.normalised(text)) ? nil : "screen shows \(screen)"
    case .slip(let text):
      guard let slip = lastSlip else { return "no slip has been printed" }
      let printed = Expectation.normalised(slip.lines.joined(separator: " "))
      return printed.contains(Expectation.normalised(text))
        ? nil : "the last slip, \(slip.fileName), does not hold it"
    case .responseCode(let code):
      guard let last = lastReplyCode else { return "no host reply has come" }
      return last == code ? nil : "the last host reply carried \(last)"
    case .exit:
      return nil  // checked by `finish`
    }
  }

  /// The expectation as the transcript repeats it: with a PIN or password field on
  /// screen its digits are shown as `*`, as the field shows what was typed.
  private func shown(_ expectation: Expectation) -> String {
    let text = InputTokenizer.printable(expectation.text)
    guard session.screen.field?.masked == true else { return text }
    return String(text.map { $0.isNumber ? "*" : $0 })
  }

  private func record(met token: String) {
    expectations.met += 1
    write("[expect] ok \(token)\n")
  }

  /// A failed expectation: said at once with the screen, listed again at the end.
  private func record(failed token: String, after frame: Int, shows problem: String) {
    let failure = ExpectationLedger.Failure(
      frame: frame, wanted: token, shows: problem, screen: LCD.rows(of: session.screen))
    expectations.failures.append(failure)
    write("[expect] FAILED \(failure.summary)\n")
    write(Transcript.box(session.screen))
  }

  private func writeLines(_ lines: [String]) {
    for line in lines { write(line + "\n") }
  }

  /// A lesson's customer acts on what the terminal shows (keys in the PIN after a
  /// pause), and leaves once served.
  private func coachTurn() {
    guard let coach, !coaching else { return }
    coaching = true
    defer { coaching = false }
    writeLines(coach.afterStep())
    while let turn = coach.pinTurn() {
      write(turn.line + "\n")
      session.advanceClock(by: LessonCoach.pinPauseSeconds)
      flush(cause: "the customer at the PIN pad")
      for key in turn.keys { session.press(key) }
      flush(cause: "the customer's PIN")
      writeLines(coach.afterStep())
    }
  }

  /// The state side of a key the terminal ignored: the whole state, all but the
  /// idle timer a key restarts, is as it was (nothing shown, recorded or sent).
  /// A key that printed or noted something (Enter retrying a print with no paper)
  /// was not ignored either: `step` checks that the key wrote nothing.
  static func changedNothing(_ before: TerminalState, _ after: TerminalState) -> Bool {
    var before = before
    before.lastActivity = after.lastActivity
    return before == after
  }

  /// A transaction waits for its card: a swipe now is taken (a failed one too).
  private var isAskingForCard: Bool {
    if case .transaction(.entering(_, .card)) = session.state.flow { return true }
    return false
  }

  /// Strict runs keep a bounded list of ignored input, each with where it came.
  private func ignored(_ what: String) {
    guard strict else { return }
    ignoredCount += 1
    if ignoredInputs.count < Self.maximumListedProblems {
      ignoredInputs.append("after frame \(transcript.frameCount): \(what)")
    }
  }

  /// A key or card that arrives while the terminal waits for the host is taken
  /// after the reply (or the timeout): virtual time runs to that moment first.
  private func waitForHost() {
    guard session.isWaitingForHost else { return }
    session.settleHost()
    flush(cause: "waiting for the host")
  }

  private func isDigit(_ key: Key) -> Bool {
    if case .digit = key { return true }
    return false
  }

  /// Writes what the session showed and reported since the last flush; returns
  /// how many frames and lines that was.
  @discardableResult
  private func flush(cause: String, handFirst: Bool = false) -> Int {
    // The reader's report (and what a hand did at the slot or the antenna) comes
    // before the screens it caused; slips after them.
    let outputs = session.drainOutputs()
    for case .printed(let slip) in outputs { lastSlip = slip }
    let first = { (o: SessionOutput) in self.isSwipe(o) || (handFirst && self.isNote(o)) }
    for output in outputs where first(output) { write(Transcript.output(output)) }
    let frames = session.drainFrames()
    for shown in frames {
      write(transcript.frame(shown.screen, at: shown.time, cause: cause))
    }
    for output in outputs where !first(output) { write(Transcript.output(output)) }
    coachTurn()
    return outputs.count + frames.count
  }

  private func isNote(_ output: SessionOutput) -> Bool {
    if case .note = output { return true }
    return false
  }

  private func isSwipe(_ output: SessionOutput) -> Bool {
    if case .swipe = output { return true }
    return false
  }
}
