import Foundation
import TerminalCore
import Testing

@testable import Printer

/// Every slip the printer can make, over awkward inputs.
func allSlips(_ profile: TerminalProfile) -> [PrintedSlip] {
  let printer = SlipPrinter(profile: profile)
  var records = successRecords + failedRecords
  var odd = saleRecord
  odd.issuer = "中国邮政储蓄银行股份有限公司某某省分行营业部"
  odd.maskedPAN = "6230615710000123453"
  odd.amountFen = 999_999_999
  odd.referenceNo = "123456789012"
  odd.authCode = nil
  odd.operatorNo = "99"
  records.append(odd)
  for (i, kind) in TransactionKind.allCases.enumerated() {
    records.append(record(kind, trace: 10 + i))
  }
  var slips: [PrintedSlip] = []
  for r in records {
    slips += printer.render(.receipt(r, copy: .merchant))
    slips += printer.render(.receipt(r, copy: .cardholder))
  }
  var report = settlementReport
  for kind in TransactionKind.allCases where kind.descriptor.ledgerSide.movesMoney {
    report.totals.byKind[kind] = Totals(count: 123_456, amountFen: 123_456_789_012)
  }
  slips += printer.render(
    .settlement(report, successDetail: records, failedDetail: failedRecords + [odd]))
  return slips
}

let awkwardProfiles: [TerminalProfile] = {
  var long = shopProfile
  long.merchantName = "北京市朝阳区某某某某超级大卖场有限公司第一分店 BEIJING CHAOYANG SUPERMARKET CO LTD"
  long.acquirerName = "中国银联股份有限公司北京分公司"
  var mixed = shopProfile
  mixed.merchantName = "A咖啡B馆C的D名E字F很G长H而I且J中K英L混M排N列O的P"
  mixed.trainingMode = false
  var wordy = shopProfile
  wordy.merchantName = "THEVERYLONGMERCHANTNAMEWITHOUTANYSPACESATALLINIT AND MORE"
  return [shopProfile, long, mixed, wordy]
}()

@Suite struct LayoutTests {
  @Test(arguments: awkwardProfiles.indices)
  func everyLineFitsIn32Columns(profile: Int) {
    let slips = allSlips(awkwardProfiles[profile])
    // Rows name a kind by its short row name: no long name breaks the columns.
    #expect(slips.contains { $0.lines.contains { $0.hasPrefix("预授完成   000") } })
    #expect(slips.contains { $0.lines.contains { $0.hasPrefix("预授完成 ") && $0.contains("123456") } })
    for slip in slips {
      for line in slip.lines {
        #expect(DisplayWidth.of(line) <= 32, "\(slip.fileName): \(line)")
        #expect(!line.hasSuffix(" "), "\(slip.fileName): trailing space in \(line)")
        #expect(!line.contains("\n"))
      }
    }
  }

  @Test(arguments: awkwardProfiles.indices)
  func longTextLosesNothing(profile: Int) {
    // Wrapping must keep every character of the merchant name, in order.
    let p = awkwardProfiles[profile]
    let lines = SlipPrinter(profile: p).render(.receipt(saleRecord, copy: .merchant))[0].lines
    let start = lines.firstIndex(of: "商户名称(MERCHANT NAME):")! + 1
    let end = lines.firstIndex(of: "商户编号(MERCHANT NO):")!
    let printed = lines[start..<end].joined().replacingOccurrences(of: " ", with: "")
    #expect(printed == p.merchantName.replacingOccurrences(of: " ", with: ""))
  }

  @Test func noFullCardNumberOnAnySlip() throws {
    // Legitimate long numbers: the 15-digit merchant number and 12-digit
    // reference numbers. Anything else of 12+ digits could be a PAN.
    let regex = try Regex("[0-9]{12,}")
    for profile in awkwardProfiles {
      for slip in allSlips(profile) {
        var text = slip.text.replacingOccurrences(of: profile.merchantNo, with: "<MID>")
        for r in successRecords + failedRecords + [saleRecord] {
          if let ref = r.referenceNo { text = text.replacingOccurrences(of: ref, with: "<REF>") }
        }
        // A refund names its original's reference (the fixture's).
        text = text.replacingOccurrences(of: "100000000001", with: "<REF>")
        text = text.replacingOccurrences(of: "123456789012", with: "<REF>")
        #expect(text.firstMatch(of: regex) == nil, "\(slip.fileName)")
        #expect(!text.contains("6230615710000123453"))
      }
    }
  }

  @Test func safeMaskStarsEveryDigitBetweenTheFirstSixAndTheLastFour() {
    #expect(SlipPrinter.safeMask("6230615710000123453") == "623061*********3453")
    #expect(SlipPrinter.safeMask("623061******3453") == "623061******3453")
    #expect(SlipPrinter.safeMask("62306 1571 0000 12") == "62306 **** ***0 12")
    #expect(SlipPrinter.safeMask("1234567890") == "**********")
    #expect(SlipPrinter.safeMask("") == "")
    // Not ASCII: character by character.
    #expect(SlipPrinter.safeMask("６２３０６１５７１０００") == "６２３０６１**１０００")
  }

  @Test func wrapNeverSplitsAWideGlyphAndBreaksEnglishAtSpaces() {
    let l = TextLayout(width: 10)
    #expect(l.wrap("一二三四五六") == ["一二三四五", "六"])
    #expect(l.wrap("a一二三四五") == ["a一二三四", "五"])
    #expect(l.wrap("HELLO WORLD AGAIN") == ["HELLO", "WORLD", "AGAIN"])
    #expect(l.wrap("AB CD EF") == ["AB CD EF"])
    #expect(l.wrap("ABCDEFGHIJKLMN") == ["ABCDEFGHIJ", "KLMN"])
    #expect(l.wrap("一二三四,五六") == ["一二三四,", "五六"])
    #expect(l.wrap("") == [""])
  }

  @Test func aSpaceBeforeAWideGlyphIsKeptUnlessTheLineBreaksThere() {
    let l = TextLayout(width: 32)
    #expect(l.wrap("凭证号 000002 没有撤销") == ["凭证号 000002 没有撤销"])
    #expect(l.wrap("顾客 1: 一共50元") == ["顾客 1: 一共50元"])
    // At a break the space goes, as it does between English words.
    #expect(TextLayout(width: 8).wrap("AB 一二三四") == ["AB 一二", "三四"])
    #expect(TextLayout(width: 4).wrap("ABC 一二") == ["ABC", "一二"])
  }

  @Test func fieldPutsTheValueOnTheNextLineWhenBothDoNotFit() {
    let l = TextLayout(width: 12)
    #expect(l.field("AB:", "12") == ["AB:       12"])
    #expect(l.field("LABEL:", "123456") == ["LABEL:", "      123456"])
    #expect(l.field("名称:", "一二三四五六七") == ["名称:", "一二三四五六", "七"])
  }
}
