import Foundation
import TerminalCore

/// Lays out print jobs as 58 mm slips: 32 display columns, CJK = 2.
public struct SlipPrinter: Sendable {
  public static let columns = 32
  public let profile: TerminalProfile

  public init(profile: TerminalProfile) { self.profile = profile }

  public var layout: TextLayout { TextLayout(width: Self.columns) }
  public var clock: SlipClock { SlipClock(timeZone: profile.timeZone) }

  /// One slip per transaction copy (none for a kind that prints no slip); for a
  /// settlement, the settlement slip and then each detail list that was asked for.
  public func render(_ job: PrintJob) -> [PrintedSlip] {
    switch job {
    case .receipt(let record, let copy, let duplicate):
      guard record.descriptor.slipTitle != nil else { return [] }
      return [receipt(record, copy: copy, duplicate: duplicate)]
    case .settlement(let report, let success, let failed):
      let base = "\(clock.fileStamp(report.settledAt))_B\(SequenceNumber.format(report.batch))"
      var slips = [PrintedSlip(fileName: base + "_settlement.txt", lines: settlementLines(report))]
      if let success {
        slips.append(
          PrintedSlip(
            fileName: base + "_detail-success.txt",
            lines: detailLines(
              batch: report.batch, at: report.settledAt, BatchLedger(success), failed: false)))
      }
      if let failed {
        slips.append(
          PrintedSlip(
            fileName: base + "_detail-failed.txt",
            lines: detailLines(
              batch: report.batch, at: report.settledAt, BatchLedger(failed), failed: true)))
      }
      return slips
    case .detailList(let batch, let records, let printedAt):
      let base = "\(clock.fileStamp(printedAt))_B\(SequenceNumber.format(batch))"
      return [
        PrintedSlip(
          fileName: base + "_detail.txt",
          lines: detailLines(batch: batch, at: printedAt, BatchLedger(records), failed: false))
      ]
    case .totals(let batch, let totals, let printedAt):
      let base = "\(clock.fileStamp(printedAt))_B\(SequenceNumber.format(batch))"
      return [
        PrintedSlip(fileName: base + "_totals.txt", lines: totalsLines(batch, totals, printedAt))
      ]
    case .settlementCopy(let report):
      let base = "\(clock.fileStamp(report.settledAt))_B\(SequenceNumber.format(report.batch))"
      return [
        PrintedSlip(
          fileName: base + "_settlement-copy.txt", lines: settlementLines(report, duplicate: true))
      ]
    }
  }

  // MARK: transaction slip (签购单)

  public static let trainingLine = "测试/TESTING,凭证无效"

  static let duplicateLine = "重打印/DUPLICATED"

  /// The slip of a kind that has one (`descriptor.slipTitle` not nil).
  func receipt(_ r: TransactionRecord, copy: SlipCopy, duplicate: Bool = false) -> PrintedSlip {
    if let wallet = r.wallet {
      return qrReceipt(r, wallet: wallet, copy: copy, duplicate: duplicate)
    }
    let l = layout
    let when = r.completedAt ?? r.startedAt
    var lines: [String] = []
    lines += l.title("POS签购单", "POS SALES SLIP")
    lines += l.center(copy == .merchant ? "商户存根 MERCHANT COPY" : "持卡人存根 CARDHOLDER COPY")
    if duplicate { lines += l.center(Self.duplicateLine) }
    lines.append(l.rule("="))
    lines += merchantBlock(operatorNo: r.operatorNo)
    lines.append(l.rule())
    lines += l.field("发卡行(ISSUER):", r.issuer ?? "")
    lines += l.field("收单行(ACQ):", profile.acquirerName)
    lines += l.field("卡号(CARD NO):", Self.safeMask(r.maskedPAN) + " " + r.entryMode.rawValue)
    lines += l.field("交易类型(TXN. TYPE):", r.descriptor.slipTitle!.text)
    lines += l.field("卡有效期(EXP. DATE):", Self.expiryText(r.expiry))
    lines += l.field("批次号(BATCH NO):", SequenceNumber.format(r.batch))
    lines += l.field("凭证号(VOUCHER NO):", SequenceNumber.format(r.trace))
    lines += l.field("授权码(AUTH NO):", r.authCode ?? "")
    lines += l.field("日期/时间(DATE/TIME):", clock.slipText(when))
    lines += l.field("交易参考号(REF. NO):", r.referenceNo ?? "")
    lines.append(l.rule())
    lines += l.field("金额(AMOUNT):", "RMB " + Money.format(fen: r.amountFen))
    lines.append(l.rule())
    lines += l.wrap("备注/REFERENCE:")
    lines += originalLines(r.original)
    lines += chipLines(r.chip)
    if profile.trainingMode { lines += l.wrap(Self.trainingLine) }
    // A QuickPass tap under the limit: no PIN, no signature (免密免签).
    if copy == .merchant && r.chip?.noCVM != true {
      lines += l.wrap("持卡人签名(CARDHOLDER SIGNATURE)")
      lines += ["", "", ""]
      lines.append(l.rule())
      lines += l.wrap("本人确认以上交易,同意将其记入本卡账户")
      lines += l.wrap("I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES")
    }
    let name =
      "\(clock.fileStamp(when))_B\(SequenceNumber.format(r.batch))"
      + "_V\(SequenceNumber.format(r.trace))_\(copy.rawValue)\(duplicate ? "-reprint" : "").txt"
    return PrintedSlip(fileName: name, lines: lines)
  }

