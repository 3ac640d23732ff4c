import Acquirer
import Foundation
import Journal
import TerminalCore
import TerminalRuntime
import Testing

/// 扫一扫 (lakala's 2) through the binary (`--script`), one outcome per test, with
/// the shipped deck's phones: the transcripts and slips are golden files, and the
/// journal is checked against the wallet platform's books.
@Suite("QR payment, through the binary")
struct QRPaymentAcceptanceTests {
  typealias Run = CounterFlowsAcceptanceTests.Run
  static let terminalNo = "10000001"
  static let signIn = "<enter> 01<enter> 0000<enter>\n"

  // The shipped deck's phones (Config/deck.yaml `wallets:`).
  static let wechatPays = "134502000000000001"
  static let alipayConfirmsAt10 = "285002000000000002"
  static let wechatNeverConfirms = "134502000000000003"
  static let alipayTenYuan = "285002000000000004"
  static let wechatUsed = "134502000000000005"
  static let unionPayQR = "6250020000000000006"

  /// Runs the signed-in `script` with `pos-terminal --strict --script`: input the
  /// terminal ignored fails the run (exit 2).
  static func run(_ script: String, _ name: String) throws -> (Run, URL) {
    let dir = Acceptance.scratch("qr-\(name)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("run.keys")
    try (signIn + script).write(to: file, atomically: true, encoding: .utf8)
    let run = try Hardening.run(
      Hardening.runArgs(dir, clock: CounterFlowsAcceptanceTests.clock) + [
        "--strict", "--script", file.path,
      ], input: "")
    return (Run(status: run.status, transcript: run.stdout, dir: dir), dir)
  }

  /// The platform's books in the run's state folder, with the deck's wallets.
  static func books(_ run: Run) throws -> SimulatedAcquirer {
    let config = try Acceptance.configuration()
    return try SimulatedAcquirer(
      accounts: config.deck.map(\.acquirerAccount),
      wallets: config.wallets.map(\.acquirerWallet), fault: .none,
      statePath: run.state.appendingPathComponent("acquirer.sqlite"),
      timeZone: TimeZone(secondsFromGMT: 8 * 3600)!)
  }

  static func orderNo(trace: Int) -> String {
    "261121" + terminalNo + SequenceNumber.format(trace)
  }

  @Test func theDeckShipsAPhoneForEveryOutcome() throws {
    let wallets = try Acceptance.configuration().wallets
    #expect(
      wallets.map(\.code) == [
        Self.wechatPays, Self.alipayConfirmsAt10, Self.wechatNeverConfirms, Self.alipayTenYuan,
        Self.wechatUsed, Self.unionPayQR,
      ])
    #expect(wallets.map(\.kind) == [.wechat, .alipay, .wechat, .alipay, .wechat, .unionPayQR])
    #expect(wallets[1].behaviour == .confirmsOnPhone(afterSeconds: 10))
    #expect(wallets[2].behaviour == .neverConfirms && wallets[4].behaviour == .usedOrExpired)
    #expect(wallets[3].balanceFen == 1000)
  }

