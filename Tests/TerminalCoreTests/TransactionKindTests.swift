import Foundation
import Testing

@testable import TerminalCore

@Suite("Transaction kinds are data")
struct TransactionKindTests {
  @Test func eachKindCarriesItsMessageSideSlipAndSteps() {
    let sale = TransactionKind.sale.descriptor
    #expect(sale.steps == [.amount, .card(.cashier), .pin])
    #expect(sale.message.mti == "0200" && sale.message.processingCode == "000000")
    #expect(sale.message.typeCode == "22" && sale.ledgerSide == .debit && sale.reversible)
    #expect(sale.slipTitle?.text == "消费/SALE")

    let void = TransactionKind.void.descriptor
    #expect(
      void.steps == [
        .supervisorPassword, .originalTransaction(.byVoucher), .card(.matchesOriginal), .pin,
      ])
    #expect(void.message.processingCode == "200000" && void.message.typeCode == "23")
    // A void takes its original out of the totals and never enters them itself.
    #expect(void.ledgerSide == .none && void.voids == .sale)
    #expect(void.slipTitle?.text == "撤销/VOID")

    let refund = TransactionKind.refund.descriptor
    #expect(refund.message.mti == "0220" && refund.message.typeCode == "25")
    #expect(refund.steps.contains(.originalTransaction(.byReferenceAndDate)))

    let balance = TransactionKind.balance.descriptor
    #expect(balance.slipTitle == nil && balance.ledgerSide == .none && !balance.reversible)
    #expect(balance.message.processingCode == "310000")

    #expect(TransactionKind.preAuth.descriptor.message.mti == "0100")
    #expect(TransactionKind.preAuthCompletion.descriptor.slipTitle?.text == "预授权完成/AUTH COMPLETE")
    #expect(sale.message.reversal.mti == "0400")
  }

  /// A void runs through the same flow as a sale: only its descriptor differs.
  @Test func aVoidCollectsTheSupervisorTheOriginalTheCardAndThePIN() {
    var t = CoreHarness()
    t.saleApproved()
    guard case .transaction(.approved(let sale, _)) = t.state.flow else {
      Issue.record("expected the sale approved")
      return
    }
    t.type("<enter>")
    t.send(.key(.cancel))  // nothing: at the menu
    _ = TransactionFlow.start(.void, &t.state)
    #expect(t.lcd[0] == "撤销")
    #expect(t.screenText.contains("请输入主管密码"))
    t.type("111111<enter>")
    #expect(t.screenText.contains("密码错"))
    t.type("123456<enter>")
    #expect(t.screenText.contains("请输入原凭证号"))
    t.type("9<enter>")
    #expect(t.screenText.contains("没有原始交易"))
    t.type("1<enter>")
    #expect(t.screenText.contains("请核对原交易"))
    #expect(t.screenText.contains("凭证号: 000001"))
    #expect(t.screenText.contains(sale.maskedPAN))
    t.type("<enter>")
    #expect(t.screenText.contains("请刷卡"))
    #expect(t.screenText.contains("金额: 50.00"), "a void takes the original's full amount")
    t.send(.cardRead(.success(CoreHarness.debitCard)))
    #expect(t.screenText.contains("请持卡人输入密码"), "no card-number check: it must match the sale")
    t.type("123456<enter>")
    guard case .transaction(let request)? = t.hostRequests.first?.body,
      case .journal(.beginTransaction(let record, let reversal)) = t.effects.first
    else {
      Issue.record("expected the void sent, got \(t.effects)")
      return
    }
    #expect(request.kind == .void && request.amountFen == 5000)
    #expect(request.message == TransactionKind.void.descriptor.message)
    #expect(
      request.original
        == OriginalTransaction(
          trace: 1, batch: 1, referenceNo: "000000000001", date: t.state.monthDay(sale.startedAt),
          authCode: "A00001"))
    #expect(record.kind == .void && record.trace == 2 && record.original?.trace == sale.trace)
    #expect(reversal?.kind == .void)
    #expect(t.hostRequests.first?.type == .transaction(.void))

    t.reply(.transaction(CoreHarness.approval))
    guard case .transaction(.approved(let done, .printed)) = t.state.flow else {
      Issue.record("expected the void approved")
      return
    }
    #expect(t.printJobs == [.receipt(done, copy: .merchant)])
    #expect(t.state.batchTotals.debit == Totals(), "the voided sale left the totals")
    #expect(t.state.batchTotals.credit == Totals(), "and the void never entered them")
  }

  @Test func aRefundAsksForTheReferenceAndDateThenTheAmount() {
    var t = CoreHarness()
    t.signedIn()
    _ = TransactionFlow.start(.refund, &t.state)
    t.type("123456<enter>")
    #expect(t.screenText.contains("请刷卡"))
    t.send(.cardRead(.success(CoreHarness.debitCard)))
    #expect(t.screenText.contains("请输入原参考号"), "no card-number check: the host checks the card")
    t.type("12345<enter>")
    #expect(t.screenText.contains("须输入12位"))
    t.type("6789012<enter>")
    #expect(t.screenText.contains("原交易日期"))
    t.type("1332<enter>")
    #expect(t.screenText.contains("日期无效"))
    t.type("<bksp><bksp><bksp><bksp>1120<enter>")
    #expect(t.screenText.contains("请输入退货金额"))
    t.type("700<enter>")
    guard case .transaction(let request)? = t.hostRequests.first?.body else {
      Issue.record("expected the refund sent")
      return
    }
    #expect(request.original == OriginalTransaction(referenceNo: "123456789012", date: "1120"))
    #expect(request.amountFen == 700 && request.pinBlock.isEmpty)
    #expect(t.state.pendingReversal == nil, "a refund (0220 advice) is not reversed")
  }

  @Test func aBalanceInquiryShowsTheBalanceAndPrintsNoSlip() {
    var t = CoreHarness()
    t.signedIn()
    t.type("5")
    #expect(t.screenText.contains("请刷卡"))
    t.send(.cardRead(.success(CoreHarness.debitCard)))
    #expect(t.screenText.contains("请持卡人输入密码"), "no card-number check for an inquiry")
    t.type("123456<enter>")
    let effects = t.reply(
      .transaction(TransactionReply(responseCode: .approved, balanceFen: 1_234_56)))
    guard case .journal(.completeTransaction(let done))? = effects.first, effects.count == 1 else {
      Issue.record("expected only the journal, got \(effects)")
      return
    }
    #expect(t.state.flow == .transaction(.balance(done, balanceFen: 1_234_56)))
    #expect(t.screenText.contains("可用余额:"))
    #expect(t.screenText.contains("RMB 1234.56"))
    t.type("9")
    #expect(t.effects == [] && t.state.flow == .menu(.main), "any key, no slip")
  }
}
