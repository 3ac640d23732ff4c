import Foundation
import Testing

@testable import TerminalCore

/// 扫一扫, event by event: the scan, the order, the USERPAYING queries on the
/// terminal's clock, the cancel at 30 s, and the void that refunds the wallet.
@Suite("QR payment, step by step")
struct QRPaymentTests {
  static let wechat = "134502000000000001"
  static let alipay = "285002000000000002"

  static func paid(ref: String = "000000000007") -> HostReplyBody {
    .qrOrder(QROrderReply(status: .paid, referenceNo: ref, authCode: "000007"))
  }
  static let userPaying = HostReplyBody.qrOrder(QROrderReply(status: .userPaying))

  /// Signed in, `2`, 25.00, Enter: 请扫描付款码.
  static func atScan() -> CoreHarness {
    var t = CoreHarness()
    t.signedIn()
    t.type("22500<enter>")
    return t
  }

  var orderRequest: (CoreHarness) -> QROrderRequest? = { t in
    for r in t.hostRequests { if case .qrOrder(let o) = r.body { return o } }
    return nil
  }

  @Test func twoIsScanToPayAndAsksForTheCodeAfterTheAmount() {
    var t = CoreHarness()
    t.signedIn()
    #expect(t.screenText.contains("2.扫一扫"))
    t.type("2<enter>")
    #expect(t.screenText.contains("金额不能为零"))
    t.type("2500<enter>")
    #expect(t.screenText.contains("请扫描付款码"))
    #expect(t.screenText.contains("25.00"))
  }

  @Test(arguments: ["123456", "134502000000000", "9134502000000000001", "62500200000000000", "abc"])
  func anInvalidCodeSendsNothing(code: String) {
    var t = Self.atScan()
    let effects = t.send(.codeScanned(code))
    #expect(effects.isEmpty)
    #expect(t.screenText.contains("无效付款码"))
    #expect(t.state.openBatch.isEmpty && t.state.lastTrace == 0)
    // The right code after it goes.
    t.send(.codeScanned(Self.wechat))
    #expect(t.hostRequests.count == 1)
  }

  @Test(arguments: ["2<cancel>", "2100<cancel>", "2100<enter><cancel>"])
  func cancelBeforeTheScanRecordsNothing(script: String) {
    var t = CoreHarness()
    t.signedIn()
    t.type(script)
    #expect(t.effects.isEmpty)
    #expect(t.state.flow == .menu(.main))
    #expect(t.screenText.contains("交易取消"))
  }

  @Test func aCodeScannedOutsideTheScanScreenIsIgnored() {
    var t = CoreHarness()
    t.signedIn()
    #expect(t.send(.codeScanned(Self.wechat)).isEmpty)
    t.type("2100")
    #expect(t.send(.codeScanned(Self.wechat)).isEmpty)
  }

  @Test func aPaymentIsJournalledBeforeTheOrderAndPaidAtOnce() throws {
    var t = Self.atScan()
    t.send(.codeScanned(Self.wechat))
    guard case .journal(.beginTransaction(let record, let reversal)) = t.effects.first else {
      Issue.record("the journal first: \(t.effects)")
      return
    }
    #expect(reversal?.kind == .qr && reversal?.trace == 1, "kept while the order is open")
    #expect(t.state.pendingReversal == reversal)
    #expect(record.kind == .qr && record.status == .pending && record.entryMode == .qrCode)
    #expect(record.maskedPAN == "134502********0001" && record.issuer == "微信")
    let order = try #require(orderRequest(t))
    #expect(order.code == Self.wechat && order.wallet == .wechat && order.amountFen == 2500)
    #expect(order.orderNo == "26112710240001000001")
    #expect(t.screenText.contains("交易处理中"))

    t.reply(Self.paid())
    guard case .journal(.completeTransaction(let done)) = t.effects.first else {
      Issue.record("completed: \(t.effects)")
      return
    }
    #expect(done.status == .approved && done.referenceNo == "000000000007")
    #expect(t.state.pendingReversal == nil)
    #expect(t.printJobs == [.receipt(done, copy: .merchant)])
    #expect(t.screenText.contains("支付成功") && t.screenText.contains("支付方式:微信"))
    t.type("<enter>")
    #expect(t.printJobs == [.receipt(done, copy: .cardholder)])
    #expect(t.state.flow == .menu(.main))
    #expect(t.state.batchTotals.counted(.qr) == Totals(count: 1, amountFen: 2500))
    #expect(t.state.batchTotals.debit == Totals(count: 1, amountFen: 2500))
  }

