import Foundation
import Lessons
import TerminalConfig
import Testing

/// Each built-in lesson through the binary twice: served right (every customer
/// passes) and with its classic mistake (the check that catches it fails). The keys
/// of both runs are in Golden/lessons, beside their transcripts and score sheets.
@Suite struct BuiltInLessonTests {
  static let clock = "2026-11-21T09:30:00+08:00"
  static let golden = Acceptance.goldenDirectory.appendingPathComponent("lessons")

  /// Each lesson and the check its classic mistake fails (as the score sheet names it).
  static let lessons: [(name: String, caughtBy: String)] = [
    ("amount", "收款 50.00"),
    ("counterfeit", "不发交易"),
    ("declined", "没收卡片"),
    ("void-or-refund", "撤销凭证 000002"),
    ("chip-and-tap", "芯片卡不刷卡"),
    ("qr", "收款请求不超过 1 次"),
    ("signature", "撤销凭证 000001"),
    ("day-end", "打印两份明细"),
  ]

  struct LessonRun {
    var status: Int32
    var transcript: String
    var scoreSheet: String
  }

  static func run(_ name: String, _ variant: String) throws -> LessonRun {
    let dir = Acceptance.scratch("lesson-\(name)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let keys = golden.appendingPathComponent("\(name).\(variant).keys")
    let receipts = dir.appendingPathComponent("receipts")
    let run = try Hardening.run(
      ["--lesson", name, "--clock", clock, "--receipts", receipts.path, "--script", keys.path])
    let sheets = try FileManager.default.contentsOfDirectory(atPath: receipts.path)
      .filter { $0.hasSuffix("_lesson-\(name).txt") }
    #expect(sheets.count == 1, "score sheets: \(sheets)")
    let sheet = try sheets.first.map {
      try String(contentsOf: receipts.appendingPathComponent($0), encoding: .utf8)
    }
    return LessonRun(status: run.status, transcript: run.stdout, scoreSheet: sheet ?? "")
  }

  /// `[lesson] NAME: P/N` just before `[end]`.
  static func score(_ transcript: String, _ name: String) -> (passed: Int, total: Int)? {
    let lines = transcript.split(separator: "\n")
    guard lines.count >= 2, lines.last?.hasPrefix("[end] ") == true else { return nil }
    let prefix = "[lesson] \(name): "
    let line = lines[lines.count - 2]
    guard line.hasPrefix(prefix) else { return nil }
    let parts = line.dropFirst(prefix.count).split(separator: "/")
    guard parts.count == 2, let p = Int(parts[0]), let n = Int(parts[1]) else { return nil }
    return (p, n)
  }

  /// The PINs the lesson's customers could key (their cards' and the wrong ones).
  static func pins(of name: String) throws -> [String] {
    let configuration = try Acceptance.configuration()
    let lesson = try LessonLibrary.load(
      name: name, configDirectory: Acceptance.configDirectory,
      deckCards: configuration.deck.count, wallets: configuration.wallets.count)
    return lesson.customers.flatMap(\.presents).compactMap { item -> [String]? in
      guard case .card(let n) = item, let pin = configuration.deck[n - 1].pin else { return nil }
      return [pin, LessonCoach.wrong(pin)]
    }.flatMap { $0 }
  }

  static func expectNoPIN(_ run: LessonRun, _ name: String) throws {
    for pin in try pins(of: name) {
      #expect(!run.transcript.contains(pin), "\(name): a PIN in the transcript")
      #expect(!run.scoreSheet.contains(pin), "\(name): a PIN on the score sheet")
    }
  }

  @Test(arguments: lessons.map(\.name))
  func servedRightEveryCustomerPasses(name: String) throws {
    let run = try Self.run(name, "correct")
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    let score = try #require(Self.score(run.transcript, name), "\(run.transcript.suffix(800))")
    #expect(score.passed == score.total && score.total > 0)
    #expect(run.transcript.contains("[customer] "))
    #expect(!run.scoreSheet.contains("未通过 FAIL"))
    #expect(
      run.scoreSheet.contains("得分(SCORE):")
        && run.scoreSheet.contains("\(score.total)/\(score.total)"))
    CounterFlowsAcceptanceTests.expectSlipsFit([("score sheet", run.scoreSheet)])
    try Self.expectNoPIN(run, name)
    #expect(try Acceptance.matchesGolden(run.transcript, "lessons/\(name).correct.transcript.txt"))
    #expect(try Acceptance.matchesGolden(run.scoreSheet, "lessons/\(name).correct.score.txt"))
  }