  // MARK: QR payment slip (扫码支付凭条)

  /// A QR payment, or its void: the wallet (支付方式), the masked payment code, the
  /// order number, amount, date and time. The customer confirmed on the phone: no
  /// signature block.
  func qrReceipt(
    _ r: TransactionRecord, wallet: PaymentCodeKind, copy: SlipCopy, duplicate: Bool
  ) -> PrintedSlip {
    let l = layout
    let when = r.completedAt ?? r.startedAt
    var lines: [String] = []
    lines += l.title("扫码支付凭条", "QR PAYMENT SLIP")
    lines += l.center(copy == .merchant ? "商户存根 MERCHANT COPY" : "顾客存根 CUSTOMER COPY")
    if duplicate { lines += l.center(Self.duplicateLine) }
    lines.append(l.rule("="))
    lines += merchantBlock(operatorNo: r.operatorNo)
    lines.append(l.rule())
    lines += l.field("支付方式(PAID BY):", wallet.displayName)
    lines += l.field("收单行(ACQ):", profile.acquirerName)
    lines += l.field("付款码(PAY CODE):", Self.safeMask(r.maskedPAN) + " " + r.entryMode.rawValue)
    lines += l.field("交易类型(TXN. TYPE):", r.descriptor.slipTitle!.text)
    lines += l.field("批次号(BATCH NO):", SequenceNumber.format(r.batch))
    lines += l.field("凭证号(VOUCHER NO):", SequenceNumber.format(r.trace))
    lines += l.field(
      "订单号(ORDER NO):",
      r.orderNumber(terminalNo: profile.terminalNo, timeZone: profile.timeZone))
    lines += l.field("日期/时间(DATE/TIME):", clock.slipText(when))
    lines += l.field("交易参考号(REF. NO):", r.referenceNo ?? "")
    lines.append(l.rule())
    lines += l.field("金额(AMOUNT):", "RMB " + Money.format(fen: r.amountFen))
    lines.append(l.rule())
    lines += l.wrap("备注/REFERENCE:")
    lines += originalLines(r.original)
    if profile.trainingMode { lines += l.wrap(Self.trainingLine) }
    let name =
      "\(clock.fileStamp(when))_B\(SequenceNumber.format(r.batch))"
      + "_V\(SequenceNumber.format(r.trace))_\(copy.rawValue)\(duplicate ? "-reprint" : "").txt"
    return PrintedSlip(fileName: name, lines: lines)
  }

  // Chip and contactless

  /// The chip lines of real UnionPay slips (field notes §9): AID, 应用标签/APP LABEL,
  /// the cryptogram (TC, or a tap's ARQC) and the ATC; 免密免签 for a tap under the
  /// limit.
  func chipLines(_ chip: ChipSlipData?) -> [String] {
    guard let chip else { return [] }
    let l = layout
    var lines = l.field("AID:", chip.aid)
    lines += l.field("应用标签(APP LABEL):", chip.label)
    lines += l.field(chip.cryptogramName + ":", chip.cryptogram)
    lines += l.field("ATC:", chip.atc)
    if chip.noCVM { lines += l.wrap("免密免签 NO PIN NO SIGNATURE") }
    return lines
  }