  @Test(arguments: [ResponseCode.insufficientFunds, .paymentCodeUsed])
  func aFailedOrderSaysWhy(code: ResponseCode) {
    var t = Self.atScan()
    t.send(.codeScanned(Self.wechat))
    t.reply(.qrOrder(QROrderReply(status: .failed(code))))
    #expect(t.screenText.contains("支付失败"))
    #expect(t.screenText.contains(code.rawValue + " " + code.message(.zh)))
    #expect(t.state.openBatch.first?.status == .declined)
    #expect(t.state.openBatch.first?.responseCode == code)
    #expect(t.printJobs.isEmpty)
    t.type("1")
    #expect(t.state.flow == .menu(.main))
  }

  /// The order at T; USERPAYING: queries at T+5, 10, 15, 20, 25, each only when the
  /// clock gets there; at T+30 the cancel; nothing charged.
  @Test func userPayingIsQueriedEveryFiveSecondsAndCancelledAtThirty() throws {
    var t = Self.atScan()
    let start = t.state.now
    t.send(.codeScanned(Self.wechat))
    t.reply(Self.userPaying)
    #expect(t.screenText.contains("用户支付中") && t.screenText.contains("剩余30秒"))
    #expect(t.state.timerDue == start.addingTimeInterval(5))
    for second in [5.0, 10, 15, 20, 25] {
      #expect(t.send(.tick(start.addingTimeInterval(second - 0.5))).isEmpty, "not before \(second)")
      t.send(.tick(start.addingTimeInterval(second)))
      #expect(t.hostRequests.map(\.body) == [.qrQuery(orderNo: "26112710240001000001")])
      #expect(t.hostRequests.first?.type == .qrQuery)
      #expect(t.state.timerDue == nil, "no timer while the query is out")
      t.reply(Self.userPaying)
      #expect(t.state.timerDue == start.addingTimeInterval(second + 5))
    }
    #expect(t.screenText.contains("剩余5秒"))
    t.send(.tick(start.addingTimeInterval(30)))
    #expect(t.hostRequests.map(\.body) == [.qrCancel(orderNo: "26112710240001000001")])
    #expect(t.screenText.contains("撤单中"))
    t.reply(.qrCancelled(accepted: true))
    #expect(t.screenText.contains("订单已撤销") && t.screenText.contains("未扣款"))
    #expect(t.screenText.contains("用户30秒内未确认"))
    let record = try #require(t.state.openBatch.first)
    #expect(record.status == .declined && record.responseCode == .orderCancelled)
    #expect(t.state.pendingReversal == nil)
    #expect(t.journalCommands == [.completeTransaction(record)], "no slip for a cancelled order")
    #expect(t.state.batchTotals.counted(.qr) == Totals())
    #expect(t.state.batchTotals.failed == Totals(count: 1, amountFen: 2500))
  }

  @Test func aLongWaitRunsEveryQueryAtItsOwnMoment() {
    // One tick far past several query moments sends one query: the next comes 5 s
    // after its answer, so the queries never bunch up.
    var t = Self.atScan()
    let start = t.state.now
    t.send(.codeScanned(Self.alipay))
    t.reply(Self.userPaying)
    t.send(.tick(start.addingTimeInterval(12)))
    #expect(t.hostRequests.count == 1)
    t.reply(Self.userPaying)
    #expect(t.state.timerDue == start.addingTimeInterval(17))
  }

  @Test func aCustomerWhoConfirmsLateIsPaidAtTheNextQuery() {
    var t = Self.atScan()
    let start = t.state.now
    t.send(.codeScanned(Self.alipay))
    t.reply(Self.userPaying)
    t.send(.tick(start.addingTimeInterval(5)))
    t.reply(Self.userPaying)
    t.send(.tick(start.addingTimeInterval(10)))
    t.reply(Self.paid())
    #expect(t.screenText.contains("支付成功") && t.screenText.contains("支付宝"))
    #expect(t.state.openBatch.first?.status == .approved)
    #expect(t.state.timerDue == nil)
  }

  @Test func cancelWhileTheCustomerConfirmsCancelsTheOrderAtOnce() {
    var t = Self.atScan()
    t.send(.codeScanned(Self.alipay))
    t.reply(Self.userPaying)
    t.type("5<enter>")
    #expect(t.effects.isEmpty, "only Cancel does anything here")
    t.type("<cancel>")
    #expect(t.hostRequests.map(\.type) == [.qrCancel])
    t.reply(.qrCancelled(accepted: true))
    #expect(t.screenText.contains("收银员撤单"))
  }

