import Foundation
import Testing

@testable import TerminalCore

@Suite("Sale, step by step")
struct SaleTests {
  @Test func amountDigitsShiftInFromTheRight() {
    var t = CoreHarness()
    t.signedIn()
    t.type("1")
    for (key, shown) in [("5", "0.05"), ("0", "0.50"), ("0", "5.00"), ("0", "50.00")] {
      t.type(key)
      #expect(t.state.screen.field?.display == shown)
    }
    t.type("<bksp>")
    #expect(t.state.screen.field?.display == "5.00")
  }

  @Test func zeroIsRefusedAndTheMaximumHolds() {
    var t = CoreHarness(maxAmountFen: 100_000)
    t.signedIn()
    t.type("1<enter>")
    #expect(t.screenText.contains("金额不能为零"))
    t.type("1000000")  // the 7th digit would make 10000.00 > 1000.00: refused
    #expect(t.state.screen.field?.display == "1000.00")
    t.type("<enter>")
    #expect(t.screenText.contains("请刷卡"))
  }

  @Test func theLargestAmountIs9999999_99() {
    var t = CoreHarness()
    t.signedIn()
    t.type("1" + String(repeating: "9", count: 12))
    #expect(t.state.screen.field?.display == "9999999.99")
  }

  @Test func aBadSwipeAsksForAnotherAndTheFullCardNumberIsShownForChecking() {
    var t = CoreHarness()
    t.signedIn()
    t.type("15000<enter>")
    t.send(.cardRead(.failure(reason: "CRC failed on both copies")))
    #expect(t.screenText.contains("刷卡错误 请重刷"))
    t.send(.cardRead(.success(CoreHarness.debitCard)))
    #expect(t.screenText.contains("6222021234567890128"))
    #expect(t.screenText.contains("50.00"))
  }

  @Test(arguments: [
    "1<cancel>", "15000<cancel>", "15000<enter>|<cancel>", "15000<enter>|<enter>12<cancel>",
  ])
  func cancelAtAnyStepBeforeTheHostRecordsNothing(script: String) {
    var t = CoreHarness()
    t.signedIn()
    var all: [Effect] = []
    for part in script.split(separator: "|", omittingEmptySubsequences: false).enumerated() {
      if part.offset > 0 { all += t.send(.cardRead(.success(CoreHarness.debitCard))) }
      t.type(String(part.element))
      all += t.effects
    }
    #expect(t.state.flow == .menu(.main))
    #expect(all.isEmpty)
    #expect(t.state.lastTrace == 0)
  }

  @Test func pinIsMaskedUpToTwelveDigitsAndRequiredUnlessTheCardSaysOptional() {
    var t = CoreHarness()
    t.signedIn()
    t.saleUpToPIN(amount: "5000")
    t.type("1234567890123")
    #expect(t.state.screen.field == Screen.Field(display: "************", masked: true))
    #expect(!t.screenText.contains("123456"))
    t.type(String(repeating: "<bksp>", count: 12) + "<enter>")
    #expect(t.hostRequests.isEmpty, "no PIN on a PIN-required card: not sent")
    #expect(t.screenText.contains("请输入密码"), "says a PIN is required")
    t.type("12<enter>")
    #expect(t.screenText.contains("密码至少4位"))

    var optional = CoreHarness()
    optional.signedIn()
    optional.saleUpToPIN(amount: "100", card: CoreHarness.pinOptionalCard)
    #expect(optional.screenText.contains("无密码直接按确认"))
    optional.type("<enter>")
    guard case .transaction(let request) = optional.hostRequests.first?.body else {
      Issue.record("expected the sale to go out without a PIN")
      return
    }
    #expect(request.pinBlock.isEmpty)
  }

