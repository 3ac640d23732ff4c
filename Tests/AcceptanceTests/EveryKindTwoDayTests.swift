import Acquirer
import Foundation
import Journal
import TerminalCore
import TerminalRuntime
import Testing

/// Two days at a counter with every kind of transaction, through the binary. Day 1:
/// sales, a void, a balance enquiry, a pre-authorisation and its completion, a
/// refund, a manual settlement, then more business. Day 2: the forced settlement of
/// what remains. Transcripts and every slip are golden files; the host's books
/// agree with the journal.
@Suite("Golden two-day run with every kind")
struct EveryKindTwoDayTests {
  // The simulated host numbers its authorisations and references in order of
  // approval (000001, 000000000001, …): the script can name them.
  static let day1 = """
    # Day 1, 2026-11-20. Sign in.
    <enter> 01<enter> 0000<enter>
    # V1 sale 50.00; V2 sale 500.00 keyed wrong; V3 voids V2.
    1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>
    1 50000<enter> <swipe 1> <enter> 123456<enter> <enter>
    3 123456<enter> 2<enter> <enter> <swipe 1> 123456<enter> <enter>
    # V4 balance enquiry: on screen only.
    5 <swipe 1> 123456<enter> <enter>
    # V5 pre-authorisation of 300.00 on the credit card (no PIN), auth 000005;
    # V6 its completion for 320.00 (within 115%).
    6 1 30000<enter> <swipe 2> <enter> <enter> <enter>
    6 3 <swipe 2> <enter> 000005<enter> 1120<enter> 32000<enter> <enter> <enter>
    # V7 refund of 20.00 of V1 (reference 000000000001).
    4 123456<enter> <swipe 1> 000000000001<enter> 1120<enter> 2000<enter> <enter>
    # 8-4: settle now, with both detail lists.
    8 4 <enter> <enter> <enter>
    # Batch 2: V8 sale 88.00; V9 a hold of 100.00 (holds never settle).
    1 8800<enter> <swipe 1> <enter> 123456<enter> <enter>
    6 1 10000<enter> <swipe 1> <enter> 123456<enter> <enter>
    """

  static let day2 = """
    # Day 2, 2026-11-21. Yesterday's batch 2 is open: forced settlement.
    <enter> 01<enter> 0000<enter>
    <enter> <enter> <enter>
    # Totals of the new batch on paper (7-4), then sell.
    1 2000<enter> <swipe 1> <enter> 123456<enter> <enter>
    7 4
    """

  @Test func twoDaysWithEveryKind() throws {
    let dir = Acceptance.scratch("every-kind")
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = try CounterFlowsAcceptanceTests.run(
      Self.day1, in: dir, clock: "2026-11-20T10:00:00+08:00")
    #expect(first.status == 0, "\(first.transcript.suffix(1000))")
    let day1 = try first.journal.allTransactions()
    #expect(
      day1.map(\.kind) == [
        .sale, .sale, .void, .balance, .preAuth, .preAuthCompletion, .refund, .sale, .preAuth,
      ])
    #expect(day1.allSatisfy { $0.status == .approved }, "\(day1.map(\.responseCode))")
    let settled = try first.journal.settlements()
    #expect(settled.count == 1 && settled[0].balanced)
    // Batch 1: V1 50.00 + V6 320.00 on the debit side (V2 voided); V7 20.00 credit.
    #expect(settled[0].totals.debit == Totals(count: 2, amountFen: 37_000))
    #expect(settled[0].totals.credit == Totals(count: 1, amountFen: 2_000))

    let second = try CounterFlowsAcceptanceTests.run(
      Self.day2, in: dir, clock: "2026-11-21T09:30:00+08:00")
    #expect(second.status == 0, "\(second.transcript.suffix(1000))")
    #expect(second.transcript.contains("终端隔日强制结算"))
    let settlements = try second.journal.settlements()
    #expect(settlements.count == 2 && settlements[1].balanced)
    #expect(settlements[1].totals.debit == Totals(count: 1, amountFen: 8_800))
    #expect(settlements[1].totals.credit == Totals())

    // The host's books agree with the journal: each batch's totals, and the cards.
    let host = try second.acquirer()
    for report in settlements {
      let books = try host.settlementTotals(terminalNo: "10000001", batch: report.batch)
      #expect(books.debit == report.totals.debit && books.credit == report.totals.credit)
    }
    let card1Debits: Int64 = 5_000 - 2_000 + 8_800 + 2_000
    #expect(try host.balance(pan: "6222020000002227") == 10_000_000 - card1Debits)
    #expect(try host.balance(pan: "6225880167203943") == 5_000_000 - 32_000)
    let later = Date(timeIntervalSince1970: 1_795_743_000)
    #expect(
      try host.availableBalance(pan: "6222020000002227", at: later)
        == 10_000_000 - card1Debits - 10_000, "V9's hold is still on the card")

    CounterFlowsAcceptanceTests.expectSlipsFit(second.slips)
    #expect(try Acceptance.matchesGolden(first.transcript, "every-kind/day1-transcript.txt"))
    #expect(try Acceptance.matchesGolden(second.transcript, "every-kind/day2-transcript.txt"))
    #expect(
      try Acceptance.matchesGolden(
        CounterFlowsAcceptanceTests.allSlips(second), "every-kind/slips.txt"))
  }
}
