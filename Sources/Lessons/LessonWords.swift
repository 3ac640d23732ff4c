import Foundation
import TerminalConfig
import TerminalCore

/// Every text a lesson shows, in the terminal's language.
struct LessonWords: Sendable {
  let language: Language

  private func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }
  private func money(_ fen: Int64) -> String { Money.format(fen: fen) }

  // MARK: The customer

  func opening(_ name: String, _ title: String, customers: Int) -> String {
    t("课程 \(name): \(title),\(customers)位顾客", "Lesson \(name): \(title), \(customers) customer(s)")
  }

  func customer(_ n: Int, of total: Int, says: String) -> String {
    t("顾客 \(n)/\(total): “\(says)”", "Customer \(n)/\(total): \"\(says)\"")
  }
  func presents(_ face: String) -> String { t("出示 ", "Presents ") + face }
  func presentsNothing() -> String { t("没有出示卡片或手机", "Presents no card or phone") }
  func switchesCard(_ face: String) -> String {
    t("顾客: “那换这张卡吧” 出示 ", "Customer: \"Try this one, then\" and presents ") + face
  }
  func typesPIN(seconds: Double) -> String {
    let s = InputToken.format(seconds: seconds)
    return t("顾客在密码键盘上输入密码 (\(s)秒)", "Customer keys in the PIN (\(s) s)")
  }
  var signs: String { t("顾客在商户存根上签名", "Customer signs the merchant copy") }
  var refusesToSign: String {
    t("顾客拒绝在商户存根上签名", "Customer refuses to sign the merchant copy")
  }
  var leaves: String { t("顾客离开", "Customer leaves") }

  // MARK: The cashier

  func cashier(_ action: CashierAction) -> String {
    switch action {
    case .retain: return t("收银员没收卡片", "Cashier retains the card")
    case .signed: return t("收银员核对签名", "Cashier checks the signature")
    case .next: return t("收银员: 请下一位", "Cashier: next, please")
    }
  }
  var noCustomer: String { t("柜台前没有顾客", "no customer at the counter") }
  func noCard(_ action: PresentedAction) -> String {
    action == .scan
      ? t("顾客没有出示手机", "the customer presents no phone")
      : t("顾客没有出示银行卡", "the customer presents no bank card")
  }

  // MARK: Verdicts

  func passed(_ n: Int, of total: Int, seconds: Int) -> String {
    t("顾客 \(n)/\(total) ✓ 用时\(seconds)秒", "Customer \(n)/\(total) ✓ \(seconds) s")
  }
  func failed(_ n: Int, of total: Int, seconds: Int, missed: [String], advice: String?) -> String {
    var line = t("顾客 \(n)/\(total) ✗ 用时\(seconds)秒: ", "Customer \(n)/\(total) ✗ \(seconds) s: ")
    line += missed.joined(separator: "; ")
    if let advice { line += t("。正确做法: ", ". The right way: ") + advice }
    return line
  }
  var notServed: String { t("未接待", "not served") }
  func scoreSheet(_ file: String) -> String { t("成绩单 ", "score sheet ") + file }
  var lessonOver: String { t("课程结束", "Lesson over") }

  func charged(_ fen: Int64, shouldBe want: Int64) -> String {
    t("收款 \(money(fen)),应为 \(money(want))", "charged \(money(fen)), should be \(money(want))")
  }
  func sent(_ n: Int) -> String {
    t("发出了 \(n) 笔交易,不应发出任何交易", "\(n) transaction(s) sent; none should be")
  }
  var notRetained: String { t("没有没收卡片", "the card was not retained") }
  var retainedWrongly: String { t("不应没收卡片", "the card was retained; it should not be") }
  func notVoided(_ trace: Int) -> String {
    let v = SequenceNumber.format(trace)
    return t("凭证号 \(v) 没有撤销", "voucher \(v) was not voided")
  }
  func refunded(_ fen: Int64, shouldBe want: Int64) -> String {
    t("退货 \(money(fen)),应为 \(money(want))", "refunded \(money(fen)), should be \(money(want))")
  }
  var notSettled: String { t("没有结算", "not settled") }
  var unbalanced: String { t("结算对账不平", "settled, but the totals did not match") }
  var detailListsMissing: String {
    t("没有打印成功和失败两份明细", "the two detail lists were not printed")
  }
  var noSignatureToCheck: String {
    t("顾客没有签名,不能放行", "the customer did not sign; the sale cannot stand")
  }
  var signatureNotChecked: String {
    t("没有核对商户存根上的签名", "the signature on the merchant copy was not checked")
  }
  var chipCardSwiped: String { t("芯片卡被刷卡", "the chip card was swiped") }
  var noCharge: String { t("没有成功的收款", "no approved charge") }
  func readBy(_ mode: EntryMode, shouldBe want: EntryMode) -> String {
    t("读卡方式为\(name(mode)),应为\(name(want))", "read by \(name(mode)), should be \(name(want))")
  }
  func tooManyCharges(_ n: Int, most: Int) -> String {
    t("发起了 \(n) 次收款,最多应为 \(most) 次", "\(n) charges sent, at most \(most)")
  }

  func name(_ mode: EntryMode) -> String {
    switch mode {
    case .swipe: return t("刷卡", "stripe")
    case .insert: return t("插卡", "chip")
    case .contactless: return t("挥卡", "contactless")
    case .manual: return t("手输", "keyed")
    case .qrCode: return t("扫码", "QR")
    }
  }

  /// What a check asks for, as the score sheet lists it.
  func label(_ check: LessonCheck) -> String {
    switch check {
    case .charged(let fen): return t("收款 \(money(fen))", "charged \(money(fen))")
    case .nothingSent: return t("不发交易", "nothing sent")
    case .retained(let want):
      return want ? t("没收卡片", "card retained") : t("不没收卡片", "card kept by customer")
    case .voided(let trace):
      return t("撤销凭证 \(SequenceNumber.format(trace))", "void of \(SequenceNumber.format(trace))")
    case .refunded(let fen): return t("退货 \(money(fen))", "refund \(money(fen))")
    case .settledBalanced: return t("结算对账平", "settled, balanced")
    case .detailListsPrinted: return t("打印两份明细", "both detail lists")
    case .signatureChecked: return t("核对签名", "signature checked")
    case .notSwiped: return t("芯片卡不刷卡", "chip card not swiped")
    case .readBy(let mode): return t("读卡方式 \(name(mode))", "read by \(name(mode))")
    case .maxCharges(let n): return t("收款请求不超过 \(n) 次", "at most \(n) charge(s)")
    }
  }

  // MARK: The printed face of what the customer presents

  func face(_ card: DeckCard) -> String {
    var kinds = [t("磁条", "stripe")]
    if let chip = card.chip {
      kinds.append(t("芯片", "chip"))
      if chip.contactless { kinds.append(t("闪付", "contactless")) }
    }
    let expiry = card.printedExpiry
    let mmyy = String(expiry.suffix(2)) + "/" + String(expiry.prefix(2))
    return t("银行卡 ", "bank card ") + Self.grouped(card.printedPAN) + " " + card.printedName + " "
      + t("有效期 ", "valid thru ") + mmyy + " " + card.issuer + " (" + kinds.joined(separator: "/")
      + ")"
  }

  func face(_ wallet: DeckWallet) -> String {
    t("手机 ", "phone ") + Msg.wallet(wallet.kind).text(language) + t(" 付款码 ", " payment code ")
      + wallet.code
  }

  /// `6222 0200 0000 2227`, as cards are embossed.
  static func grouped(_ pan: String) -> String {
    var out = ""
    for (i, c) in pan.enumerated() {
      if i > 0 && i % 4 == 0 { out.append(" ") }
      out.append(c)
    }
    return out
  }
}
