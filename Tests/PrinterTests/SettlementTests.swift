import Foundation
import TerminalCore
import Testing

@testable import Printer

@Suite struct SettlementTests {
  static let settlementSlip = slipLines(
    """
        结算总计单 / SETTLEMENT
    ================================
    商户名称(MERCHANT NAME):
             模拟商户 SIMULATED SHOP
    商户编号(MERCHANT NO):
                     898310048160001
    终端编号(TERMINAL NO):  10000001
    操作员号(OPERATOR NO):        01
    批次号(BATCH NO):         000001
    日期/时间(DATE/TIME):
                 2026/11/22 08:00:00
    --------------------------------
    类型/TYPE  笔数/SUM  金额/AMOUNT
    消费              2       150.00
    消费撤销          0         0.00
    退货              0         0.00
    --------------------------------
    借记/DEBIT        2       150.00
    贷记/CREDIT       0         0.00
    净额/NET                  150.00
    --------------------------------
    失败/FAILED       2        20.00
    --------------------------------
           对账平 / BALANCED
         测试/TESTING,凭证无效
    """)

  static let successDetail = slipLines(
    """
              成功交易明细
        SUCCESSFUL TRANSACTIONS
    ================================
    终端编号(TERMINAL NO):  10000001
    批次号(BATCH NO):         000001
    日期/时间(DATE/TIME):
                 2026/11/22 08:00:00
    --------------------------------
    类型       凭证号           金额
    状态       卡号
    --------------------------------
    消费       000001          50.00
               622202******2227 S
    消费       000002         100.00
               623061*********3453 S
    --------------------------------
    借记/DEBIT        2       150.00
    贷记/CREDIT       0         0.00
    净额/NET                  150.00
         测试/TESTING,凭证无效
    """)

  static let failedDetail = slipLines(
    """
              失败交易明细
          FAILED TRANSACTIONS
    ================================
    终端编号(TERMINAL NO):  10000001
    批次号(BATCH NO):         000001
    日期/时间(DATE/TIME):
                 2026/11/22 08:00:00
    --------------------------------
    类型       凭证号           金额
    状态       卡号
    --------------------------------
    消费       000003          15.00
    51         621700******7893 S
    消费       000004           5.00
    已冲正     622202******2227 S
    --------------------------------
    失败/FAILED       2        20.00
         测试/TESTING,凭证无效
    """)

  @Test func settlementWithBothDetailLists() {
    let slips = SlipPrinter(profile: shopProfile).render(
      .settlement(settlementReport, successDetail: successRecords, failedDetail: failedRecords))
    #expect(slips.count == 3)
    guard slips.count == 3 else { return }
    expectLines(slips[0].lines, Self.settlementSlip)
    expectLines(slips[1].lines, Self.successDetail)
    expectLines(slips[2].lines, Self.failedDetail)
    #expect(
      slips.map(\.fileName) == [
        "20261122-080000_B000001_settlement.txt",
        "20261122-080000_B000001_detail-success.txt",
        "20261122-080000_B000001_detail-failed.txt",
      ])
  }

  @Test func refundsAndCompletionsHaveRowsOfTheirOwn() {
    var report = settlementReport
    report.totals.byKind[.refund] = Totals(count: 1, amountFen: 3000)
    report.totals.byKind[.preAuthCompletion] = Totals(count: 12, amountFen: 880_000)
    let lines = SlipPrinter(profile: shopProfile).render(
      .settlement(report, successDetail: nil, failedDetail: nil))[0].lines
    var expected = Self.settlementSlip
    expected.replaceSubrange(
      13...19,
      with: [
        "消费              2       150.00",
        "消费撤销          0         0.00",
        "退货              1        30.00",
        "预授完成         12      8800.00",
        "--------------------------------",
        "借记/DEBIT       14      8950.00",
        "贷记/CREDIT       1        30.00",
        "净额/NET                 8920.00",
      ])
    expectLines(lines, expected)
  }

  @Test func aCompletionRowOnlyWhenThereWasOne() {
    var report = settlementReport
    report.totals.byKind[.preAuthCompletion] = Totals()
    let lines = SlipPrinter(profile: shopProfile).render(
      .settlement(report, successDetail: nil, failedDetail: nil))[0].lines
    expectLines(lines, Self.settlementSlip)
  }

  @Test func detailListsNameEachKindByItsRowName() {
    var refund = record(.refund, trace: 7)
    refund.amountFen = 3000
    let lines = SlipPrinter(profile: shopProfile).render(
      .settlement(
        settlementReport, successDetail: [record(.void, trace: 6), refund], failedDetail: nil))[1]
      .lines
    #expect(lines.contains("消费撤销   000006          50.00"))
    #expect(lines.contains("退货       000007          30.00"))
  }

  @Test func detailListsOnlyWhenAskedFor() {
    let printer = SlipPrinter(profile: shopProfile)
    let none = printer.render(.settlement(settlementReport, successDetail: nil, failedDetail: nil))
    #expect(none.map(\.fileName) == ["20261122-080000_B000001_settlement.txt"])
    let failedOnly = printer.render(
      .settlement(settlementReport, successDetail: nil, failedDetail: []))
    #expect(failedOnly.count == 2)
    #expect(failedOnly.last?.fileName.hasSuffix("_detail-failed.txt") == true)
    #expect(failedOnly.last?.lines.contains { $0.contains("无交易 / NONE") } == true)
    #expect(failedOnly.last?.lines.contains("失败/FAILED       0         0.00") == true)
  }

  @Test func unbalancedSettlement() {
    var report = settlementReport
    report.balanced = false
    let lines = SlipPrinter(profile: shopProfile).render(
      .settlement(report, successDetail: nil, failedDetail: nil))[0].lines
    #expect(lines.contains("     对账不平 / UNBALANCED"))
    #expect(!lines.contains { $0.contains("对账平") })
  }

  @Test func hugeTotalsStillFitByMovingTheAmount() {
    var report = settlementReport
    report.totals.byKind[.sale] = Totals(count: 999_999, amountFen: 99_999_999_999_999)
    let lines = SlipPrinter(profile: shopProfile).render(
      .settlement(report, successDetail: nil, failedDetail: nil))[0].lines
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 32 })
    #expect(lines.contains { $0.hasSuffix("999999999999.99") })
    #expect(lines.contains { $0.hasSuffix("999999") })
  }
}
