import Foundation
import ScriptFront
import TerminalRuntime
import Testing

@testable import TerminalCore

/// `<expect …>` in a script: met, failed, and failed with the run going on to exit 5.
@Suite("Self-checking scripts")
struct ExpectationTests {
  static let clock = "2026-11-21T09:30:00+08:00"
  static let signIn = "<enter> 01<enter> 0000<enter>\n"
  static let sale = "1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>\n"

  struct Run {
    var transcript: String
    var exit: Int32
    var met: Int
    var failures: [ExpectationLedger.Failure]
  }

  /// Runs `script` in-process as `pos-terminal --script` would.
  func run(_ script: String, strict: Bool = false, config: URL? = nil) throws -> Run {
    let dir = Acceptance.scratch("expect")
    defer { try? FileManager.default.removeItem(at: dir) }
    let options = SessionOptions(
      stateDirectory: dir.appendingPathComponent("state"),
      receiptsDirectory: dir.appendingPathComponent("receipts"),
      clockStart: ISO8601DateFormatter().date(from: Self.clock)!)
    let session = TerminalSession(
      configuration: try Acceptance.configuration(config), options: options)
    var transcript = ""
    let runner = ScriptRunner(session: session, strict: strict) { transcript += $0 }
    let outcome = runner.run(InputTokenizer.tokens(script, mode: .scriptFile))
    return Run(
      transcript: transcript, exit: runner.exitCode(outcome), met: runner.expectations.met,
      failures: runner.expectations.failures)
  }

  func frames(_ transcript: String) -> Int {
    transcript.components(separatedBy: "=== frame ").count - 1
  }

  // MARK: <expect TEXT>

  @Test func theScreenMet() throws {
    let run = try run(
      Self.signIn + "1 5000<enter> <expect 金额:   50.00>  <swipe 1><expect 6222020000002227> <enter>"
        + "123456<enter> <expect 交易成功> <enter>")
    #expect(run.exit == 0, "\(run.transcript.suffix(600))")
    #expect(run.met == 3 && run.failures.isEmpty)
    #expect(run.transcript.contains("[expect] ok <expect 金额:   50.00>\n"))
    #expect(run.transcript.contains("[expect] ok <expect 交易成功>\n"))
  }

  @Test func theScreenFailedTheRunGoesOnAndExitsFive() throws {
    let run = try run(
      Self.signIn + "1 5000<enter> <expect 金额: 60.00> <swipe 1> <enter> 123456<enter> <enter>"
        + "<expect 主菜单>")
    #expect(run.exit == 5)
    #expect(run.met == 1)
    let failure = try #require(run.failures.first)
    #expect(run.failures.count == 1)
    #expect(failure.wanted == "<expect 金额: 60.00>")
    #expect(failure.shows.hasPrefix("screen shows 消费 金额: 50.00 请刷卡"), "\(failure.shows)")
    let line =
      "[expect] FAILED after frame \(failure.frame): wanted <expect 金额: 60.00>, screen shows "
    #expect(run.transcript.contains(line))
    // The screen follows the line, boxed as a frame is.
    let after = try #require(run.transcript.components(separatedBy: line).last)
    #expect(after.split(separator: "\n").dropFirst().first == "+------------------------+")
    // The run went on: the sale was made, both slips printed, the menu checked.
    #expect(run.transcript.contains("_cardholder.txt"))
    #expect(run.transcript.contains("[expect] ok <expect 主菜单>"))
    // The end lists each failure and says exit 5.
    #expect(run.transcript.contains("[expect] 1 expectation(s) failed, 1 met; exit 5:\n"))
    #expect(run.transcript.hasSuffix("[expect] \(failure.summary)\n"))
  }

  @Test func aPINFieldIsSeenMaskedAndAFailureNeverEchoesItsDigits() throws {
    let met = try run(Self.signIn + "1 5000<enter> <swipe 1> <enter> 123456 <expect ******>")
    #expect(met.met == 1 && met.failures.isEmpty, "\(met.transcript.suffix(600))")
    let failed = try run(Self.signIn + "1 5000<enter> <swipe 1> <enter> 123456 <expect 123456>")
    #expect(failed.exit == 5)
    #expect(failed.failures.first?.wanted == "<expect ******>")
    #expect(!failed.transcript.contains("123456"), "the PIN is nowhere in the transcript")
  }

  // MARK: <expect-slip TEXT>

