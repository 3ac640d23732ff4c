import Foundation
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
    #expect(run.stdout.contains("input ended mid-transaction"))
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
