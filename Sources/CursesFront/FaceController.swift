import Foundation
import Lessons
import TerminalCore

/// The face's own state around a session: tray selection, the paper roll, the last
/// swipe, notes and the quit dialog. It only calls the session's public API; what a
/// key means to the terminal is the session's business.
public final class FaceController {
  public let session: any FaceSession
  public let tray: [TrayCard]
  public private(set) var selected = 0
  public private(set) var paper: [String] = []
  public private(set) var paperScroll = 0
  public private(set) var lastSwipe: SwipeLine?
  public private(set) var note: String?
  public private(set) var quitPending = false
  /// Paper lines visible; set by the driver from the window height (PgUp/PgDn move by a page).
  public var paperPage = FaceRenderer.paperRows(height: FaceRenderer.minimumHeight)
  /// The window the face is drawn in; set by the driver before each key. Below
  /// 80×24 only "enlarge the window" shows, and every key but quit is ignored:
  /// a trainee never works the terminal blind.
  public var windowSize = (width: FaceRenderer.minimumWidth, height: FaceRenderer.minimumHeight) {
    didSet { paperPage = FaceRenderer.paperRows(height: windowSize.height) }
  }
  /// The face is drawn (the window is at least 80×24).
  public var isVisible: Bool {
    FaceRenderer.fits(width: windowSize.width, height: windowSize.height)
  }
  private let recorder: ScriptRecorder?
  /// Digits or Backspaces typed into the masked field on screen that the
  /// recording does not stand for yet.
  private var unrecordedSecretKeys = false

  /// A lesson (`--lesson`): the customers at the counter, what they present, the
  /// PIN they key in, and the score.
  public let lesson: (any FaceLesson)?
  public var inLesson: Bool { lesson != nil }
  /// Every line the coach said, in order, as the scripted front writes them.
  public private(set) var lessonLines: [String] = []
  /// What the coach said since the customer at the counter came (the panel's log).
  public private(set) var lessonLog: [String] = []
  /// The verdict the log was last started from.
  private var loggedFeedback: String?
  /// The customer at the PIN pad: the keys they press once `left` real seconds have passed.
  private var customerTurn: (keys: [Key], line: String, left: Double)?
  /// The closing lines, once the lesson is finished.
  private var closingLines: [String]?
  /// Real seconds the customer takes at the PIN pad on the face. The session's
  /// clock moves `LessonCoach.pinPauseSeconds` for them, as in a scripted run.
  public static let customerPause: Double = 1.5

  public static let tearLine = String(repeating: "- ", count: FaceRenderer.paperColumns / 2)

  public init(
    session: any FaceSession, recorder: ScriptRecorder? = nil, lesson: (any FaceLesson)? = nil
  ) {
    self.session = session
    self.recorder = recorder
    self.lesson = lesson
    tray = session.trayCards
  }

  /// Powers the terminal on (the self-check runs) and picks up what it printed or
  /// noted; in a lesson the first customer steps up.
  public func start() {
    session.powerOn()
    absorbOutputs()
    if let lesson {
      take(lesson.begin())
      coachTurn()
    }
  }

  /// The customer is keying in the PIN: the real seconds left before their keys
  /// go in; nil when no customer is at the PIN pad.
  public var customerPauseLeft: Double? { customerTurn?.left }

  /// Real time passed while the customer is at the PIN pad (fractions count). When
  /// the pause is over the session's clock moves `LessonCoach.pinPauseSeconds` and
  /// the customer's keys go in: never recorded (a replay's coach types them again)
  /// and never shown.
  public func customerTime(_ seconds: Double) {
    guard var turn = customerTurn else { return }
    turn.left -= seconds
    guard turn.left <= 0 else {
      customerTurn = turn
      return
    }
    customerTurn = nil
    if note == LessonLabels.of(session.language).customerTyping { note = nil }
    session.advanceClock(by: LessonCoach.pinPauseSeconds)
    absorbOutputs()
    for key in turn.keys { session.press(key) }
    absorbOutputs()
    take([turn.line])
    coachTurn()
  }

  /// The lesson is over (the face quits): the coach judges the customer at the
  /// counter as things stand, writes the score sheet and returns the closing
  /// lines, the last `[lesson] NAME: P/N`. Once; later calls return the same lines.
  @discardableResult
  public func finishLesson() -> [String] {
    guard let lesson else { return [] }
    if let closingLines { return closingLines }
    customerTurn = nil
    let lines = lesson.finish()
    take(lines)
    closingLines = lines
    return lines
  }

