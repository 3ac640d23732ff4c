import Acquirer
import Foundation
import Journal
import TerminalCore
import TerminalRuntime
import Testing

/// The flows after the sale, each scripted through the binary (`--script`), with
/// every Cancel and every refusal the terminal makes before the host: the
/// transcripts and slips are golden files, and the journal and the host's books
/// are checked against each other.
@Suite("The rest of the menu, through the binary")
struct CounterFlowsAcceptanceTests {
  static let clock = "2026-11-21T09:30:00+08:00"
  static let card1 = "6222020000002227"

  struct Run {
    var status: Int32
    var transcript: String
    var dir: URL
    var state: URL { dir.appendingPathComponent("state") }
    var receipts: URL { dir.appendingPathComponent("receipts") }
    var journal: TerminalJournal {
      get throws { try TerminalJournal(path: state.appendingPathComponent("journal.sqlite")) }
    }
    var slips: [(String, String)] { Acceptance.slips(in: receipts) }
    /// The simulated host's books in this state folder.
    func acquirer() throws -> SimulatedAcquirer {
      try SimulatedAcquirer(
        accounts: try Acceptance.configuration().deck.map(\.acquirerAccount), fault: .none,
        statePath: state.appendingPathComponent("acquirer.sqlite"),
        timeZone: TimeZone(secondsFromGMT: 8 * 3600)!)
    }
  }

  /// Runs `script` with `pos-terminal --script` in `dir` (state and receipts kept there).
  static func run(
    _ script: String, in dir: URL, clock: String = clock, config: [String: [String: String]] = [:]
  ) throws -> Run {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("run-\(UUID().uuidString).keys")
    try script.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    var args = Hardening.runArgs(dir, clock: clock) + ["--script", file.path]
    if !config.isEmpty { args += ["--config", try Acceptance.config(config).path] }
    let run = try Hardening.run(args, input: "")
    return Run(status: run.status, transcript: run.stdout, dir: dir)
  }

  static func expectSlipsFit(_ slips: [(String, String)]) {
    for (name, text) in slips {
      for line in text.split(separator: "\n") {
        #expect(DisplayWidth.of(String(line)) <= 32, "\(name): '\(line)' is wider than 32 columns")
      }
    }
  }

  static func allSlips(_ run: Run) -> String {
    run.slips.map { "##### \($0.0)\n\($0.1)" }.joined(separator: "\n")
  }

  // MARK: 撤销

  static let void = """
    <enter> 01<enter> 0000<enter>
    # Voucher 000001: a sale of 500.00 keyed instead of 50.00.
    1 50000<enter> <swipe 1> <enter> 123456<enter> <enter>
    # Cancel at the supervisor password; a wrong password; an unknown voucher.
    3 <cancel>
    3 111111<enter> <cancel>
    3 123456<enter> 9<enter> <cancel>
    # The voucher found, Cancel at its confirmation.
    3 123456<enter> 1<enter> <cancel>
    # Confirmed; another card is swiped: 卡号不符. Then the right card and its PIN.
    3 123456<enter> 1<enter> <enter> <swipe 2> <swipe 1> 123456<enter> <enter>
    # Voided already; voucher 2 is the void itself, not a sale.
    3 123456<enter> 1<enter> <cancel>
    3 123456<enter> 2<enter> <cancel>
    # And the right amount.
    1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>
    """