  @Test func anOrderWithoutAnAnswerIsCancelled() {
    var t = CoreHarness(hostTimeout: 20)
    t.signedIn()
    t.type("2100<enter>")
    let start = t.state.now
    t.send(.codeScanned(Self.wechat))
    t.outstanding = []
    t.send(.tick(start.addingTimeInterval(20)))
    #expect(t.hostRequests.map(\.type) == [.qrCancel])
    t.reply(.qrCancelled(accepted: true))
    #expect(t.screenText.contains("下单无应答"))
    #expect(t.state.hostOnline)
  }

  @Test func aQueryWithoutAnAnswerIsAskedAgainAndACancelWithoutOneIsReversedLater() {
    var t = CoreHarness(hostTimeout: 3)
    t.signedIn()
    t.type("2100<enter>")
    let start = t.state.now
    t.send(.codeScanned(Self.wechat))
    t.reply(Self.userPaying)
    t.send(.tick(start.addingTimeInterval(5)))
    t.outstanding = []
    t.send(.tick(start.addingTimeInterval(8)))  // the query times out
    #expect(t.state.timerDue == start.addingTimeInterval(13))
    #expect(!t.state.hostOnline)
    t.send(.tick(start.addingTimeInterval(30)))  // past 30 s: the cancel goes
    #expect(t.hostRequests.map(\.type) == [.qrCancel])
    t.outstanding = []
    t.send(.tick(start.addingTimeInterval(33)))
    #expect(t.screenText.contains("撤单未确认") && t.screenText.contains("冲正待发"))
    #expect(t.effects.isEmpty, "nothing completed: the order stays open with its reversal")
    #expect(t.state.openBatch.first?.status == .pending)
    #expect(t.state.pendingReversal?.kind == .qr)
    // The next payment sends the reversal first: the platform cancels the old order.
    t.type("1")
    t.type("2100<enter>")
    t.send(.codeScanned(Self.wechat))
    #expect(t.hostRequests.map(\.type) == [.reversal(.qr)])
    t.reply(.reversal(accepted: true))
    #expect(t.state.openBatch.first?.status == .reversed)
    #expect(t.hostRequests.map(\.type) == [.qrOrder])
  }

  @Test func aPendingReversalGoesBeforeTheOrder() {
    var t = CoreHarness()
    t.signedIn(
      snapshot: JournalSnapshot(
        lastTrace: 1,
        pendingReversal: ReversalRecord(
          trace: 1, batch: 1, amountFen: 100, maskedPAN: "622202*********0128",
          originalTime: CoreHarness.morning)))
    t.type("2100<enter>")
    t.send(.codeScanned(Self.wechat))
    #expect(t.hostRequests.map(\.type) == [.reversal(.sale)])
    t.reply(.reversal(accepted: true))
    #expect(t.hostRequests.map(\.type) == [.qrOrder])
    #expect(t.state.openBatch.last?.trace == 2)
  }

  @Test func voidOfAQRPaymentNeedsNoCardNorPINAndRefundsTheWallet() throws {
    var t = Self.atScan()
    t.send(.codeScanned(Self.wechat))
    t.reply(Self.paid())
    t.type("<enter>")
    t.type("3123456<enter>1<enter>")
    #expect(t.screenText.contains("请核对原交易") && t.screenText.contains("134502********0001"))
    t.type("<enter>")
    let request = try #require(t.hostRequests.first)
    guard case .transaction(let tx) = request.body else {
      Issue.record("a void goes as a transaction: \(request)")
      return
    }
    #expect(tx.kind == .qrVoid && tx.pan.isEmpty && tx.pinBlock.isEmpty)
    #expect(tx.original?.trace == 1 && tx.amountFen == 2500)
    let void = try #require(t.state.openBatch.last)
    #expect(void.kind == .qrVoid && void.maskedPAN == "134502********0001")
    #expect(void.entryMode == .qrCode && void.wallet == .wechat)
    t.reply(
      .transaction(
        TransactionReply(
          responseCode: .approved, authCode: "000008", referenceNo: "000000000008",
          issuer: "微信")))
    #expect(t.screenText.contains("扫码撤销") && t.screenText.contains("交易成功"))
    #expect(t.state.batchTotals.counted(.qrVoid) == Totals(count: 1, amountFen: 2500))
    #expect(t.state.batchTotals.debit == Totals())
    // Voided already.
    t.type("<enter>3123456<enter>1<enter>")
    #expect(t.screenText.contains("原交易已撤销"))
  }

