import Foundation
import ScriptFront
import Testing

/// `--golden`: frames compared by what caused them, aligned by a longest common
/// subsequence, so one change is one hunk however the frames are numbered.
@Suite("Golden transcripts")
struct GoldenDiffTests {
  static let clock = "2026-11-21T09:30:00+08:00"
  static let sale =
    "<enter> 01<enter> 0000<enter> 1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>"

  func transcript(_ script: String) throws -> String {
    let dir = Acceptance.scratch("golden-diff")
    defer { try? FileManager.default.removeItem(at: dir) }
    return try Acceptance.runScript(
      script, clock: Self.clock, state: dir.appendingPathComponent("state"),
      receipts: dir.appendingPathComponent("receipts")
    ).transcript
  }

  @Test func aTranscriptMatchesItself() throws {
    let run = try transcript(Self.sale)
    #expect(GoldenDiff(golden: run, run: run).isEmpty)
    #expect(GoldenDiff.blocks(run).count == run.components(separatedBy: "=== frame ").count - 1)
  }

  @Test func aChangedAmountIsAOneFrameDiff() throws {
    let run = try transcript(Self.sale)
    // The golden said 60.00 on the card-number check (the frame the swipe caused).
    let marker = "<swipe 1> ===\n"
    let cut = try #require(run.range(of: marker))
    let rest = run[cut.upperBound...]
    let amount = try #require(rest.range(of: "金额: 50.00"))
    let golden = String(run[..<amount.lowerBound]) + "金额: 60.00" + rest[amount.upperBound...]
    let diff = GoldenDiff(golden: golden, run: run)
    #expect(diff.hunks.count == 1)
    #expect(diff.hunks.first?.cause == "<swipe 1>")
    let text = diff.unified(goldenName: "sale.golden")
    #expect(text.hasPrefix("--- sale.golden\n+++ this run\n@@ <swipe 1> · golden frame "))
    let changed = text.split(separator: "\n").filter {
      ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++")
        && !$0.hasPrefix("+-")
    }
    #expect(changed == ["-|金额: 60.00             |", "+|金额: 50.00             |"], "\(text)")
  }

  @Test func anAddedEarlierFrameDoesNotMarkTheLaterOnesChanged() throws {
    let golden = try transcript(Self.sale)
    // 9 then Backspace at the amount: two more frames early on, every later frame renumbered.
    let run = try transcript(
      Self.sale.replacingOccurrences(of: "1 5000<enter>", with: "1 50009<bksp><enter>"))
    #expect(GoldenDiff.blocks(run).count == GoldenDiff.blocks(golden).count + 2)
    let diff = GoldenDiff(golden: golden, run: run)
    #expect(diff.hunks.count == 2, "\(diff.unified(goldenName: "g"))")
    #expect(diff.hunks.allSatisfy { $0.golden == nil }, "only added frames")
    #expect(diff.hunks.map(\.cause) == ["key 9", "key <bksp>"])
    let text = diff.unified(goldenName: "g")
    #expect(!text.contains("\n-"), "nothing of the golden is marked gone")
  }

  @Test func aFrameGoneAndAFrameChangedAreToldApart() throws {
    let golden = try transcript(
      Self.sale.replacingOccurrences(of: "1 5000<enter>", with: "1 50009<bksp><enter>"))
    let run = try transcript(Self.sale)
    let diff = GoldenDiff(golden: golden, run: run)
    #expect(diff.hunks.count == 2 && diff.hunks.allSatisfy { $0.run == nil })
  }

  // MARK: through the binary

  @Test func goldenFlagExitsOneOnADifferenceAndUpdateGoldenRewritesIt() throws {
    let dir = Acceptance.scratch("golden-flag")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = dir.appendingPathComponent("sale.keys")
    try Self.sale.write(to: script, atomically: true, encoding: .utf8)
    let golden = dir.appendingPathComponent("sale.golden")
    func args(_ n: Int) -> [String] {
      [
        "--script", script.path, "--state", dir.appendingPathComponent("state\(n)").path,
        "--receipts", dir.appendingPathComponent("receipts\(n)").path, "--clock", Self.clock,
        "--golden", golden.path,
      ]
    }
    let missing = try Hardening.run(args(0), input: "")
    #expect(missing.status == 2 && missing.stderr.contains("--update-golden writes it"))
    let written = try Hardening.run(args(1) + ["--update-golden"], input: "")
    #expect(written.status == 0, "\(written.stderr)")
    #expect(try String(contentsOf: golden, encoding: .utf8) == written.stdout)
    let same = try Hardening.run(args(2), input: "")
    #expect(same.status == 0, "\(same.stderr)")
    try written.stdout.replacingOccurrences(of: "授权码: 000001", with: "授权码: 000009")
      .write(to: golden, atomically: true, encoding: .utf8)
    let changed = try Hardening.run(args(3), input: "")
    #expect(changed.status == 1)
    #expect(
      changed.stderr.contains("-|授权码: 000009          |\n+|授权码: 000001          |\n"),
      "\(changed.stderr)")
    #expect(changed.stderr.contains("frame(s) differ; exit 1"))
    #expect(changed.stdout == written.stdout, "the transcript is printed all the same")
  }
}
