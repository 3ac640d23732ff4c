import Foundation
import Lessons
import ScriptFront
import TerminalConfig
import TerminalCore
import TerminalRuntime
import Testing

/// The coach in-process, with lessons made in code: what the lesson tokens do
/// with and without a customer at the counter.
@Suite struct LessonEngineTests {
  static let signIn = "<enter> 01<enter> 0000<enter>\n"

  static func run(_ lesson: Lesson?, _ script: String, strict: Bool = false) throws -> (
    transcript: String, runner: ScriptRunner, outcome: ScriptRunner.Outcome
  ) {
    let dir = Acceptance.scratch("lesson-engine")
    defer { try? FileManager.default.removeItem(at: dir) }
    let options = SessionOptions(
      stateDirectory: dir.appendingPathComponent("State"),
      receiptsDirectory: dir.appendingPathComponent("Receipts"),
      clockStart: ISO8601DateFormatter().date(from: "2026-11-21T09:30:00+08:00")!)
    let session = TerminalSession(configuration: try Acceptance.configuration(), options: options)
    let coach = lesson.map { LessonCoach(lesson: $0, session: session) }
    var transcript = ""
    let runner = ScriptRunner(session: session, strict: strict, coach: coach) { transcript += $0 }
    let outcome = runner.run(InputTokenizer.tokens(script, mode: .scriptFile))
    return (transcript, runner, outcome)
  }

  static func customer(_ items: [LessonItem], checks: [LessonCheck]) -> LessonCustomer {
    LessonCustomer(says: LessonText(zh: "一共50元", en: "50 yuan"), presents: items, checks: checks)
  }

  @Test func outsideALessonTheLessonTokensAreReportedAndIgnored() throws {
    let run = try Self.run(nil, Self.signIn + "<swipe> <scan> <retain> <next>", strict: true)
    #expect(run.transcript.contains("[input] <swipe>: needs a card number"))
    #expect(run.transcript.contains("[input] <scan>: needs the payment code on the phone"))
    #expect(run.transcript.contains("[input] <retain>: only in a lesson (--lesson)"))
    #expect(run.runner.ignoredCount == 4)
    #expect(!run.transcript.contains("[lesson]"))
  }

  @Test func aCustomerWithAPhoneHasNoCardToSwipe() throws {
    let lesson = Lesson(
      name: "phone", title: LessonText(zh: "扫码", en: "QR"),
      customers: [Self.customer([.phone(1)], checks: [.charged(5000)])])
    let run = try Self.run(lesson, Self.signIn + "1 5000<enter> <swipe>", strict: true)
    #expect(run.transcript.contains("[input] <swipe>: 顾客没有出示银行卡"))
    #expect(run.runner.ignoredCount == 1)
    // Input ended mid-sale: the customer was served, wrongly; the score still comes.
    guard case .unfinished = run.outcome else {
      Issue.record("the run should end mid-sale: \(run.outcome)")
      return
    }
    #expect(run.transcript.contains("[lesson] phone: 0/1\n[end] "))
  }

  @Test func aCustomerNotYetServedWhenInputEndsIsNotServed() throws {
    let lesson = Lesson(
      name: "two", title: LessonText(zh: "两位", en: "Two"),
      customers: [
        Self.customer([.card(1)], checks: [.nothingSent]),
        Self.customer([.card(1)], checks: [.charged(5000)]),
      ])
    // Nothing sent, but the first customer was never served: no pass for doing nothing.
    let run = try Self.run(lesson, Self.signIn)
    #expect(run.transcript.contains("[lesson] 顾客 1/2 ✗ 用时0秒: 未接待"))
    #expect(run.transcript.contains("[lesson] 顾客 2/2 ✗ 用时0秒: 未接待"))
    #expect(run.transcript.contains("[lesson] two: 0/2\n[end] "))
  }

  @Test func aWrongPINIsAnotherPINAndNeverTheCardsOwn() {
    #expect(LessonCoach.wrong("123456") == "234567")
    #expect(LessonCoach.wrong("999") == "000")
    #expect(LessonCoach.wrong("") == "111111")
  }
}
