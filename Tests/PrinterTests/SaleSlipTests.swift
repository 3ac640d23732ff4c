import Foundation
import TerminalCore
import Testing

@testable import Printer

/// Compares line by line so a failure names the line that differs.
func expectLines(
  _ actual: [String], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
  for i in 0..<max(actual.count, expected.count) {
    let a = i < actual.count ? actual[i] : "<no line>"
    let e = i < expected.count ? expected[i] : "<no line>"
    #expect(a == e, "line \(i + 1)", sourceLocation: sourceLocation)
  }
}

@Suite struct SaleSlipTests {
  // The golden: written by hand from field notes §4, not printed by the code.
  static let merchantCopy = slipLines(
    """
       POS签购单 / POS SALES SLIP
         商户存根 MERCHANT COPY
    ================================
    商户名称(MERCHANT NAME):
             模拟商户 SIMULATED SHOP
    商户编号(MERCHANT NO):
                     898310048160001
    终端编号(TERMINAL NO):  10000001
    操作员号(OPERATOR NO):        01
    --------------------------------
    发卡行(ISSUER):         工商银行
    收单行(ACQ):            银联商务
    卡号(CARD NO):
                  622202******2227 S
    交易类型(TXN. TYPE):   消费/SALE
    卡有效期(EXP. DATE):     2030/12
    批次号(BATCH NO):         000001
    凭证号(VOUCHER NO):       000001
    授权码(AUTH NO):          123456
    日期/时间(DATE/TIME):
                 2026/11/21 09:30:00
    交易参考号(REF. NO):
                        093000000001
    --------------------------------
    金额(AMOUNT):          RMB 50.00
    --------------------------------
    备注/REFERENCE:
    测试/TESTING,凭证无效
    持卡人签名(CARDHOLDER SIGNATURE)



    --------------------------------
    本人确认以上交易,同意将其记入本
    卡账户
    I ACKNOWLEDGE SATISFACTORY
    RECEIPT OF RELATIVE
    GOODS/SERVICES
    """)

  @Test func merchantCopyMatchesTheGolden() {
    let slips = SlipPrinter(profile: shopProfile).render(.receipt(saleRecord, copy: .merchant))
    #expect(slips.count == 1)
    expectLines(slips[0].lines, Self.merchantCopy)
    #expect(slips[0].fileName == "20261121-093000_B000001_V000001_merchant.txt")
  }

  @Test func cardholderCopyHasNoSignatureBlock() {
    let slips = SlipPrinter(profile: shopProfile).render(.receipt(saleRecord, copy: .cardholder))
    var expected = Array(Self.merchantCopy.prefix(28))
    expected[1] = "   持卡人存根 CARDHOLDER COPY"
    expectLines(slips[0].lines, expected)
    #expect(slips[0].fileName == "20261121-093000_B000001_V000001_cardholder.txt")
    #expect(!slips[0].lines.joined().contains("签名"))
  }

  @Test func trainingLineOnlyInTrainingMode() {
    var profile = shopProfile
    profile.trainingMode = false
    let lines = SlipPrinter(profile: profile).render(.receipt(saleRecord, copy: .merchant))[0]
      .lines
    #expect(!lines.contains { $0.contains("测试") || $0.contains("TESTING") })
    #expect(lines.count == Self.merchantCopy.count - 1)
  }

  @Test func dateFollowsTheTerminalTimeZone() {
    var profile = shopProfile
    profile.timeZone = TimeZone(secondsFromGMT: 0)!
    let slip = SlipPrinter(profile: profile).render(.receipt(saleRecord, copy: .merchant))[0]
    #expect(slip.lines.contains("             2026/11/21 01:30:00"))
    #expect(slip.fileName.hasPrefix("20261121-013000_"))
  }

  @Test func usesStartTimeWhenNotCompleted() {
    var r = saleRecord
    r.completedAt = nil
    let slip = SlipPrinter(profile: shopProfile).render(.receipt(r, copy: .merchant))[0]
    #expect(slip.lines.contains("             2026/11/21 09:29:52"))
  }

