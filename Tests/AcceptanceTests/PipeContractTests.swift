import Foundation
import StateFiles
import Testing

/// The key sequences the README promises, piped into the real binary.
@Suite("Scripted runs through a pipe")
struct PipeContractTests {
  static let saleFromPowerOn =
    "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>"
  static let forcedSettlement = "<enter>01<enter>0000<enter><enter><cancel><cancel>"

  func args(_ dir: URL, clock: String) -> [String] {
    [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", clock,
    ]
  }

  func lastFrame(_ transcript: String) -> String {
    transcript.components(separatedBy: "=== frame ").last ?? ""
  }

  @Test func aSaleFromPowerOnPrintsTwoSlipsAndEndsAtTheMenu() throws {
    let dir = Acceptance.scratch("pipe-sale")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Acceptance.runBinary(
      args(dir, clock: "2026-11-21T09:30:00+08:00"), input: Self.saleFromPowerOn)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(lastFrame(run.stdout).contains("1.消费"))
    #expect(run.stdout.contains("[printer] 20261121-093000_B000001_V000001_merchant.txt"))
    #expect(run.stdout.contains("[printer] 20261121-093000_B000001_V000001_cardholder.txt"))
    #expect(!run.stdout.contains("\u{1B}"), "no escape codes in a transcript")
    #expect(Acceptance.slips(in: dir.appendingPathComponent("receipts")).count == 2)
  }

  @Test func rawKeystrokesWorkLikeAKeyboard() throws {
    let dir = Acceptance.scratch("pipe-raw")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Acceptance.runBinary(
      args(dir, clock: "2026-11-21T09:30:00+08:00"),
      input: "\n01\r\n0000\n1 509\u{7F}0\u{08}00\n<swipe 1>\n123456\n\n")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("金额: 50.00"), "509 ⌫ 0 ⌫ 00 is 5000 fen")
    #expect(Acceptance.slips(in: dir.appendingPathComponent("receipts")).count == 2)
  }

  @Test func forcedSettlementFromPowerOn() throws {
    let dir = Acceptance.scratch("pipe-settle")
    defer { try? FileManager.default.removeItem(at: dir) }
    let yesterday = try Acceptance.runBinary(
      args(dir, clock: "2026-11-20T18:00:00+08:00"), input: Self.saleFromPowerOn)
    #expect(yesterday.status == 0)
    let today = try Acceptance.runBinary(
      args(dir, clock: "2026-11-21T09:30:00+08:00"), input: Self.forcedSettlement)
    #expect(today.status == 0, "\(today.stderr)")
    #expect(today.stdout.contains("终端隔日强制结算"))
    #expect(today.stdout.contains("_B000001_settlement.txt"))
    #expect(!today.stdout.contains("detail-"), "Cancel twice: no detail lists")
    #expect(lastFrame(today.stdout).contains("1.消费"))
  }

  @Test func inputEndingMidSaleExitsThreeAndSaysWhy() throws {
    let dir = Acceptance.scratch("pipe-mid")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Acceptance.runBinary(
      args(dir, clock: "2026-11-21T09:30:00+08:00"),
      input: "<enter>01<enter>0000<enter>1 5000<enter>")
    #expect(run.status == 3)
    #expect(run.stdout.contains("[end] 输入结束,交易未完成: "))
  }

  @Test func garbageOnStdinIsNotedNeverFatal() throws {
    let dir = Acceptance.scratch("pipe-garbage")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Acceptance.runBinary(
      args(dir, clock: "2026-11-21T09:30:00+08:00"),
      input: "\u{01}zz<bogus>\u{FF}<enter>01<enter>0000<enter>")
    #expect(run.status == 0)
    #expect(run.stdout.contains("[input] unknown token <bogus>"))
    #expect(lastFrame(run.stdout).contains("1.消费"))
  }

  @Test func aMalformedConfigNamesFileLineAndFieldAndWritesNothing() throws {
    let dir = Acceptance.scratch("pipe-config")
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = dir.appendingPathComponent("Config")
    try FileManager.default.copyItem(at: Acceptance.configDirectory, to: config)
    let terminal = config.appendingPathComponent("terminal.yaml")
    let text = try String(contentsOf: terminal, encoding: .utf8)
    let broken = text.replacingOccurrences(
      of: #"terminal_no: *"?[0-9]+"?"#, with: "terminal_no: \"12AB\"", options: .regularExpression)
    #expect(broken != text)
    try broken.write(to: terminal, atomically: true, encoding: .utf8)
    let run = try Acceptance.runBinary(
      ["--config", config.path] + args(dir, clock: "2026-11-21T09:30:00+08:00"), input: "<enter>")
    #expect(run.status == 2)
    #expect(run.stderr.contains("terminal.yaml:"))
    #expect(run.stderr.contains("terminal_no"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("state").path))
  }
}

