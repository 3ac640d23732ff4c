import ArgumentParser
import Foundation
import TerminalRuntime

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract:
      "Run N scripted sales end to end and print sales/s, cost per stage, first-screen time and peak memory.",
    discussion: """
      Build in release with the Swift runtime linked in, as deployed.

      Example: swift build -c release --static-swift-stdlib && .build/release/pos-terminal bench --sales 1000
      """
  )

  @Option(help: "Number of sales (at least 1).") var sales = 1000
  @Option(help: "Config folder (default ./Config or the embedded defaults).") var config: String?
  @Option(help: "Scratch folder (default: a new temporary folder, removed afterwards).") var work:
    String?

  @Flag(
    help:
      "Chip sales: deck card 9 inserted (the APDU exchange with the simulated card, offline PIN, TC), instead of card 1 swiped."
  ) var chip = false
  @Flag(
    help:
      "Only the start-up figures, each from this binary run as its own process: the first screen (median of 5) and the peak memory of one scripted sale."
  ) var startUp = false
  @Option(
    help:
      "With --start-up: also time the first screen on copies of this state folder (e.g. the one `bench --sales N --work DIR` leaves in DIR/state)."
  ) var state: String?
  @Option(
    help:
      "With --start-up: exit 1 when the median CPU time of a start-up to the first screen exceeds this (ms)."
  ) var maxStartUpMs: Double?
  @Option(help: "With --start-up: exit 1 when the scripted sale's peak memory reaches this (MB).")
  var maxSaleMb: Double?
  @Option(
    help:
      "With --start-up: the pos-terminal binary to start (default: this one), to compare builds.")
  var binary: String?

  func validate() throws {
    guard sales >= 1 else { throw ValidationError("--sales must be at least 1 (got \(sales))") }
    if !startUp, state != nil || maxStartUpMs != nil || maxSaleMb != nil || binary != nil {
      throw ValidationError(
        "--state, --max-start-up-ms, --max-sale-mb and --binary go with --start-up")
    }
  }

  func run() throws {
    let configuration = try ConfigSource.loadOrExit(config)
    let dir =
      work.map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("pos-bench-\(getpid())")
    if let work {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: work, isDirectory: &isFolder), !isFolder.boolValue {
        printError("pos-terminal: --work \(work): is a file, not a folder")
        throw ExitCode(2)
      }
    }
    do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch
    {
      printError("pos-terminal: cannot create the scratch folder \(dir.path): \(error)")
      throw ExitCode(2)
    }
    defer { if work == nil { try? FileManager.default.removeItem(at: dir) } }

    if startUp { return try runStartUp(dir) }
    let firstScreen = try measureFirstScreen(scratch: dir.appendingPathComponent("first")).wall
    let r: SalesBenchmark.Result
    do {
      r = try SalesBenchmark.run(
        configuration: configuration, count: sales, card: chip ? 9 : 1, insert: chip,
        workDirectory: dir, floorEvery: 50)
    } catch {
      printError("pos-terminal: bench: cannot time the commit floor in \(dir.path): \(error)")
      throw ExitCode(2)
    }
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)

    print(
      "sales: \(r.sales) (\(r.approved) approved), each: "
        + (chip
          ? "card 9 inserted (APDUs with the simulated chip)"
          : "swipe through the audio modem") + ", 2 durable journal commits, 2 slip files"
    )
    // Figures of sales that failed would measure the failure: say so instead.
    guard r.approved == sales else {
      printError(
        "pos-terminal: bench: \(sales - r.approved) of \(sales) sales were not approved; the first ended on: \(r.firstFailure ?? "?")"
      )
      throw ExitCode(1)
    }
    // The floor: as many durable commits as the sales made, alone, in the same folder,
    // timed in turns with the sales (every 50) so that both meet the same disk.
    let floor = r.floorSeconds ?? 0
    let perSale = 1000 * r.seconds / Double(r.sales)
    print(String(format: "throughput: %.1f sales/s (%.3f ms per sale)", r.salesPerSecond, perSale))
    print("per-sale cost by stage:")
    let stages = r.stageSeconds.map { ($0.0.rawValue, $0.1) }
    let other = r.seconds - r.stageSeconds.reduce(0) { $0 + $1.1 }
    for (stage, seconds) in stages + [("other", other)] {
      print(
        "  " + stage + String(repeating: " ", count: max(0, 8 - stage.count))
          + String(
            format: " %8.3f ms  (%4.1f%%)", 1000 * seconds / Double(r.sales),
            100 * seconds / r.seconds))
    }
    print(
      String(
        format: "CPU: %.3f ms per sale (process CPU time over the sales, one core)",
        1000 * r.cpuSeconds / Double(r.sales)))
    print(
      String(
        format:
          "floor: %d durable journal commits (%.2f a sale) made alone in the same folder, in turns with the sales (SQLite WAL, synchronous = FULL): %.3f ms per sale",
        r.journalCommits, Double(r.journalCommits) / Double(r.sales),
        1000 * floor / Double(r.sales)))
    print(String(format: "sale cost ÷ floor: %.2f×", r.seconds / max(floor, 1e-9)))
    print(
      String(
        format:
          "first screen: %.1f ms from process start to the first frame on stdout (median of 5 runs)",
        firstScreen))
    print(
      String(
        format: "peak memory: %.1f MB (max resident set size of this process)",
        Double(usage.ru_maxrss) / 1024))
  }

  /// The start-up figures: a scripted sale's peak memory, then the first screen on a
  /// new state folder, on an existing empty one and (with --state) on copies of that one.
  func runStartUp(_ dir: URL) throws {
    let sale = try measureScriptedSale(dir.appendingPathComponent("sale"))
    print(
      String(
        format:
          "scripted sale: peak memory %.1f MB (max resident set size of a pos-terminal process: power-on, sign-in, a sale, two slips; median of 3), %.1f ms CPU",
        sale.peakMB, sale.cpuMs))
    let fresh = try measureFirstScreen(scratch: dir.appendingPathComponent("new"))
    func line(_ what: String, _ m: (wall: Double, cpu: Double), _ base: Double? = nil) {
      print(
        String(format: "first screen, %@: %.1f ms wall, %.1f ms CPU", what, m.wall, m.cpu)
          + (base.map { String(format: " (%.2f× the empty folder's wall time)", m.wall / $0) }
            ?? "")
          + " (median of 5 runs)")
    }
    line("new state folder", fresh)
    // An existing empty folder: the one a first run leaves, copied for each run.
    let empty = dir.appendingPathComponent("empty")
    _ = try runChild(state: empty.appendingPathComponent("state"), receipts: empty, input: nil)
    let emptyTimes = try measureFirstScreen(
      scratch: dir.appendingPathComponent("empty-runs"),
      from: empty.appendingPathComponent("state"))
    line("existing empty state folder", emptyTimes)
    if let state {
      let m = try measureFirstScreen(
        scratch: dir.appendingPathComponent("state-runs"), from: URL(fileURLWithPath: state))
      line("copies of \(state)", m, emptyTimes.wall)
    }
    var over: [String] = []
    if let limit = maxSaleMb, sale.peakMB >= limit {
      over.append(
        String(format: "scripted sale's peak memory %.1f MB ≥ %.0f MB", sale.peakMB, limit))
    }
    if let limit = maxStartUpMs, fresh.cpu > limit {
      over.append(
        String(format: "start-up to the first screen %.1f ms CPU > %.0f ms", fresh.cpu, limit))
    }
    if !over.isEmpty {
      printError("pos-terminal: bench: over the limit: " + over.joined(separator: "; "))
      throw ExitCode(1)
    }
  }

  /// The binary the start-up figures start: --binary, else this one.
  var childBinary: URL {
    URL(fileURLWithPath: binary ?? CommandLine.arguments[0]).standardizedFileURL
  }

  /// CPU seconds of waited-for children, and the largest child's max RSS in KB.
  static func childUsage() -> (cpu: Double, maxRSSKB: Int) {
    var u = rusage()
    getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &u)
    let cpu =
      Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6 + Double(u.ru_stime.tv_sec)
      + Double(u.ru_stime.tv_usec) * 1e-6
    return (cpu, Int(u.ru_maxrss))
  }

  /// Runs this binary headless on `state`, feeding `input` (nil: none), to its end.
  func runChild(state: URL, receipts: URL, input: String?) throws -> Int32 {
    let p = Process()
    p.executableURL = childBinary
    p.arguments =
      [
        "--headless", "--state", state.path, "--receipts",
        receipts.appendingPathComponent("receipts").path,
        "--clock", "2026-11-21T09:30:00+08:00",
      ] + (config.map { ["--config", $0] } ?? [])
    let out = Pipe()
    p.standardOutput = out
    let keys = Pipe()
    p.standardInput = input == nil ? FileHandle.nullDevice : keys
    try p.run()
    if let input {
      keys.fileHandleForWriting.write(Data(input.utf8))
      try keys.fileHandleForWriting.close()
    }
    _ = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return p.terminationStatus
  }

  /// Peak memory and CPU of a process that powers on, signs in and makes a sale: the
  /// medians of 3 such processes, each on a new state folder.
  func measureScriptedSale(_ dir: URL) throws -> (peakMB: Double, cpuMs: Double) {
    var peaks: [Double] = []
    var cpus: [Double] = []
    for i in 0..<3 {
      let run = dir.appendingPathComponent("\(i)")
      let args =
        [
          childBinary.path, "--headless", "--state", run.appendingPathComponent("state").path,
          "--receipts", run.appendingPathComponent("receipts").path,
          "--clock", "2026-11-21T09:30:00+08:00",
        ] + (config.map { ["--config", $0] } ?? [])
      let (status, usage) = try Self.spawn(
        args, input: "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>")
      guard status == 0 else {
        printError("pos-terminal: bench: the scripted sale exited \(status)")
        throw ExitCode(1)
      }
      peaks.append(Double(usage.ru_maxrss) / 1024)
      cpus.append(
        1000
          * (Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6))
    }
    return (peaks.sorted()[1], cpus.sorted()[1])
  }

  /// Runs `args` (the program first) with `input` on its standard input and its output
  /// discarded, and returns its exit status and its own resource usage (wait4).
  static func spawn(_ args: [String], input: String) throws -> (Int32, rusage) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw ExitCode(2) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
    posix_spawn_file_actions_addclose(&actions, fds[1])
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let argv = args.map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    let rc = posix_spawn(&pid, args[0], &actions, nil, argv, environ)
    close(fds[0])
    guard rc == 0 else {
      close(fds[1])
      printError("pos-terminal: bench: cannot start \(args[0]): \(String(cString: strerror(rc)))")
      throw ExitCode(2)
    }
    let bytes = Array(input.utf8)
    _ = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
    close(fds[1])
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS, spelled out (the C macros do not import).
    let exited = status & 0x7f == 0
    return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), usage)
  }

  /// Starts this binary headless with empty input and times the first frame's arrival
  /// (wall) and the process's CPU time (it exits at the end of its empty input): the
  /// medians of 5 runs, each on a new state folder or on a fresh copy of `from`.
  func measureFirstScreen(scratch: URL, from: URL? = nil) throws -> (wall: Double, cpu: Double) {
    var samples: [Double] = []
    var cpus: [Double] = []
    for i in 0..<5 {
      let p = Process()
      p.executableURL = childBinary
      let dir = scratch.appendingPathComponent("\(i)")
      let stateDir = dir.appendingPathComponent("state")
      if let from {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: from, to: stateDir)
        // The copy holds no one's lock.
        try? FileManager.default.removeItem(at: stateDir.appendingPathComponent("lock"))
      }
      p.arguments =
        [
          "--headless", "--state", stateDir.path,
          "--receipts", dir.appendingPathComponent("receipts").path,
          "--clock", "2026-11-21T09:30:00+08:00",
        ] + (config.map { ["--config", $0] } ?? [])
      let out = Pipe()
      p.standardOutput = out
      p.standardInput = FileHandle.nullDevice
      let before = Self.childUsage()
      let clock = ContinuousClock()
      let start = clock.now
      try p.run()
      var seen = Data()
      while !seen.contains(UInt8(ascii: "\n")) {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen.append(chunk)
      }
      let d = clock.now - start
      samples.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15)
      _ = out.fileHandleForReading.readDataToEndOfFile()
      p.waitUntilExit()
      cpus.append(1000 * (Self.childUsage().cpu - before.cpu))
    }
    return (samples.sorted()[samples.count / 2], cpus.sorted()[cpus.count / 2])
  }
}
