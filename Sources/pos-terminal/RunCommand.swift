import ArgumentParser
import CursesFront
import Foundation
import HostWire
import Lessons
import ScriptFront
import TerminalConfig
import TerminalCore
import TerminalRuntime

#if canImport(Glibc)
  import Glibc
#endif

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the terminal (the default when no subcommand is given).",
    discussion: """
      Example: pos-terminal run --headless --script day1.keys --clock 2026-11-21T09:30:00+08:00
      """)

  @Option(help: "Config folder. Default: ./Config if it exists, else the embedded defaults.")
  var config: String?

  @Option(
    help:
      "State folder for the journal and the acquirer's books. Default: State (a lesson: a fresh temporary one)."
  )
  var state: String?

  @Option(
    help:
      "Run a cashier-training lesson from power-on: a NAME from Config/lessons (see `lesson list`) or a lesson file's path."
  )
  var lesson: String?

  @Option(help: "Folder the printer writes slips to.")
  var receipts = "Receipts"

  @Option(
    help:
      "Start time, ISO 8601 with offset, e.g. 2026-11-21T09:30:00+08:00. Scripted runs then move time only by <wait>."
  )
  var clock: String?

  @Option(help: "Seed for the reader channel's noise (same seed, same run).")
  var seed: UInt64 = 1

  @Option(help: "Screen language: zh or en (overrides Config/terminal.yaml).")
  var lang: String?

  @Flag(help: "Run the scripted front even on a terminal.")
  var headless = false

  @Option(
    help: "Read a script file (tokens, digits, # comments; whitespace ignored) instead of stdin.")
  var script: String?

  @Option(
    help:
      "Training face: append every action as script tokens to this file, for replay through a pipe."
  )
  var record: String?

  @Option(
    help:
      "Replay: the trainer's operator passwords, one `NN PASSWORD` a line, typed for <password NN> in a recording."
  )
  var passwords: String?

  @Flag(
    help:
      "Scripted runs: exit 2 at the end, with the list, if any input was ignored (a stray byte, an unknown token, a key that changed nothing, a swipe nobody asked for, no such card, an unreadable WAV)."
  )
  var strict = false

  @Option(
    help:
      "Scripted runs: compare the transcript with this golden file; print a diff of the frames that differ (keyed by what caused each) and exit 1 on a difference."
  )
  var golden: String?

  @Flag(help: "With --golden: write the run's transcript to the golden file instead.")
  var updateGolden = false

  @Option(help: .hidden)
  var crashAt: String?

  @Option(
    help:
      "The host: tcp://HOST:PORT (a `pos-terminal host`), overriding Config/host.yaml's link; in_process for the built-in one."
  )
  var host: String?

  @Option(help: "Append every ISO 8583 frame to this file: '>' sent, '<' received, hex.")
  var trace: String?

  mutating func run() throws {
    let configuration: Configuration
    do {
      configuration = try ConfigSource.load(config)
    } catch {
      printError("pos-terminal: config error: \(error)")
      throw ExitCode(2)
    }
    var start: Date?
    if let clock {
      switch CivilTime.moment(iso8601: clock) {
      case .success(let date): start = date
      case .failure(let problem):
        printError("pos-terminal: --clock '\(clock)': \(problem.text)")
        throw ExitCode(2)
      }
    }
    let language = try LanguageOption.parse(lang)
    var crashPoint: CrashPoint?
    if let crashAt {
      guard let p = CrashPoint(crashAt) else {
        printError("pos-terminal: --crash-at takes STAGE:N with STAGE journal, host or print")
        throw ExitCode(2)
      }
      crashPoint = p
    }
    if updateGolden && golden == nil {
      printError("pos-terminal: --update-golden needs --golden FILE")
      throw ExitCode(2)
    }
    var goldenText: String?
    if let golden, !updateGolden {
      guard let data = FileManager.default.contents(atPath: golden) else {
        printError(
          "pos-terminal: --golden \(golden): cannot read the file (--update-golden writes it)")
        throw ExitCode(2)
      }
      goldenText = String(decoding: data, as: UTF8.self)
    }
    var scriptInput: ChunkedInput?
    if let script {
      do { scriptInput = try ChunkedInput(path: script) } catch {
        printError("pos-terminal: --script \(script): \(error.text)")
        throw ExitCode(2)
      }
    }
    var operatorPasswords: [String: String] = [:]
    if let passwords {
      guard let data = FileManager.default.contents(atPath: passwords) else {
        printError("pos-terminal: cannot read the passwords file \(passwords)")
        throw ExitCode(2)
      }
      do {
        operatorPasswords = try OperatorPasswords.parse(String(decoding: data, as: UTF8.self))
      } catch {
        printError("pos-terminal: \(passwords): \(error)")
        throw ExitCode(2)
      }
    }
    // A lesson: its customers, on a fresh terminal that its setup has used already.
    var lessonToRun: Lesson?
    var stateFolder = (url: URL(fileURLWithPath: state ?? "State"), temporary: false)
    if let lesson {
      do {
        let loaded = try LessonRun.load(lesson, config: config, configuration: configuration)
        stateFolder = try LessonRun.stateFolder(state)
        if start == nil { start = Date() }
        if let setup = loaded.setup {
          try LessonRun.runSetup(
            setup, lessonName: loaded.name, configuration: configuration, state: stateFolder.url,
            start: start!, language: language, seed: seed)
        }
        lessonToRun = loaded
      } catch {
        LessonRun.cleanUp(stateFolder)
        printError("pos-terminal: --lesson: \(error.text)")
        throw ExitCode(2)
      }
    }
    defer { LessonRun.cleanUp(stateFolder) }
    let options = SessionOptions(
      stateDirectory: stateFolder.url,
      receiptsDirectory: URL(fileURLWithPath: receipts),
      clockStart: start, language: language, seed: seed, crashPoint: crashPoint)
    // A second terminal on the same folder stops here, before anything is opened or created.
    let stateLock: StateFolderLock
    do {
      stateLock = try StateFolderLock.acquire(options.stateDirectory)
    } catch {
      printError("pos-terminal: \(error)")
      throw ExitCode(4)
    }
    let link: TCPHostLink?
    do {
      link = try WireLinkSetup.link(
        configuration: configuration, stateDirectory: options.stateDirectory,
        hostOverride: host, trace: try trace.map { try WireTrace(path: $0) })
    } catch {
      printError("pos-terminal: \(error)")
      throw ExitCode(2)
    }
    defer { link?.close() }
    let session = TerminalSession(
      configuration: configuration, options: options, hostLink: link, stateLock: stateLock)
    // A scripted clock set before the journal's last record would date new records
    // before old ones (and settle a batch before its sales): refused, both times named.
    if let clock, let start, let latest = session.latestJournalTime, start < latest {
      let format = ISO8601DateFormatter()
      format.timeZone = configuration.profile.timeZone
      printError(
        "pos-terminal: --clock \(clock) is before the journal's last record, at "
          + "\(format.string(from: latest)): the terminal's time would run backwards. "
          + "Give a --clock at or after it")
      throw ExitCode(2)
    }
    let coach = lessonToRun.map { LessonCoach(lesson: $0, session: session) }

    let interactive = isatty(0) == 1 && isatty(1) == 1 && !headless && scriptInput == nil
    if interactive {
      let code = CursesFace.run(
        session: session, recordTo: record.map { URL(fileURLWithPath: $0) }, coach: coach)
      if code != 0 { throw ExitCode(code) }
      return
    }
    let output = OutputBuffer()
    // --golden: the transcript is kept as well, to be compared (or written) at the end.
    var kept: [UInt8]? = golden == nil ? nil : []
    let runner = ScriptRunner(session: session, strict: strict, coach: coach) {
      output.write($0)
      kept?.append(contentsOf: $0.utf8)
    }
    runner.passwords = operatorPasswords
    // Keys are taken as they arrive: a live pipe drives the terminal step by step, and
    // each chunk's transcript is on stdout before the next read. Memory stays flat
    // whatever the input's length (a script file streams the same way).
    let input = scriptInput ?? ChunkedInput(fileDescriptor: 0)
    var tokenizer = InputTokenizer(mode: scriptInput == nil ? .rawKeystrokes : .scriptFile)
    runner.start()
    output.flush()
    while let chunk = input.next() {
      for token in tokenizer.feed(chunk) { runner.step(token) }
      output.flush()
    }
    for token in tokenizer.finish() { runner.step(token) }
    let outcome = runner.finish()
    output.flush()
    let code = runner.exitCode(outcome)
    if runner.strict && runner.ignoredCount > 0 {
      printError(
        "pos-terminal: --strict: \(runner.ignoredCount) input(s) ignored (listed at the end of the transcript)"
      )
    }
    let failed = runner.expectations.failures.count
    if failed > 0 {
      printError(
        "pos-terminal: \(failed) expectation(s) failed, \(runner.expectations.met) met (listed at the end of the transcript); exit \(ScriptRunner.expectationsFailedExitCode)"
      )
    }
    if let golden, let transcript = kept.map({ String(decoding: $0, as: UTF8.self) }) {
      if updateGolden {
        do {
          try transcript.write(toFile: golden, atomically: true, encoding: .utf8)
        } catch {
          printError("pos-terminal: --golden \(golden): cannot write the file: \(error)")
          throw ExitCode(2)
        }
      } else if let goldenText {
        let diff = GoldenDiff(golden: goldenText, run: transcript)
        if !diff.isEmpty {
          FileHandle.standardError.write(Data(diff.unified(goldenName: golden).utf8))
          printError(
            "pos-terminal: --golden \(golden): \(diff.hunks.count) frame(s) differ; exit 1")
          throw ExitCode(1)
        }
      }
    }
    if code != 0 { throw ExitCode(code) }
  }
}

