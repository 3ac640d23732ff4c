import ArgumentParser
import Foundation
import ScriptFront
import TerminalConfig
import TerminalCore

#if canImport(Glibc)
  import Glibc
#endif

/// `pos-terminal suite DIR`: every `*.keys` script under DIR, each a `run --script`
/// of this binary on its own fresh state and receipts folder (or its chain's, see
/// `SuitePlan`), side by side up to the number of cores; then a table, and JUnit
/// XML or TAP for a CI system.
struct SuiteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "suite",
    abstract: "Run every *.keys script in a folder (recursively) and report which passed.",
    discussion: """
      A script passes when its run exits 0: every expectation (<expect …>) met, and its exit \
      status the one it expects (<expect-exit N>), else 0. Header lines before a script's first \
      token: `# state: NAME` runs the scripts naming NAME in order on one state folder, \
      `# clock: TIME` sets the start time, `# config: DIR` replaces config files for the script. \
      Exit 0 when every script passed, 1 when one did not, 2 on bad usage.

      Example: pos-terminal suite Tests/AcceptanceSuite --junit report.xml
      """)

  @Argument(help: "The folder of *.keys scripts.")
  var directory: String

  @Option(help: "Config folder. Default: ./Config if it exists, else the embedded defaults.")
  var config: String?

  @Option(help: "Start time of each run unless its header sets one (ISO 8601 with offset).")
  var clock = CivilTime.momentExample

  @Option(help: "Screen language: zh or en (overrides Config/terminal.yaml).")
  var lang: String?

  @Option(help: "Seed for the reader channel's noise, for every run.")
  var seed: UInt64 = 1

  @Flag(help: "Run every script with --strict: ignored input fails it.")
  var strict = false

  @Option(help: "How many scripts run at once. Default: the number of cores.")
  var jobs: Int?

  @Option(help: "Also write the results as JUnit XML to this file.")
  var junit: String?

  @Flag(help: "Print TAP (version 13) instead of the table.")
  var tap = false

  @Option(help: "Keep each script's transcript in this folder (NAME.keys → NAME.txt).")
  var transcripts: String?

  mutating func run() throws {
    _ = try LanguageOption.parse(lang)
    if case .failure(let problem) = CivilTime.moment(iso8601: clock) {
      printError("pos-terminal: --clock '\(clock)': \(problem.text)")
      throw ExitCode(2)
    }
    if let jobs, jobs < 1 {
      printError("pos-terminal: --jobs must be 1 or more")
      throw ExitCode(2)
    }
    if let config { _ = try ConfigSource.loadOrExit(config) }
    let plan: SuitePlan
    do { plan = try SuitePlan.load(URL(fileURLWithPath: directory)) } catch {
      printError("pos-terminal: suite: \(error)")
      throw ExitCode(2)
    }
    guard plan.scriptCount > 0 else {
      printError("pos-terminal: suite: no *.keys scripts in \(directory)")
      throw ExitCode(2)
    }
    for chain in plan.chains {
      for script in chain {
        guard let value = script.clock else { continue }
        if case .failure(let problem) = CivilTime.moment(iso8601: value) {
          printError(
            "pos-terminal: suite: \(script.name):\(script.clockLine ?? 0): clock: \(problem.text)")
          throw ExitCode(2)
        }
      }
    }

    let work = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pos-suite-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    defer { try? FileManager.default.removeItem(at: work) }
    let settings = SuiteSettings(
      binary: Self.ownBinary(), work: work, config: config, clock: clock, lang: lang, seed: seed,
      strict: strict, transcripts: transcripts.map { URL(fileURLWithPath: $0) })
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let run = SuiteRunner(plan: plan, settings: settings)
    let results: [SuiteResult]
    do { results = try run.run(workers: min(jobs ?? cores, plan.chains.count)) } catch {
      printError("pos-terminal: suite: \(error)")
      throw ExitCode(2)
    }

    print(tap ? SuiteReport.tap(results) : SuiteReport.table(results), terminator: "")
    if let junit {
      let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
      do {
        try SuiteReport.junit(results, suiteName: name).write(
          toFile: junit, atomically: true, encoding: .utf8)
      } catch {
        printError("pos-terminal: --junit \(junit): cannot write the file: \(error)")
        throw ExitCode(2)
      }
    }
    if results.contains(where: { !$0.passed }) { throw ExitCode(1) }
  }

  /// This binary, to run each script with (`run --script`).
  static func ownBinary() -> URL {
    #if os(Linux)
      if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        return URL(fileURLWithPath: path)
      }
    #endif
    return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
  }
}

/// What every run of a suite shares.
struct SuiteSettings: Sendable {
  var binary: URL
  var work: URL
  var config: String?
  var clock: String
  var lang: String?
  var seed: UInt64
  var strict: Bool
  var transcripts: URL?
}

/// Runs a plan's chains on worker threads, each chain's scripts in order, and
/// says on stderr how far it has come.
final class SuiteRunner: @unchecked Sendable {
  struct Failed: Error, CustomStringConvertible {
    var description: String
  }

  private let plan: SuitePlan
  private let settings: SuiteSettings
  private let lock = NSLock()
  private var nextChain = 0
  private var results: [[SuiteResult]]
  private var finished = 0
  private var failed = 0
  private var problem: Failed?
  private let progressOverwrites = isatty(2) == 1

