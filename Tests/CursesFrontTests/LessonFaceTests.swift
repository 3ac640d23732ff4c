import Foundation
import Lessons
import ScriptFront
import TerminalConfig
import TerminalCore
import TerminalRuntime
import Testing

@testable import CursesFront

/// A lesson at the face: the customer panel, the lesson keys, the customer's PIN
/// after a real pause (never shown, never recorded), the score at the end.
@Suite("A lesson at the face", .serialized)
struct LessonFaceTests {
  static let clock = "2026-11-21T09:30:00+08:00"

  static let amount = Lesson(
    name: "amount", title: LessonText(zh: "金额以分输入", en: "The amount in fen"),
    customers: [
      LessonCustomer(
        says: LessonText(zh: "一共50元", en: "That's 50 yuan"), presents: [.card(1)],
        advice: LessonText(zh: "金额以分输入: 50元输入5000", en: "Key fen: 5000"),
        checks: [.charged(5000)])
    ])

  static func char(_ c: Character) -> InputKey { .char(c.unicodeScalars.first!.value) }

  static func session(_ dir: URL, language: Language = .zh) throws -> TerminalSession {
    TerminalSession(
      configuration: try ConfigLoader.load(
        directory: RealSessionFrameTests.packageRoot.appendingPathComponent("Config")),
      options: SessionOptions(
        stateDirectory: dir.appendingPathComponent("state"),
        receiptsDirectory: dir.appendingPathComponent("receipts"),
        clockStart: ISO8601DateFormatter().date(from: clock)!, language: language, seed: 1))
  }

  static func frame(_ face: FaceController) -> String {
    FaceRenderer.render(face.model(), width: 80, height: 24).lines(trimmingTrailingSpaces: true)
      .joined(separator: "\n")
  }

  static func digits(_ s: String) -> [FaceAction] { RealSessionFrameTests.digits(s) }

  /// Sign-in, then a sale of 50.00 whose card is the customer's (`s`), confirmed.
  static let signInAndSale: [FaceAction] =
    [.key(.enter)] + digits("01") + [.key(.enter)] + digits("0000") + [.key(.enter)]
    + digits("15000") + [.key(.enter), KeyMap.action(for: char("s"), inLesson: true), .key(.enter)]

  /// The whole lesson at the face over a real session and coach: the customer keys
  /// in the PIN after the pause, signs, and leaves served (✓). The recording holds
  /// the lesson's `<swipe>`, never the customer's PIN, and replays through the
  /// scripted front with the same lesson to the same slips and verdict.
  @Test func aCustomerIsServedAndTheRecordingReplays() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-lesson-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let session = try Self.session(dir)
    let coach = LessonCoach(lesson: Self.amount, session: session)
    let recording = dir.appendingPathComponent("lesson.keys")
    let face = FaceController(
      session: session, recorder: try ScriptRecorder(url: recording), lesson: coach)
    face.start()
    #expect(Self.frame(face).contains("顾客 1/1: “一共50元”"))
    #expect(Self.frame(face).contains("课程 amount 金额以分输入 · 通过 0/1"))
    for action in Self.signInAndSale { face.handle(action) }

    // The customer is at the PIN pad: the panel says so, the cashier waits.
    #expect(face.customerPauseLeft == FaceController.customerPause)
    #expect(Self.frame(face).contains("顾客在密码键盘上输入密码"))
    let time = session.now
    face.handle(.key(.digit(1)))
    #expect(face.note == "顾客正在输入密码,请稍候")
    face.handle(.cashier(.next))
    #expect(!coach.isOver)
    face.tick(seconds: 1)  // not over yet; the session's clock stands still
    #expect(face.customerPauseLeft == 0.5)
    #expect(session.now == time)
    face.tick(seconds: 1)
    #expect(face.customerPauseLeft == nil)
    #expect(session.now >= time.addingTimeInterval(LessonCoach.pinPauseSeconds))
    // Approved; the customer signs the merchant copy; Enter prints theirs.
    #expect(session.screen.lines.contains { $0.text.contains("交易成功") })
    #expect(face.lessonLines.contains("[customer] 顾客在商户存根上签名"))
    face.handle(.key(.enter))
    #expect(coach.isOver)
    #expect(coach.passed == 1)
    #expect(coach.lastFeedback?.contains("✓") == true)
    let shown = Self.frame(face)
    #expect(shown.contains("顾客 1/1 ✓"))
    #expect(shown.contains("通过 1/1"))
    #expect(shown.contains("课程结束"))

