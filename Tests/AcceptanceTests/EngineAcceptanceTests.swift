import Foundation
import Journal
import ScriptFront
import TerminalCore
import Testing

/// The host answers later and the printer reports back: the scenarios a
/// trainer sets up in Config/ (reply_delay_s, host_timeout_s, paper_out_after),
/// run through the real session and journal.
@Suite("A slow host and a printer that runs out of paper")
struct EngineAcceptanceTests {
  static let signIn = "<enter> 01<enter> 0000<enter>\n"
  static let sale = "1 5000<enter> <swipe 1> <enter> 123456<enter>\n"
  static let clock = "2026-11-21T09:30:00+08:00"

  struct Run {
    var transcript: String
    var outcome: ScriptRunner.Outcome
    var dir: URL
    var journal: TerminalJournal {
      get throws { try TerminalJournal(path: dir.appendingPathComponent("state/journal.sqlite")) }
    }
    var slips: [(String, String)] { Acceptance.slips(in: dir.appendingPathComponent("receipts")) }
  }

  static func run(_ script: String, config: [String: [String: String]], dir: URL? = nil) throws
    -> Run
  {
    let dir = dir ?? Acceptance.scratch("engine")
    let configDir = try Acceptance.config(config)
    let (transcript, outcome) = try Acceptance.runScript(
      script, clock: clock, state: dir.appendingPathComponent("state"),
      receipts: dir.appendingPathComponent("receipts"), config: configDir)
    return Run(transcript: transcript, outcome: outcome, dir: dir)
  }

  /// The frame headers of a transcript, for checking when things happened.
  static func headers(_ transcript: String) -> [String] {
    transcript.split(separator: "\n").filter { $0.hasPrefix("=== frame") }.map(String.init)
  }

  @Test func aSlowReplyArrivesInVirtualTimeWhileTheScreenCountsDown() throws {
    let run = try Self.run(
      Self.signIn + Self.sale + "<wait 2>\n<enter>",
      config: ["host.yaml": ["reply_delay_s": "5"]])
    #expect(run.outcome == .atRest)
    // Sign-in also takes 5 s: the sale starts at 09:30:05.
    #expect(run.transcript.contains("· 2026-11-21 09:30:07 +08:00 · <wait 2> ==="))
    #expect(run.transcript.contains("剩余58秒"), "the sale's wait began at 09:30:05")
    // The Enter after the wait is held until the reply at 09:30:10.
    #expect(run.transcript.contains("· 2026-11-21 09:30:10 +08:00 · waiting for the host ==="))
    #expect(run.transcript.contains("交易成功"))
    let records = try run.journal.allTransactions()
    #expect(records.map(\.status) == [.approved])
    #expect(run.slips.count == 2)
  }

  @Test func aReplySlowerThanTheTimeoutTimesOutAndItsLateArrivalIsDroppedWithANote() throws {
    let run = try Self.run(
      Self.signIn + "<wait 45>",
      config: ["host.yaml": ["reply_delay_s": "40"], "terminal.yaml": ["host_timeout_s": "30"]])
    #expect(run.outcome == .atRest)
    #expect(run.transcript.contains("· 2026-11-21 09:30:30 +08:00 · <wait 45> ==="))
    #expect(run.transcript.contains("签到失败"))
    #expect(run.transcript.contains("68 交易超时,请重试"))
    let note = run.transcript.split(separator: "\n").first {
      $0.hasPrefix("[note] host reply dropped")
    }
    #expect(
      note?.hasSuffix(
        "sign-in for terminal 10000001 batch 000001 trace 000000 is not the request awaited")
        == true)
  }

  @Test func paperOutShowsTheFaultAndEnterAfterReloadingPrintsTheSameCopy() throws {
    let run = try Self.run(
      Self.signIn + Self.sale + "<enter>   # the cardholder copy: no paper\n"
        + "<enter>   # retry without paper: still out\n"
        + "<paper> <enter>   # reload, retry\n",
      config: ["printer.yaml": ["paper_out_after": "1"]])
    #expect(run.outcome == .atRest)
    #expect(run.transcript.contains("打印失败"))
    #expect(run.transcript.contains("请检查打印纸"))
    #expect(run.transcript.contains("[note] printer: out of paper"))
    #expect(run.transcript.contains("[note] printer: paper loaded"))
    #expect(
      run.slips.map(\.0).sorted() == [
        "20261121-093000_B000001_V000001_cardholder.txt",
        "20261121-093000_B000001_V000001_merchant.txt",
      ])
    #expect(try run.journal.snapshot().owedSlips.isEmpty)
  }

  @Test func aSkippedCopyIsOwedAcrossAPowerOffAndMenu71PrintsIt() throws {
    let dir = Acceptance.scratch("engine-owed")
    let first = try Self.run(
      Self.signIn + Self.sale + "<enter> <cancel>   # no paper for the cardholder copy: skip\n",
      config: ["printer.yaml": ["paper_out_after": "1"]], dir: dir)
    #expect(first.outcome == .atRest)
    let owed = try first.journal.snapshot().owedSlips
    guard case .receipt(let record, .cardholder, false)? = owed.first, owed.count == 1 else {
      Issue.record("expected the cardholder copy owed, got \(owed)")
      return
    }
    #expect(record.trace == 1)
    #expect(first.slips.count == 1)

    // Power on again with paper: menu 7-1 prints the owed copy as the original.
    let second = try Self.run(Self.signIn + "71", config: [:], dir: dir)
    #expect(second.transcript.contains("补打未打印凭条1张"))
    #expect(second.slips.map(\.0).contains("20261121-093000_B000001_V000001_cardholder.txt"))
    #expect(try second.journal.snapshot().owedSlips.isEmpty)
  }

  @Test func aSettlementSlipWithNoPaperPrintsAtTheNextPowerOn() throws {
    let dir = Acceptance.scratch("engine-settle")
    let dayOne = try Acceptance.runScript(
      Self.signIn + Self.sale + "<enter>", clock: "2026-11-20T10:00:00+08:00",
      state: dir.appendingPathComponent("state"), receipts: dir.appendingPathComponent("receipts"))
    #expect(dayOne.outcome == .atRest)
    let configDir = try Acceptance.config(["printer.yaml": ["paper_out_after": "1"]])
    let dayTwo = try Acceptance.runScript(
      Self.signIn + "<enter> <enter> <enter>   # settle, print both detail lists\n"
        + "<cancel>   # the slip cannot print: skip it\n",
      clock: Self.clock, state: dir.appendingPathComponent("state"),
      receipts: dir.appendingPathComponent("receipts"), config: configDir)
    #expect(dayTwo.outcome == .atRest)
    #expect(dayTwo.transcript.contains("打印失败"))
    let journal = try TerminalJournal(path: dir.appendingPathComponent("state/journal.sqlite"))
    #expect(try journal.settlements().count == 1)
    guard case .settlement(let report, _, _)? = try journal.snapshot().owedSlips.first else {
      Issue.record("expected the settlement slip owed")
      return
    }
    #expect(report.batch == 1)

    let next = try Acceptance.runScript(
      "", clock: "2026-11-21T12:00:00+08:00", state: dir.appendingPathComponent("state"),
      receipts: dir.appendingPathComponent("receipts"))
    // The job is owed whole: the settlement slip (its first copy made it out
    // before the paper ran out) and both detail lists print.
    #expect(next.transcript.contains("_B000001_detail-success.txt"))
    #expect(next.transcript.contains("_B000001_detail-failed.txt"))
    #expect(next.transcript.contains("_B000001_settlement-2.txt"))
    #expect(try journal.snapshot().owedSlips.isEmpty)
  }
}
