import Foundation
import Testing

/// `pos-terminal reader encode|decode`: 0 decoded, 1 not decoded (with the reason),
/// 2 bad usage or an unreadable file; the full PAN never printed.
@Suite("The reader's command line")
struct ReaderCommandTests {
  @Test func exitCodesSayWhatHappened() throws {
    let dir = Acceptance.scratch("reader-cli")
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = dir.appendingPathComponent("good.wav").path
    let drowned = dir.appendingPathComponent("drowned.wav").path
    #expect(
      try Acceptance.runBinary(
        ["reader", "encode", "--card", "1", "--rate", "16000", "-o", good], input: ""
      ).status == 0)
    #expect(
      try Acceptance.runBinary(
        ["reader", "encode", "--card", "1", "--snr-db", "0", "-o", drowned], input: ""
      ).status == 0)

    let ok = try Acceptance.runBinary(["reader", "decode", good, "--json"], input: "")
    #expect(ok.status == 0)
    #expect(ok.stdout.contains("\"copyUsed\""), "16000 Hz: only the 4800 Hz copy can exist")
    #expect(ok.stdout.contains("low"))
    #expect(ok.stdout.contains("622202******2227"))
    #expect(!ok.stdout.contains("6222020000002227"))

    let failed = try Acceptance.runBinary(["reader", "decode", drowned], input: "")
    #expect(failed.status == 1)
    #expect(!(failed.stdout + failed.stderr).isEmpty, "a failure says why")

    #expect(
      try Acceptance.runBinary(
        ["reader", "decode", dir.appendingPathComponent("none.wav").path], input: ""
      ).status == 2)
    #expect(try Acceptance.runBinary(["reader", "decode"], input: "").status == 2)
    #expect(
      try Acceptance.runBinary(
        ["reader", "encode", "--pan", "12", "--expiry", "9912", "-o", good], input: ""
      ).status == 2)
  }
}