  /// Handles one action; returns true when the face should quit (confirmed with Enter).
  @discardableResult
  public func handle(_ action: FaceAction) -> Bool {
    if quitPending {
      if action == .resize || action == .ignore { return false }
      quitPending = false
      return action == .key(.enter)
    }
    // Too small a window shows no face: nothing but quit may reach the terminal.
    if !isVisible, action != .quit { return false }
    // The customer is at the PIN pad: the cashier waits.
    if customerTurn != nil, !Self.takenWhileCustomerTypes(action) {
      note = LessonLabels.of(session.language).customerTyping
      return false
    }
    switch action {
    case .key(let key):
      note = nil
      press(key)
    case .swipe(let n):
      note = nil
      recorder?.action(.swipe(n))
      lesson?.cardHandled(.swipe(n))
      session.swipeDeckCard(n)
    case .present(let what):
      // Outside a lesson there is no customer: ignored.
      guard let lesson else { return false }
      present(what, lesson)
    case .cashier(let what):
      guard let lesson else { return false }
      if session.isWaitingForHost {
        note = LessonLabels.of(session.language).waitingForHost
        return false
      }
      note = nil
      recorder?.action(.cashier(what))
      take(lesson.cashier(what))
    case .reloadPaper:
      recorder?.action(.paper)
      session.loadPaper()
    case .swipeSelected, .scanSelected:
      // The selection decides: a card is swiped, a phone's code is scanned.
      guard !tray.isEmpty else { return false }
      let item = tray[selected]
      guard item.isPhone else {
        return action == .swipeSelected ? handle(.swipe(item.position)) : false
      }
      note = nil
      recorder?.action(.scan(item.pan))
      session.scan(item.pan)
    // Chip and contactless
    case .insertSelected:
      guard !tray.isEmpty else { return false }
      note = nil
      let n = tray[selected].position
      if session.insertDeckCard(n) { recorder?.action(.insert(n)) }
    case .tapSelected:
      guard !tray.isEmpty else { return false }
      note = nil
      let n = tray[selected].position
      if session.tapDeckCard(n) { recorder?.action(.tap(n)) }
    case .removeCard:
      note = nil
      if session.removeCard() { recorder?.action(.remove) }
    case .selectNext:
      if !tray.isEmpty { selected = (selected + 1) % tray.count }
    case .selectPrevious:
      if !tray.isEmpty { selected = (selected + tray.count - 1) % tray.count }
    case .paperUp:
      paperScroll = min(paperScroll + max(1, paperPage - 1), max(0, paper.count - paperPage))
    case .paperDown:
      paperScroll = max(0, paperScroll - max(1, paperPage - 1))
    case .quit:
      quitPending = true
    case .resize, .ignore:
      break
    }
    absorbOutputs()
    coachTurn()
    return false
  }

  /// What the customer presents goes through the reader, the slot, the antenna or
  /// the scanner; recorded as the lesson's token (`<swipe>`, `<insert>`, `<tap>`,
  /// `<scan>`), which a replay with the same lesson turns into the same card.
  private func present(_ what: PresentedAction, _ lesson: any FaceLesson) {
    if session.isWaitingForHost {
      note = LessonLabels.of(session.language).waitingForHost
      return
    }
    switch lesson.presentedToken(for: what) {
    case .failure(let problem):
      note = problem.description
    case .success(let token):
      note = nil
      switch token {
      case .swipe(let n):
        recorder?.action(.presented(what))
        lesson.cardHandled(token)
        session.swipeDeckCard(n)
      case .insert(let n):
        if session.insertDeckCard(n) { recorder?.action(.presented(what)) }
      case .tap(let n):
        if session.tapDeckCard(n) { recorder?.action(.presented(what)) }
      case .scan(let code):
        recorder?.action(.presented(what))
        session.scan(code)
      default:
        break
      }
    }
  }

  /// While the customer keys in the PIN only the face's own keys work (and quit).
  static func takenWhileCustomerTypes(_ action: FaceAction) -> Bool {
    switch action {
    case .quit, .resize, .ignore, .paperUp, .paperDown, .selectNext, .selectPrevious: return true
    default: return false
    }
  }