    // Quit: the score sheet is written, the score is the last line.
    let closing = face.finishLesson()
    #expect(closing.last == "[lesson] amount: 1/1")
    #expect(face.finishLesson() == closing)
    let receipts = dir.appendingPathComponent("receipts")
    let slips = try FileManager.default.contentsOfDirectory(atPath: receipts.path).sorted()
    #expect(slips.count == 3, "\(slips)")  // merchant copy, customer copy, score sheet

    // The recording: the lesson's token, no PIN (whole, spaced, or as `<pin>`).
    let text = try String(contentsOf: recording, encoding: .utf8)
    #expect(
      text == "<enter> 0 1 <enter> <password 01> <enter> 1 5 0 0 0 <enter> <swipe> <enter> <enter> "
    )
    let pin = try #require(session.deck[0].pin)
    #expect(!text.contains(pin) && !text.contains(pin.map(String.init).joined(separator: " ")))
    #expect(!text.contains("<pin>") && !text.contains("<masked"))
    #expect(RecordReplayTests.digitRuns(text) == ["01", "15000"])

    // Replayed through the scripted front with the same lesson: the coach types the
    // PIN again; the same slips, the same verdict.
    let replayDir = dir.appendingPathComponent("replay")
    let replaySession = try Self.session(replayDir)
    let replayCoach = LessonCoach(lesson: Self.amount, session: replaySession)
    var transcript = ""
    let runner = ScriptRunner(session: replaySession, coach: replayCoach) { transcript += $0 }
    runner.passwords = ["01": "0000"]
    let outcome = runner.run(InputTokenizer.tokens(text, mode: .rawKeystrokes))
    #expect(outcome == .atRest, "\(transcript)")
    #expect(!transcript.contains("[input]"), "\(transcript)")
    #expect(replayCoach.passed == 1)
    let replayed = try FileManager.default.contentsOfDirectory(
      atPath: replayDir.appendingPathComponent("receipts").path
    ).sorted()
    #expect(replayed == slips)
    for name in slips {
      let a = try Data(contentsOf: receipts.appendingPathComponent(name))
      let b = try Data(contentsOf: replayDir.appendingPathComponent("receipts/" + name))
      #expect(a == b, "\(name) differs")
    }
  }

  /// Outside a lesson `k`, `g`, `n` and the lesson's `s i t c` meanings do nothing.
  @Test func outsideALessonTheLessonActionsAreIgnored() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-nolesson-\(UUID()).keys")
    defer { try? FileManager.default.removeItem(at: url) }
    let fake = FakeSession()
    let face = FaceController(session: fake, recorder: try ScriptRecorder(url: url))
    face.start()
    #expect(!face.inLesson)
    for action: FaceAction in [
      .cashier(.retain), .cashier(.signed), .cashier(.next), .present(.swipe), .present(.scan),
    ] {
      #expect(face.handle(action) == false)
    }
    #expect(fake.calls == ["powerOn"])
    #expect(try String(contentsOf: url, encoding: .utf8) == "")
    #expect(face.model().lesson == nil)
    #expect(face.finishLesson() == [])
  }

  /// The lesson keys with a fake coach: what the customer presents goes through the
  /// session and is recorded as the lesson's token; no card is a note; the cashier's
  /// keys reach the coach and the recording; the customer's PIN waits for the pause,
  /// blocks the cashier meanwhile, and is neither recorded nor shown.
  @Test func lessonKeysReachTheCoachAndTheRecording() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-fakelesson-\(UUID()).keys")
    defer { try? FileManager.default.removeItem(at: url) }
    let fake = FakeSession(language: .en)
    let lesson = FakeLesson()
    let face = FaceController(
      session: fake, recorder: try ScriptRecorder(url: url), lesson: lesson)
    face.start()
    #expect(lesson.calls == ["begin", "afterStep", "pinTurn"])
    #expect(face.lessonLog == ["[customer] Customer 1/2: \"That's 50 yuan\""])
    lesson.calls = []

    lesson.presents = .swipe(3)
    face.handle(.present(.swipe))
    #expect(fake.calls.last == "<swipe 3>")
    #expect(lesson.calls.prefix(2) == ["token swipe", "cardHandled <swipe 3>"])
    lesson.presents = nil
    face.handle(.present(.insert))
    #expect(face.note == "the customer presents no bank card")
    #expect(face.model().lesson?.customer == lesson.panel)
    // While the host answers, the lesson's keys wait.
    fake.isWaitingForHost = true
    face.handle(.cashier(.retain))
    face.handle(.present(.swipe))
    #expect(face.note == "Waiting for the host's reply")
    #expect(!lesson.calls.contains("cashier retain"))
    fake.isWaitingForHost = false
    face.handle(.cashier(.retain))
    #expect(lesson.calls.contains("cashier retain"))
    #expect(face.lessonLog.last == "[cashier] Cashier retains the card")

    // The PIN: armed by the next step, typed after the pause.
    lesson.pin = [.digit(4), .digit(2), .enter]
    face.handle(.key(.enter))
    #expect(face.customerPauseLeft == FaceController.customerPause)
    #expect(face.model().lesson?.typing == "Customer keys in the PIN (3 s)")
    let before = fake.calls
    face.handle(.key(.digit(7)))  // the cashier waits
    face.handle(.present(.swipe))
    #expect(face.note == "The customer is keying in the PIN: wait")
    face.handle(.paperUp)  // the face's own keys still work
    face.customerTime(1.0)
    face.tick(seconds: 3)  // the customer's seconds: not recorded, not on the clock
    #expect(face.customerPauseLeft == nil)
    #expect(Array(fake.calls.dropFirst(before.count)) == ["<wait 3>", "4", "2", "<enter>"])
    #expect(face.model().lesson?.typing == nil)

    // A verdict: shown as the feedback, the log starts again.
    lesson.leave = "Customer 1/2 ✓ 12 s"
    face.handle(.cashier(.next))
    #expect(face.model().lesson?.feedback == "Customer 1/2 ✓ 12 s")
    #expect(face.lessonLog == ["[customer] Customer 2/2: \"8.50, please\""])
    let closing = face.finishLesson()
    #expect(closing == ["[lesson] amount: 1/2"])
    #expect(lesson.calls.filter { $0 == "finish" }.count == 1)
    face.finishLesson()
    #expect(lesson.calls.filter { $0 == "finish" }.count == 1)

    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text == "<swipe> <retain> <enter> <next> ")
  }

  /// The customer panel at 80×24 in both languages: every row exactly 80 columns, a
  /// long customer text and a long note wrapped whole, the lesson's key legend.
  @Test(arguments: Language.allCases)
  func thePanelFitsAndWraps(language: Language) throws {
    let zh = language == .zh
    let says =
      zh
      ? "顾客 2/3: “我要买这台咖啡机和两袋咖啡豆一共是一千二百三十四元五角, 刷我这张信用卡吧, 谢谢你”"
      : "Customer 2/3: \"I'll take the espresso machine and two bags of beans, that's 1,234.50 in all, on this credit card please\""
    let presents =
      zh
      ? "出示 银行卡 6225 8801 6720 3943 LI/SI 有效期 08/29 招商银行 (磁条/芯片/闪付)"
      : "Presents bank card 6225 8801 6720 3943 LI/SI valid thru 08/29 招商银行 (stripe/chip/contactless)"
    let note =
      zh
      ? "顾客没有出示手机, 请按顾客出示的卡片选择刷卡、插卡或挥卡"
      : "the customer presents no phone: swipe, insert or tap the card they hold out"
    let fake = FakeSession(language: language)
    var model = FaceModel(
      screen: fake.screen, status: fake.status, timeZone: fake.timeZone, language: language,
      note: note,
      lesson: LessonPanel(
        name: "amount", title: zh ? "金额以分输入" : "The amount in fen", passed: 1, total: 3,
        isOver: false, customer: [says, presents],
        log: [zh ? "收银员没收卡片" : "Cashier retains the card"],
        feedback: zh ? "顾客 1/3 ✓ 用时12秒" : "Customer 1/3 ✓ 12 s"))
    for height in [24, 30] {
      let buffer = FaceRenderer.render(model, width: 80, height: height)
      let lines = buffer.lines()
      #expect(lines.allSatisfy { DisplayWidth.of($0) == 80 })
      let panel = lines[12..<(height - 2)].map { line in
        // Inside the panel's box: columns 1..44.
        var inside = ""
        var column = 0
        for ch in line {
          let w = DisplayWidth.of(ch)
          if column >= 1 && column + w <= 45 { inside.append(ch) }
          column += w
        }
        return inside.trimmingCharacters(in: .whitespaces)
      }
      let joined = panel.joined(separator: " ")
      func squeezed(_ s: String) -> String { s.filter { $0 != " " } }
      // Every text whole, in order, wrapped at spaces (or between wide glyphs).
      for text in [says, presents, note] {
        #expect(squeezed(joined).contains(squeezed(text)), "\(text) in \(panel)")
      }
      // Short of rows (the en texts take two more), the score goes first.
      if zh || height > 24 {
        #expect(
          panel.contains(
            zh ? "课程 amount 金额以分输入 · 通过 1/3" : "Lesson amount The amount in fen · passed 1/3"))
      }
      #expect(
        panel.last == (zh ? "k 没收卡片  g 核对签名  n 请下一位" : "k retain card  g signature ok  n next"))
      #expect(panel.contains(zh ? "顾客 1/3 ✓ 用时12秒" : "Customer 1/3 ✓ 12 s"))
      let text = lines.joined(separator: "\n")
      #expect(text.contains(zh ? "┌─ 顾客 ─" : "┌─ CUSTOMER ─"))
      #expect(text.contains(zh ? "│k g n 见下方顾客栏│" : "│k g n see below   │"))
      #expect(text.contains(zh ? "│s i t 刷插挥顾客卡│" : "│s i t swp/ins/tap │"))
      // No tray, and the note is not cut under the LCD.
      #expect(!text.contains(zh ? "卡托" : "CARD TRAY"))
      if height == 30 { #expect(text.contains(zh ? "收银员没收卡片" : "Cashier retains the card")) }
    }
    // The quit dialog says the lesson ends.
    model.quitPrompt = true
    let quitting = FaceRenderer.render(model, width: 80, height: 24).lines()
    #expect(quitting.allSatisfy { DisplayWidth.of($0) == 80 })
    #expect(quitting.joined().contains(zh ? "退出即结束课程 amount" : "Quitting ends lesson amount"))
  }
}