  /// The original a void, refund or completion refers to, as real slips name it
  /// under 备注: voucher, reference and date, or authorisation code.
  func originalLines(_ original: OriginalTransaction?) -> [String] {
    guard let o = original else { return [] }
    let l = layout
    var lines: [String] = []
    if let trace = o.trace {
      lines += l.field("原凭证号(ORIG. VOUCHER):", SequenceNumber.format(trace))
    }
    if o.trace == nil, let ref = o.referenceNo { lines += l.field("原参考号(ORIG. REF):", ref) }
    if o.trace == nil, let auth = o.authCode { lines += l.field("原授权码(ORIG. AUTH):", auth) }
    if o.trace == nil, let date = o.date { lines += l.field("原交易日期(ORIG. DATE):", date) }
    return lines
  }

  func merchantBlock(operatorNo: String) -> [String] {
    let l = layout
    return l.field("商户名称(MERCHANT NAME):", profile.merchantName)
      + l.field("商户编号(MERCHANT NO):", profile.merchantNo)
      + l.field("终端编号(TERMINAL NO):", profile.terminalNo)
      + l.field("操作员号(OPERATOR NO):", operatorNo)
  }

  /// YYMM → YYYY/MM (20YY); anything else is printed as given.
  static func expiryText(_ yymm: String) -> String {
    guard yymm.count == 4, yymm.allSatisfy({ $0.isASCII && $0.isNumber }) else { return yymm }
    return "20\(yymm.prefix(2))/\(yymm.suffix(2))"
  }

