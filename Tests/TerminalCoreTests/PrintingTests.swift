import Foundation
import Testing

@testable import TerminalCore

@Suite("Printing reports back: paper out, retry, skip, owed slips")
struct PrintingTests {
  /// The approved sale's record, from the flow.
  static func approvedRecord(_ t: CoreHarness) -> TransactionRecord? {
    if case .transaction(.approved(let r, _)) = t.state.flow { return r }
    return nil
  }

  @Test func aFailedCopyIsNotAnnouncedAsPrintedAndEnterRetriesIt() {
    var t = CoreHarness()
    t.paperOut = true
    t.saleApproved()
    guard let done = Self.approvedRecord(t) else {
      Issue.record("expected an approved sale")
      return
    }
    let merchant = PrintJob.receipt(done, copy: .merchant)
    #expect(
      t.effects == [.journal(.completeTransaction(done)), .print(merchant)], "no slipPrinted")
    #expect(t.state.printer.fault == PrintFault(job: merchant, reason: "out of paper"))
    #expect(t.lcd.contains("打印失败") && t.lcd.contains("请检查打印纸"))
    #expect(!t.screenText.contains("商户存根已打印"))
    #expect(t.state.unfinishedBusiness != nil)
    t.type("5")
    #expect(t.effects == [] && t.state.printer.fault != nil, "digits do nothing at the fault")

    t.paperOut = false
    t.type("<enter>")
    #expect(
      t.effects == [
        .print(merchant), .journal(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant))),
      ])
    #expect(t.state.flow == .transaction(.approved(done, merchantCopy: .printed)))
    #expect(t.state.printer == PrinterQueue())
    #expect(t.screenText.contains("商户存根已打印"))
  }

  @Test func aSkippedCopyStaysOwedAndMenu71PrintsIt() {
    var t = CoreHarness(language: .en)
    t.paperOut = true
    t.saleApproved()
    guard let done = Self.approvedRecord(t) else {
      Issue.record("expected an approved sale")
      return
    }
    #expect(t.lcd.contains("Printer fault:") && t.lcd.contains("check the paper"))
    let merchant = PrintJob.receipt(done, copy: .merchant)
    let cardholder = PrintJob.receipt(done, copy: .cardholder)
    t.type("<cancel>")
    #expect(t.effects == [])
    #expect(t.state.owedSlips == [merchant])
    #expect(t.state.flow == .transaction(.approved(done, merchantCopy: .owed)))
    #expect(t.screenText.contains("Merchant copy unprinted"))

    t.type("<enter>")  // the cardholder copy: paper still out
    #expect(t.effects == [.print(cardholder)])
    t.type("<cancel>")
    #expect(t.state.owedSlips == [merchant, cardholder])
    #expect(t.state.flow == .menu(.main))

    t.paperOut = false
    t.type("71")
    #expect(
      t.effects == [
        .print(merchant), .journal(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant))),
        .print(cardholder), .journal(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .cardholder))),
      ])
    #expect(t.state.owedSlips.isEmpty)
    #expect(t.screenText.contains("Printing 2 owed slip(s)"))
    t.type("71")
    #expect(
      t.effects == [.print(.receipt(done, copy: .merchant, duplicate: true))], "then a duplicate")
  }

  @Test func aSettlementSlipThatFailedIsOwedAndPrintsAtTheNextPowerOn() {
    var t = CoreHarness()
    t.signedIn(snapshot: SettlementTests.snapshot)
    t.paperOut = true
    t.type("<enter><cancel><cancel>")
    let effects = t.reply(.settled(balanced: true, nextBatch: 2))
    guard effects.count == 2, case .journal(.closeBatch(let report, _, _, _)) = effects[0],
      case .print(let job) = effects[1]
    else {
      Issue.record("expected closeBatch and the slip, got \(effects)")
      return
    }
    #expect(job == .settlement(report, successDetail: nil, failedDetail: nil))
    #expect(t.screenText.contains("打印失败"))
    t.type("<cancel>")
    #expect(t.state.owedSlips == [job])
    #expect(t.state.flow == .menu(.main))

    // Power off; the journal still owes the slip (no slipPrinted was written).
    var next = CoreHarness()
    next.send(.powerOn(JournalSnapshot(batch: 2, owedSlips: [job])))
    #expect(
      next.send(.selfCheckFinished(CoreHarness.allOK)) == [
        .print(job), .journal(.slipPrinted(.settlement(batch: 1))),
      ])
  }

  @Test func idleTimeDoesNotSkipAPrintFault() {
    var t = CoreHarness()
    t.paperOut = true
    t.saleApproved()
    t.wait(600)
    #expect(t.state.printer.fault != nil)
    #expect(t.effects == [])
  }
}
