import CNcursesw
import Foundation
import Lessons
import Synchronization
import TerminalCore
import TerminalRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The signal that asked the face to stop (0: none). Set by the handlers, read by the loop.
private let caughtSignal = Atomic<Int32>(0)

/// The ncurses training face: draws the LCD, key legend, printer and card tray, maps
/// keys to session calls, and moves the session's clock once per real second.
public enum CursesFace {
  /// Runs until the quit key is confirmed or SIGINT/SIGTERM/SIGHUP arrives; always
  /// restores the terminal. Returns the exit code (0, or 128 + signal).
  ///
  /// `recordTo`: append every action as script tokens, for replay through the pipe front.
  /// `coach`: a lesson (`--lesson`), made on `session` and not begun yet: the
  /// customer panel shows, the lesson keys work, and on quitting the score sheet
  /// is written and the closing lines (the score last) go to stdout.
  /// Set `POS_FACE_MEASURE=FILE` to append key-to-redraw timings to FILE at exit.
  public static func run(
    session: TerminalSession, recordTo: URL?, coach: LessonCoach? = nil
  ) -> Int32 {
    run(face: session, recordTo: recordTo, lesson: coach)
  }

  /// The same loop for any `FaceSession` (the tests' fake, for a demo without the core).
  public static func run(
    face session: any FaceSession, recordTo: URL?, lesson: (any FaceLesson)? = nil
  ) -> Int32 {
    var recorder: ScriptRecorder?
    if let url = recordTo {
      do {
        recorder = try ScriptRecorder(url: url)
      } catch {
        FileHandle.standardError.write(
          Data("pos-terminal: cannot record to \(url.path): \(error)\n".utf8))
        return 2
      }
    }
    CursesTerminal.setUTF8Locale()
    guard let term = CursesTerminal(inputFD: 0, outputFD: 1) else {
      FileHandle.standardError.write(
        Data("pos-terminal: cannot start curses on this terminal (TERM?)\n".utf8))
      return 1
    }
    let signals = SignalTrap()
    let controller = FaceController(session: session, recorder: recorder, lesson: lesson)
    controller.start()
    var timings = KeyTimings()
    var drawTimings = KeyTimings()
    let measuring = ProcessInfo.processInfo.environment["POS_FACE_MEASURE"]

    let clock = ContinuousClock()
    var lastTick = clock.now
    // A lesson's customer at the PIN pad: their pause is timed from here, to the
    // millisecond; the session's clock does not tick meanwhile (see `tick`).
    var customerSince: ContinuousClock.Instant?
    term.draw(controller)
    while caughtSignal.load(ordering: .relaxed) == 0 {
      let ms: Int
      if let left = controller.customerPauseLeft {
        ms = Int((left * 1000).rounded(.up))
      } else {
        let sinceTick = clock.now - lastTick
        ms = 1000 - Int(sinceTick.components.attoseconds / 1_000_000_000_000_000)
      }
      term.setTimeout(milliseconds: min(1000, max(1, ms)))
      let input = term.readKey()
      let started = clock.now
      var dirty = false
      if let since = customerSince, controller.customerPauseLeft != nil {
        controller.customerTime(seconds(started - since))
        customerSince = started
        dirty = true
        // The clock's seconds count again from the end of the customer's pause.
        lastTick = started
      } else {
        let whole = Int((clock.now - lastTick).components.seconds)
        if whole >= 1 {
          controller.tick(seconds: whole)
          lastTick += .seconds(whole)
          dirty = true
        }
      }
      let shown = controller.session.screen
      controller.pollHost()
      if controller.session.screen != shown { dirty = true }
      var isKey = false
      if let input {
        let action = KeyMap.action(for: input, inLesson: controller.inLesson)
        if action == .resize { term.forceRepaint() }
        // Keys count only while the face is drawn (80×24 or more).
        controller.windowSize = term.size
        if controller.handle(action) { break }
        dirty = dirty || action != .ignore
        isKey = action != .ignore && action != .resize
      }
      if controller.customerPauseLeft == nil {
        customerSince = nil
      } else if customerSince == nil {
        customerSince = clock.now
        lastTick = clock.now
        dirty = true
      }
      if dirty {
        let drawStart = clock.now
        term.draw(controller)
        if isKey && measuring != nil {
          timings.add(clock.now - started)
          drawTimings.add(clock.now - drawStart)
        }
      }
    }
    term.close()
    signals.restore()
    // The lesson ends with the face: the score sheet is written, the score shown.
    for line in controller.finishLesson() { print(line) }
    if let business = session.unfinishedBusiness {
      FileHandle.standardError.write(Data("pos-terminal: unfinished business: \(business)\n".utf8))
    }
    if let path = measuring {
      timings.append(to: path, label: "key-to-redraw (session + render + draw)")
      drawTimings.append(to: path, label: "render + draw only")
    }
    let sig = caughtSignal.load(ordering: .relaxed)
    return sig == 0 ? 0 : 128 + sig
  }
}

