import Foundation
import Lessons
import ScriptFront
import TerminalConfig
import TerminalCore
import TerminalRuntime
import Testing

@Suite struct LessonEngineTests {
  static func run(_ lesson: Lesson, _ script: String, clock: String = "2026-11-21T09:30:00+08:00")
    throws -> (transcript: String, coach: LessonCoach, receipts: URL)
  {
    let dir = Acceptance.scratch("lesson")
    let options = SessionOptions(
      stateDirectory: dir.appendingPathComponent("State"),
      receiptsDirectory: dir.appendingPathComponent("Receipts"),
      clockStart: ISO8601DateFormatter().date(from: clock)!)
    let session = TerminalSession(configuration: try Acceptance.configuration(), options: options)
    let coach = LessonCoach(lesson: lesson, session: session)
    var transcript = ""
    let runner = ScriptRunner(session: session, coach: coach) { transcript += $0 }
    _ = runner.run(InputTokenizer.tokens(script, mode: .scriptFile))
    return (transcript, coach, dir.appendingPathComponent("Receipts"))
  }

  static let amount = Lesson(
    name: "amount", title: LessonText(zh: "金额以分输入", en: "The amount in fen"),
    customers: [
      LessonCustomer(
        says: LessonText(zh: "一共50元", en: "That's 50 yuan"), presents: [.card(1)],
        advice: LessonText(zh: "金额以分输入: 50元输入5000", en: "Key fen: 5000"),
        checks: [.charged(5000)]),
      LessonCustomer(
        says: LessonText(zh: "一共8块5", en: "8.50, please"), presents: [.card(2)],
        checks: [.charged(850)]),
    ])

  @Test func experiment() throws {
    let r = try Self.run(
      Self.amount,
      "<enter> 01<enter> 0000<enter> 1 5000 <enter> <swipe> <enter> 1 85 <enter> <swipe> <enter> <next>"
    )
    print(r.transcript)
  }
}
