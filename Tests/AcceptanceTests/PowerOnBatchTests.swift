import Foundation
import Journal
import ScriptFront
import TerminalCore
import TerminalRuntime
import Testing

/// Power-on reads only what its screens need (counters, pending items); the open batch
/// is read after them, before the first key, so its size does not delay the first screen.
@Suite("Power-on and the open batch")
struct PowerOnBatchTests {
  static let clock = "2026-11-21T09:30:00+08:00"
  static let signIn = "<enter> 01<enter> 0000<enter>"
  static let sale = "1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>"

  @Test func theBatchArrivesAfterTheFirstScreensAndBeforeTheFirstKey() throws {
    let dir = Acceptance.scratch("power-on-batch")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let receipts = dir.appendingPathComponent("receipts")
    let first = try Acceptance.runScript(
      Self.signIn + Array(repeating: Self.sale, count: 3).joined(separator: " "),
      clock: Self.clock, state: state, receipts: receipts)
    #expect(first.outcome.exitCode == 0)

    // Switched on again: three sales of 50.00 are open.
    let session = TerminalSession(
      configuration: try Acceptance.configuration(),
      options: SessionOptions(
        stateDirectory: state, receiptsDirectory: receipts,
        clockStart: ISO8601DateFormatter().date(from: Self.clock)!, seed: 1))
    session.powerOn()
    let screens = session.drainFrames().map { LCD.rows(of: $0.screen).joined() }
    #expect(screens.count == 2)
    #expect(screens.last?.contains("按任意键签到") == true)
    #expect(session.state.openBatch.isEmpty, "not read for power-on's screens")
    #expect(session.state.lastTrace == 3, "the counters are")

    session.press(.enter)
    #expect(session.state.openBatch.map(\.trace) == [1, 2, 3])
    #expect(session.state.batchTotals.debit == Totals(count: 3, amountFen: 15_000))
    #expect(session.drainFrames().count == 1, "the batch arriving draws no screen of its own")
  }

  /// What the cashier sees: right after power-on, a void finds this morning's voucher
  /// 000002, and the batch totals count it out.
  @Test func aVoidRightAfterPowerOnFindsTheVoucher() throws {
    let dir = Acceptance.scratch("power-on-void")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let receipts = dir.appendingPathComponent("receipts")
    _ = try Acceptance.runScript(
      Self.signIn + Self.sale + " " + Self.sale, clock: Self.clock, state: state,
      receipts: receipts)
    let again = try Acceptance.runScript(
      Self.signIn + "3 123456<enter> 2<enter> <enter> <swipe 1> 123456<enter> <enter>",
      clock: "2026-11-21T10:00:00+08:00", state: state, receipts: receipts)
    #expect(again.outcome.exitCode == 0, "\(again.transcript.suffix(600))")
    #expect(again.transcript.contains("请核对原交易:"))
    #expect(!again.transcript.contains("没有原始交易"))
    let journal = try TerminalJournal(path: state.appendingPathComponent("journal.sqlite"))
    let open = try journal.snapshot().openBatch
    #expect(open.map(\.kind) == [.sale, .sale, .void])
    #expect(open[2].original?.trace == 2)
    #expect(BatchLedger(open).debit == Totals(count: 1, amountFen: 5_000))
  }
}