  @Test func anApprovedSaleIsJournaledBeforeEachCopyPrintsAndMarkedPrintedAfter() {
    var t = CoreHarness()
    t.saleSentToHost()
    #expect(t.screenText.contains("交易处理中"))
    #expect(t.screenText.contains("剩余60秒"))
    let record = TransactionRecord(
      trace: 1, batch: 1, kind: .sale, amountFen: 5000, maskedPAN: "622202*********0128",
      expiry: "3012", entryMode: .swipe, operatorNo: "01", startedAt: t.state.now,
      status: .pending)
    let reversal = ReversalRecord(
      kind: .sale, trace: 1, batch: 1, amountFen: 5000, maskedPAN: "622202*********0128",
      originalTime: t.state.now)
    guard case .transaction(let request)? = t.hostRequests.first?.body else {
      Issue.record("expected the sale request, got \(t.effects)")
      return
    }
    #expect(
      t.effects == [
        .journal(.beginTransaction(record, reversal: reversal)),
        .host(
          HostRequest(
            envelope: t.envelope(trace: 1), body: .transaction(request), time: t.state.now)),
      ])
    #expect(
      request.message
        == HostMessageSpec(
          mti: "0200", processingCode: "000000", posCondition: "00", typeCode: "22"))
    #expect(request.pinBlock.pinDigits(pan: request.pan) == [1, 2, 3, 4, 5, 6])
    #expect(t.state.flow == .transaction(.awaitingReply(record)))
    #expect(t.state.pendingReversal == reversal)

    let effects = t.reply(.transaction(CoreHarness.approval))
    var done = record
    done.status = .approved
    done.responseCode = .approved
    done.authCode = "A00001"
    done.referenceNo = "000000000001"
    done.issuer = "中国银行"
    done.completedAt = t.state.now
    let merchant = PrintJob.receipt(done, copy: .merchant)
    #expect(
      effects == [
        .journal(.completeTransaction(done)), .print(merchant),
        .journal(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant))),
      ])
    #expect(t.state.flow == .transaction(.approved(done, merchantCopy: .printed)))
    #expect(t.screenText.contains("交易成功"))
    #expect(t.screenText.contains("商户存根已打印"))
    #expect(t.screenText.contains("按确认继续打印"))
    #expect(t.state.pendingReversal == nil)

    t.type("<enter>")
    #expect(
      t.effects == [
        .print(.receipt(done, copy: .cardholder)),
        .journal(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .cardholder))),
      ])
    #expect(t.state.flow == .menu(.main))
    #expect(t.state.printer == PrinterQueue())
  }

  @Test func aDeclineShowsTheCodeAndPrintsNothing() {
    var t = CoreHarness()
    t.saleSentToHost()
    let effects = t.reply(.transaction(TransactionReply(responseCode: .insufficientFunds)))
    #expect(t.screenText.contains("51 可用余额不足"))
    guard case .journal(.completeTransaction(let done)) = effects.first else {
      Issue.record("expected the decline journalled")
      return
    }
    #expect(effects == [.journal(.completeTransaction(done))])
    #expect(done.status == .declined && done.responseCode == .insufficientFunds)
    #expect(t.state.flow == .transaction(.declined(done, code: .insufficientFunds)))
    t.type("7")
    #expect(t.state.flow == .menu(.main))
  }

  @Test func aTwelveDigitPINReachesTheHostWhole() {
    var t = CoreHarness()
    t.signedIn()
    t.saleUpToPIN(amount: "5000")
    t.type("123456789012<enter>")
    guard case .transaction(let request)? = t.hostRequests.first?.body else {
      Issue.record("expected the sale sent")
      return
    }
    #expect(request.pinBlock.pinDigits(pan: request.pan) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2])
  }

  @Test func cancelAtTheCardCheckSays交易取消AndAnIdleEntrySays交易超时() {
    var t = CoreHarness()
    t.signedIn()
    t.type("15000<enter>")
    t.send(.cardRead(.success(CoreHarness.debitCard)))
    t.type("<cancel>")
    #expect(t.state.flow == .menu(.main))
    #expect(t.screenText.contains("交易取消"))
    t.type("15000")
    t.wait(60)
    #expect(t.state.flow == .menu(.main))
    #expect(t.screenText.contains("交易超时"))
    #expect(!t.screenText.contains("交易取消"), "the banner is the latest word")
  }

  @Test func voucherNumbersWrapTo000001() {
    var t = CoreHarness()
    t.signedIn(snapshot: JournalSnapshot(lastTrace: 999_999))
    t.saleUpToPIN(amount: "100")
    t.type("123456<enter>")
    #expect(t.hostRequests.first?.envelope.trace == 1)
  }

  @Test func idleScreensGoBackToTheMenuAfterSixtySeconds() {
    var t = CoreHarness()
    t.signedIn()
    t.type("15000")
    t.wait(59)
    guard case .transaction(.entering(_, .amount(5000, notice: nil))) = t.state.flow else {
      Issue.record("expected the amount still on screen, got \(t.state.flow)")
      return
    }
    t.wait(1)
    #expect(t.state.flow == .menu(.main))
  }

  @Test func anUnprintedCardholderCopyPrintsWhenTheScreenTimesOut() {
    var t = CoreHarness()
    t.saleApproved()
    guard case .transaction(.approved(let done, _)) = t.state.flow else {
      Issue.record("expected an approved sale")
      return
    }
    t.wait(60)
    #expect(t.state.flow == .menu(.main))
    #expect(
      t.effects == [
        .print(.receipt(done, copy: .cardholder)),
        .journal(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .cardholder))),
      ])
  }

  @Test func thePINNeverShowsInStateDescriptions() {
    var t = CoreHarness()
    t.signedIn()
    t.saleUpToPIN(amount: "5000")
    t.type("987654")
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
    guard case .transaction(.approved(let sold, _)) = t.state.flow else {
      Issue.record("expected an approved sale")
      return
    }
    t.type("<enter>")
    t.type("71")
    #expect(t.effects == [.print(.receipt(sold, copy: .merchant, duplicate: true))])
    #expect(t.screenText.contains("重打印 凭证号000001"))
    #expect(t.state.flow == .menu(.reprinting(sold, merchantCopy: .printed)))
    t.type("<enter>")
    #expect(t.effects == [.print(.receipt(sold, copy: .cardholder, duplicate: true))])
    #expect(t.state.flow == .menu(.main))
  }

  @Test func withNothingApprovedThereIsNothingToReprint() {
    var t = CoreHarness()
    t.signedIn()
    t.type("71")
    #expect(t.effects.isEmpty)
    #expect(t.screenText.contains("无可重打印的交易"))
  }
}
