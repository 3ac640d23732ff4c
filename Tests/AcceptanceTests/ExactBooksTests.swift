import Acquirer
import Foundation
import Journal
import TerminalConfig
import TerminalCore
import Testing

/// Issue 20: every figure about a batch comes from one ledger, and no advice is lost.
/// Each day runs in-process, session by session (a session is a power cycle with its
/// own host fault); every surface is checked against the ledger, and the ledger
/// against a sum the test makes from the journal's rows.
@Suite("Exact books")
struct ExactBooksTests {
  static let signIn = "<enter> 01<enter> 0000<enter>\n"
  static let wechatPays = "134502000000000001"

  /// A day with every kind. The host numbers approvals in order (auth 000001, reference
  /// 000000000001, …), so the script can name them.
  @Test func aDayWithEveryKindAgreesOnEverySurface() throws {
    var day = try BooksDay("books-every-kind")
    defer { try? FileManager.default.removeItem(at: day.dir) }
    try day.run(
      Self.signIn + """
        # V1 pre-auth 300.00 (auth 000001); V2 its completion 320.00 (auth 000002).
        6 1 30000<enter> <swipe 2> <enter> <enter> <enter>
        6 3 <swipe 2> <enter> 000001<enter> 1121<enter> 32000<enter> <enter> <enter>
        # V3 sale swiped 50.00 (reference 000000000003); V4 inserted 123.45; V5 tapped 88.00.
        1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>
        1 12345<enter> <insert 9> <enter> <pin><enter> <enter> <remove>
        1 8800<enter> <tap 9> <enter>
        # V6 sale 500.00 and V7 its void; V8 a partial refund 20.00 of V3.
        1 50000<enter> <swipe 1> <enter> 123456<enter> <enter>
        3 123456<enter> 6<enter> <enter> <swipe 1> 123456<enter> <enter>
        4 123456<enter> <swipe 1> 000000000003<enter> 1121<enter> 2000<enter> <enter>
        # V9 balance enquiry; V10 completion void of V2.
        5 <swipe 1> 123456<enter> <enter>
        6 4 123456<enter> 2<enter> <enter> <swipe 2> <enter> <enter>
        # V11 QR payment 25.00 and V12 its void; V13 declined (card 3 has 10.00: 51).
        2 2500<enter> <scan \(Self.wechatPays)> <enter>
        3 123456<enter> 11<enter> <enter> <enter>
        1 5000<enter> <swipe 3> <enter> 111111<enter> <enter>
        """, at: "2026-11-21T09:30:00+08:00")
    // V14: a sale whose reply is lost; the power goes.
    try day.run(
      Self.signIn + "1 700<enter> <swipe 1> <enter> 123456<enter> <enter>",
      at: "2026-11-21T11:00:00+08:00", fault: .noReply)
    // Power back: the next sale (V15) reverses V14 first. Then 7-3, 7-4, 8-3 on the
    // decline, and 8-4 with both detail lists.
    try day.run(
      Self.signIn + """
        1 900<enter> <swipe 1> <enter> 123456<enter> <enter>
        7 3
        7 4
        8 3 13<enter> <cancel> <cancel>
        8 4 <enter> <enter> <enter>
        """, at: "2026-11-21T12:00:00+08:00")

    let rows = try day.journal.allTransactions()
    #expect(
      rows.map(\.kind) == [
        .preAuth, .preAuthCompletion, .sale, .sale, .sale, .sale, .void, .refund, .balance,
        .preAuthCompletionVoid, .qr, .qrVoid, .sale, .sale, .sale,
      ], "\(day.transcript.suffix(2000))")
    #expect(
      rows.map(\.status) == Array(repeating: .approved, count: 12) + [
        .declined, .reversed, .approved,
      ])
    #expect(rows.map(\.entryMode).prefix(5).map(\.rawValue) == ["S", "S", "S", "I", "C"])

    let ledger = BatchLedger(rows)
    let mine = IndependentSum.books(rows)
    #expect(ledger.debit == mine.debit && ledger.credit == mine.credit)
    // 50.00 + 123.45 + 88.00 + 9.00 (V15); V2, V6 and V11 voided. 20.00 refunded.
    #expect(mine.debit == Totals(count: 4, amountFen: 27_045))
    #expect(mine.credit == Totals(count: 1, amountFen: 2_000))
    #expect(ledger.failed == Totals(count: 2, amountFen: 5_700))

    // The settlement (field 48) as the host compared it, and the host's books.
    let report = try #require(try day.journal.settlements().last)
    #expect(report.balanced, "the host's books equal field 48")
    #expect(report.totals == ledger.totals)
    let host = try day.acquirer().settlementTotals(terminalNo: "10000001", batch: 1)
    #expect(host.debit == mine.debit && host.credit == mine.credit)

    // The settlement slip, 7-4: every kind's row, 借记, 贷记 and net.
    for suffix in ["_settlement.txt", "_totals.txt"] {
      let text = try #require(day.slip(endingWith: suffix), "\(suffix)")
      let m = IndependentSum.money
      #expect(
        IndependentSum.slipRow(text, "借记/DEBIT") == ["借记/DEBIT", "4", m(mine.debit.amountFen)])
      #expect(
        IndependentSum.slipRow(text, "贷记/CREDIT") == ["贷记/CREDIT", "1", m(mine.credit.amountFen)])
      #expect(IndependentSum.slipRow(text, "净额/NET") == ["净额/NET", m(27_045 - 2_000)])
      #expect(IndependentSum.slipRow(text, "消费撤销") == ["消费撤销", "1", "500.00"], "\(text)")
      #expect(IndependentSum.slipRow(text, "完成撤销") == ["完成撤销", "1", "320.00"])
      #expect(IndependentSum.slipRow(text, "扫码撤销") == ["扫码撤销", "1", "25.00"])
      #expect(IndependentSum.slipRow(text, "消费 ") == ["消费", "5", "770.45"], "V3-V6 and V15")
    }
    // Both detail lists: one layout, every successful transaction (voided ones
    // marked 已撤销), the same rows; the failed list holds the decline and the reversal.
    let printed = try #require(day.slip(endingWith: "_detail-success.txt"))
    let listed = try #require(day.slip(endingWith: "_detail.txt"))
    func body(_ text: String) -> [String] {
      let lines = text.split(separator: "\n").map(String.init)
      return Array(lines.drop { !$0.hasPrefix("类型") })
    }
    #expect(body(printed) == body(listed))
    let lines = body(printed)
    for r in rows where r.status == .approved {
      let i = try #require(
        lines.firstIndex {
          $0.hasPrefix(r.descriptor.names.row.zh) && $0.contains(SequenceNumber.format(r.trace))
        },
        "V\(r.trace) listed")
      let voided = [2, 6, 11].contains(r.trace)
      #expect(lines[i + 1].hasPrefix("已撤销") == voided, "V\(r.trace): \(lines[i + 1])")
    }
    #expect(!printed.contains("balance"))
    let failedList = try #require(day.slip(endingWith: "_detail-failed.txt"))
    #expect(failedList.contains("\n51 ") && failedList.contains("已冲正"), "\(failedList)")
    IndependentSum.expectFits(day.slips)

    // The LCD: 8-4's screens and 8-3's decline with its message.
    #expect(day.transcript.contains("|借记      4       270.45|"), "8-4 shows the ledger's debit")
    #expect(day.transcript.contains("|贷记      1        20.00|"))
    #expect(day.transcript.contains("|净额              250.45|"))
    #expect(day.transcript.contains("|交易失败 51 可用余额不足|"))
  }

  /// A refund whose reply is lost: owed to the host, never reversed, resent (the
  /// power cut took the card number; the host takes the sale's), then settled equal
  /// in the terminal's books, the host's and on the slip.
  @Test func aLostRefundIsResentAndSettledEqual() throws {
    var day = try BooksDay("books-lost-refund")
    defer { try? FileManager.default.removeItem(at: day.dir) }
    try day.run(
      Self.signIn + "1 12100<enter> <swipe 1> <enter> 123456<enter> <enter>",
      at: "2026-11-21T09:30:00+08:00")
    try day.run(
      Self.signIn + "4 123456<enter> <swipe 1> 000000000001<enter> 1121<enter> 150<enter> <enter>",
      at: "2026-11-21T10:00:00+08:00", fault: .noReply)
    var rows = try day.journal.allTransactions()
    #expect(rows.map(\.status) == [.approved, .pending], "owed, not reversed")
    #expect(try day.journal.pendingReversals().isEmpty, "an advice has no reversal")
    let owed = BatchLedger(rows)
    #expect(owed.credit == Totals(count: 1, amountFen: 150), "counted while owed")

    // Power back: 8-4 resends the refund (same voucher), then settles.
    try day.run(Self.signIn + "8 4 <enter> <enter> <enter>", at: "2026-11-21T11:00:00+08:00")
    rows = try day.journal.allTransactions()
    #expect(rows.map(\.status) == [.approved, .approved], "\(day.transcript.suffix(1500))")
    #expect(rows.map(\.trace) == [1, 2])
    let ledger = BatchLedger(rows)
    let report = try #require(try day.journal.settlements().last)
    #expect(report.balanced)
    let host = try day.acquirer()
    let books = try host.settlementTotals(terminalNo: "10000001", batch: 1)
    #expect(books.debit == ledger.debit && books.credit == ledger.credit)
    #expect(ledger.credit == Totals(count: 1, amountFen: 150))
    #expect(ledger.netFen == 11_950)
    let refunds = try host.transactions(terminalNo: "10000001", batch: 1).filter {
      $0.kind == .refund
    }
    #expect(refunds.count == 1, "booked once")
    #expect(try host.balance(pan: "6222020000002227") == 10_000_000 - 12_100 + 150)
    let slip = try #require(day.slip(endingWith: "_settlement.txt"))
    #expect(IndependentSum.slipRow(slip, "退货") == ["退货", "1", "1.50"])
    #expect(IndependentSum.slipRow(slip, "贷记/CREDIT") == ["贷记/CREDIT", "1", "1.50"])
    #expect(IndependentSum.slipRow(slip, "净额/NET") == ["净额/NET", "119.50"])
    #expect(day.transcript.contains("|净额              119.50|"), "8-4 shows the net")
    #expect(!day.transcript.contains("冲正处理中"))
  }

  /// A completion advice whose reply is lost: resent before the next transaction.
  @Test func aLostCompletionAdviceIsResentBeforeTheNextTransaction() throws {
    var day = try BooksDay("books-lost-advice")
    defer { try? FileManager.default.removeItem(at: day.dir) }
    try day.run(
      Self.signIn + "6 1 30000<enter> <swipe 2> <enter> <enter> <enter>",
      at: "2026-11-21T09:30:00+08:00")
    try day.run(
      Self.signIn + "6 5 <swipe 2> <enter> 000001<enter> 1121<enter> 31000<enter> <enter>",
      at: "2026-11-21T10:00:00+08:00", fault: .noReply)
    #expect(try day.journal.allTransactions().map(\.status) == [.approved, .pending])
    // A second resend round without an answer leaves it owed; the sale goes on.
    try day.run(
      Self.signIn + "1 100<enter> <swipe 1> <enter> 123456<enter> <enter>",
      at: "2026-11-21T10:30:00+08:00", fault: .noReply)
    var rows = try day.journal.allTransactions()
    #expect(rows[1].status == .pending, "still owed after three tries")
    try day.run(
      Self.signIn
        + "1 200<enter> <swipe 1> <enter> 123456<enter> <enter> 8 4 <enter> <cancel> <cancel>",
      at: "2026-11-21T11:00:00+08:00")
    rows = try day.journal.allTransactions()
    #expect(rows.map(\.kind) == [.preAuth, .preAuthCompletionAdvice, .sale, .sale])
    #expect(
      rows.map(\.status) == [.approved, .approved, .reversed, .approved],
      "\(day.transcript.suffix(1500))")
    let ledger = BatchLedger(rows)
    #expect(ledger.debit == Totals(count: 2, amountFen: 31_200))
    let report = try #require(try day.journal.settlements().last)
    #expect(report.balanced)
    let books = try day.acquirer().settlementTotals(terminalNo: "10000001", batch: 1)
    #expect(books.debit == ledger.debit && books.credit == ledger.credit)
  }

  /// Seeded random days of kinds, faults and power cuts: the settlement slip = the
  /// ledger = the host's books = field 48 (balanced), and every slip line ≤ 32 columns.
  @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
  func randomDaysSettleEqual(seed: UInt64) throws {
    var rng = SeededRandom(seed: seed)
    var day = try BooksDay("books-random-\(seed)")
    defer { try? FileManager.default.removeItem(at: day.dir) }
    var hour = 9
    for _ in 0..<5 {
      let rows = try day.journal.allTransactions()
      let open = rows.filter { $0.batch == (rows.last?.batch ?? 1) }
      var script = Self.signIn
      for _ in 0..<Int.random(in: 1...3, using: &rng) {
        let sales = open.filter { $0.kind == .sale && $0.status == .approved }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0, 1:
          let fen = Int.random(in: 100...20_000, using: &rng)
          script += "1 \(fen)<enter> <swipe 1> <enter> 123456<enter> <enter>\n"
        case 2 where !sales.isEmpty:
          let sale = sales.randomElement(using: &rng)!
          script +=
            "4 123456<enter> <swipe 1> \(sale.referenceNo ?? "")<enter> 1121<enter> 50<enter> <enter>\n"
        case 3 where !sales.isEmpty:
          let sale = sales.randomElement(using: &rng)!
          script += "3 123456<enter> \(sale.trace)<enter> <enter> <swipe 1> 123456<enter> <enter>\n"
        case 4:
          script +=
            "2 \(Int.random(in: 100...5_000, using: &rng))<enter> <scan \(Self.wechatPays)> <enter>\n"
        default:
          script += "1 5000<enter> <swipe 3> <enter> 111111<enter> <enter>\n"
        }
      }
      let fault: HostFaultMode = Int.random(in: 0..<3, using: &rng) == 0 ? .noReply : .none
      try day.run(script, at: String(format: "2026-11-21T%02d:00:00+08:00", hour), fault: fault)
      hour += 1
    }
    try day.run(Self.signIn + "8 4 <enter> <enter> <enter>", at: "2026-11-21T18:00:00+08:00")

    let rows = try day.journal.allTransactions()
    let report = try #require(try day.journal.settlements().last, "\(day.transcript.suffix(1500))")
    let ledger = BatchLedger(rows)
    let mine = IndependentSum.books(rows)
    #expect(ledger.debit == mine.debit && ledger.credit == mine.credit, "seed \(seed)")
    #expect(report.totals == ledger.totals)
    #expect(report.balanced, "seed \(seed): field 48 = the host's books")
    let books = try day.acquirer().settlementTotals(terminalNo: "10000001", batch: 1)
    #expect(books.debit == mine.debit && books.credit == mine.credit, "seed \(seed)")
    let slip = try #require(day.slip(endingWith: "_settlement.txt"))
    let m = IndependentSum.money
    #expect(
      IndependentSum.slipRow(slip, "借记/DEBIT")
        == ["借记/DEBIT", "\(mine.debit.count)", m(mine.debit.amountFen)])
    #expect(
      IndependentSum.slipRow(slip, "贷记/CREDIT")
        == ["贷记/CREDIT", "\(mine.credit.count)", m(mine.credit.amountFen)])
    IndependentSum.expectFits(day.slips, "seed \(seed)")
  }
}

/// SplitMix64: a seeded generator, so each random day replays.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