/// The panel's wrapping: Chinese breaks between glyphs, never before closing
/// punctuation; nothing is cut at any width.
@Test func thePanelWrapsChineseWholeAtAnyWidth() {
  let texts = [
    "顾客 2/3: “我要买这台咖啡机, 刷我这张信用卡吧。” 然后走了",
    "出示 银行卡 6225 8801 6720 3943 LI/SI 有效期 08/29 招商银行 (磁条/芯片/闪付)",
    "Presents bank card 6225880167203943XXXXXXXXXXXXXXXXXXXXXXXX valid thru 08/29",
  ]
  for text in texts {
    for columns in [4, 7, 10, 17, 30, 44, 200] {
      let lines = DisplayWidth.wrap(text, to: columns, .panel)
      #expect(lines.allSatisfy { DisplayWidth.of($0) <= columns }, "\(columns): \(lines)")
      #expect(
        lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, "\(columns): \(lines)")
      #expect(!lines.contains { $0.hasPrefix(" ") || $0.hasSuffix(" ") })
      if columns >= 7 {
        #expect(!lines.contains { $0.first.map { "，。”,".contains($0) } ?? false }, "\(lines)")
      }
    }
  }
  #expect(DisplayWidth.wrap("顾客 1/1: “一共50元”", to: 12, .panel) == ["顾客 1/1:", "“一共50元”"])
  #expect(DisplayWidth.wrap("一二三四五六", to: 8, .panel) == ["一二三四", "五六"])
  #expect(LessonPanel.untagged("[customer] 顾客在商户存根上签名") == "顾客在商户存根上签名")
  #expect(LessonPanel.untagged("[x1] kept") == "[x1] kept")
}

