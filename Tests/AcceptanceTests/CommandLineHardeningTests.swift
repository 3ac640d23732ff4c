import Foundation
import Testing

/// Every command-line mistake gets a message naming what is wrong and the
/// documented exit code; nothing hangs, nothing is read without bound.
@Suite("Hardened command line")
struct CommandLineHardeningTests {
  // MARK: long recordings

  @Test func aTenMinuteRecordingIsRefusedByDecodeAndBySwipeWAV() throws {
    let dir = Acceptance.scratch("long-wav")
    defer { try? FileManager.default.removeItem(at: dir) }
    let long = dir.appendingPathComponent("ten-minutes.wav")
    try Hardening.silentWAV(at: long, seconds: 600)
    let why = "the recording is 600.0 s long; a swipe lasts about a second and at most 30 s is read"

    let decode = try Hardening.run(["reader", "decode", long.path], input: "", timeout: 20)
    #expect(decode.status == 2)
    #expect(decode.stderr == "\(long.path): \(why)\n")

    let swipe = try Hardening.run(
      Hardening.runArgs(dir),
      input: "<enter>01<enter>0000<enter>1 5000<enter><swipe-wav \(long.path)><cancel>",
      timeout: 20)
    #expect(swipe.status == 0)
    #expect(swipe.stdout.contains("[reader] ten-minutes.wav: swipe failed: \(why)"))
    #expect(swipe.stdout.contains("刷卡错误 请重刷"))
  }

  // MARK: bench

  @Test func benchRefusesAMissingConfigWithExitTwo() throws {
    let run = try Hardening.run(["bench", "--sales", "1", "--config", "/nonexistent"], input: "")
    #expect(run.status == 2)
    #expect(run.stderr == "pos-terminal: config error: /nonexistent: no such config folder\n")
  }

  @Test func benchRefusesZeroSales() throws {
    let run = try Hardening.run(["bench", "--sales", "0"], input: "")
    #expect(run.status == 2)
    #expect(run.stderr.contains("--sales must be at least 1 (got 0)"))
    #expect(!run.stdout.contains("inf"))
  }

  @Test func benchRefusesAFileAsItsScratchFolder() throws {
    let dir = Acceptance.scratch("bench-file")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("work")
    try Data().write(to: file)
    let run = try Hardening.run(["bench", "--sales", "1", "--work", file.path], input: "")
    #expect(run.status == 2)
    #expect(run.stderr == "pos-terminal: --work \(file.path): is a file, not a folder\n")
  }

  @Test(.timeLimit(.minutes(2)))
  func benchSaysWhenSalesFailAndExitsOne() throws {
    // The journal cannot be created (its folder is a file): the terminal stops.
    let dir = Acceptance.scratch("bench-fail")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data().write(to: dir.appendingPathComponent("state"))
    let run = try Hardening.run(["bench", "--sales", "3", "--work", dir.path], input: "")
    #expect(run.status == 1)
    #expect(run.stdout.contains("sales: 0 (0 approved)"))
    #expect(!run.stdout.contains("sales/s"), "no throughput for sales that did not happen")
    #expect(run.stderr.contains("3 of 3 sales were not approved; the first ended on: "))

    // Declined: card 1 holds 0.50, each bench sale is 1.00.
    let config = try Acceptance.config([:])
    defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
    let deck = config.appendingPathComponent("deck.yaml")
    let text = try String(contentsOf: deck, encoding: .utf8)
    let poor = text.replacingOccurrences(
      of: "balance_fen: 10000000 # 100,000.00 yuan", with: "balance_fen: 50")
    #expect(poor != text)
    try poor.write(to: deck, atomically: true, encoding: .utf8)
    let declined = try Hardening.run(
      ["bench", "--sales", "2", "--config", config.path], input: "")
    #expect(declined.status == 1)
    #expect(declined.stdout.contains("sales: 2 (0 approved)"))
    #expect(declined.stderr.contains("2 of 2 sales were not approved; the first ended on: 消费"))
    #expect(declined.stderr.contains("51"))
  }

  // MARK: config paths

