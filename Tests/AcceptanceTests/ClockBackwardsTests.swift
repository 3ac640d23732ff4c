import Foundation
import Journal
import Testing

/// A scripted `--clock` before the journal's last record is refused (exit 2, both
/// times named): sales would be dated before earlier ones, a batch settled before
/// the sales it holds.
@Suite("A clock that runs backwards")
struct ClockBackwardsTests {
  static let sale = "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>"

  func args(_ dir: URL, _ clock: String) -> [String] {
    [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", clock,
    ]
  }

  @Test(arguments: ["2026-11-21T09:00:00+08:00", "2025-01-01T10:00:00+08:00"])
  func aScriptedClockBeforeTheJournalIsRefused(_ earlier: String) throws {
    let dir = Acceptance.scratch("clock-back")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(
      try Acceptance.runBinary(args(dir, "2026-11-21T10:00:00+08:00"), input: Self.sale).status == 0
    )
    let run = try Acceptance.runBinary(args(dir, earlier), input: Self.sale)
    #expect(run.status == 2, "\(run.stdout.suffix(600))")
    #expect(
      run.stderr.contains(
        "--clock \(earlier) is before the journal's last record, at 2026-11-21T10:00:"),
      "\(run.stderr)")
    #expect(run.stdout.isEmpty, "nothing was powered on")
    let journal = try TerminalJournal(path: dir.appendingPathComponent("state/journal.sqlite"))
    #expect(try journal.allTransactions().count == 1, "no sale dated before the first")

    let later = try Acceptance.runBinary(args(dir, "2026-11-21T10:30:00+08:00"), input: Self.sale)
    #expect(later.status == 0, "\(later.stdout.suffix(600))")
  }
}