  @Test func aWeChatPaymentIsPaidAtOnceWithItsSlips() throws {
    let (run, dir) = try Self.run(
      """
      # Cancel at the amount and at the scan; then 25.00 by WeChat Pay.
      2 <cancel>
      2 2500<enter> <cancel>
      2 2500<enter> <scan \(Self.wechatPays)> <enter>
      """, "wechat")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.kind) == [.qr] && journal[0].status == .approved)
    #expect(journal[0].maskedPAN == "134502********0001" && journal[0].entryMode == .qrCode)
    #expect(journal[0].issuer == "微信")
    let books = try Self.books(run)
    #expect(try books.walletBalance(code: Self.wechatPays) == 1_000_000 - 2_500)
    #expect(try books.qrOrderStatus(orderNo: Self.orderNo(trace: 1)) == "paid")
    #expect(run.slips.count == 2)
    CounterFlowsAcceptanceTests.expectSlipsFit(run.slips)
    let slips = CounterFlowsAcceptanceTests.allSlips(run)
    for text in ["扫码支付凭条", "支付方式(PAID BY):", "微信", "订单号(ORDER NO):", "26112110000001000001"] {
      #expect(slips.contains(text), "\(text)")
    }
    #expect(!slips.contains("签名"), "the customer confirmed on the phone: no signature")
    #expect(try Acceptance.matchesGolden(run.transcript, "qr/wechat-transcript.txt"))
    #expect(try Acceptance.matchesGolden(slips, "qr/wechat-slips.txt"))
  }

  @Test func anAlipayCustomerConfirmingOnThePhoneAfterTenSecondsIsPaid() throws {
    let (run, dir) = try Self.run(
      "2 1000<enter> <scan \(Self.alipayConfirmsAt10)> <wait 12> <enter>", "alipay-late")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    for text in ["用户支付中", "请顾客在手机上确认", "剩余25秒", "剩余20秒", "支付成功", "支付方式:支付宝"] {
      #expect(run.transcript.contains(text), "\(text)")
    }
    // The queries at 09:30:05 and :10; paid at the second.
    #expect(
      run.transcript.contains(
        "09:30:10 +08:00 · <wait 12> ===\n+------------------------+\n|        扫码支付        |\n|        支付成功"
      ))
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.status) == [.approved])
    let books = try Self.books(run)
    #expect(try books.walletBalance(code: Self.alipayConfirmsAt10) == 1_000_000 - 1_000)
    CounterFlowsAcceptanceTests.expectSlipsFit(run.slips)
    #expect(try Acceptance.matchesGolden(run.transcript, "qr/alipay-late-transcript.txt"))
    #expect(
      try Acceptance.matchesGolden(
        CounterFlowsAcceptanceTests.allSlips(run), "qr/alipay-late-slips.txt"))
  }

  @Test func aCustomerWhoNeverConfirmsIsCancelledAfterThirtySecondsAndNotCharged() throws {
    let (run, dir) = try Self.run(
      """
      # Never confirmed: queried every 5 s, cancelled at 30 s.
      2 3000<enter> <scan \(Self.wechatNeverConfirms)> <wait 40> <enter>
      # The cashier cancels while the customer is confirming.
      2 4000<enter> <scan \(Self.alipayConfirmsAt10)> <wait 5> <cancel> <enter>
      """, "never-confirms")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    for text in ["撤单中...", "订单已撤销", "用户30秒内未确认", "收银员撤单", "未扣款"] {
      #expect(run.transcript.contains(text), "\(text)")
    }
    #expect(
      run.transcript.contains(
        "2026-11-21 09:30:30 +08:00 · <wait 40> ===\n+------------------------+\n|        扫码支付        |\n|金额: 30.00             |\n|       撤单中..."
      ))
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.status) == [.declined, .declined])
    #expect(journal.map(\.responseCode) == [.orderCancelled, .orderCancelled])
    #expect(run.slips.isEmpty)
    let books = try Self.books(run)
    #expect(try books.walletBalance(code: Self.wechatNeverConfirms) == 1_000_000, "not charged")
    #expect(try books.walletBalance(code: Self.alipayConfirmsAt10) == 1_000_000, "not charged")
    #expect(try books.qrOrderStatus(orderNo: Self.orderNo(trace: 1)) == "closed")
    #expect(try books.qrOrderStatus(orderNo: Self.orderNo(trace: 2)) == "closed")
    #expect(try books.transactions(terminalNo: Self.terminalNo, batch: 1).isEmpty)
    #expect(try books.settlementTotals(terminalNo: Self.terminalNo, batch: 1).debit == Totals())
    #expect(try Acceptance.matchesGolden(run.transcript, "qr/never-confirms-transcript.txt"))
  }

  @Test func aShortWalletAUsedCodeAndAnInvalidCodeAreRefused() throws {
    let (run, dir) = try Self.run(
      """
      # 20.00 from a wallet holding 10.00: 51.
      2 2000<enter> <scan \(Self.alipayTenYuan)> <enter>
      # A code used already: Q1.
      2 100<enter> <scan \(Self.wechatUsed)> <enter>
      # No wallet's code: 无效付款码, nothing sent; then Cancel.
      2 100<enter> <scan 123456> <scan 9999999999999999999> <cancel>
      """, "refused")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    for text in ["51 可用余额不足", "Q1 付款码已使用或过期", "无效付款码", "支付失败"] {
      #expect(run.transcript.contains(text), "\(text)")
    }
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.responseCode) == [.insufficientFunds, .paymentCodeUsed])
    #expect(journal.count == 2, "the invalid code was never sent")
    #expect(run.slips.isEmpty)
    let books = try Self.books(run)
    #expect(try books.walletBalance(code: Self.alipayTenYuan) == 1000)
    #expect(try books.qrOrderStatus(orderNo: Self.orderNo(trace: 3)) == nil)
    #expect(try Acceptance.matchesGolden(run.transcript, "qr/refused-transcript.txt"))
  }

  @Test func aUnionPayQRPaymentIsVoidedTheSameDayAndTheWalletRefunded() throws {
    let (run, dir) = try Self.run(
      """
      # V1: 88.00 by UnionPay QR (云闪付).
      2 8800<enter> <scan \(Self.unionPayQR)> <enter>
      # 3 撤销 by its voucher: the supervisor's password and the voucher, no card, no PIN.
      3 123456<enter> 1<enter> <enter> <enter>
      # Voided already.
      3 123456<enter> 1<enter> <cancel>
      """, "void")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.contains("扫码撤销") && run.transcript.contains("原交易已撤销"))
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.kind) == [.qr, .qrVoid])
    #expect(journal.map(\.status) == [.approved, .approved])
    #expect(journal[1].original?.trace == 1 && journal[1].maskedPAN == journal[0].maskedPAN)
    #expect(BatchLedger(try run.journal.snapshot().openBatch).debit == Totals())
    let books = try Self.books(run)
    #expect(try books.walletBalance(code: Self.unionPayQR) == 1_000_000, "88.00 back")
    let host = try books.transactions(terminalNo: Self.terminalNo, batch: 1)
    #expect(host.map(\.kind) == [.qr, .qrVoid] && host.map(\.status) == [.voided, .approved])
    #expect(run.slips.count == 4)
    CounterFlowsAcceptanceTests.expectSlipsFit(run.slips)
    let slips = CounterFlowsAcceptanceTests.allSlips(run)
    #expect(slips.contains("扫码撤销/QR VOID") && slips.contains("原凭证号(ORIG. VOUCHER):  000001"))
    #expect(try Acceptance.matchesGolden(run.transcript, "qr/void-transcript.txt"))
    #expect(try Acceptance.matchesGolden(slips, "qr/void-slips.txt"))
  }

  @Test func qrPaymentsSettleOnTheirOwnRow() throws {
    let (run, dir) = try Self.run(
      """
      # A card sale of 50.00, two QR payments (25.00 and 10.00), one voided card-free.
      1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>
      2 2500<enter> <scan \(Self.wechatPays)> <enter>
      2 1000<enter> <scan \(Self.unionPayQR)> <enter>
      2 700<enter> <scan \(Self.wechatPays)> <enter>
      3 123456<enter> 4<enter> <enter> <enter>
      # 7-4 totals, then 8-4 settlement without detail lists.
      7 4
      8 4 <enter> <cancel> <cancel>
      """, "settle")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    let settlement = try #require(try run.journal.settlements().last)
    // Every payment in its row, the one voided too; its void in its own.
    #expect(settlement.totals.counted(.qr) == Totals(count: 3, amountFen: 4_200))
    #expect(settlement.totals.counted(.qrVoid) == Totals(count: 1, amountFen: 700))
    #expect(settlement.totals.counted(.sale) == Totals(count: 1, amountFen: 5_000))
    #expect(settlement.totals.debit == Totals(count: 3, amountFen: 8_500))
    #expect(settlement.balanced, "the host's totals agree")
    let books = try Self.books(run)
    #expect(
      try books.settlementTotals(terminalNo: Self.terminalNo, batch: 1).debit
        == Totals(count: 3, amountFen: 8_500))
    let totals = run.slips.filter {
      $0.0.hasSuffix("_totals.txt") || $0.0.hasSuffix("_settlement.txt")
    }
    #expect(totals.count == 2)
    for (_, text) in totals {
      // Its own row, named by the kind's short row name; its void has one too.
      #expect(IndependentSum.slipRow(text, "扫码支付") == ["扫码支付", "3", "42.00"], "\(text)")
      #expect(IndependentSum.slipRow(text, "扫码撤销") == ["扫码撤销", "1", "7.00"], "\(text)")
    }
    CounterFlowsAcceptanceTests.expectSlipsFit(run.slips)
    #expect(
      try Acceptance.matchesGolden(
        totals.map { "##### \($0.0)\n\($0.1)" }.joined(separator: "\n"), "qr/settle-slips.txt"))
  }

  @Test func aLostAnswerCancelsTheOrderAndNothingStaysCharged() throws {
    let dir = Acceptance.scratch("qr-lost")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    // The platform takes the order (and charges it) but its answers are lost: the
    // order times out, its cancel times out too, and the reversal kept in the journal
    // cancels it when the host answers again.
    let file = dir.appendingPathComponent("run.keys")
    try (Self.signIn + "2 2500<enter> <scan \(Self.wechatPays)> <enter>")
      .write(to: file, atomically: true, encoding: .utf8)
    let lost = try Hardening.run(
      Hardening.runArgs(dir, clock: CounterFlowsAcceptanceTests.clock) + [
        "--strict", "--script", file.path, "--config",
        try Acceptance.config(["host.yaml": ["fault": "no_reply"]]).path,
      ], input: "")
    let first = Run(status: lost.status, transcript: lost.stdout, dir: dir)
    #expect(first.status == 0, "\(first.transcript.suffix(800))")
    #expect(first.transcript.contains("撤单未确认") && first.transcript.contains("冲正待发"))
    #expect(try first.journal.snapshot().pendingReversal?.kind == .qr)
    #expect(
      try Self.books(first).walletBalance(code: Self.wechatPays) == 1_000_000,
      "the cancel went through")
    // Next time, with the host answering: the reversal goes before the payment.
    try (Self.signIn + "2 1000<enter> <scan \(Self.wechatPays)> <enter>")
      .write(to: file, atomically: true, encoding: .utf8)
    let next = try Hardening.run(
      Hardening.runArgs(dir, clock: "2026-11-21T09:40:00+08:00") + [
        "--strict", "--script", file.path,
      ],
      input: "")
    #expect(next.status == 0, "\(next.stdout.suffix(800))")
    #expect(next.stdout.contains("冲正处理中"))
    let journal = try first.journal.allTransactions()
    #expect(journal.map(\.status) == [.reversed, .approved])
    #expect(try first.journal.snapshot().pendingReversal == nil)
    let books = try Self.books(first)
    #expect(try books.walletBalance(code: Self.wechatPays) == 1_000_000 - 1_000)
    #expect(try books.qrOrderStatus(orderNo: Self.orderNo(trace: 1)) == "closed")
  }

  @Test func inputEndingWhileTheCustomerConfirmsRunsToTheEnd() throws {
    let (run, dir) = try Self.run("2 1000<enter> <scan \(Self.alipayConfirmsAt10)>", "eof")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(run.transcript.contains("waiting for the customer"))
    #expect(run.transcript.contains("支付成功"))
    #expect(try run.journal.allTransactions().map(\.status) == [.approved])
  }

  @Test func aScanNobodyAskedForIsFlaggedInAStrictRun() throws {
    let (run, dir) = try Self.run("<scan \(Self.wechatPays)> <scan>", "strict")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(run.status == 2, "\(run.transcript.suffix(600))")
    #expect(run.transcript.contains("the terminal was not asking for a payment code"))
    #expect(run.transcript.contains("<scan>: needs the payment code on the phone"))
  }
}