  @Test func readerEncodeRefusesAMissingConfigInsteadOfTheBuiltInDeck() throws {
    let dir = Acceptance.scratch("encode-config")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("card.wav").path
    let run = try Hardening.run(
      ["reader", "encode", "--config", "/nonexistent", "--card", "1", "-o", out], input: "")
    #expect(run.status == 2)
    #expect(run.stderr == "pos-terminal: config error: /nonexistent: no such config folder\n")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func aConfigFileThatIsNotAFileIsNamedNeverWaitedOn() throws {
    let config = try Acceptance.config([:])
    defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
    let host = config.appendingPathComponent("host.yaml")
    let shown = config.path + "/host.yaml"
    func check(_ expected: String) throws {
      for args in [["config", "check", "--config", config.path], ["--config", config.path]] {
        let run = try Hardening.run(args, input: "", timeout: 15)
        #expect(!run.timedOut, "\(args) hung")
        #expect(run.status == 2, "\(args)")
        #expect(run.stderr.contains("\(shown): \(expected)"), "\(args): \(run.stderr)")
        #expect(!run.stderr.contains("permission"))
        #expect(!run.stderr.contains("NSCocoaErrorDomain"))
      }
    }
    try FileManager.default.removeItem(at: host)
    #expect(mkfifo(host.path, 0o600) == 0)
    try check("is not a regular file (a FIFO?); give a YAML file")
    try FileManager.default.removeItem(at: host)
    try FileManager.default.createSymbolicLink(atPath: host.path, withDestinationPath: "/dev/zero")
    try check("is a device, not a YAML file")
    try FileManager.default.removeItem(at: host)
    try FileManager.default.createDirectory(at: host, withIntermediateDirectories: false)
    try check("is a folder, not a YAML file")
    try FileManager.default.removeItem(at: host)
    try Data(repeating: UInt8(ascii: "#"), count: 2_000_000).write(to: host)
    try check("is 2000000 bytes; a config file is at most 1048576 bytes")
  }

  @Test func configCheckLoadsWhatRunWouldWithNoConfigFolder() throws {
    let dir = Acceptance.scratch("no-config")
    defer { try? FileManager.default.removeItem(at: dir) }
    let check = try Hardening.run(["config", "check"], input: "", in: dir)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.hasPrefix("the built-in defaults (no ./Config): OK — terminal 10000001"))
    let run = try Hardening.run(Hardening.runArgs(dir), input: "", in: dir)
    #expect(run.status == 0, "run starts on the same defaults")
    let missing = try Hardening.run(["config", "check", "--config", "Config"], input: "", in: dir)
    #expect(missing.status == 2)
    #expect(missing.stderr == "Config: no such config folder\n")
  }

  // MARK: --clock

  @Test(arguments: [
    ("2026-02-30T09:30:00+08:00", "2026-02-30 is not a date (that month has 28 days)"),
    ("2025-02-29T09:30:00+08:00", "2025-02-29 is not a date (that month has 28 days)"),
    ("2026-04-31T09:30:00+08:00", "2026-04-31 is not a date (that month has 30 days)"),
    ("2026-13-01T09:30:00+08:00", "month 13 is not 01–12"),
    ("2026-11-21T24:00:00+08:00", "24:00:00 is not a time of day (00:00:00–23:59:59)"),
    ("2026-11-21T09:60:00+08:00", "09:60:00 is not a time of day (00:00:00–23:59:59)"),
    ("2026-11-21T09:30:00+15:00", "offset +15:00 is not within ±14:00"),
    ("2026-11-21 09:30", "not ISO 8601 with an offset (2026-11-21T09:30:00+08:00)"),
  ])
  func aClockThatIsNoMomentIsRefused(clock: String, problem: String) throws {
    let dir = Acceptance.scratch("clock")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Hardening.run(Hardening.runArgs(dir, clock: clock), input: "")
    #expect(run.status == 2)
    #expect(run.stderr == "pos-terminal: --clock '\(clock)': \(problem)\n")
    #expect(run.stdout.isEmpty)
  }

  @Test func aLeapDayAndOtherOffsetsAreAccepted() throws {
    let dir = Acceptance.scratch("clock-ok")
    defer { try? FileManager.default.removeItem(at: dir) }
    for (clock, shown) in [
      ("2028-02-29T09:30:00+08:00", "2028-02-29 09:30:00 +08:00"),
      ("2026-11-21T01:30:00Z", "2026-11-21 09:30:00 +08:00"),
      ("2026-11-20T20:30:00-0500", "2026-11-21 09:30:00 +08:00"),
    ] {
      let run = try Hardening.run(Hardening.runArgs(dir, clock: clock), input: "")
      #expect(run.status == 0, "\(clock): \(run.stderr)")
      #expect(run.stdout.hasPrefix("=== frame 1 · \(shown) · power on ==="), "\(clock)")
    }
  }

  // MARK: --script

  @Test func aScriptThatIsAFolderOrMissingIsRefused() throws {
    let dir = Acceptance.scratch("script-kinds")
    defer { try? FileManager.default.removeItem(at: dir) }
    let folder = try Hardening.run(["--script", dir.path] + Hardening.runArgs(dir), input: "")
    #expect(folder.status == 2)
    #expect(folder.stderr == "pos-terminal: --script \(dir.path): is a folder, not a script file\n")
    let none = dir.appendingPathComponent("none.keys").path
    let missing = try Hardening.run(["--script", none] + Hardening.runArgs(dir), input: "")
    #expect(missing.status == 2)
    #expect(missing.stderr == "pos-terminal: --script \(none): no such file\n")
  }
}