@Suite("A damaged journal")
struct DamagedJournalTests {
  @Test func theTerminalSaysSoStopsAndLeavesTheFileAlone() throws {
    let dir = Acceptance.scratch("damaged")
    defer { try? FileManager.default.removeItem(at: dir) }
    let args = [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", "2026-11-21T09:30:00+08:00",
    ]
    let sale = "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>"
    #expect(try Acceptance.runBinary(args, input: sale).status == 0)
    let journal = dir.appendingPathComponent("state/journal.sqlite")
    #expect(StateSeal.matches(journal), "sealed by the clean shutdown, and found all the same")
    var bytes = try Data(contentsOf: journal)
    // Scribble over the second page: the B-tree no longer holds together.
    for i in 4096..<min(bytes.count, 6000) { bytes[i] = 0xA5 }
    try bytes.write(to: journal)
    try? FileManager.default.removeItem(at: dir.appendingPathComponent("state/journal.sqlite-wal"))
    try? FileManager.default.removeItem(at: dir.appendingPathComponent("state/journal.sqlite-shm"))

    let run = try Acceptance.runBinary(args, input: sale)
    #expect(run.status == 4, "\(run.stdout.suffix(800))")
    #expect(run.stdout.contains("存储"))
    #expect(run.stdout.contains("故障"))
    #expect(try Data(contentsOf: journal) == bytes, "the damaged journal is never overwritten")
    #expect(Acceptance.slips(in: dir.appendingPathComponent("receipts")).count == 2, "no new slip")
  }
}

@Suite("Swipes from recordings, and idle time")
struct RecordingAndIdleTests {
  func args(_ dir: URL) -> [String] {
    [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", "2026-11-21T09:30:00+08:00",
    ]
  }

  @Test func anImpairedRecordingSwipesAndABrokenOneAsksForAnother() throws {
    let dir = Acceptance.scratch("wav")
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = dir.appendingPathComponent("noisy card 1.wav")
    let encode = try Acceptance.runBinary(
      [
        "reader", "encode", "--card", "1", "--snr-db", "18", "--gain", "0.1", "--invert", "--rate",
        "48000", "-o", good.path,
      ],
      input: "")
    #expect(encode.status == 0, "\(encode.stderr)")
    let broken = dir.appendingPathComponent("broken.wav")
    try Data("RIFF....WAVEjunk".utf8).write(to: broken)

    let run = try Acceptance.runBinary(
      args(dir),
      input: "<enter>01<enter>0000<enter>1 5000<enter><swipe-wav \(broken.path)>"
        + "<swipe-wav \(good.path)><enter>123456<enter><enter>")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("[reader] broken.wav: swipe failed: "))
    #expect(run.stdout.contains("刷卡错误 请重刷"))
    #expect(run.stdout.contains("[reader] noisy card 1.wav: decoded"))
    #expect(run.stdout.contains("polarity inverted"))
    #expect(Acceptance.slips(in: dir.appendingPathComponent("receipts")).count == 2)
  }

  @Test func anIdleSaleScreenReturnsToTheMenuAfterSixtySeconds() throws {
    let dir = Acceptance.scratch("idle")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Acceptance.runBinary(
      args(dir), input: "<enter>01<enter>0000<enter>1 5000<enter><wait 59><wait 1>")
    #expect(run.status == 0, "back at rest: nothing left mid-transaction")
    let frames = run.stdout.components(separatedBy: "=== frame ")
    #expect(frames.last?.contains("<wait 1>") == true)
    #expect(frames.last?.contains("1.消费") == true)
    #expect(run.stdout.contains("2026-11-21 09:31:00 +08:00"), "virtual time moved by the waits")
  }
}
