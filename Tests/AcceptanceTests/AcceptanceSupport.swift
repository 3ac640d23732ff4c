import Foundation
import ScriptFront
import TerminalConfig
import TerminalCore
import TerminalRuntime

/// Paths and runners shared by the acceptance scenarios.
enum Acceptance {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let configDirectory = packageRoot.appendingPathComponent("Config")
  static let goldenDirectory = packageRoot.appendingPathComponent("Tests/AcceptanceTests/Golden")
  static let binary = packageRoot.appendingPathComponent(".build/debug/pos-terminal")

  /// Set UPDATE_GOLDEN=1 to rewrite the golden files (then read the diff before committing).
  static var updatingGoldens: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

  static func scratch(_ name: String) -> URL {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent(
        "pos-acceptance-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  static func configuration(_ directory: URL? = nil) throws -> Configuration {
    try ConfigLoader.load(directory: directory ?? configDirectory)
  }

  /// A copy of Config/ with `settings` appended to the named files (a later key
  /// would be a duplicate, so each file's own line for that key is dropped first).
  static func config(_ settings: [String: [String: String]]) throws -> URL {
    let dir = scratch("config").appendingPathComponent("Config")
    try FileManager.default.copyItem(at: configDirectory, to: dir)
    for (file, keys) in settings {
      let url = dir.appendingPathComponent(file)
      var text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
      for (key, value) in keys {
        text = text.replacingOccurrences(
          of: "(?m)^\(key):.*$", with: "", options: .regularExpression)
        text += "\n\(key): \(value)\n"
      }
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
  }

  /// Runs a script in-process, as `pos-terminal --script` would, and returns its transcript.
  static func runScript(
    _ script: String, clock: String, state: URL, receipts: URL, seed: UInt64 = 1,
    config: URL? = nil
  ) throws -> (transcript: String, outcome: ScriptRunner.Outcome) {
    let options = SessionOptions(
      stateDirectory: state, receiptsDirectory: receipts,
      clockStart: ISO8601DateFormatter().date(from: clock)!, seed: seed)
    let session = TerminalSession(configuration: try configuration(config), options: options)
    var transcript = ""
    let runner = ScriptRunner(session: session) { transcript += $0 }
    let outcome = runner.run(InputTokenizer.tokens(script, mode: .scriptFile))
    return (transcript, outcome)
  }

  /// Runs the real binary with `arguments`, feeding `input` on stdin (with the
  /// watchdog of `Hardening.run`, which reads stdout and stderr as they come).
  static func runBinary(_ arguments: [String], input: String) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let run = try Hardening.run(arguments, input: input)
    return (run.status, run.stdout, run.stderr)
  }

  struct BinaryMissing: Error, CustomStringConvertible {
    var path: String
    var description: String {
      "\(path) is missing: run `swift build` before `swift test` (.ci/run does)"
    }
  }

  /// The receipts folder as (file name, text) pairs, sorted by name.
  static func slips(in dir: URL) -> [(String, String)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.hasSuffix(".txt") }.sorted().map {
      ($0, (try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) ?? "")
    }
  }

  /// Compares `actual` with the golden file `name`, or rewrites it when updating.
  static func matchesGolden(_ actual: String, _ name: String) throws -> Bool {
    let url = goldenDirectory.appendingPathComponent(name)
    if updatingGoldens {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try actual.write(to: url, atomically: true, encoding: .utf8)
      return true
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if expected != actual {
      let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
      for i in 0..<max(a.count, e.count)
      where (i < a.count ? a[i] : nil) != (i < e.count ? e[i] : nil) {
        print(
          "golden \(name) differs first at line \(i + 1):\n  expected: \(i < e.count ? String(e[i]) : "<end>")\n  actual:   \(i < a.count ? String(a[i]) : "<end>")"
        )
        break
      }
      return false
    }
    return true
  }
}
