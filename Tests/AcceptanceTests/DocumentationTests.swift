import Foundation
import Testing

/// The README and Documentation/ cannot drift from the program:
/// - every command's options table (`<!-- options: pos-terminal SUB -->` before it) lists
///   exactly the options its `--help` shows, and every command has one;
/// - every example marked ```` ```sh runnable ```` runs, in order, in a scratch folder
///   with a copy of Config/, and prints each excerpt of the ```` ```output ```` block after it;
/// - `--help` has no line broken inside a sentence and an example for every command;
/// - `--version` is CHANGELOG.md's newest release; relative links lead to a heading.
/// All of it runs the built `.build/debug/pos-terminal`: a missing binary fails.
@Suite("Documentation agrees with the program")
struct DocumentationTests {
  static let root = Acceptance.packageRoot

  /// README.md, then Documentation/*.md by name: (path relative to the root, text).
  static let pages: [(String, String)] = {
    let folder = root.appendingPathComponent("Documentation")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".md") }.sorted()
    return (["README.md"] + names.map { "Documentation/" + $0 }).compactMap { path in
      (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)).map {
        (path, $0)
      }
    }
  }()

  /// Every page's text, one after the other (for "is this said somewhere" checks).
  static var allText: String { pages.map { "\n" + $0.1 }.joined() }

  // MARK: - --help

  /// `pos-terminal ARGS --help` at a width no paragraph reaches.
  static func help(_ command: [String]) throws -> String {
    let run = try DocShell.run(
      executable: Acceptance.binary.path, arguments: command + ["--help"],
      environment: ["COLUMNS": "10000"])
    guard run.status == 0 else {
      throw DocShell.Failure(
        "`pos-terminal \(command.joined(separator: " ")) --help` exited \(run.status): \(run.output)"
      )
    }
    return run.output
  }

  /// The lines of a help section (`OPTIONS:`, `SUBCOMMANDS:`), up to the next blank line
  /// followed by another section.
  static func section(_ name: String, of help: String) -> [Substring] {
    let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
    guard let start = lines.firstIndex(of: Substring(name)) else { return [] }
    return Array(lines[(start + 1)...].prefix { !$0.hasSuffix(":") || $0.hasPrefix(" ") })
  }

  /// Every command, as the words after `pos-terminal` (the root is `[]`).
  static func commands() throws -> [[String]] {
    var found: [[String]] = []
    var queue: [[String]] = [[]]
    while let command = queue.first {
      queue.removeFirst()
      found.append(command)
      for line in section("SUBCOMMANDS:", of: try help(command)) {
        guard let name = line.firstMatch(of: #/^  ([a-z][a-z-]*)/#)?.1, name != "help" else {
          continue
        }
        queue.append(command + [String(name)])
      }
    }
    return found
  }

  /// The long options a command's `--help` lists, without --help and --version.
  static func helpOptions(_ help: String) -> Set<String> {
    var options: Set<String> = []
    for line in section("OPTIONS:", of: help) {
      guard let m = line.firstMatch(of: #/^  (?:-[a-zA-Z], )?(--[a-z0-9-]+)/#) else { continue }
      options.insert(String(m.1))
    }
    return options.subtracting(["--help", "--version"])
  }

  /// The options tables of the pages: command words → (page, the options in the first
  /// column of each row).
  static func optionTables() -> [[String]: (page: String, options: Set<String>)] {
    var tables: [[String]: (page: String, options: Set<String>)] = [:]
    for (page, text) in pages {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      for (i, line) in lines.enumerated() {
        guard let m = line.firstMatch(of: #/^<!-- options: pos-terminal ?([a-z -]*?) ?-->$/#)
        else { continue }
        let words = m.1.split(separator: " ").map(String.init)
        var options: Set<String> = []
        for row in lines[(i + 1)...].drop(while: { $0.isEmpty }).prefix(while: { $0.hasPrefix("|") }
        )
        .dropFirst(2) {
          let first = row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().first
          for o in (first ?? "").matches(of: #/--[a-z0-9-]+/#) { options.insert(String(o.0)) }
        }
        tables[words] = (page, options)
      }
    }
    return tables
  }

  @Test func everyCommandsOptionsAreDocumentedAndEveryDocumentedOptionExists() throws {
    let tables = Self.optionTables()
    var leaves: Set<[String]> = []
    for command in try Self.commands() {
      let help = try Self.help(command)
      // A command with subcommands has no options of its own to document.
      guard Self.section("SUBCOMMANDS:", of: help).isEmpty else { continue }
      leaves.insert(command)
      let name = (["pos-terminal"] + command).joined(separator: " ")
      guard let table = tables[command] else {
        Issue.record(
          "\(name) has no options table: add `<!-- options: \(name) -->` and a table under it")
        continue
      }
      let shown = Self.helpOptions(help)
      for option in shown.subtracting(table.options).sorted() {
        Issue.record("\(name) \(option) is in --help but not in \(table.page)'s options table")
      }
      for option in table.options.subtracting(shown).sorted() {
        Issue.record("\(table.page) documents \(name) \(option), which --help does not show")
      }
    }
    #expect(leaves.contains(["run"]) && leaves.contains(["fleet"]))
    for (command, table) in tables where !leaves.contains(command) {
      Issue.record(
        "\(table.page): an options table for `pos-terminal \(command.joined(separator: " "))`, which is not a command"
      )
    }
  }

  @Test func helpReadsWellAndShowsAnExample() throws {
    for command in try Self.commands() {
      let help = try Self.help(command)
      let name = (["pos-terminal"] + command).joined(separator: " ")
      #expect(help.contains("Example: "), "\(name) --help has no example")
      // At a width of 10,000 a paragraph is one line: a line going on in lower case
      // was broken inside a sentence in the source.
      let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
      for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !line.hasPrefix(" ")
      {
        #expect(
          !(next.first?.isLowercase ?? false),
          "\(name) --help breaks a sentence: \"\(line.suffix(30))⏎\(next.prefix(30))\"")
      }
    }
  }

  @Test func theVersionIsTheChangelogsNewestRelease() throws {
    let changelog = try String(
      contentsOf: Self.root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
    let newest = changelog.firstMatch(of: #/\n## \[(\d+\.\d+\.\d+)\]/#)?.1
    #expect(newest != nil, "CHANGELOG.md has no `## [X.Y.Z]` release")
    let run = try DocShell.run(
      executable: Acceptance.binary.path, arguments: ["--version"], environment: [:])
    #expect(run.status == 0)
    #expect(run.output == "\(newest ?? "?")\n")
  }

  @Test func everyRelativeLinkLeadsToAFileAndAHeading() {
    for (page, text) in Self.pages {
      let base = page.firstIndex(of: "/").map { String(page[..<$0]) } ?? ""
      for m in text.matches(of: #/\]\(([^)\s:#]*)(?:#([^)\s]+))?\)/#) {
        let file = String(m.1)
        let target =
          file.isEmpty ? page : (base.isEmpty ? file : base + "/" + file)
        let url = Self.root.appendingPathComponent(target)
        guard let body = try? String(contentsOf: url, encoding: .utf8) else {
          #expect(FileManager.default.fileExists(atPath: url.path), "\(page): \(m.0) leads nowhere")
          continue
        }
        if let anchor = m.2 {
          #expect(
            Self.anchors(body).contains(String(anchor)), "\(page): \(m.0): no such heading")
        }
      }
    }
  }

  /// GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens.
  static func anchors(_ markdown: String) -> Set<String> {
    var inFence = false
    var found: Set<String> = []
    for line in markdown.split(separator: "\n") {
      if line.hasPrefix("```") { inFence.toggle() }
      guard !inFence, line.hasPrefix("#"), let space = line.firstIndex(of: " ") else { continue }
      let title = line[line.index(after: space)...].lowercased()
      found.insert(
        String(
          title.unicodeScalars.filter {
            CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == " " || $0 == "_"
          }
          .map { $0 == " " ? "-" : Character($0) }))
    }
    return found
  }

  // MARK: - Runnable examples

  struct Example {
    var page: String
    var line: Int
    var script: String
    var exit: Int32
    var excerpts: [String]
  }

  /// The ```` ```sh runnable [exit=N] ```` blocks of a page, each with the excerpts of
  /// the ```` ```output ```` block that must be the next fenced block after it (prose may
  /// come between; "..." lines separate excerpts).
  static func examples(_ page: String, _ text: String) -> [Example] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var examples: [Example] = []
    var i = 0
    func fence(from start: Int) -> (body: [String], end: Int) {
      var j = start + 1
      while j < lines.count, lines[j] != "```" { j += 1 }
      return (Array(lines[(start + 1)..<min(j, lines.count)]), j)
    }
    while i < lines.count {
      guard let m = lines[i].firstMatch(of: #/^```sh runnable(?: exit=(\d+))?$/#) else {
        i += 1
        continue
      }
      let start = i
      let (script, end) = fence(from: i)
      // The output block is the next fenced block, after any prose.
      var j = end + 1
      while j < lines.count, !lines[j].hasPrefix("```") { j += 1 }
      var excerpts: [String] = []
      if j < lines.count, lines[j] == "```output" {
        let (body, outputEnd) = fence(from: j)
        excerpts = body.split(separator: "...", omittingEmptySubsequences: true)
          .map { $0.joined(separator: "\n") }
        i = outputEnd + 1
      } else {
        i = end + 1
      }
      examples.append(
        Example(
          page: page, line: start + 1, script: script.joined(separator: "\n"),
          exit: m.1.flatMap { Int32($0) } ?? 0, excerpts: excerpts))
    }
    return examples
  }

  @Test(arguments: pages.map(\.0))
  func theRunnableExamplesPrintWhatThePageShows(_ page: String) throws {
    let text = Self.pages.first { $0.0 == page }?.1 ?? ""
    let examples = Self.examples(page, text)
    if page == "README.md" {
      #expect(examples.count >= 4, "README: the recipes (but the face's) are runnable")
    }
    guard !examples.isEmpty else { return }
    // One folder a page: its examples run in order (the settlement after the sale).
    let dir = Acceptance.scratch("docs-" + page.replacingOccurrences(of: "/", with: "-"))
    defer { try? FileManager.default.removeItem(at: dir) }
    let bin = dir.appendingPathComponent(".bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      at: bin.appendingPathComponent("pos-terminal"), withDestinationURL: Acceptance.binary)
    // `swift run pos-terminal …` as a person types it runs the built binary (a `swift`
    // inside `swift test` would wait for the build lock the test run holds).
    let swiftShim = bin.appendingPathComponent("swift")
    try """
    #!/bin/sh
    [ "$1" = run ] && [ "$2" = pos-terminal ] || { echo "docs: only 'swift run pos-terminal' runs in an example" >&2; exit 97; }
    shift 2; exec pos-terminal "$@"

    """.write(to: swiftShim, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: swiftShim.path)
    try FileManager.default.copyItem(
      at: Acceptance.configDirectory, to: dir.appendingPathComponent("Config"))
    let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    for example in examples {
      #expect(
        !example.excerpts.isEmpty,
        "\(page):\(example.line): a runnable example needs an ```output block")
      let run = try DocShell.run(
        executable: "/bin/bash",
        arguments: ["-c", "set -eo pipefail\n" + example.script],
        environment: ["PATH": path], in: dir, timeout: 180)
      #expect(
        run.status == example.exit,
        "\(page):\(example.line): exit \(run.status), not \(example.exit):\n\(run.output.suffix(3000))"
      )
      for excerpt in example.excerpts {
        #expect(
          run.output.contains(excerpt),
          "\(page):\(example.line): not in the output:\n\(excerpt)\n--- output:\n\(run.output.suffix(3000))"
        )
      }
    }
  }
}

/// A process with a watchdog, its stdout and stderr read as one.
enum DocShell {
  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  static func run(
    executable: String, arguments: [String], environment: [String: String],
    in directory: URL = Acceptance.packageRoot, timeout: Double = 60
  ) throws -> (status: Int32, output: String) {
    guard FileManager.default.isExecutableFile(atPath: Acceptance.binary.path) else {
      throw Acceptance.BinaryMissing(path: Acceptance.binary.path)
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    p.currentDirectoryURL = directory
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    p.standardInput = FileHandle.nullDevice
    let exited = DispatchSemaphore(value: 0)
    p.terminationHandler = { _ in exited.signal() }
    try p.run()
    let out = Hardening.Box()
    let read = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      out.data = pipe.fileHandleForReading.readDataToEndOfFile()
      read.signal()
    }
    if exited.wait(timeout: .now() + timeout) == .timedOut {
      kill(-p.processIdentifier, SIGTERM)
      p.terminate()
      _ = exited.wait(timeout: .now() + 5)
      throw Failure("timed out after \(Int(timeout)) s: \(arguments.joined(separator: " "))")
    }
    _ = read.wait(timeout: .now() + 10)
    return (p.terminationStatus, String(decoding: out.data, as: UTF8.self))
  }
}