  init(plan: SuitePlan, settings: SuiteSettings) {
    self.plan = plan
    self.settings = settings
    results = Array(repeating: [], count: plan.chains.count)
  }

  /// The results in the plan's order (chains, then their scripts, are path order).
  func run(workers: Int) throws -> [SuiteResult] {
    try FileManager.default.createDirectory(at: settings.work, withIntermediateDirectories: true)
    let group = DispatchGroup()
    for _ in 0..<max(1, workers) {
      group.enter()
      let thread = Thread { [self] in
        defer { group.leave() }
        while let k = takeChain() { runChain(k) }
      }
      thread.start()
    }
    group.wait()
    if progressOverwrites { FileHandle.standardError.write(Data("\n".utf8)) }
    if let problem { throw problem }
    let all = results.flatMap { $0 }
    return all.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
  }

  private func takeChain() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard nextChain < plan.chains.count, problem == nil else { return nil }
    nextChain += 1
    return nextChain - 1
  }

  private func runChain(_ k: Int) {
    let folder = settings.work.appendingPathComponent("run-\(k)")
    let state = folder.appendingPathComponent("state")
    let receipts = folder.appendingPathComponent("receipts")
    var done: [SuiteResult] = []
    for (n, script) in plan.chains[k].enumerated() {
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = try configFolder(for: script, in: folder.appendingPathComponent("config-\(n)"))
        done.append(
          try runScript(script, state: state, receipts: receipts, config: config, in: folder))
      } catch {
        lock.lock()
        problem = problem ?? Failed(description: "\(script.name): \(error)")
        lock.unlock()
        return
      }
      report(done[done.count - 1])
    }
    lock.lock()
    results[k] = done
    lock.unlock()
  }

  /// The config a script runs with: the suite's, or a copy with its header's files
  /// in place of the suite's.
  private func configFolder(for script: SuitePlan.Script, in folder: URL) throws -> String? {
    guard let overlay = script.configOverlay else { return settings.config }
    let fm = FileManager.default
    try fm.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in try fm.contentsOfDirectory(atPath: overlay.path) where name.hasSuffix(".yaml") {
      try fm.copyItem(
        at: overlay.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    let base = settings.config ?? (ConfigSource.localFolderExists ? "Config" : nil)
    if let base {
      for name in ConfigLoader.fileNames {
        let from = URL(fileURLWithPath: base).appendingPathComponent(name)
        let to = folder.appendingPathComponent(name)
        if fm.fileExists(atPath: from.path), !fm.fileExists(atPath: to.path) {
          try fm.copyItem(at: from, to: to)
        }
      }
    } else {
      try ConfigLoader.writeDefaults(to: folder)
    }
    return folder.path
  }

  private func runScript(
    _ script: SuitePlan.Script, state: URL, receipts: URL, config: String?, in folder: URL
  ) throws -> SuiteResult {
    var arguments = [
      "run", "--headless", "--script", script.url.path, "--state", state.path, "--receipts",
      receipts.path, "--clock", script.clock ?? settings.clock, "--seed", String(settings.seed),
    ]
    if let config { arguments += ["--config", config] }
    if let lang = settings.lang { arguments += ["--lang", lang] }
    if settings.strict { arguments.append("--strict") }
    let out = folder.appendingPathComponent("stdout-\(UUID().uuidString)")
    let err = folder.appendingPathComponent("stderr-\(UUID().uuidString)")
    let fm = FileManager.default
    guard fm.createFile(atPath: out.path, contents: nil),
      fm.createFile(atPath: err.path, contents: nil)
    else { throw Failed(description: "cannot write in \(folder.path)") }
    let stdout = try FileHandle(forWritingTo: out)
    let stderr = try FileHandle(forWritingTo: err)
    let process = Process()
    process.executableURL = settings.binary
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = stdout
    process.standardError = stderr
    // The driver times the runs; the terminal's own clock is the script's.
    let started = Date()
    try process.run()
    process.waitUntilExit()
    let seconds = Date().timeIntervalSince(started)
    try? stdout.close()
    try? stderr.close()
    let transcript = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    let errors = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
    try? fm.removeItem(at: out)
    try? fm.removeItem(at: err)
    if let keep = settings.transcripts {
      let file = keep.appendingPathComponent(
        String(script.name.dropLast(".keys".count)) + ".txt")
      try fm.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try transcript.write(to: file, atomically: true, encoding: .utf8)
    }
    let status =
      process.terminationReason == .uncaughtSignal
      ? 128 + process.terminationStatus : process.terminationStatus
    return SuiteResult(
      name: script.name, transcript: transcript, exit: status, seconds: seconds, stderr: errors)
  }

  /// The progress line: rewritten in place on a terminal, one line a script elsewhere.
  private func report(_ result: SuiteResult) {
    lock.lock()
    finished += 1
    if !result.passed { failed += 1 }
    let line =
      "[suite] \(finished)/\(plan.scriptCount) done, \(failed) failed · \(result.name) \(result.passed ? "ok" : "FAIL")"
    lock.unlock()
    if progressOverwrites {
      FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    } else {
      FileHandle.standardError.write(Data((line + "\n").utf8))
    }
  }
}
