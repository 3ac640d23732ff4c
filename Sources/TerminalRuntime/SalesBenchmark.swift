import CardReader
import Foundation
import Journal
import TerminalConfig
import TerminalCore

/// Runs N whole sales through a real session — audio encode and decode,
/// durable journal commits, two slip files each — and measures them.
public enum SalesBenchmark {
  public struct Result: Sendable {
    /// Sales attempted (fewer than asked when the terminal stopped on a fault).
    public var sales: Int
    public var approved: Int
    /// The LCD where the first sale that was not approved ended, rows joined by " / ".
    public var firstFailure: String?
    public var seconds: Double
    /// CPU time of the process over the sales (one thread does the work).
    public var cpuSeconds: Double
    /// Durable journal commits the sales made.
    public var journalCommits: Int
    /// Wall seconds the same number of durable commits took alone (`floorEvery`),
    /// or nil when not measured.
    public var floorSeconds: Double?
    public var stageSeconds: [(StageTimes.Stage, Double)]
    public var salesPerSecond: Double { Double(sales) / seconds }
  }

  /// Sign in once (01/0000), then `count` sales of 1.00 on deck card `card` with PIN `pin`:
  /// swiped, or with `insert` put in the chip slot (and taken out at 请拔卡).
  /// A sale that is not approved is counted and the first one's screen kept; a
  /// terminal stopped on a fault (no journal, no receipts folder) ends the run.
  ///
  /// With `floorEvery`, after every that many sales (and after the last) as many
  /// durable commits as those sales made are timed alone in the work folder
  /// (`CommitFloor`), outside the sales' time: the floor, measured under the same
  /// disk conditions as the sales it is set against.
  public static func run(
    configuration: Configuration, count: Int, card: Int = 1, pin: String = "123456",
    insert: Bool = false, workDirectory: URL, floorEvery: Int? = nil
  ) throws -> Result {
    let floor = try floorEvery.map { _ in try CommitFloor(directory: workDirectory) }
    defer { floor?.close() }
    let options = SessionOptions(
      stateDirectory: workDirectory.appendingPathComponent("state"),
      receiptsDirectory: workDirectory.appendingPathComponent("receipts"),
      clockStart: Date(timeIntervalSince1970: 1_795_743_000), seed: 42)
    let session = TerminalSession(configuration: configuration, options: options)
    session.powerOn()
    for key in [.enter] + digitsThenEnter("01") + digitsThenEnter("0000") { session.press(key) }
    _ = session.drainFrames()
    _ = session.drainOutputs()
    let before = session.stageTimes
    var approved = 0
    var attempted = 0
    var firstFailure: String?
    let commitsBefore = session.journalCommits
    let clock = ContinuousClock()
    var floorSeconds = 0.0
    var paused = Duration.zero
    var cpuPaused = 0.0
    var commitsFloored = commitsBefore
    /// Times the floor for the commits made since the last call, outside the sales' time.
    func timeFloor() throws {
      guard let floor else { return }
      let t0 = clock.now
      let c0 = CPUClock.seconds()
      let commits = session.journalCommits
      floorSeconds += try floor.commit(commits - commitsFloored)
      commitsFloored = commits
      cpuPaused += CPUClock.seconds() - c0
      paused += clock.now - t0
    }
    let cpuStart = CPUClock.seconds()
    let start = clock.now
    for i in 0..<count {
      if let every = floorEvery, i > 0, i % max(1, every) == 0 { try timeFloor() }
      if session.isStopped {
        firstFailure = firstFailure ?? lcd(session.screen)
        break
      }
      attempted += 1
      for key in digitsThenEnter("1100") { session.press(key) }
      if insert {
        _ = session.insertDeckCard(card)
      } else {
        session.swipeDeckCard(card)
      }
      for key in [.enter] + digitsThenEnter(pin) { session.press(key) }
      if case .transaction(.approved) = session.state.flow {
        approved += 1
      } else if firstFailure == nil {
        firstFailure = lcd(session.screen)
      }
      session.press(.enter)
      if insert { _ = session.removeCard() }
      _ = session.drainFrames()
      _ = session.drainOutputs()
    }
    try timeFloor()
    let elapsed = clock.now - start - paused
    let cpu = CPUClock.seconds() - cpuStart - cpuPaused
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let stages = StageTimes.Stage.allCases.map {
      ($0, session.stageTimes.seconds($0) - before.seconds($0))
    }
    return Result(
      sales: attempted, approved: approved, firstFailure: firstFailure, seconds: seconds,
      cpuSeconds: cpu, journalCommits: session.journalCommits - commitsBefore,
      floorSeconds: floor == nil ? nil : floorSeconds,
      stageSeconds: stages)
  }

  /// A screen on one line: its non-blank rows, trimmed, joined by " / ".
  static func lcd(_ screen: Screen) -> String {
    LCD.rows(of: screen).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      .joined(separator: " / ")
  }

  /// Digits as keypad keys, then Enter.
  static func digitsThenEnter(_ digits: String) -> [Key] {
    digits.compactMap { $0.wholeNumberValue }.map { .digit(UInt8($0)) } + [.enter]
  }
}
