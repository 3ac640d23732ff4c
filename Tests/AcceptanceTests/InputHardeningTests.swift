import Foundation
import Testing

/// What a pipe or a script may throw at the terminal: absurd waits, endless input,
/// input that means nothing (`--strict`), and the `[end]` line's language.
@Suite("Hardened input")
struct InputHardeningTests {
  @Test func aWaitOfMoreThanTenYearsIsNotedNotFatal() throws {
    let dir = Acceptance.scratch("huge-wait")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Hardening.run(
      Hardening.runArgs(dir), input: "<wait 1e30><wait 99999999999999999999><enter>")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("[input] <wait 1e30>: at most 315360000 seconds (10 years)"))
    #expect(
      run.stdout.contains(
        "[input] <wait 99999999999999999999>: at most 315360000 seconds (10 years)"))
    #expect(
      run.stdout.contains("2026-11-21 09:30:00 +08:00 · key <enter>"), "the clock stood still")
  }

  @Test func aMillionUnclosedBracketsReadInLinearTime() throws {
    let dir = Acceptance.scratch("brackets")
    defer { try? FileManager.default.removeItem(at: dir) }
    let clock = ContinuousClock()
    let start = clock.now
    let run = try Hardening.run(
      Hardening.runArgs(dir), input: Data(repeating: UInt8(ascii: "<"), count: 1_000_000))
    let elapsed = clock.now - start
    #expect(run.status == 0)
    #expect(!run.timedOut)
    // The release build takes well under a second; a debug build under 2 s here.
    #expect(elapsed < .seconds(30), "\(elapsed)")
    #expect(
      run.stdout.components(separatedBy: "[input] '<' without a closing '>'").count == 1_000_001)
  }

  /// Keys are taken as they arrive: a sign-in written after 4 MB of stray bytes
  /// is on stdout while stdin is still open, and the process never held the input.
  @Test(.timeLimit(.minutes(2)))
  func keysAreTakenBeforeTheEndOfInputAndMemoryStaysFlat() throws {
    let dir = Acceptance.scratch("stream")
    defer { try? FileManager.default.removeItem(at: dir) }
    let p = Process()
    p.executableURL = Acceptance.binary
    p.arguments = Hardening.runArgs(dir)
    let stdin = Pipe()
    let stdout = Pipe()
    p.standardInput = stdin
    p.standardOutput = stdout
    p.standardError = FileHandle.nullDevice
    try p.run()
    let watcher = StdoutWatcher(stdout.fileHandleForReading, marker: "|1.消费")
    let chunk = Data(repeating: UInt8(ascii: "x"), count: 64 * 1024)
    for _ in 0..<64 { stdin.fileHandleForWriting.write(chunk) }  // 4 MB
    stdin.fileHandleForWriting.write(Data("<enter>01<enter>0000<enter>".utf8))

    let sawMenu = watcher.waitForMarker(seconds: 90)
    #expect(sawMenu, "the main menu came out while stdin was still open")
    #if os(Linux)
      // Peak resident set of the child so far (VmHWM), read while it still runs.
      let status =
        (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8)) ?? ""
      let hwm = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
      let kB = hwm.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
      #expect(kB > 0, "VmHWM read from /proc")
      #expect(kB < 100 * 1024, "peak memory \(kB) kB for 4 MB of input")
    #endif
    try stdin.fileHandleForWriting.close()
    watcher.waitForEnd(seconds: 60)
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    #expect(watcher.tail.hasSuffix("[end] 输入结束,终端待机\n"))
  }

  // MARK: --strict

  @Test func strictListsEveryIgnoredInputAndExitsTwoAfterTheWholeTranscript() throws {
    let dir = Acceptance.scratch("strict")
    defer { try? FileManager.default.removeItem(at: dir) }
    let missing = dir.appendingPathComponent("missing.wav").path
    let keys =
      "<enter>01<enter>0000<enter>"  // signed in: the main menu
      + "9"  // 9 is no entry of the main menu: the key changes nothing
      + "<swipe 1>"  // nobody asked for a card
      + "z<bogus>"  // a stray byte, an unknown token
      + "1 5000<enter><swipe 13>"  // no card 13
      + "<swipe-wav \(missing)>"  // no such file
      + "<swipe 1><enter>123456<enter><enter>"  // the sale itself
    let lenient = try Hardening.run(Hardening.runArgs(dir), input: keys)
    #expect(lenient.status == 0, "without --strict the same keys end at rest")
    #expect(!lenient.stdout.contains("[strict]"))

    let dir2 = Acceptance.scratch("strict2")
    defer { try? FileManager.default.removeItem(at: dir2) }
    let strict = try Hardening.run(["--strict"] + Hardening.runArgs(dir2), input: keys)
    #expect(strict.status == 2, "\(strict.stdout.suffix(1500))")
    #expect(strict.stdout.contains("[printer] 20261121-093000_B000001_V000001_cardholder.txt"))
    #expect(strict.stdout.contains("[end] 输入结束,终端待机"), "the transcript runs to its end")
    let listed = strict.stdout.split(separator: "\n").filter { $0.hasPrefix("[strict] ") }
    #expect(listed.first == "[strict] 6 input(s) ignored; exit 2:")
    let expected = [
      "key 9 changed nothing (the terminal ignored it)",
      "<swipe 1>: the terminal was not asking for a card",
      "ignored character 'z'",
      "unknown token <bogus>",
      "<swipe 13>: there is no card 13 in the deck (1–12)",
      "<swipe-wav missing.wav>: cannot read the file (No such file or directory)",
    ]
    #expect(listed.count == 1 + expected.count)
    for (line, want) in zip(listed.dropFirst(), expected) {
      #expect(line.hasSuffix(want), "\(line)")
      #expect(line.hasPrefix("[strict] after frame "))
    }
    #expect(strict.stderr.contains("--strict: 6 input(s) ignored"))
  }

  @Test func strictPassesACleanScript() throws {
    let dir = Acceptance.scratch("strict-clean")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Hardening.run(
      ["--strict"] + Hardening.runArgs(dir), input: PipeContractTests.saleFromPowerOn)
    #expect(run.status == 0, "\(run.stdout.suffix(800))")
    #expect(!run.stdout.contains("[strict]"))
  }

  @Test func enterRetryingAPrintWithNoPaperIsNotIgnoredInput() throws {
    let dir = Acceptance.scratch("strict-paper")
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = try Acceptance.config(["printer.yaml": ["paper_out_after": "1"]])
    defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
    // The merchant copy uses the roll; Enter for the cardholder copy finds no paper,
    // Enter again fails again (a real retry), then <paper> and Enter print it.
    let keys =
      "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter>"
      + "<enter><enter><paper><enter>"
    let run = try Hardening.run(
      ["--strict", "--config", config.path] + Hardening.runArgs(dir), input: keys)
    #expect(run.stdout.components(separatedBy: "[note] printer: out of paper").count == 3)
    #expect(run.stdout.contains("_cardholder.txt"))
    #expect(run.status == 0, "\(run.stdout.suffix(600))")
  }

  @Test func strictAppliesToScriptFilesToo() throws {
    let dir = Acceptance.scratch("strict-file")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = dir.appendingPathComponent("day.keys")
    try "<enter> 01<enter> 0000<enter>  # sign in\n<bksp>  # nothing to erase\n".write(
      to: script, atomically: true, encoding: .utf8)
    let run = try Hardening.run(
      ["--strict", "--script", script.path] + Hardening.runArgs(dir), input: "")
    #expect(run.status == 2)
    #expect(run.stdout.contains("key <bksp> changed nothing"))
  }

  // MARK: the [end] line

  @Test func theEndLineIsInTheTerminalsLanguage() throws {
    let dir = Acceptance.scratch("end-lang")
    defer { try? FileManager.default.removeItem(at: dir) }
    let midSale = "<enter>01<enter>0000<enter>1 5000<enter>"
    let zh = try Hardening.run(Hardening.runArgs(dir), input: midSale)
    #expect(zh.status == 3)
    #expect(zh.stdout.hasSuffix("[end] 输入结束,交易未完成: 消费未发送,未记录任何交易\n"))
    let en = try Hardening.run(["--lang", "en"] + Hardening.runArgs(dir), input: midSale)
    #expect(en.status == 3)
    #expect(
      en.stdout.hasSuffix(
        "[end] input ended mid-transaction: a sale was being entered and was not sent: nothing was recorded\n"
      ))
    let rest = try Hardening.run(["--lang", "en"] + Hardening.runArgs(dir), input: "")
    #expect(rest.stdout.hasSuffix("[end] input ended with the terminal at rest\n"))
  }
}