/// A stand-in coach: scripted answers, and a record of what the face asked.
final class FakeLesson: FaceLesson {
  var lessonName = "amount"
  var lessonTitle = LessonText(zh: "金额以分输入", en: "The amount in fen")
  var customers = ["Customer 1/2: \"That's 50 yuan\"", "Customer 2/2: \"8.50, please\""]
  var current = 0
  var panel: [String] { isOver ? ["Lesson over"] : [customers[current]] }
  var lastFeedback: String?
  var isOver: Bool { current >= customers.count }
  var passed = 0
  var total: Int { customers.count }
  /// What the customer holds out (nil: nothing).
  var presents: InputToken? = .swipe(1)
  /// Keys the next `pinTurn` returns, once.
  var pin: [Key]?
  /// The verdict the next `<next>` gives.
  var leave = "Customer 1/2 ✗"
  var calls: [String] = []

  func begin() -> [String] {
    calls.append("begin")
    return ["[customer] " + customers[0]]
  }
  func presentedToken(for action: PresentedAction) -> Result<InputToken, FaceLessonProblem> {
    calls.append("token \(action.rawValue)")
    guard let presents else {
      return .failure(FaceLessonProblem("the customer presents no bank card"))
    }
    switch (action, presents) {
    case (.swipe, .swipe(let n)), (.insert, .swipe(let n)), (.tap, .swipe(let n)):
      return .success(action == .swipe ? .swipe(n) : action == .insert ? .insert(n) : .tap(n))
    default: return .failure(FaceLessonProblem("no"))
    }
  }
  func cardHandled(_ token: InputToken) { calls.append("cardHandled \(token.text)") }
  func cashier(_ action: CashierAction) -> [String] {
    calls.append("cashier \(action.rawValue)")
    switch action {
    case .retain: return ["[cashier] Cashier retains the card"]
    case .signed: return ["[cashier] Cashier checks the signature"]
    case .next:
      lastFeedback = leave
      passed += leave.contains("✓") ? 1 : 0
      current += 1
      return ["[cashier] Cashier: next, please", "[lesson] " + leave]
        + (isOver ? [] : ["[customer] " + customers[current]])
    }
  }
  func pinTurn() -> (keys: [Key], line: String)? {
    calls.append("pinTurn")
    defer { pin = nil }
    return pin.map { ($0, "[customer] Customer keys in the PIN (3 s)") }
  }
  func afterStep() -> [String] {
    calls.append("afterStep")
    return []
  }
  func finish() -> [String] {
    calls.append("finish")
    return ["[lesson] \(lessonName): \(passed)/\(total)"]
  }
}