func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Where the configuration comes from: --config, else ./Config, else the embedded defaults.
/// `--lang`, the same for every command: zh or en, anything else exits 2.
enum LanguageOption {
  static func parse(_ lang: String?) throws -> Language? {
    guard let lang else { return nil }
    guard let language = Language(rawValue: lang) else {
      printError("pos-terminal: --lang must be zh or en")
      throw ExitCode(2)
    }
    return language
  }
}

enum ConfigSource {
  static func load(_ path: String?) throws -> Configuration {
    if let path { return try ConfigLoader.load(directory: URL(fileURLWithPath: path)) }
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: "Config", isDirectory: &isDir), isDir.boolValue {
      return try ConfigLoader.load(directory: URL(fileURLWithPath: "Config"))
    }
    return ConfigLoader.embeddedDefaults()
  }
}

/// Input read in chunks of at most 16 kB with read(2), from stdin or a script
/// file: never the whole input at once, whatever its length.
final class ChunkedInput {
  struct Problem: Error {
    var text: String
  }

  private let fd: Int32
  private let owned: Bool
  private var buffer = [UInt8](repeating: 0, count: 16 * 1024)

  init(fileDescriptor: Int32) {
    fd = fileDescriptor
    owned = false
  }

  /// Opens a script file. A folder is refused; a FIFO or `<(command)` streams.
  init(path: String) throws(Problem) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw Problem(text: "no such file")
    }
    guard !isFolder.boolValue else { throw Problem(text: "is a folder, not a script file") }
    let opened = open(path, O_RDONLY)
    guard opened >= 0 else { throw Problem(text: String(cString: strerror(errno))) }
    fd = opened
    owned = true
  }

  deinit { if owned { close(fd) } }

  /// The next chunk, or nil at the end of input (or on a read error).
  func next() -> ArraySlice<UInt8>? {
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n > 0 { return buffer[0..<n] }
      if n < 0 && errno == EINTR { continue }
      return nil
    }
  }
}

/// The transcript on its way to stdout: gathered into one write per input chunk
/// (or per 64 kB), so a million short lines are not a million system calls, and
/// never held longer than that.
final class OutputBuffer {
  private var pending: [UInt8] = []
  private let limit = 64 * 1024

  init() { pending.reserveCapacity(limit) }

  func write(_ text: String) {
    pending.append(contentsOf: text.utf8)
    if pending.count >= limit { flush() }
  }

  func flush() {
    guard !pending.isEmpty else { return }
    FileHandle.standardOutput.write(Data(pending))
    pending.removeAll(keepingCapacity: true)
  }
}