  /// The coach's turn after every step: its lines, and the customer at the PIN pad.
  private func coachTurn() {
    guard let lesson, customerTurn == nil, closingLines == nil else { return }
    take(lesson.afterStep())
    if let turn = lesson.pinTurn() {
      customerTurn = (turn.keys, turn.line, Self.customerPause)
    }
  }

  /// The coach's lines: kept in order, and in the panel's log until the next verdict.
  private func take(_ lines: [String]) {
    guard let lesson, !lines.isEmpty else { return }
    lessonLines += lines
    if let feedback = lesson.lastFeedback, feedback != loggedFeedback {
      // A customer left: their verdict shows on its own; the log starts again.
      loggedFeedback = feedback
      let verdict = lines.lastIndex { LessonPanel.untagged($0) == feedback }
      lessonLog = verdict.map { Array(lines[($0 + 1)...]) } ?? []
    } else {
      lessonLog += lines
    }
    if lessonLog.count > 50 { lessonLog.removeFirst(lessonLog.count - 50) }
  }

  /// Sends a key to the session and records it. A PIN or password is never
  /// written as digits: the masked field is written as the token that stands
  /// for it (`<pin>`, `<password NN>`, `<masked N>`: `SecretEntry`) just before
  /// its Enter, so Backspaces inside it need no record. A key typed after idle
  /// time writes it at once (`<wait S> <masked 3>`): a key restarts the idle
  /// timer, and the replay must restart it at the same moment.
  private func press(_ key: Key) {
    guard let recorder else { return session.press(key) }
    guard session.screen.field?.masked == true else {
      unrecordedSecretKeys = false
      recorder.action(.key(key))
      return session.press(key)
    }
    switch key {
    case .digit, .backspace:
      session.press(key)
      if recorder.hasIdleTime, let entry = session.maskedEntry {
        recorder.action(.secret(entry))
        unrecordedSecretKeys = false
      } else {
        unrecordedSecretKeys = true
      }
    case .enter:
      if unrecordedSecretKeys, let entry = session.maskedEntry { recorder.action(.secret(entry)) }
      unrecordedSecretKeys = false
      recorder.action(.key(key))
      session.press(key)
    case .cancel:
      // Cancel leaves the field; what it held is gone.
      unrecordedSecretKeys = false
      recorder.action(.key(key))
      session.press(key)
    }
  }

  /// Real time passed: whole seconds only, so a recording replays with the same clock.
  /// While a lesson's customer keys in the PIN the seconds are theirs
  /// (`customerTime`): neither recorded nor on the session's clock, which moves
  /// `LessonCoach.pinPauseSeconds` for them, as a replay's does.
  public func tick(seconds: Int) {
    guard seconds > 0 else { return }
    if customerTurn != nil { return customerTime(Double(seconds)) }
    recorder?.idle(seconds)
    session.advanceClock(by: Double(seconds))
    absorbOutputs()
    coachTurn()
  }

  /// Replies a host link delivered on its own thread become events now.
  public func pollHost() {
    session.pollHost()
    absorbOutputs()
    coachTurn()
  }

  public func model() -> FaceModel {
    FaceModel(
      screen: session.screen, status: session.status,
      timeZone: session.timeZone, language: session.language, tray: tray,
      selectedCard: selected, paper: paper, paperScroll: paperScroll, lastSwipe: lastSwipe,
      note: note, quitPrompt: quitPending,
      unfinished: quitPending ? session.unfinishedBusiness : nil, cardInSlot: session.cardInSlot,
      lesson: lesson.map { lesson in
        LessonPanel(
          name: lesson.lessonName, title: lesson.lessonTitle.text(session.language),
          passed: lesson.passed, total: lesson.total, isOver: lesson.isOver,
          customer: lesson.panel, typing: customerTurn.map { LessonPanel.untagged($0.line) },
          log: lessonLog.map(LessonPanel.untagged), feedback: lesson.lastFeedback)
      })
  }

  private func absorbOutputs() {
    for output in session.drainFaceOutputs() {
      switch output {
      case .printed(let lines):
        paper += lines
        paper.append(Self.tearLine)
        paperScroll = 0
      case .swipe(let s):
        lastSwipe = s
      case .note(let text):
        note = text
      }
    }
  }
}
