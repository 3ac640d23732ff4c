import Foundation
import ScriptFront
import TerminalConfig
import TerminalCore
import TerminalRuntime

/// `--lesson NAME|FILE`: the lesson, a fresh terminal for it, and the history its
/// setup leaves on that terminal before the trainee powers it on.
enum LessonRun {
  struct Problem: Error {
    var text: String
  }

  /// The lesson named on the command line, checked against the deck in use.
  static func load(_ argument: String, config: String?, configuration: Configuration)
    throws(Problem) -> Lesson
  {
    do {
      return try LessonLibrary.load(
        name: argument, configDirectory: ConfigSource.directory(config),
        deckCards: configuration.deck.count, wallets: configuration.wallets.count)
    } catch {
      throw Problem(text: "\(error)")
    }
  }

  /// A lesson starts on a terminal nobody has used: `--state` must be a new or empty
  /// folder; without it, a temporary one that `cleanUp` removes afterwards.
  static func stateFolder(_ given: String?) throws(Problem) -> (url: URL, temporary: Bool) {
    let fm = FileManager.default
    guard let given else {
      let url = fm.temporaryDirectory.appendingPathComponent("pos-lesson-\(UUID().uuidString)")
      return (url, true)
    }
    let url = URL(fileURLWithPath: given)
    if fm.fileExists(atPath: url.path) {
      let contents = (try? fm.contentsOfDirectory(atPath: url.path)) ?? ["?"]
      guard contents.isEmpty else {
        throw Problem(
          text:
            "--state \(given): a lesson starts on a fresh terminal; give a new or empty folder (or leave --state out)"
        )
      }
    }
    return (url, false)
  }

  /// Runs the setup's keys on the lesson's terminal, silently, at its time before
  /// `start`; its slips go to a scratch folder. The terminal must be at rest after.
  static func runSetup(
    _ setup: LessonSetup, lessonName: String, configuration: Configuration, state: URL,
    start: Date, language: Language?, seed: UInt64
  ) throws(Problem) {
    let zone = configuration.profile.timeZone
    let today = CivilTime(start, zone)
    let (y, m, d) = CivilTime.civil(fromDays: today.daysSinceEpoch - setup.daysBefore)
    guard
      let at = CivilTime(year: y, month: m, day: d, hour: setup.hour, minute: setup.minute)
        .date(in: zone),
      at < start
    else {
      throw Problem(
        text:
          "lesson \(lessonName): its setup runs \(setup.daysBefore) day(s) before at \(zeroPadded(setup.hour, width: 2)):\(zeroPadded(setup.minute, width: 2)), which is not before the lesson's start; give a later --clock"
      )
    }
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("pos-lesson-setup-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let options = SessionOptions(
      stateDirectory: state, receiptsDirectory: scratch, clockStart: at, language: language,
      seed: seed)
    let outcome: ScriptRunner.Outcome
    let ended: Date
    var lastLines = ""
    do {
      // The session (and its lock on the state folder) ends with this scope.
      let session = TerminalSession(configuration: configuration, options: options)
      let runner = ScriptRunner(session: session) {
        lastLines = String((lastLines + $0).suffix(2000))
      }
      outcome = runner.run(InputTokenizer.tokens(setup.keys, mode: .scriptFile))
      ended = session.now
    }
    guard ended <= start else {
      throw Problem(
        text:
          "lesson \(lessonName): its setup's keys run on past the lesson's start (their <wait>s end \(Int(ended.timeIntervalSince(start).rounded(.up))) s after it); give a later --clock"
      )
    }
    guard outcome == .atRest else {
      throw Problem(
        text:
          "lesson \(lessonName): its setup keys left the terminal busy or stopped; the end of their transcript:\n\(lastLines)"
      )
    }
  }

  static func cleanUp(_ state: (url: URL, temporary: Bool)) {
    if state.temporary { try? FileManager.default.removeItem(at: state.url) }
  }
}
