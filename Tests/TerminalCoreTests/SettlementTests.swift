import Foundation
import Testing

@testable import TerminalCore

@Suite("Forced day-end settlement")
struct SettlementTests {
  static let yesterday = CoreHarness.morning.addingTimeInterval(-86_400)

  static func record(_ trace: Int, _ fen: Int64, _ status: TransactionStatus) -> TransactionRecord {
    TransactionRecord(
      trace: trace, batch: 1, kind: .sale, amountFen: fen, maskedPAN: "622202*********0128",
      expiry: "3012", entryMode: "S", operatorNo: "01", startedAt: yesterday, status: status,
      responseCode: status == .approved ? "00" : "51")
  }

  static let snapshot = JournalSnapshot(
    batch: 1, lastTrace: 3,
    openBatch: [
      record(1, 5000, .approved), record(2, 12345, .approved), record(3, 99999, .declined),
    ])

  @Test func yesterdaysBatchMustSettleBeforeSelling() {
    var t = CoreHarness()
    t.signedIn(snapshot: Self.snapshot)
    #expect(t.screenText.contains("终端隔日强制结算"))
    t.keys("1")  // any key, even the sale key, only starts the settlement
    #expect(t.screenText.contains("成功交易"))
    #expect(t.screenText.contains("笔数: 2"))
    #expect(t.screenText.contains("金额: 173.45"))
    t.keys("E")
    #expect(t.screenText.contains("失败交易"))
    #expect(t.screenText.contains("笔数: 1"))
    #expect(t.screenText.contains("金额: 999.99"))
    t.keys("C")
    guard case .settle(_, _, 1, let totals, _) = t.hostRequests.first else {
      Issue.record("expected the settlement request")
      return
    }
    #expect(totals == Totals(count: 2, amountFen: 17345))
    t.send(.hostReplied(.settled(balanced: true, nextBatch: 2)))
    guard case .journal(.closeBatch(let report, 2, true, false)) = t.effects.first,
      case .print(.settlement(let printed, let success, let failed)) = t.effects.dropLast().last,
      case .journal(.settlementPrinted(1)) = t.effects.last
    else {
      Issue.record("expected closeBatch then the settlement slip, got \(t.effects)")
      return
    }
    #expect(
      report == printed && report.balanced && report.failed == Totals(count: 1, amountFen: 99999))
    #expect(success?.count == 2)
    #expect(failed == nil)
    #expect(t.state.phase == .mainMenu && t.state.batch == 2 && t.state.openBatch.isEmpty)
  }

  @Test func aSettlementSlipLostToAPowerCutPrintsAfterTheNextSelfCheck() {
    var t = CoreHarness()
    let report = SettlementReport(
      batch: 1, settledAt: CoreHarness.morning, operatorNo: "01",
      sales: Totals(count: 2, amountFen: 17345),
      failed: Totals(), balanced: true)
    let job = PrintJob.settlement(report, successDetail: nil, failedDetail: nil)
    t.send(.powerOn(JournalSnapshot(batch: 2, unprintedSettlement: job)))
    let effects = t.send(
      .selfCheckFinished(
        SelfCheckReport(items: SelfCheckModule.allCases.map { .init(module: $0, ok: true) })))
    #expect(effects == [.print(job), .journal(.settlementPrinted(batch: 1))])
    #expect(t.screenText.contains("按任意键签到"))
  }

  @Test func todaysTransactionsDoNotForceASettlement() {
    var t = CoreHarness(now: CoreHarness.morning.addingTimeInterval(-9 * 3600 + 60))  // 00:31 same day
    var snap = Self.snapshot
    for i in snap.openBatch.indices {
      snap.openBatch[i].startedAt = CoreHarness.morning.addingTimeInterval(-9 * 3600)
    }
    t.signedIn(snapshot: snap)
    #expect(t.state.phase == .mainMenu)
  }

  @Test func aFailedSettlementStaysForced() {
    var t = CoreHarness()
    t.signedIn(snapshot: Self.snapshot)
    t.keys("ECC")
    t.send(.hostReplied(.noReply))
    #expect(t.screenText.contains("结算失败"))
    #expect(t.state.unfinishedBusiness != nil)
    t.keys("E")
    #expect(t.screenText.contains("成功交易"))
  }
}
