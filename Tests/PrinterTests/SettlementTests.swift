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
    消费/SALE         2       150.00
    退货/REFUND       0         0.00
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
    凭证号  类型  授权码        金额
            卡号
    --------------------------------
    000001  消费  123456       50.00
            622202******2227 S
    000002  消费  654321      100.00
            623061*********3453 S
    --------------------------------
    笔数/SUM:                      2
    金额/AMOUNT:          RMB 150.00
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
    凭证号  类型  应答码        金额
            卡号
    --------------------------------
    000003  消费  51           15.00
            621700******7893 S
    000004  消费  冲正          5.00
            622202******2227 S
    --------------------------------
    笔数/SUM:                      2
    金额/AMOUNT:           RMB 20.00
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
    report.totals.approved[.refund] = Totals(count: 1, amountFen: 3000)
    report.totals.approved[.preAuthCompletion] = Totals(count: 12, amountFen: 880_000)
    let lines = SlipPrinter(profile: shopProfile).render(
      .settlement(report, successDetail: nil, failedDetail: nil))[0].lines
    var expected = Self.settlementSlip
    expected.replaceSubrange(
      13...15,
      with: [
        "消费/SALE         2       150.00",
        "退货/REFUND       1        30.00",
        "预授权完成/AUTH COMPLETE",
        "                 12      8800.00",
        "失败/FAILED       2        20.00",
      ])
    expectLines(lines, expected)
  }

  @Test func aCompletionRowOnlyWhenThereWasOne() {
    var report = settlementReport
    report.totals.approved[.preAuthCompletion] = Totals()
    let lines = SlipPrinter(profile: shopProfile).render(
      .settlement(report, successDetail: nil, failedDetail: nil))[0].lines
    expectLines(lines, Self.settlementSlip)
  }

  @Test func detailListsNameEachKindBySlipTitle() {
    var refund = record(.refund, trace: 7)
    refund.amountFen = 3000
    let lines = SlipPrinter(profile: shopProfile).render(
      .settlement(
        settlementReport, successDetail: [record(.void, trace: 6), refund], failedDetail: nil))[1]
      .lines
    #expect(lines.contains("000006  撤销  123456       50.00"))
    #expect(lines.contains("000007  退货  123456       30.00"))
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
    #expect(failedOnly.last?.lines.contains("金额/AMOUNT:            RMB 0.00") == true)
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
    report.totals.approved[.sale] = Totals(count: 999_999, amountFen: 99_999_999_999_999)
    let lines = SlipPrinter(profile: shopProfile).render(
      .settlement(report, successDetail: nil, failedDetail: nil))[0].lines
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 32 })
    #expect(lines.contains { $0.hasSuffix("999999999999.99") })
    #expect(lines.contains { $0.hasSuffix("999999") })
  }
}
