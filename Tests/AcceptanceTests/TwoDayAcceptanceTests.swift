import Foundation
import Journal
import TerminalCore
import Testing

/// Day 1: three sales, one declined. Day 2: sign-in forces the settlement of
/// exactly those totals, then one sale. Transcripts and every slip are golden files.
@Suite("Golden two-day acceptance run")
struct TwoDayAcceptanceTests {
  static let day1 = """
    # Day 1, 2026-11-20. Sign in: a fresh journal has nothing to settle.
    <enter> 01<enter> 0000<enter>
    # Sale 1: 50.00 on card 1 (debit, PIN 123456): approved, two slips.
    1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>
    # Sale 2: 50.00 on card 3 (balance 10.00): declined 51, nothing printed.
    <wait 120>
    1 5000<enter> <swipe 3> <enter> 111111<enter> <enter>
    # Sale 3: 123.45 on card 2 (credit, PIN optional: Enter with no PIN): approved.
    <wait 60>
    1 12345<enter> <swipe 2> <enter> <enter> <enter>
    """

  static let day2 = """
    # Day 2, 2026-11-21. Sign-in finds yesterday's batch open: forced settlement.
    <enter> 01<enter> 0000<enter>
    <enter>   # any key starts it
    <enter>   # successful: 2 for 173.45; print the detail list
    <enter>   # failed: 1 for 50.00; print the detail list
    # Then sell again: 20.00 on card 1.
    1 2000<enter> <swipe 1> <enter> 123456<enter> <enter>
    """

  @Test func twoDaysAtTheCounter() throws {
    let dir = Acceptance.scratch("two-day")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let receipts = dir.appendingPathComponent("receipts")

    let first = try Acceptance.runScript(
      Self.day1, clock: "2026-11-20T10:00:00+08:00", state: state, receipts: receipts)
    #expect(first.outcome == .atRest)
    let journal1 = try TerminalJournal(path: state.appendingPathComponent("journal.sqlite"))
    let day1 = try journal1.allTransactions()
    #expect(day1.map(\.status) == [.approved, .declined, .approved])
    #expect(day1.map(\.responseCode) == [.approved, .insufficientFunds, .approved])
    #expect(Acceptance.slips(in: receipts).count == 4, "two slips for each approved sale")

    let second = try Acceptance.runScript(
      Self.day2, clock: "2026-11-21T09:30:00+08:00", state: state, receipts: receipts)
    #expect(second.outcome == .atRest)
    #expect(second.transcript.contains("终端隔日强制结算"))
    let settlements = try TerminalJournal(path: state.appendingPathComponent("journal.sqlite"))
      .settlements()
    #expect(settlements.count == 1)
    #expect(settlements.first?.totals.counted(.sale) == Totals(count: 2, amountFen: 17_345))
    #expect(settlements.first?.totals.failed == Totals(count: 1, amountFen: 5_000))
    #expect(settlements.first?.balanced == true)

    let slips = Acceptance.slips(in: receipts)
    #expect(
      slips.count == 4 + 3 + 2, "day 2: settlement + two detail lists, then the sale's two copies")
    for (name, text) in slips {
      for line in text.split(separator: "\n") {
        #expect(
          DisplayWidth.of(String(line)) <= 32,
          "\(name): '\(line)' is wider than 32 columns")
      }
    }
    let allSlips = slips.map { "##### \($0.0)\n\($0.1)" }.joined(separator: "\n")
    #expect(try Acceptance.matchesGolden(first.transcript, "two-day/day1-transcript.txt"))
    #expect(try Acceptance.matchesGolden(second.transcript, "two-day/day2-transcript.txt"))
    #expect(try Acceptance.matchesGolden(allSlips, "two-day/slips.txt"))
  }
}

enum DisplayWidthProbe {
  static func columns(_ s: String) -> Int { DisplayWidth.of(s) }
}
