import Foundation
import Testing

@testable import TerminalCore

@Suite("Forced day-end settlement")
struct SettlementTests {
  static let yesterday = CoreHarness.morning.addingTimeInterval(-86_400)

  static func record(
    _ trace: Int, _ fen: Int64, _ status: TransactionStatus, kind: TransactionKind = .sale
  ) -> TransactionRecord {
    TransactionRecord(
      trace: trace, batch: 1, kind: kind, amountFen: fen, maskedPAN: "622202*********0128",
      expiry: "3012", entryMode: .swipe, operatorNo: "01", startedAt: yesterday, status: status,
      responseCode: status == .approved ? .approved : .insufficientFunds)
  }

  static let snapshot = JournalSnapshot(
    batch: 1, lastTrace: 3,
    openBatch: [
      record(1, 5000, .approved), record(2, 12345, .approved), record(3, 99999, .declined),
    ])

  @Test func yesterdaysBatchMustSettleBeforeSelling() {
    var t = CoreHarness()
    t.signedIn(snapshot: Self.snapshot)
    #expect(t.state.flow == .settlement(.notice))
    #expect(t.screenText.contains("终端隔日强制结算"))
    t.type("1")  // any key, even the sale key, only starts the settlement
    #expect(t.state.flow == .settlement(.successTotals))
    #expect(t.screenText.contains("成功交易"))
    // The ledger: 借记 2 / 173.45, nothing credited, net 173.45.
    #expect(t.screenText.contains("借记      2       173.45"))
    #expect(t.screenText.contains("贷记      0         0.00"))
    #expect(t.screenText.contains("净额              173.45"))
    t.type("<enter>")
    #expect(t.state.flow == .settlement(.failedTotals(printSuccess: true)))
    #expect(t.screenText.contains("失败交易"))
    #expect(t.screenText.contains("笔数: 1"))
    #expect(t.screenText.contains("金额: 999.99"))
    t.type("<cancel>")
    #expect(t.state.flow == .settlement(.settling(printSuccess: true, printFailed: false)))
    #expect(
      t.effects == [
        .host(
          HostRequest(
            envelope: t.envelope(trace: 3),
            body: .settlement(debit: Totals(count: 2, amountFen: 17345), credit: Totals()),
            time: t.state.now))
      ])
    let effects = t.reply(.settled(balanced: true, nextBatch: 2))
    let report = SettlementReport(
      batch: 1, settledAt: t.state.now, operatorNo: "01",
      totals: BatchTotals(
        byKind: [.sale: Totals(count: 2, amountFen: 17345)],
        failed: Totals(count: 1, amountFen: 99999)),
      balanced: true)
    let job = PrintJob.settlement(
      report, successDetail: Self.snapshot.openBatch, failedDetail: nil)
    #expect(
      effects == [
        .journal(
          .closeBatch(report, nextBatch: 2, printSuccessDetail: true, printFailedDetail: false)),
        .print(job),
        .journal(.slipPrinted(.settlement(batch: 1))),
      ])
    #expect(t.state.flow == .menu(.main) && t.state.batch == 2 && t.state.openBatch.isEmpty)
    #expect(t.screenText.contains("结算完成"))
  }

  @Test func aVoidTakesItsSaleOutAndRefundsCountOnTheCreditSide() {
    var t = CoreHarness()
    var snap = Self.snapshot
    var void = Self.record(4, 5000, .approved, kind: .void)
    void.original = OriginalTransaction(trace: 1, batch: 1)
    snap.openBatch += [
      void, Self.record(5, 700, .approved, kind: .refund),
      Self.record(6, 100, .approved, kind: .balance),
    ]
    snap.lastTrace = 6
    t.signedIn(snapshot: snap)
    t.type("1<enter><enter>")
    guard case .settlement(let debit, let credit)? = t.hostRequests.first?.body else {
      Issue.record("expected the settlement request")
      return
    }
    #expect(debit == Totals(count: 1, amountFen: 12345), "the voided sale of 50.00 is out")
    #expect(credit == Totals(count: 1, amountFen: 700), "refunds only")
    #expect(
      t.state.batchTotals.byKind == [
        .sale: Totals(count: 2, amountFen: 17345), .void: Totals(count: 1, amountFen: 5000),
        .refund: Totals(count: 1, amountFen: 700),
      ], "the voided sale stays in its row, its void has one; a balance inquiry none")
  }

  @Test func aSettlementSlipOwedFromAnEarlierPowerOnPrintsAfterTheSelfCheck() {
    var t = CoreHarness()
    let report = SettlementReport(
      batch: 1, settledAt: CoreHarness.morning, operatorNo: "01",
      totals: BatchTotals(byKind: [.sale: Totals(count: 2, amountFen: 17345)]), balanced: true)
    let job = PrintJob.settlement(report, successDetail: nil, failedDetail: nil)
    t.send(.powerOn(JournalSnapshot(batch: 2, owedSlips: [job])))
    let effects = t.send(.selfCheckFinished(CoreHarness.allOK))
    #expect(effects == [.print(job), .journal(.slipPrinted(.settlement(batch: 1)))])
    #expect(t.state.owedSlips.isEmpty)
    #expect(t.screenText.contains("按任意键签到"))
  }

  @Test func todaysTransactionsDoNotForceASettlement() {
    var t = CoreHarness(now: CoreHarness.morning.addingTimeInterval(-9 * 3600 + 60))  // 00:31 same day
    var snap = Self.snapshot
    for i in snap.openBatch.indices {
      snap.openBatch[i].startedAt = CoreHarness.morning.addingTimeInterval(-9 * 3600)
    }
    t.signedIn(snapshot: snap)
    #expect(t.state.flow == .menu(.main))
  }

  @Test func aSettlementWithNoAnswerFailsAndStaysForced() {
    var t = CoreHarness()
    t.signedIn(snapshot: Self.snapshot)
    t.type("<enter><cancel><cancel>")
    t.wait(60)
    #expect(t.state.flow == .settlement(.failed(code: .timedOut)))
    #expect(t.screenText.contains("结算失败"))
    #expect(t.state.unfinishedBusiness != nil)
    #expect(t.state.batch == 1 && t.state.openBatch.count == 3)
    t.type("<enter>")
    #expect(t.state.flow == .settlement(.successTotals))
  }
}
