import Foundation
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

  public static let tearLine = String(repeating: "- ", count: FaceRenderer.paperColumns / 2)

  public init(session: any FaceSession, recorder: ScriptRecorder? = nil) {
    self.session = session
    self.recorder = recorder
    tray = session.trayCards
  }

  /// Powers the terminal on (the self-check runs) and picks up what it printed or noted.
  public func start() {
    session.powerOn()
    absorbOutputs()
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
    switch action {
    case .key(let key):
      note = nil
      press(key)
    case .swipe(let n):
      note = nil
      recorder?.action(.swipe(n))
      session.swipeDeckCard(n)
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
    return false
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
  public func tick(seconds: Int) {
    guard seconds > 0 else { return }
    recorder?.idle(seconds)
    session.advanceClock(by: Double(seconds))
    absorbOutputs()
  }

  /// Replies a host link delivered on its own thread become events now.
  public func pollHost() {
    session.pollHost()
    absorbOutputs()
  }

  public func model() -> FaceModel {
    FaceModel(
      screen: session.screen, status: session.status,
      timeZone: session.timeZone, language: session.language, tray: tray,
      selectedCard: selected, paper: paper, paperScroll: paperScroll, lastSwipe: lastSwipe,
      note: note, quitPrompt: quitPending,
      unfinished: quitPending ? session.unfinishedBusiness : nil, cardInSlot: session.cardInSlot)
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