/// Reads a child's stdout on its own thread, keeping only the last few kB, and
/// says when a marker has gone by.
final class StdoutWatcher: @unchecked Sendable {
  private let lock = NSLock()
  private var window = Data()
  private var seen = false
  private var ended = false
  private let marker: Data

  init(_ handle: FileHandle, marker: String) {
    self.marker = Data(marker.utf8)
    Thread.detachNewThread { [self] in
      while true {
        let chunk = handle.availableData
        lock.lock()
        if chunk.isEmpty {
          ended = true
          lock.unlock()
          return
        }
        window.append(chunk)
        if window.range(of: self.marker) != nil { seen = true }
        if window.count > 8192 { window = window.suffix(4096) }
        lock.unlock()
      }
    }
  }

  var tail: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: window, as: UTF8.self)
  }

  func waitForMarker(seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      lock.lock()
      let (s, e) = (seen, ended)
      lock.unlock()
      if s { return true }
      if e { return false }
      Thread.sleep(forTimeInterval: 0.02)
    }
    return false
  }

  /// Waits for the end of the stream (the process closed stdout).
  func waitForEnd(seconds: Double) {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      lock.lock()
      let e = ended
      lock.unlock()
      if e { return }
      Thread.sleep(forTimeInterval: 0.02)
    }
  }
}
