import CardReader
import Foundation
import Testing

@testable import TerminalCore

@Suite("Sale, step by step")
struct SaleTests {
  @Test func amountDigitsShiftInFromTheRight() {
    var t = CoreHarness()
    t.signedIn()
    t.keys("1")
    for (key, shown) in [("5", "0.05"), ("0", "0.50"), ("0", "5.00"), ("0", "50.00")] {
      t.keys(key)
      #expect(t.state.screen.field?.display == shown)
    }
    t.keys("B")
    #expect(t.state.screen.field?.display == "5.00")
  }

  @Test func zeroIsRefusedAndTheMaximumHolds() {
    var t = CoreHarness(maxAmountFen: 100_000)
    t.signedIn()
    t.keys("1E")
    #expect(t.screenText.contains("金额不能为零"))
    t.keys("1000000")  // the 7th digit would make 10000.00 > 1000.00: refused
    #expect(t.state.screen.field?.display == "1000.00")
    t.keys("E")
    #expect(t.screenText.contains("请刷卡"))
  }

  @Test func theLargestAmountIs9999999_99() {
    var t = CoreHarness()
    t.signedIn()
    t.keys("1" + String(repeating: "9", count: 12))
    #expect(t.state.screen.field?.display == "9999999.99")
  }

  @Test func aBadSwipeAsksForAnotherAndTheFullCardNumberIsShownForChecking() {
    var t = CoreHarness()
    t.signedIn()
    t.keys("15000E")
    t.send(.cardRead(.failure(reason: "CRC failed on both copies")))
    #expect(t.screenText.contains("刷卡错误 请重刷"))
    t.send(.cardRead(.success(CoreHarness.debitCard)))
    #expect(t.screenText.contains("6222021234567890128"))
    #expect(t.screenText.contains("50.00"))
  }

  @Test(arguments: ["1C", "15000C", "15000E<card>C", "15000E<card>E12C"])
  func cancelAtAnyStepBeforeTheHostRecordsNothing(script: String) {
    var t = CoreHarness()
    t.signedIn()
    var all: [Effect] = []
    for part in script.split(separator: "<card>", omittingEmptySubsequences: false).enumerated() {
      if part.offset > 0 { all += t.send(.cardRead(.success(CoreHarness.debitCard))) }
      for ch in part.element {
        t.keys(String(ch))
        all += t.effects
      }
    }
    #expect(t.state.phase == .mainMenu)
    #expect(all.isEmpty)
    #expect(t.state.lastTrace == 0)
  }

  @Test func pinIsMaskedAtMostSixDigitsAndRequiredUnlessTheCardSaysOptional() {
    var t = CoreHarness()
    t.signedIn()
    t.saleUpToPIN(amount: "5000")
    t.keys("1234567")
    #expect(t.state.screen.field == Screen.Field(display: "******", masked: true))
    #expect(!t.screenText.contains("123456"))
    t.keys("BBBBBBE")
    #expect(t.hostRequests.isEmpty, "no PIN on a PIN-required card: not sent")
    t.keys("12E")
    #expect(t.screenText.contains("密码至少4位"))

    var optional = CoreHarness()
    optional.signedIn()
    optional.saleUpToPIN(amount: "100", card: CoreHarness.pinOptionalCard)
    #expect(optional.screenText.contains("无密码直接按确认"))
    optional.keys("E")
    guard case .sale(let request) = optional.hostRequests.first else {
      Issue.record("expected the sale to go out without a PIN")
      return
    }
    #expect(request.pinBlock.isEmpty)
  }

  @Test func anApprovedSaleIsJournaledBeforeEachCopyPrints() {
    var t = CoreHarness()
    t.saleSentToHost()
    #expect(t.screenText.contains("交易处理中"))
    guard case .journal(.beginSale(let record, let reversal)) = t.effects.first,
      case .host(.sale(let request)) = t.effects.last
    else {
      Issue.record("expected beginSale then the sale request, got \(t.effects)")
      return
    }
    #expect(record.trace == 1 && record.status == .pending && record.amountFen == 5000)
    #expect(record.maskedPAN == "622202*********0128")
    #expect(reversal.trace == 1)
    #expect(request.pinBlock.pinDigits(pan: request.pan) == [1, 2, 3, 4, 5, 6])

    t.send(
      .hostReplied(
        .sale(
          SaleReply(
            responseCode: "00", authCode: "A00001", referenceNo: "000000000001", issuer: "中国银行"))))
    #expect(t.screenText.contains("交易成功"))
    #expect(t.screenText.contains("按确认继续打印"))
    guard case .journal(.completeSale(let done)) = t.effects.first,
      case .print(.saleSlip(let slip, .merchant)) = t.effects.last
    else {
      Issue.record("expected completeSale then the merchant copy, got \(t.effects)")
      return
    }
    #expect(done.status == .approved && slip == done)
    t.keys("E")
    #expect(t.printJobs == [.saleSlip(done, copy: .cardholder)])
    #expect(t.state.phase == .mainMenu)
    #expect(t.state.pendingReversal == nil)
  }

