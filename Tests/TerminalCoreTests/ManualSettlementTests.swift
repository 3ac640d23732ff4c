import Foundation
import Testing

@testable import TerminalCore

/// 8-4 结算 at any time, and the batch upload (批上送) when the host's totals differ.
@Suite("Manual settlement and the batch upload")
struct ManualSettlementTests {
  @Test func cancelAtTheFirstScreenSettlesNothing() {
    var t = CoreHarness()
    t.saleApproved()
    t.type("<enter>84")
    #expect(t.state.flow == .settlement(.manualNotice))
    #expect(t.lcd[0] == "结算" && t.screenText.contains("借记      1"))
    t.type("<cancel>")
    #expect(t.state.flow == .menu(.submenu(.management)) && t.effects.isEmpty)
    #expect(t.state.openBatch.count == 1)
  }

  @Test func unbalancedTotalsUploadEveryTransactionThenCloseTheBatch() {
    var t = CoreHarness()
    t.saleApproved()
    t.type("<enter>")
    let sale = t.state.openBatch[0]
    t.type("84<enter><cancel><cancel>")
    #expect(t.hostRequests.map(\.type) == [.settlement])
    t.reply(.settled(balanced: false, nextBatch: 2))
    // 对账不平: the one transaction goes up first, then the batch end.
    #expect(t.hostRequests.map(\.body) == [.batchUpload(BatchUploadItem(sale), sent: 0)])
    #expect(t.screenText.contains("对账不平") && t.screenText.contains("批上送 1/1"))
    #expect(t.journalCommands.isEmpty, "nothing closes before the upload is done")
    t.reply(.uploaded)
    #expect(t.hostRequests.map(\.body) == [.batchUpload(nil, sent: 1)])
    t.reply(.uploaded)
    guard case .closeBatch(let report, let next, false, false)? = t.journalCommands.first else {
      Issue.record("expected the batch closed, got \(t.effects)")
      return
    }
    #expect(!report.balanced && next == 2 && t.state.batch == 2 && t.state.openBatch.isEmpty)
    #expect(t.state.lastSettlement == report)
    #expect(t.screenText.contains("结算完成 对账不平"))
  }

  @Test func anUploadTheHostDoesNotAnswerStillClosesTheBatchItSettled() {
    var t = CoreHarness()
    t.saleApproved()
    t.type("<enter>84<enter><cancel><cancel>")
    t.reply(.settled(balanced: false, nextBatch: 2))
    t.wait(61)
    #expect(t.effects.contains(.note("batch upload stopped after 0 of 1")))
    #expect(t.state.batch == 2 && t.state.flow == .menu(.main))
  }

  @Test func signOffTellsTheHostAndWaitsForASignIn() {
    var t = CoreHarness()
    t.signedIn()
    t.type("82")
    #expect(t.hostRequests.map(\.body) == [.signOff(operatorNo: "01")])
    t.reply(.signedOff)
    #expect(t.state.signedInOperator == nil && t.state.flow == .signIn(.signedOff))
    #expect(t.screenText.contains("已签退") && t.screenText.contains("按任意键签到"))
    t.type("5")
    #expect(t.state.flow == .signIn(.operatorNumber(entered: "", notice: nil)))
  }
}