private func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// Median and worst key-to-redraw time, for the face's performance figures.
public struct KeyTimings {
  public private(set) var microseconds: [Double] = []
  public init() {}
  public mutating func add(_ d: Duration) {
    microseconds.append(
      Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
  }
  public var summary: String {
    guard !microseconds.isEmpty else { return "keys 0" }
    let s = microseconds.sorted()
    let median = s[s.count / 2]
    let p99 = s[min(s.count - 1, Int(Double(s.count) * 0.99))]
    return String(
      format: "keys %d median %.3f ms p99 %.3f ms worst %.3f ms", s.count, median / 1000,
      p99 / 1000,
      s.last! / 1000)
  }
  func append(to path: String, label: String) {
    let line = label + ": " + summary + "\n"
    if let h = FileHandle(forWritingAtPath: path) {
      _ = try? h.seekToEnd()
      h.write(Data(line.utf8))
      try? h.close()
    } else {
      _ = FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
    }
  }
}

/// SIGINT, SIGTERM and SIGHUP set a flag; no SA_RESTART, so a blocked read returns.
final class SignalTrap {
  private var saved: [Int32: sigaction] = [:]
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  init() {
    caughtSignal.store(0, ordering: .relaxed)
    for sig in Self.signals {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { caughtSignal.store($0, ordering: .relaxed) }
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      var old = sigaction()
      sigaction(sig, &action, &old)
      saved[sig] = old
    }
  }

  func restore() {
    for (sig, old) in saved {
      var old = old
      sigaction(sig, &old, nil)
    }
  }
}

/// One ncurses screen on a pair of file descriptors (a TTY, or a pty in tests).
public final class CursesTerminal {
  private let screen: OpaquePointer
  private let window: UnsafeMutablePointer<WINDOW>
  private let input: UnsafeMutablePointer<FILE>
  private let output: UnsafeMutablePointer<FILE>
  private var closed = false

  /// `setlocale(LC_ALL, "")`, then C.UTF-8 when that locale is not UTF-8.
  public static func setUTF8Locale() {
    let ok = setlocale(LC_ALL, "") != nil
    let codeset = String(cString: cnc_codeset())
    if !ok || codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
      if setlocale(LC_ALL, "C.UTF-8") == nil { _ = setlocale(LC_ALL, "en_US.UTF-8") }
    }
  }

  public init?(inputFD: Int32, outputFD: Int32, term: String? = nil) {
    guard let out = fdopen(dup(outputFD), "w") else { return nil }
    guard let inp = fdopen(dup(inputFD), "r") else {
      fclose(out)
      return nil
    }
    let scr: OpaquePointer? = term.map { newterm($0, out, inp) } ?? newterm(nil, out, inp)
    guard let scr, let win = cnc_stdscr() else {
      fclose(out)
      fclose(inp)
      return nil
    }
    screen = scr
    window = win
    input = inp
    output = out
    cbreak()
    noecho()
    keypad(window, true)
    set_escdelay(25)
    curs_set(0)
    wtimeout(window, 1000)
  }

  public var size: (width: Int, height: Int) {
    (Int(getmaxx(window)), Int(getmaxy(window)))
  }

  public func setTimeout(milliseconds: Int) { wtimeout(window, Int32(milliseconds)) }

  /// Blocks until a key, a resize, a signal or the timeout; nil when nothing was read.
  public func readKey() -> InputKey? {
    var ch: wint_t = 0
    let r = wget_wch(window, &ch)
    if r == cnc_key_code_yes() { return .function(Int32(bitPattern: UInt32(ch))) }
    if r == 0 { return .char(UInt32(ch)) }
    return nil
  }

  public func forceRepaint() { clearok(window, true) }

  func draw(_ controller: FaceController) {
    let (w, h) = size
    controller.windowSize = (w, h)
    draw(FaceRenderer.render(controller.model(), width: w, height: h))
  }

  /// Draws the buffer with wide-character output and refreshes.
  public func draw(_ buffer: CellBuffer) {
    for r in 0..<buffer.height {
      for run in buffer.runs(row: r) {
        cnc_set_style(window, Int32(run.style.rawValue))
        var wide = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        _ = mvwaddwstr(window, Int32(r), Int32(run.column), wide)
      }
    }
    cnc_set_style(window, 0)
    wnoutrefresh(window)
    doupdate()
  }

  /// endwin(): leaves the alternate screen and restores the terminal modes.
  public func close() {
    guard !closed else { return }
    closed = true
    endwin()
    delscreen(screen)
    fclose(output)
    fclose(input)
  }

  deinit { close() }
}

/// A pseudo-terminal for measuring real curses output without a terminal emulator.
public struct PseudoTerminal {
  public let master: Int32
  public let slave: Int32
  public init?(rows: Int, columns: Int) {
    var s: Int32 = -1
    let m = cnc_open_pty(&s)
    guard m >= 0, s >= 0 else { return nil }
    _ = cnc_set_winsize(s, Int32(rows), Int32(columns))
    master = m
    slave = s
  }
}