  @Test func theSlipMetAndFailed() throws {
    let met = try run(
      Self.signIn + Self.sale + "<expect-slip 持卡人存根> <expect-slip 金额(AMOUNT): RMB 50.00>")
    #expect(met.exit == 0 && met.met == 2, "\(met.transcript.suffix(900))")
    let failed = try run(
      "<expect-slip 50.00>" + Self.signIn + Self.sale + "<expect-slip RMB 60.00> <expect 主菜单>")
    #expect(failed.exit == 5)
    #expect(
      failed.failures.map(\.shows) == [
        "no slip has been printed",
        "the last slip, 20261121-093000_B000001_V000001_cardholder.txt, does not hold it",
      ])
    #expect(failed.met == 1, "the run went on to the menu")
    // The slip that did not hold the text is shown with the failure.
    let shown = failed.transcript.split(separator: "\n").filter { $0.hasPrefix("[expect]   ") }
    #expect(shown.contains { $0.contains("持卡人存根 CARDHOLDER COPY") })
    #expect(shown.contains { $0.contains("RMB 50.00") })
  }

  // MARK: <expect-code NN>

  @Test func theResponseCodeMetAndFailed() throws {
    let approved = try run(Self.signIn + Self.sale + "<expect-code 00>")
    #expect(approved.exit == 0 && approved.met == 1)
    // Card 3 holds 10.00: 51. The run goes on to a good sale, then fails again.
    let declined = try run(
      "<expect-code 00>" + Self.signIn + "<expect-code 00>"
        + "1 5000<enter> <swipe 3> <enter> 111111<enter> <expect-code 51> <enter>"
        + "<expect-code 00>" + Self.sale + "<expect-code 51>")
    #expect(declined.exit == 5)
    #expect(declined.met == 2, "the sign-in's 00 and the decline's 51")
    #expect(
      declined.failures.map(\.shows) == [
        "no host reply has come", "the last host reply carried 51",
        "the last host reply carried 00",
      ])
  }

  // MARK: <expect-exit N>

  @Test func theExitStatusMetMakesTheRunPass() throws {
    // Input ends mid-sale: exit 3 of its own, which the script expects.
    let run = try run(Self.signIn + "1 5000<enter> <expect-exit 3>")
    #expect(run.exit == 0)
    #expect(run.transcript.contains("[end] 输入结束,交易未完成"))
    #expect(run.transcript.hasSuffix("[expect] ok <expect-exit 3>\n"))
  }

  @Test func theExitStatusFailedExitsFive() throws {
    let run = try run(Self.signIn + "1 5000<enter> <expect-exit 0> <expect 请刷卡>")
    #expect(run.exit == 5)
    #expect(run.met == 1, "the screen after the exit expectation was still checked")
    #expect(run.failures.map(\.shows) == ["the run exits 3"])
    let frame = try #require(run.failures.first?.frame)
    #expect(frame == frames(run.transcript), "said after the last frame before it")
    #expect(
      run.transcript.contains(
        "[expect] FAILED after frame \(frame): wanted <expect-exit 0>, the run exits 3\n"))
  }

  // MARK: --strict

  @Test func strictAndExpectationsWorkTogether() throws {
    // `9` at the main menu changes nothing: strict counts it.
    let both = try run(Self.signIn + "9 <expect 交易成功>", strict: true)
    #expect(both.exit == 5, "an expectation failed: 5 before strict's 2")
    #expect(both.transcript.contains("[strict] 1 input(s) ignored; exit 2:"))
    #expect(both.transcript.contains("[expect] 1 expectation(s) failed, 0 met; exit 5:"))
    let strictOnly = try run(Self.signIn + "9 <expect 主菜单>", strict: true)
    #expect(strictOnly.exit == 2)
    let expected = try run(Self.signIn + "9 <expect-exit 2>", strict: true)
    #expect(expected.exit == 0, "a strict script may expect its own exit 2")
  }

  @Test func anExpectationIsNoInputToTheTerminal() throws {
    // Strict: an expectation is not a key the terminal ignored, and makes no frame.
    let plain = try run(Self.signIn)
    let checked = try run("<expect 签到>" + Self.signIn + "<expect 1.消费>", strict: true)
    #expect(checked.exit == 0, "\(checked.transcript.suffix(600))")
    #expect(frames(checked.transcript) == frames(plain.transcript))
  }
}