  @Test func aSaleKeyedWrongIsVoidedAndChargedAgain() throws {
    let dir = Acceptance.scratch("flow-void")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Self.run(Self.void, in: dir)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    for refusal in ["密码错", "没有原始交易", "卡号不符", "原交易已撤销", "原交易不是消费", "请核对原交易:"] {
      #expect(run.transcript.contains(refusal), "\(refusal)")
    }
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.kind) == [.sale, .void, .sale])
    #expect(journal.map(\.status) == [.approved, .approved, .approved])
    #expect(journal[1].original?.trace == 1 && journal[1].amountFen == 50_000)
    let open = try run.journal.snapshot()
    #expect(BatchLedger(open.openBatch).debit == Totals(count: 1, amountFen: 5_000))

    let host = try run.acquirer()
    #expect(try host.balance(pan: Self.card1) == 10_000_000 - 5_000, "the void gave 500.00 back")
    #expect(try host.settlementTotals(terminalNo: "10000001", batch: 1).debit.amountFen == 5_000)

    #expect(run.slips.map(\.0).filter { $0.contains("V000002") }.count == 2, "the void's two slips")
    Self.expectSlipsFit(run.slips)
    #expect(try Acceptance.matchesGolden(run.transcript, "flows/void-transcript.txt"))
    #expect(try Acceptance.matchesGolden(Self.allSlips(run), "flows/void-slips.txt"))
  }

  @Test func withoutSwipeOrPINAVoidGoesStraightToTheHost() throws {
    let dir = Acceptance.scratch("flow-void-settings")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = """
      <enter> 01<enter> 0000<enter>
      1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>
      3 123456<enter> 000001<enter> <enter> <enter>
      """
    let run = try Self.run(
      script, in: dir,
      config: ["terminal.yaml": ["void_requires_swipe": "false", "void_requires_pin": "false"]])
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.kind) == [.sale, .void] && journal[1].status == .approved)
    #expect(journal[1].maskedPAN.isEmpty, "no card was asked for")
    #expect(try run.acquirer().balance(pan: Self.card1) == 10_000_000)
  }

  // MARK: 退货

  @Test func yesterdaysCustomerGetsAPartialRefundThenTheRest() throws {
    let dir = Acceptance.scratch("flow-refund")
    defer { try? FileManager.default.removeItem(at: dir) }
    let day1 = try Self.run(
      "<enter> 01<enter> 0000<enter> 1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>",
      in: dir, clock: "2026-11-20T15:00:00+08:00")
    #expect(day1.status == 0)
    let reference = try #require(try day1.journal.allTransactions().first?.referenceNo)

    let day2 = """
      <enter> 01<enter> 0000<enter> <enter> <cancel> <cancel>
      # Yesterday's voucher cannot be voided: it was settled.
      3 123456<enter> 1<enter> <cancel>
      # Cancel at the card, at the reference, at the date.
      4 123456<enter> <cancel>
      4 123456<enter> <swipe 1> <cancel>
      4 123456<enter> <swipe 1> \(reference)<enter> <cancel>
      # A short reference, an impossible date, then 20.00 of the 50.00.
      4 123456<enter> <swipe 1> 12345<enter> <bksp><bksp><bksp><bksp><bksp> \(reference)<enter>
        1399<enter> <bksp><bksp><bksp><bksp> 1120<enter> 2000<enter> <enter>
      # 30.01 is more than is left: 13. A wrong reference: 25.
      4 123456<enter> <swipe 1> \(reference)<enter> 1120<enter> 3001<enter> <enter>
      4 123456<enter> <swipe 1> 999999999999<enter> 1120<enter> 100<enter> <enter>
      # The other 30.00.
      4 123456<enter> <swipe 1> \(reference)<enter> 1120<enter> 3000<enter> <enter>
      """
    let run = try Self.run(day2, in: dir, clock: "2026-11-21T09:30:00+08:00")
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    for refusal in ["原交易已结算,请做退货", "须输入12位", "日期无效", "无效金额", "没有原始交易"] {
      #expect(run.transcript.contains(refusal), "\(refusal)")
    }
    let refunds = try run.journal.allTransactions().filter { $0.kind == .refund }
    #expect(refunds.map(\.status) == [.approved, .declined, .declined, .approved])
    #expect(refunds.map(\.responseCode) == [.approved, .invalidAmount, .noOriginal, .approved])
    #expect(try run.acquirer().balance(pan: Self.card1) == 10_000_000, "50.00 back in two refunds")
    #expect(
      BatchLedger(try run.journal.snapshot().openBatch).credit == Totals(count: 2, amountFen: 5_000)
    )
    Self.expectSlipsFit(run.slips)
    #expect(try Acceptance.matchesGolden(run.transcript, "flows/refund-transcript.txt"))
  }

  // MARK: 余额查询

  @Test func aBalanceEnquiryShowsTheBalanceAndPrintsNothing() throws {
    let dir = Acceptance.scratch("flow-balance")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = """
      <enter> 01<enter> 0000<enter>
      5 <cancel>
      5 <swipe 1> <cancel>
      5 <swipe 1> 123456<enter> 9
      5 <swipe 3> 000000<enter> <enter>
      """
    let run = try Self.run(script, in: dir)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.contains("可用余额:"))
    #expect(run.transcript.contains("RMB 100000.00"))
    #expect(run.transcript.contains("密码错"), "a wrong PIN is the host's 55")
    #expect(run.slips.isEmpty, "an enquiry prints no slip")
    #expect(try Acceptance.matchesGolden(run.transcript, "flows/balance-transcript.txt"))
  }

  // MARK: 预授权

  @Test func aHoldIsCompletedWithinItsLimitAndAnotherIsReleased() throws {
    let dir = Acceptance.scratch("flow-preauth")
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = try Self.run(
      """
      <enter> 01<enter> 0000<enter>
      6 <cancel> 6 1 <cancel>
      6 1 100000<enter> <swipe 1> <enter> 123456<enter> <enter>
      6 1 20000<enter> <swipe 1> <enter> 123456<enter> <enter>
      """, in: dir)
    #expect(first.status == 0, "\(first.transcript.suffix(800))")
    let holds = try first.journal.allTransactions()
    #expect(
      holds.map(\.kind) == [.preAuth, .preAuth] && holds.allSatisfy { $0.status == .approved })
    let auth1 = try #require(holds[0].authCode)
    let auth2 = try #require(holds[1].authCode)
    let host = try first.acquirer()
    #expect(
      try host.availableBalance(pan: Self.card1, at: Date(timeIntervalSince1970: 1_795_743_000))
        == 10_000_000 - 120_000, "both holds lower what the card can spend")

    let second = try Self.run(
      """
      <enter> 01<enter> 0000<enter>
      # Completion: 1,150.01 is more than 115% of 1,000.00 (13); 1,150.00 is not.
      6 3 <swipe 1> <enter> \(auth1)<enter> 1121<enter> 115001<enter> 123456<enter> <enter>
      6 3 <swipe 1> <enter> \(auth1)<enter> 1121<enter> 115000<enter> 123456<enter> <enter>
      # The second hold released (预授权撤销): the amount must be the hold's.
      6 2 123456<enter> <swipe 1> \(auth2)<enter> 1121<enter> 20000<enter> 123456<enter> <enter>
      # The completion voided by its voucher (000004), then reprinted from 7-2.
      6 4 123456<enter> 4<enter> <enter> <swipe 1> 123456<enter> <enter>
      5 <swipe 1> 123456<enter> <enter>
      """, in: dir)
    #expect(second.status == 0, "\(second.transcript.suffix(800))")
    let all = try second.journal.allTransactions()
    #expect(
      all.map(\.kind) == [
        .preAuth, .preAuth, .preAuthCompletion, .preAuthCompletion, .preAuthVoid,
        .preAuthCompletionVoid, .balance,
      ])
    #expect(
      all.map(\.responseCode) == [
        .approved, .approved, .invalidAmount, .approved, .approved, .approved, .approved,
      ])
    #expect(second.transcript.contains("无效金额"))
    // The completion void put the hold back; the pre-auth void released the other.
    #expect(
      try second.acquirer().availableBalance(
        pan: Self.card1, at: Date(timeIntervalSince1970: 1_795_743_000)) == 10_000_000 - 100_000)
    let slipNames = second.slips.map(\.0)
    #expect(slipNames.count == 4 + 6, "two copies of each approved hold, completion and void")
    #expect(second.slips.contains { $0.1.contains("预授权完成/AUTH COMPLETE") })
    #expect(second.slips.contains { $0.1.contains("预授权/AUTH") && $0.1.contains(auth1) })
    Self.expectSlipsFit(second.slips)
    #expect(try Acceptance.matchesGolden(second.transcript, "flows/preauth-transcript.txt"))
  }

  // MARK: 打印 and 管理

  @Test func thePrintMenuReprintsAndReportsAndTheManagementMenuSettles() throws {
    let dir = Acceptance.scratch("flow-print")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = """
      <enter> 01<enter> 0000<enter>
      # Nothing yet: 7-1 and 7-5 say so.
      7 1 7 5
      1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>
      1 2000<enter> <swipe 2> <enter> <enter> <enter>
      # 7-1 the last slip, 7-2 voucher 1 (an unknown one first), 7-3 detail, 7-4 totals.
      7 1 <enter>
      7 2 9<enter> 1<enter> <cancel>
      7 3 7 4
      # 8-4 settles now, without detail lists; 7-5 prints that settlement again.
      8 4 <enter> <cancel> <cancel>
      7 5
      # 8-2 signs off; sign in again.
      8 2 <enter> 01<enter> 0000<enter>
      8 1 <cancel> <cancel>
      """
    let run = try Self.run(script, in: dir)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.contains("无可重打印的交易"))
    #expect(run.transcript.contains("无结算单可重打"))
    #expect(run.transcript.contains("无此凭证"))
    #expect(run.transcript.contains("已签退"))
    #expect(try run.journal.settlements().count == 1)
    #expect(try run.journal.snapshot().batch == 2)
    let names = run.slips.map(\.0)
    #expect(
      names.filter { $0.hasSuffix("-reprint.txt") }.count == 3, "7-1 two copies, 7-2 merchant")
    #expect(
      names.contains { $0.hasSuffix("_detail.txt") }
        && names.contains { $0.hasSuffix("_totals.txt") })
    #expect(names.contains { $0.hasSuffix("_settlement-copy.txt") })
    #expect(
      run.slips.filter { $0.0.hasSuffix("-reprint.txt") || $0.0.hasSuffix("-copy.txt") }
        .allSatisfy { $0.1.contains("重打印/DUPLICATED") })
    Self.expectSlipsFit(run.slips)
    #expect(try Acceptance.matchesGolden(run.transcript, "flows/print-transcript.txt"))
    #expect(try Acceptance.matchesGolden(Self.allSlips(run), "flows/print-slips.txt"))
  }

  @Test func theUnionPayLayoutNumbersTheMenuLikeABankTerminal() throws {
    let dir = Acceptance.scratch("flow-unionpay")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = """
      <enter> 01<enter> 0000<enter>
      1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>
      2 123456<enter> 1<enter> <enter> <swipe 1> 123456<enter> <enter>
      8 1 <swipe 1> 123456<enter> <enter>
      5 4 <cancel>
      """
    let run = try Self.run(script, in: dir, config: ["terminal.yaml": ["menu": "unionpay"]])
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.contains("2.撤销"))
    #expect(run.transcript.contains("8.其它"))
    #expect(try run.journal.allTransactions().map(\.kind) == [.sale, .void, .balance])
    #expect(try Acceptance.matchesGolden(run.transcript, "flows/unionpay-transcript.txt"))
  }
}
