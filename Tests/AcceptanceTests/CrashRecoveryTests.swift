import Foundation
import Journal
import TerminalCore
import Testing

/// Pulls the plug at every point of three scripted sales (after each journal
/// commit, each host answer, each slip), powers on again, and checks the journal.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
  static let threeSales =
    "<enter>01<enter>0000<enter>"
    + "1 5000<enter><swipe 1><enter>123456<enter><enter>"
    + "1 700<enter><swipe 1><enter>123456<enter><enter>"
    + "1 12345<enter><swipe 2><enter><enter><enter>"
  /// The next day: sign in, settle whatever is open, then one more sale.
  static let nextDay =
    "<enter>01<enter>0000<enter><enter><cancel><cancel>"
    + "1 100<enter><swipe 1><enter>123456<enter><enter>"

  /// Journal commits, host answers and slips in `threeSales` when nothing crashes.
  static let points: [String] =
    (1...6).map { "journal:\($0)" } + (1...4).map { "host:\($0)" } + (1...6).map { "print:\($0)" }

  func args(_ dir: URL, _ clock: String) -> [String] {
    [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", clock,
    ]
  }

  @Test(arguments: points)
  func powerLossAt(_ point: String) throws {
    let dir = Acceptance.scratch("crash")
    defer { try? FileManager.default.removeItem(at: dir) }
    let journalPath = dir.appendingPathComponent("state/journal.sqlite")

    let crashed = try Acceptance.runBinary(
      args(dir, "2026-11-20T10:00:00+08:00") + ["--crash-at", point], input: Self.threeSales)
    #expect(crashed.status == 86, "the plug was pulled at \(point)")
    let before = try TerminalJournal(path: journalPath).allTransactions()
    let approvedBefore = Set(before.filter { $0.status == .approved }.map(\.trace))

    let after = try Acceptance.runBinary(
      args(dir, "2026-11-21T09:30:00+08:00"), input: Self.nextDay)
    #expect(after.status == 0, "\(after.stderr)\n\(after.stdout.suffix(2000))")
    let journal = try TerminalJournal(path: journalPath)
    let all = try journal.allTransactions()
    let snapshot = try journal.snapshot()

    // No approved sale lost.
    let approvedAfter = Set(all.filter { $0.status == .approved }.map(\.trace))
    #expect(approvedBefore.isSubset(of: approvedAfter))
    // A sale without a reply was reversed, never left hanging.
    #expect(!all.contains { $0.status == .pending })
    #expect(snapshot.pendingReversal == nil)
    for record in before where record.status == .pending {
      #expect(all.first { $0.trace == record.trace }?.status == .reversed)
    }
    // Voucher numbers are never reused.
    let traces = all.map(\.trace)
    #expect(Set(traces).count == traces.count)
    #expect(traces == traces.sorted())
    // What the terminal thinks it sold is what the host thinks: the settlement balances.
    let settlements = try journal.settlements()
    #expect(settlements.allSatisfy { $0.balanced }, "\(after.stdout.suffix(1500))")
  }

  /// A QR order the customer confirms at 10 s: the order, its polls, its journal
  /// commits. host:2 is the order, host:3 and on its polls.
  static let qrOrder =
    "<enter>01<enter>0000<enter>"
    + "1 5000<enter><swipe 1><enter>123456<enter><enter>"
    + "2 1000<enter><scan 285002000000000002><wait 12><enter><enter>"

  @Test(arguments: ["host:3", "host:4", "host:5", "journal:3", "journal:4", "journal:5"])
  func powerLossDuringAQROrderPoll(_ point: String) throws {
    let dir = Acceptance.scratch("crash-qr")
    defer { try? FileManager.default.removeItem(at: dir) }
    let journalPath = dir.appendingPathComponent("state/journal.sqlite")
    let crashed = try Acceptance.runBinary(
      args(dir, "2026-11-20T10:00:00+08:00") + ["--crash-at", point], input: Self.qrOrder)
    #expect(crashed.status == 86, "the plug was pulled at \(point): \(crashed.stdout.suffix(600))")
    let approvedBefore = Set(
      try TerminalJournal(path: journalPath).allTransactions().filter { $0.status == .approved }
        .map(\.trace))

    let after = try Acceptance.runBinary(
      args(dir, "2026-11-21T09:30:00+08:00"), input: Self.nextDay)
    #expect(after.status == 0, "\(after.stderr)\n\(after.stdout.suffix(2000))")
    let journal = try TerminalJournal(path: journalPath)
    let all = try journal.allTransactions()
    #expect(approvedBefore.isSubset(of: Set(all.filter { $0.status == .approved }.map(\.trace))))
    #expect(!all.contains { $0.status == .pending }, "\(all.map(\.status))")
    #expect(try journal.snapshot().pendingReversal == nil)
    let traces = all.map(\.trace)
    #expect(Set(traces).count == traces.count)
    #expect(try journal.settlements().allSatisfy { $0.balanced }, "\(after.stdout.suffix(1500))")
  }

  /// Real kills at seeded random moments of a longer run.
  @Test func sigkillAtRandomMoments() throws {
    var rng = SplitMix(seed: 2026)
    for round in 0..<4 {
      let dir = Acceptance.scratch("kill-\(round)")
      defer { try? FileManager.default.removeItem(at: dir) }
      let p = Process()
      p.executableURL = Acceptance.binary
      p.arguments = args(dir, "2026-11-20T10:00:00+08:00")
      let input = Pipe()
      p.standardInput = input
      p.standardOutput = FileHandle.nullDevice
      try p.run()
      input.fileHandleForWriting.write(
        Data(
          ("<enter>01<enter>0000<enter>"
            + String(repeating: "1 100<enter><swipe 1><enter>123456<enter><enter>", count: 40)).utf8
        ))
      try input.fileHandleForWriting.close()
      usleep(useconds_t(50_000 + rng.next() % 400_000))
      kill(p.processIdentifier, SIGKILL)
      p.waitUntilExit()

      let after = try Acceptance.runBinary(
        args(dir, "2026-11-21T09:30:00+08:00"), input: Self.nextDay)
      #expect(after.status == 0, "\(after.stderr)")
      let journal = try TerminalJournal(path: dir.appendingPathComponent("state/journal.sqlite"))
      let all = try journal.allTransactions()
      #expect(!all.contains { $0.status == .pending })
      #expect(Set(all.map(\.trace)).count == all.count)
      let settlements = try journal.settlements()
      #expect(settlements.allSatisfy { $0.balanced })
    }
  }
}

struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt32 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return UInt32(truncatingIfNeeded: z ^ (z >> 31))
  }
}

/// A settlement interrupted by power loss resumes at the next power-on.
@Suite("Interrupted settlement", .serialized)
struct InterruptedSettlementTests {
  static let twoSales =
    "<enter>01<enter>0000<enter>"
    + "1 5000<enter><swipe 1><enter>123456<enter><enter>"
    + "1 700<enter><swipe 1><enter>123456<enter><enter>"
  static let settleThenSell =
    "<enter>01<enter>0000<enter><enter><enter><enter>"
    + "1 100<enter><swipe 1><enter>123456<enter><enter>"

  func args(_ dir: URL, _ clock: String) -> [String] {
    [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", clock,
    ]
  }

  /// host:2 = the host settled but the terminal never heard; journal:1 = the batch is
  /// closed but no slip printed yet; print:1 = the settlement slip printed, the detail lists not.
  @Test(arguments: ["host:2", "journal:1", "print:1"])
  func powerLossDuringSettlement(_ point: String) throws {
    let dir = Acceptance.scratch("settle-crash")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(
      try Acceptance.runBinary(args(dir, "2026-11-20T10:00:00+08:00"), input: Self.twoSales).status
        == 0)
    let crashed = try Acceptance.runBinary(
      args(dir, "2026-11-21T09:30:00+08:00") + ["--crash-at", point], input: Self.settleThenSell)
    #expect(crashed.status == 86)

    let again = try Acceptance.runBinary(
      args(dir, "2026-11-21T09:40:00+08:00"), input: Self.settleThenSell)
    #expect(again.status == 0, "\(again.stdout.suffix(1200))")
    let journal = try TerminalJournal(path: dir.appendingPathComponent("state/journal.sqlite"))
    let settlements = try journal.settlements()
    #expect(settlements.count == 1, "settled exactly once")
    #expect(settlements.first?.balanced == true)
    #expect(settlements.first?.totals.counted(.sale) == Totals(count: 2, amountFen: 5700))
    let open = try journal.snapshot()
    #expect(open.batch == 2)
    #expect(
      open.openBatch.map(\.responseCode) == [.approved], "the next sale, in batch 2, approved")
    let names = Acceptance.slips(in: dir.appendingPathComponent("receipts")).map(\.0)
    #expect(names.filter { $0.contains("_settlement") }.count >= 1)
  }
}

@Suite("A slip lost to a power cut")
struct LostSlipTests {
  /// The journal owes both copies (the approval was committed, no slip printed):
  /// menu 7-1 prints them as the originals they are, not as duplicates.
  @Test func isPrintedFromTheMenuAsTheOriginalItNeverWas() throws {
    let dir = Acceptance.scratch("lost-slip")
    defer { try? FileManager.default.removeItem(at: dir) }
    let args = [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", "2026-11-21T09:30:00+08:00",
    ]
    // journal:2 = the approval is committed; the power goes before the merchant copy prints.
    let crashed = try Acceptance.runBinary(
      args + ["--crash-at", "journal:2"],
      input: "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>")
    #expect(crashed.status == 86)
    #expect(Acceptance.slips(in: dir.appendingPathComponent("receipts")).isEmpty)

    let again = try Acceptance.runBinary(args, input: "<enter>01<enter>0000<enter>71<enter>")
    #expect(again.status == 0)
    let slips = Acceptance.slips(in: dir.appendingPathComponent("receipts"))
    #expect(
      slips.map(\.0) == [
        "20261121-093000_B000001_V000001_cardholder.txt",
        "20261121-093000_B000001_V000001_merchant.txt",
      ])
    #expect(slips.allSatisfy { !$0.1.contains("重打印/DUPLICATED") && $0.1.contains("RMB 50.00") })
    #expect(again.stdout.contains("补打未打印凭条2张"))
    let owed = try TerminalJournal(path: dir.appendingPathComponent("state/journal.sqlite"))
      .snapshot().owedSlips
    #expect(owed.isEmpty, "printed, so no longer owed")
  }
}