  @Test(arguments: lessons)
  func theClassicMistakeIsCaught(name: String, caughtBy: String) throws {
    let run = try Self.run(name, "mistake")
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    let score = try #require(Self.score(run.transcript, name), "\(run.transcript.suffix(800))")
    #expect(score.passed < score.total)
    let failed = run.scoreSheet.split(separator: "\n").filter {
      $0.hasPrefix(caughtBy) && $0.hasSuffix("未通过 FAIL")
    }
    #expect(failed.count == 1, "\(name): the check '\(caughtBy)' should fail:\n\(run.scoreSheet)")
    try Self.expectNoPIN(run, name)
    #expect(try Acceptance.matchesGolden(run.transcript, "lessons/\(name).mistake.transcript.txt"))
    #expect(try Acceptance.matchesGolden(run.scoreSheet, "lessons/\(name).mistake.score.txt"))
  }

  @Test func theSameKeysGiveTheSameTranscriptAndScore() throws {
    let first = try Self.run("declined", "correct")
    let second = try Self.run("declined", "correct")
    #expect(first.transcript == second.transcript)
    #expect(first.scoreSheet == second.scoreSheet)
  }
}

/// The README's complete example is the shipped lesson file, byte for byte, and its
/// table names every built-in lesson.
@Suite struct LessonDocsTests {
  @Test func theReadmesExampleIsTheShippedSignatureLesson() throws {
    let readme = DocsAgreeTests.readme
    let file = try String(
      contentsOf: Acceptance.configDirectory.appendingPathComponent("lessons/signature.yaml"),
      encoding: .utf8)
    #expect(readme.contains("```yaml\n" + file + "```"))
    for (name, _) in BuiltInLessonTests.lessons {
      #expect(readme.contains("| `\(name)` |"), "README: no row for \(name)")
    }
  }
}

extension LessonDocsTests {
  /// The README's transcript excerpt is the golden one's lines, not a made-up example.
  @Test func theReadmesTranscriptLinesAreTheGoldenRunsLines() throws {
    let readme = DocsAgreeTests.readme
    let golden = try String(
      contentsOf: BuiltInLessonTests.golden.appendingPathComponent(
        "declined.mistake.transcript.txt"), encoding: .utf8)
    let lines = golden.split(separator: "\n").filter {
      $0.hasPrefix("[") && !$0.hasPrefix("[reader]")
    }
    #expect(readme.contains("```\n" + lines.joined(separator: "\n") + "\n```"))
  }
}

/// `--lesson` refuses what would not give a fresh, well-timed lesson.
@Suite struct LessonRunOptionTests {
  @Test func aUsedStateFolderAnUnknownLessonAndASetupPastTheStartAreRefused() throws {
    let dir = Acceptance.scratch("lesson-options")
    defer { try? FileManager.default.removeItem(at: dir) }
    let used = dir.appendingPathComponent("used")
    try FileManager.default.createDirectory(at: used, withIntermediateDirectories: true)
    try "x".write(to: used.appendingPathComponent("journal.db"), atomically: true, encoding: .utf8)
    let receipts = dir.appendingPathComponent("receipts").path
    let inUse = try Hardening.run(
      ["--lesson", "amount", "--state", used.path, "--receipts", receipts], input: "")
    #expect(inUse.status == 2)
    #expect(inUse.stderr.contains("a lesson starts on a fresh terminal"))
    let unknown = try Hardening.run(["--lesson", "nope", "--receipts", receipts], input: "")
    #expect(unknown.status == 2 && unknown.stderr.contains("no such lesson"))
    // void-or-refund's setup ends at 08:00 on the lesson's day.
    let early = try Hardening.run(
      [
        "--lesson", "void-or-refund", "--clock", "2026-11-21T06:00:00+08:00", "--receipts",
        receipts,
      ],
      input: "")
    #expect(early.status == 2 && early.stderr.contains("run on past the lesson's start"))
    #expect(early.stdout == "")
  }

  @Test func aGivenEmptyStateFolderKeepsTheLessonsJournal() throws {
    let dir = Acceptance.scratch("lesson-state")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let run = try Hardening.run(
      [
        "--lesson", "counterfeit", "--state", state.path, "--receipts",
        dir.appendingPathComponent("receipts").path, "--clock", BuiltInLessonTests.clock,
      ], input: "\n01\n0000\n")
    #expect(run.status == 0)
    #expect(run.stdout.hasSuffix("[lesson] counterfeit: 0/1\n[end] 输入结束,终端待机\n"))
    let journal = state.appendingPathComponent("journal.sqlite")
    #expect(FileManager.default.fileExists(atPath: journal.path))
  }
}