  /// 扫码支付 is the generic transaction run from its descriptor: the amount and the
  /// scan are steps, the order is how it goes online, the approval is the generic one.
  @Test func theDescriptorsStepsRunInTheTransactionFlow() throws {
    #expect(TransactionKind.qr.descriptor.steps == [.amount, .scanCode])
    var t = CoreHarness()
    t.signedIn()
    t.type("2")
    guard case .transaction(.entering(let draft, .amount(0, notice: nil))) = t.state.flow else {
      Issue.record("the amount step: \(t.state.flow)")
      return
    }
    #expect(draft.kind == .qr && draft.step == 0)
    t.type("2500<enter>")
    guard case .transaction(.entering(let atScan, .scanCode(notice: nil))) = t.state.flow else {
      Issue.record("the scan step: \(t.state.flow)")
      return
    }
    #expect(atScan.step == 1 && atScan.amountFen == 2500 && t.state.isAskingForPaymentCode)
    t.send(.codeScanned(Self.alipay))
    #expect(!t.state.isAskingForPaymentCode)
    guard case .transaction(.order(.ordering(let order))) = t.state.flow else {
      Issue.record("the order: \(t.state.flow)")
      return
    }
    #expect(order.number == "26112710240001000001" && order.wallet == .alipay)
    #expect(order.record == t.state.openBatch.last && order.sentAt == t.state.now)
    t.reply(Self.userPaying)
    #expect(
      t.state.flow
        == .transaction(.order(.userPaying(order, nextQueryAt: order.sentAt.addingTimeInterval(5))))
    )
    t.wait(5)
    #expect(t.state.flow == .transaction(.order(.querying(order))))
    t.reply(Self.paid())
    let done = try #require(t.state.openBatch.last)
    #expect(done.status == .approved && done.issuer == "支付宝")
    #expect(t.state.flow == .transaction(.approved(done, merchantCopy: .printed)))
  }

  /// A kind goes online as an order exactly when it scans a payment code; the order's
  /// record keeps its reversal while the order is open.
  @Test(arguments: TransactionKind.allCases)
  func aKindTravelsAsAnOrderExactlyWhenItScansACode(kind: TransactionKind) {
    let d = kind.descriptor
    #expect(d.message.travelsAsOrder == d.steps.contains(.scanCode))
    if d.message.travelsAsOrder { #expect(d.message.scannedCode && d.reversible) }
  }

  /// The power goes while the order is out: the journal has the pending record and its
  /// reversal, so the next payment first cancels the order it lost track of.
  @Test func aPowerCutDuringAnOpenOrderReversesItBeforeTheNextPayment() throws {
    var t = Self.atScan()
    t.send(.codeScanned(Self.wechat))
    guard case .journal(.beginTransaction(let record, let reversal?)) = t.effects.first else {
      Issue.record("the journal first: \(t.effects)")
      return
    }
    #expect(orderOf(t)?.record == record, "the order is out")
    #expect(t.state.unfinishedBusiness?.contains("000001") == true)

    var after = CoreHarness()
    after.send(.powerOn(JournalSnapshot(lastTrace: 1, pendingReversal: reversal)))
    after.send(.openBatchLoaded([record]))
    after.send(.selfCheckFinished(CoreHarness.allOK))
    after.type("<enter>01<enter>0000<enter>")
    after.reply(.signedIn(batch: 1, hostTime: after.state.now))
    after.type("22500<enter>")
    after.send(.codeScanned(Self.alipay))
    #expect(after.hostRequests.map(\.type) == [.reversal(.qr)])
    #expect(after.screenText.contains("冲正处理中") && after.screenText.contains("扫码支付"))
    after.reply(.reversal(accepted: true))
    #expect(after.state.openBatch.first?.status == .reversed)
    let order = try #require(orderRequest(after))
    #expect(order.code == Self.alipay && order.orderNo == "26112710240001000002")
    after.reply(Self.paid())
    #expect(after.state.openBatch.map(\.status) == [.reversed, .approved])
    #expect(after.state.pendingReversal == nil)
  }

  func orderOf(_ t: CoreHarness) -> TransactionFlow.QROrder? {
    guard case .transaction(.order(.ordering(let order))) = t.state.flow else { return nil }
    return order
  }

  @Test func theOrderNumberIsDateTerminalAndVoucher() {
    let record = TransactionRecord(
      trace: 42, batch: 1, kind: .qr, amountFen: 1, maskedPAN: "", expiry: "",
      entryMode: .qrCode, operatorNo: "01", startedAt: CoreHarness.morning, status: .pending)
    #expect(
      record.orderNumber(terminalNo: "10000001", timeZone: CoreHarness.shanghai)
        == "26112710000001000042")
  }
}
