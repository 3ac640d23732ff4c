import Foundation
import Testing

/// A write-ahead log lost after a kill (deleted, cut short or scribbled on) leaves a
/// journal or acquirer file that is sound but behind its own history. Power-on must
/// find it (exit 4, the file named) instead of starting without a word and reusing
/// the voucher number of the sale the log held.
@Suite("A lost write-ahead log", .serialized)
struct LostLogTests {
  static let sale = "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>"
  static let second = "<enter>01<enter>0000<enter>1 7000<enter><swipe 1><enter>123456<enter><enter>"

  enum Damage: String, CaseIterable { case deleted, truncated, scribbled }

  static let cases: [(String, Damage)] = ["journal.sqlite", "acquirer.sqlite"].flatMap { file in
    Damage.allCases.map { (file, $0) }
  }

  func args(_ dir: URL, _ clock: String) -> [String] {
    [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", clock,
    ]
  }

  @Test(arguments: cases)
  func isFoundAtPowerOn(_ file: String, _ damage: Damage) throws {
    let dir = Acceptance.scratch("lost-log")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let receipts = dir.appendingPathComponent("receipts")
    #expect(
      try Acceptance.runBinary(args(dir, "2026-11-21T10:00:00+08:00"), input: Self.sale).status == 0
    )
    // The 70.00 sale is approved, journalled and printed; then the power goes.
    let crashed = try Acceptance.runBinary(
      args(dir, "2026-11-21T10:05:00+08:00") + ["--crash-at", "print:2"], input: Self.second)
    #expect(crashed.status == 86)
    #expect(Acceptance.slips(in: receipts).contains { $0.0.contains("V000002") })

    let log = state.appendingPathComponent(file + "-wal")
    let bytes = try Data(contentsOf: log)
    #expect(bytes.count > 4096, "the log holds the second sale's commits")
    switch damage {
    case .deleted:
      try FileManager.default.removeItem(at: log)
    case .truncated:
      try bytes.prefix(bytes.count / 2).write(to: log)
    case .scribbled:
      var scribbled = bytes
      // Inside the first frame's page: its checksum, and so every later frame's, fails.
      for i in 200..<264 { scribbled[i] ^= 0x5A }
      try scribbled.write(to: log)
    }
    let slipsBefore = Acceptance.slips(in: receipts).map(\.0)

    let run = try Acceptance.runBinary(args(dir, "2026-11-21T10:10:00+08:00"), input: Self.sale)
    #expect(run.status == 4, "\(run.stdout.suffix(800))")
    #expect(run.stdout.contains("\(file): behind its own history"), "\(run.stdout.suffix(800))")
    #expect(run.stderr.contains("\(file): behind its own history"))
    #expect(Acceptance.slips(in: receipts).map(\.0) == slipsBefore, "no voucher used again")
  }

  /// The mark follows every commit, so a kill alone (the log intact) still powers on.
  @Test func aKillWithTheLogIntactStillPowersOn() throws {
    let dir = Acceptance.scratch("lost-log-intact")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(
      try Acceptance.runBinary(args(dir, "2026-11-21T10:00:00+08:00"), input: Self.sale).status == 0
    )
    let crashed = try Acceptance.runBinary(
      args(dir, "2026-11-21T10:05:00+08:00") + ["--crash-at", "print:2"], input: Self.second)
    #expect(crashed.status == 86)
    let run = try Acceptance.runBinary(args(dir, "2026-11-21T10:10:00+08:00"), input: Self.sale)
    #expect(run.status == 0, "\(run.stdout.suffix(800))")
    #expect(
      Acceptance.slips(in: dir.appendingPathComponent("receipts")).contains {
        $0.0.contains("V000003")
      })
  }
}