  @Test func aFullPANHandedOverByMistakeIsStillMasked() {
    var r = saleRecord
    r.maskedPAN = "6230615710000123453"
    let slip = SlipPrinter(profile: shopProfile).render(.receipt(r, copy: .merchant))[0]
    #expect(!slip.text.contains("6230615710000123453"))
    #expect(slip.lines.contains { $0.hasSuffix("623061*********3453 S") })
  }

  @Test func entryModeLetterAndLongNumbers() {
    var r = saleRecord
    r.entryMode = .insert
    r.trace = 999_999
    r.batch = 42
    r.amountFen = 999_999_999
    let slip = SlipPrinter(profile: shopProfile).render(.receipt(r, copy: .cardholder))[0]
    #expect(slip.lines.contains { $0.hasSuffix("622202******2227 I") })
    #expect(slip.lines.contains("凭证号(VOUCHER NO):       999999"))
    #expect(slip.lines.contains("批次号(BATCH NO):         000042"))
    #expect(slip.lines.contains("金额(AMOUNT):     RMB 9999999.99"))
    #expect(slip.fileName == "20261121-093000_B000042_V999999_cardholder.txt")
  }
}

@Suite struct KindSlipTests {
  @Test(arguments: [
    (TransactionKind.void, ["交易类型(TXN. TYPE):   撤销/VOID"], ["原凭证号(ORIG. VOUCHER):  000001"]),
    (
      .refund, ["交易类型(TXN. TYPE): 退货/REFUND"],
      ["原参考号(ORIG. REF):", "                    100000000001", "原交易日期(ORIG. DATE):     1120"]
    ),
    (.preAuth, ["交易类型(TXN. TYPE): 预授权/AUTH"], []),
    // Too wide to share the label's line: right-aligned on the next.
    (
      .preAuthCompletion, ["交易类型(TXN. TYPE):", "        预授权完成/AUTH COMPLETE"],
      ["原授权码(ORIG. AUTH):     123456", "原交易日期(ORIG. DATE):     1120"]
    ),
  ])
  func theTypeLineIsTheKindsSlipTitle(
    kind: TransactionKind, typeLines: [String], originalLines: [String]
  ) {
    let slips = SlipPrinter(profile: shopProfile).render(
      .receipt(record(kind, trace: 1), copy: .merchant))
    var expected = SaleSlipTests.merchantCopy
    let at = expected.firstIndex(of: "交易类型(TXN. TYPE):   消费/SALE")!
    expected.replaceSubrange(at...at, with: typeLines)
    // Under 备注, the original the kind refers to.
    let remark = expected.firstIndex(of: "备注/REFERENCE:")!
    expected.insert(contentsOf: originalLines, at: remark + 1)
    #expect(slips.count == 1)
    expectLines(slips[0].lines, expected)
    #expect(slips[0].fileName == "20261121-093000_B000001_V000001_merchant.txt")
  }

  @Test func aKindWithoutASlipPrintsNothing() {
    let printer = SlipPrinter(profile: shopProfile)
    let balance = record(.balance)
    #expect(balance.descriptor.slipTitle == nil)
    #expect(printer.render(.receipt(balance, copy: .merchant)).isEmpty)
    #expect(printer.render(.receipt(balance, copy: .cardholder, duplicate: true)).isEmpty)
  }
}

@Suite struct ReprintSlipTests {
  @Test func aReprintSaysSoAndGetsItsOwnFileName() {
    let original = SlipPrinter(profile: shopProfile).render(.receipt(saleRecord, copy: .merchant))[
      0]
    let again = SlipPrinter(profile: shopProfile).render(
      .receipt(saleRecord, copy: .merchant, duplicate: true))[0]
    #expect(again.lines.contains { $0.contains("重打印/DUPLICATED") })
    #expect(!original.lines.contains { $0.contains("重打印") })
    #expect(
      again.fileName
        == original.fileName.replacingOccurrences(
          of: "_merchant.txt", with: "_merchant-reprint.txt"))
    #expect(again.lines.filter { !$0.contains("重打印") } == original.lines)
  }
}
