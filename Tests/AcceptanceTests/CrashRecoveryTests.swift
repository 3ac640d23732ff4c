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
