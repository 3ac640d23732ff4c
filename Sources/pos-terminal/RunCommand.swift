import ArgumentParser
import CursesFront
import Foundation
import ScriptFront
import TerminalConfig
import TerminalCore
import TerminalRuntime

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run the terminal (the default when no subcommand is given).")

  @Option(help: "Config folder. Default: ./Config if it exists, else the embedded defaults.")
  var config: String?

  @Option(help: "State folder for the journal and the acquirer's books.")
  var state = "State"

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

  @Option(help: .hidden)
  var crashAt: String?

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
      guard let date = ISO8601DateFormatter().date(from: clock) else {
        printError(
          "pos-terminal: --clock '\(clock)' is not ISO 8601 with an offset (2026-11-21T09:30:00+08:00)"
        )
        throw ExitCode(2)
      }
      start = date
    }
    var language: Language?
    if let lang {
      guard let l = Language(rawValue: lang) else {
        printError("pos-terminal: --lang must be zh or en")
        throw ExitCode(2)
      }
      language = l
    }
    var crashPoint: CrashPoint?
    if let crashAt {
      guard let p = CrashPoint(crashAt) else {
        printError("pos-terminal: --crash-at takes STAGE:N with STAGE journal, host or print")
        throw ExitCode(2)
      }
      crashPoint = p
    }
    var scriptBytes: [UInt8]?
    if let script {
      guard let data = FileManager.default.contents(atPath: script) else {
        printError("pos-terminal: cannot read script file \(script)")
        throw ExitCode(2)
      }
      scriptBytes = [UInt8](data)
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
    let options = SessionOptions(
      stateDirectory: URL(fileURLWithPath: state),
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
    let session = TerminalSession(
      configuration: configuration, options: options, stateLock: stateLock)

    let interactive = isatty(0) == 1 && isatty(1) == 1 && !headless && scriptBytes == nil
    if interactive {
      let code = CursesFace.run(session: session, recordTo: record.map { URL(fileURLWithPath: $0) })
      if code != 0 { throw ExitCode(code) }
      return
    }
    let runner = ScriptRunner(session: session) { text in
      FileHandle.standardOutput.write(Data(text.utf8))
    }
    runner.passwords = operatorPasswords
    let outcome: ScriptRunner.Outcome
    if let scriptBytes {
      outcome = runner.run(InputTokenizer.tokens(scriptBytes, mode: .scriptFile))
    } else {
      // Keys are taken as they arrive: a live pipe drives the terminal step by step.
      var tokenizer = InputTokenizer(mode: .rawKeystrokes)
      runner.start()
      while true {
        let chunk = FileHandle.standardInput.availableData
        if chunk.isEmpty { break }
        for token in tokenizer.feed(chunk) { runner.step(token) }
      }
      for token in tokenizer.finish() { runner.step(token) }
      outcome = runner.finish()
    }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Where the configuration comes from: --config, else ./Config, else the embedded defaults.
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