  /// First 6 and last 4 kept, every digit between replaced by `*` — so even a
  /// full PAN handed over by mistake never reaches paper.
  static func safeMask(_ pan: String) -> String {
    // Printable ASCII (every masked PAN): byte by byte, as character by character.
    if pan.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
      var bytes = Array(pan.utf8)
      guard bytes.count > 10 else { return String(repeating: "*", count: bytes.count) }
      let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
      for i in 6..<(bytes.count - 4) where isDigit(bytes[i]) { bytes[i] = UInt8(ascii: "*") }
      return String(decoding: bytes, as: UTF8.self)
    }
    let chars = Array(pan)
    guard chars.count > 10 else { return String(repeating: "*", count: chars.count) }
    let middle = chars[6..<(chars.count - 4)].map { $0.isNumber ? "*" : $0 }
    return String(chars[..<6]) + String(middle) + String(chars[(chars.count - 4)...])
  }

  // MARK: settlement (结算总计单)

  static let totalsWidths = [11, -8, -13]

  func settlementLines(_ report: SettlementReport, duplicate: Bool = false) -> [String] {
    let l = layout
    var lines: [String] = []
    lines += l.title("结算总计单", "SETTLEMENT")
    if duplicate { lines += l.center(Self.duplicateLine) }
    lines.append(l.rule("="))
    lines += merchantBlock(operatorNo: report.operatorNo)
    lines += l.field("批次号(BATCH NO):", SequenceNumber.format(report.batch))
    lines += l.field("日期/时间(DATE/TIME):", clock.slipText(report.settledAt))
    lines.append(l.rule())
    lines += totalsRows(report.totals)
    lines.append(l.rule())
    lines += report.balanced ? l.title("对账平", "BALANCED") : l.title("对账不平", "UNBALANCED")
    if profile.trainingMode { lines += l.center(Self.trainingLine) }
    return lines
  }

  /// 7-4 交易汇总: the open batch's rows, 借记, 贷记 and net, before settlement.
  func totalsLines(_ batch: Int, _ totals: BatchTotals, _ printedAt: Date) -> [String] {
    let l = layout
    var lines: [String] = []
    lines += l.title("交易汇总", "TOTALS")
    lines.append(l.rule("="))
    lines += l.field("终端编号(TERMINAL NO):", profile.terminalNo)
    lines += l.field("批次号(BATCH NO):", SequenceNumber.format(batch))
    lines += l.field("日期/时间(DATE/TIME):", clock.slipText(printedAt))
    lines.append(l.rule())
    lines += totalsRows(totals)
    if profile.trainingMode { lines += l.center(Self.trainingLine) }
    return lines
  }

  /// The batch's name for a kind on a row: its short row name in the terminal's
  /// language, at most `KindNames.rowWidth` columns.
  func rowName(_ kind: TransactionKind) -> String {
    kind.descriptor.names.row.text(profile.language)
  }

  /// One row per kind the settlement lists (`BatchTotals.rows`), then 借记, 贷记 and
  /// the net, then the failed ones.
  func totalsRows(_ totals: BatchTotals) -> [String] {
    let l = layout
    let w = Self.totalsWidths
    var lines = l.row(["类型/TYPE", "笔数/SUM", "金额/AMOUNT"], w)
    for row in totals.rows {
      lines += l.row(
        [rowName(row.kind), "\(row.totals.count)", Money.format(fen: row.totals.amountFen)], w)
    }
    lines.append(l.rule())
    lines += ledgerRows(totals)
    lines.append(l.rule())
    let failed = totals.failed
    lines += l.row(["失败/FAILED", "\(failed.count)", Money.format(fen: failed.amountFen)], w)
    return lines
  }

  /// 借记/DEBIT, 贷记/CREDIT with counts, and 净额/NET, as the ledger has them.
  func ledgerRows(_ totals: BatchTotals) -> [String] {
    let l = layout
    let w = Self.totalsWidths
    return l.row(
      ["借记/DEBIT", "\(totals.debit.count)", Money.format(fen: totals.debit.amountFen)], w)
      + l.row(
        ["贷记/CREDIT", "\(totals.credit.count)", Money.format(fen: totals.credit.amountFen)], w)
      + l.row(["净额/NET", "", Money.format(fen: totals.netFen)], w)
  }

  // MARK: detail lists (交易明细)

  /// Type (a kind's row name), voucher and amount on the first line; the mark
  /// (已撤销, a response code, 冲正, 待上送) and the card under them on the second.
  static let detailWidths = [KindNames.rowWidth + 1, 7, -(columns - KindNames.rowWidth - 8)]

  /// The detail list: one layout for the settlement's lists and 7-3. A success list
  /// holds every transaction the batch counts as successful (voided ones marked
  /// 已撤销, advices owed marked 待上送) and ends with 借记, 贷记 and the net; a
  /// failed list holds the declined and reversed ones and ends with their count and
  /// amount.
  func detailLines(batch: Int, at date: Date, _ ledger: BatchLedger, failed: Bool) -> [String] {
    let l = layout
    let lang = profile.language
    var lines: [String] = []
    lines +=
      failed
      ? l.title("失败交易明细", "FAILED TRANSACTIONS") : l.title("成功交易明细", "SUCCESSFUL TRANSACTIONS")
    lines.append(l.rule("="))
    lines += l.field("终端编号(TERMINAL NO):", profile.terminalNo)
    lines += l.field("批次号(BATCH NO):", SequenceNumber.format(batch))
    lines += l.field("日期/时间(DATE/TIME):", clock.slipText(date))
    lines.append(l.rule())
    let w = Self.detailWidths
    let heads =
      lang == .zh
      ? ["类型", "凭证号", "金额", "状态", "卡号"] : ["TYPE", "VOUCHER", "AMOUNT", "MARK", "CARD"]
    lines += l.row([heads[0], heads[1], heads[2]], w)
    lines += l.row([heads[3], heads[4]], w)
    lines.append(l.rule())
    let entries = failed ? ledger.failures : ledger.successes
    if entries.isEmpty { lines += l.center("无交易 / NONE") }
    for e in entries {
      let r = e.record
      lines += l.row(
        [rowName(r.kind), SequenceNumber.format(r.trace), Money.format(fen: r.amountFen)], w)
      let card = Self.safeMask(r.maskedPAN) + " " + r.entryMode.rawValue
      lines += l.row([mark(e), card], [w[0], Self.columns - w[0]])
    }
    lines.append(l.rule())
    if failed {
      let t = ledger.failed
      lines += l.row(
        ["失败/FAILED", "\(t.count)", Money.format(fen: t.amountFen)], Self.totalsWidths)
    } else {
      lines += ledgerRows(ledger.totals)
    }
    if profile.trainingMode { lines += l.center(Self.trainingLine) }
    return lines
  }

  /// The second line's mark: what became of the transaction, in the terminal's
  /// language (blank for a plain success).
  func mark(_ e: BatchLedger.Entry) -> String {
    let l = profile.language
    switch e.standing {
    case .success, .unresolved: return ""
    case .voided: return Msg.transactionVoided.text(l)
    case .owed: return Msg.transactionOwed.text(l)
    case .failed:
      if e.record.status == .reversed { return Msg.transactionReversed.text(l) }
      return e.record.responseCode?.rawValue ?? "--"
    }
  }
}