  @Test func aDeclineShowsTheCodeAndPrintsNothing() {
    var t = CoreHarness()
    t.saleSentToHost()
    t.send(.hostReplied(.sale(SaleReply(responseCode: "51"))))
    #expect(t.screenText.contains("51 可用余额不足"))
    #expect(t.printJobs.isEmpty)
    #expect(t.journalCommands.count == 1)
    t.keys("7")
    #expect(t.state.phase == .mainMenu)
  }

  @Test func noReplyLeavesAReversalThatGoesOutBeforeTheNextSale() {
    var t = CoreHarness()
    t.saleSentToHost()
    t.send(.hostReplied(.noReply))
    #expect(t.screenText.contains("68 交易超时,请重试"))
    #expect(t.state.pendingReversal?.trace == 1)
    #expect(t.state.unfinishedBusiness == nil)
    t.keys("E")
    t.saleUpToPIN(amount: "100")
    t.keys("123456E")
    #expect(t.screenText.contains("冲正处理中"))
    guard case .reversal(_, _, let r, _) = t.hostRequests.first else {
      Issue.record("expected the reversal first")
      return
    }
    #expect(r.trace == 1)
    t.send(.hostReplied(.reversal(accepted: true)))
    #expect(t.journalCommands.first == .reversalDone(trace: 1, batch: 1))
    guard case .sale(let next) = t.hostRequests.first else {
      Issue.record("expected the sale after the reversal")
      return
    }
    #expect(next.trace == 2, "voucher numbers are never reused")
    #expect(t.state.openBatch.first?.status == .reversed)
  }

  @Test func aReversalThatKeepsFailingStopsTheSaleAndSaysSo() {
    var t = CoreHarness()
    t.signedIn(
      snapshot: JournalSnapshot(
        lastTrace: 4,
        pendingReversal: ReversalRecord(
          trace: 4, batch: 1, amountFen: 10, maskedPAN: "622202*********0128",
          originalTime: CoreHarness.morning)))
    t.saleUpToPIN(amount: "100")
    t.keys("123456E")
    t.send(.hostReplied(.reversal(accepted: false)))
    t.send(.hostReplied(.noReply))
    #expect(t.hostRequests.count == 1, "retried")
    t.send(.hostReplied(.reversal(accepted: false)))
    #expect(t.screenText.contains("冲正不成功,请人工处理"))
    #expect(t.state.pendingReversal?.attempts == 3)
    #expect(t.state.lastTrace == 4, "the new sale was never sent")
  }

  @Test func voucherNumbersWrapTo000001() {
    var t = CoreHarness()
    t.signedIn(snapshot: JournalSnapshot(lastTrace: 999_999))
    t.saleUpToPIN(amount: "100")
    t.keys("123456E")
    guard case .sale(let request) = t.hostRequests.first else {
      Issue.record("expected a sale")
      return
    }
    #expect(request.trace == 1)
  }

  @Test func idleScreensGoBackToTheMenuAfterSixtySeconds() {
    var t = CoreHarness()
    t.signedIn()
    t.keys("15000")
    t.send(.tick(t.state.now.addingTimeInterval(59)))
    #expect(t.state.phase == .amountEntry(fen: 5000, notice: nil))
    t.send(.tick(t.state.now.addingTimeInterval(1)))
    #expect(t.state.phase == .mainMenu)
  }

  @Test func anUnprintedCardholderCopyPrintsWhenTheScreenTimesOut() {
    var t = CoreHarness()
    t.saleApproved()
    t.send(.tick(t.state.now.addingTimeInterval(60)))
    #expect(t.state.phase == .mainMenu)
    guard case .saleSlip(_, .cardholder) = t.printJobs.first else {
      Issue.record("expected the cardholder copy")
      return
    }
  }

  @Test func thePINNeverShowsInStateDescriptions() {
    var t = CoreHarness()
    t.signedIn()
    t.saleUpToPIN(amount: "5000")
    t.keys("987654")
    let described = String(describing: t.state) + String(reflecting: t.state)
    #expect(!described.contains("987654"))
    #expect(!described.contains("9, 8, 7"))
  }
}

@Suite("Reprint (重打印)")
struct ReprintTests {
  @Test func theLastApprovedSaleReprintsAsADuplicate() {
    var t = CoreHarness()
    t.saleApproved()
    guard case .approvedPrinting(let sold) = t.state.phase else {
      Issue.record("expected an approved sale")
      return
    }
    t.keys("E")
    t.keys("2")
    #expect(t.printJobs == [.reprint(sold, copy: .merchant)])
    #expect(t.screenText.contains("重打印最后一笔"))
    t.keys("E")
    #expect(t.printJobs == [.reprint(sold, copy: .cardholder)])
    #expect(t.state.phase == .mainMenu)
  }

  @Test func withNothingApprovedThereIsNothingToReprint() {
    var t = CoreHarness()
    t.signedIn()
    t.keys("2")
    #expect(t.effects.isEmpty)
    #expect(t.screenText.contains("无可重打印的交易"))
  }
}
