import Foundation
import TerminalCore
import Testing

@testable import TerminalConfig

/// terminal.yaml `host_timeout_s`, host.yaml `reply_delay_s`, printer.yaml `paper_out_after`.
@Suite struct TimingAndPaperTests {
  /// The configuration with `file`'s text edited.
  func load(_ file: String, edit: (String) -> String) throws -> Configuration {
    var texts = EmbeddedConfig.files
    texts[file] = edit(texts[file]!)
    return try ConfigLoader.parse(texts)
  }

  /// Asserts the error of an edited file: its line is the edited key's, and the
  /// message reads `file:line: field: problem`.
  func expectError(
    _ file: String, _ old: String, _ new: String, field: String, problem: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let (e, text) = try loadError(file, edit: replacing(old, new))
    let line = try #require(lineNumber(of: new, in: text), sourceLocation: sourceLocation)
    #expect(e.file.hasSuffix("/" + file), sourceLocation: sourceLocation)
    #expect(e.line == line, sourceLocation: sourceLocation)
    #expect(e.field == field, sourceLocation: sourceLocation)
    #expect(e.problem == problem, sourceLocation: sourceLocation)
    #expect(
      e.description.hasSuffix("\(file):\(line): \(field): \(problem)"), "\(e)",
      sourceLocation: sourceLocation)
  }

  // MARK: host_timeout_s

  @Test func hostTimeoutDefaultsTo60() throws {
    #expect(try ConfigLoader.load(directory: configDirectory).profile.hostTimeoutSeconds == 60)
    let c = try load("terminal.yaml", edit: replacing("host_timeout_s: 60\n", ""))
    #expect(c.profile.hostTimeoutSeconds == 60)
  }

  @Test(arguments: [("0.5", 0.5), ("45", 45), ("600", 600)])
  func hostTimeoutTakesAValue(text: String, seconds: Double) throws {
    let c = try load(
      "terminal.yaml", edit: replacing("host_timeout_s: 60", "host_timeout_s: \(text)"))
    #expect(c.profile.hostTimeoutSeconds == seconds)
  }

  @Test(arguments: [
    ("0", "0 is out of range: more than 0, at most 600"),
    ("-5", "-5 is out of range: more than 0, at most 600"),
    ("600.5", "600.5 is out of range: more than 0, at most 600"),
    ("soon", "expected a number, got \"soon\""),
    ("[30, 60]", "expected a single value, got a list (- lines)"),
  ])
  func hostTimeoutRefuses(text: String, problem: String) throws {
    try expectError(
      "terminal.yaml", "host_timeout_s: 60", "host_timeout_s: \(text)", field: "host_timeout_s",
      problem: problem)
  }

  // MARK: reply_delay_s

  @Test func replyDelayDefaultsToZero() throws {
    #expect(try ConfigLoader.load(directory: configDirectory).hostReplyDelaySeconds == 0)
    let c = try load("host.yaml", edit: replacing("reply_delay_s: 0\n", ""))
    #expect(c.hostReplyDelaySeconds == 0)
  }

  @Test(arguments: [("0", 0.0), ("2.5", 2.5), ("3599.9", 3599.9)])
  func replyDelayTakesAValue(text: String, seconds: Double) throws {
    let c = try load("host.yaml", edit: replacing("reply_delay_s: 0", "reply_delay_s: \(text)"))
    #expect(c.hostReplyDelaySeconds == seconds)
    #expect(c.hostFault == .none)
  }

  @Test(arguments: [
    ("-1", "-1 is out of range: at least 0, less than 3600"),
    ("3600", "3600 is out of range: at least 0, less than 3600"),
    ("slow", "expected a number, got \"slow\""),
  ])
  func replyDelayRefuses(text: String, problem: String) throws {
    try expectError(
      "host.yaml", "reply_delay_s: 0", "reply_delay_s: \(text)", field: "reply_delay_s",
      problem: problem)
  }

  @Test func hostYamlStillRefusesUnknownKeys() throws {
    let (e, text) = try loadError("host.yaml", edit: replacing("reply_delay_s:", "reply_delay:"))
    #expect(e.line == lineNumber(of: "reply_delay: 0", in: text))
    #expect(e.field == "reply_delay")
    #expect(
      e.problem
        == "unknown key \"reply_delay\" (known keys: fault, reply_delay_s, link, keys, connect_timeout_s, wire_fault, wire_fault_traces, wire_delay_s, mac, field22, tpdu, header, idle_timeout_s, max_connections)"
    )
  }

  // MARK: paper_out_after

  @Test func paperNeverRunsOutByDefault() throws {
    #expect(try ConfigLoader.load(directory: configDirectory).paperOutAfter == nil)
    #expect(ConfigLoader.embeddedDefaults().paperOutAfter == nil)
  }

  @Test func printerYamlMayBeLeftOut() throws {
    let dir = try scratchConfig()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.removeItem(at: dir.appendingPathComponent("printer.yaml"))
    let fromFolder = try ConfigLoader.load(directory: dir)
    #expect(fromFolder.paperOutAfter == nil)
    #expect(fromFolder == ConfigLoader.embeddedDefaults())

    var texts = EmbeddedConfig.files
    texts["printer.yaml"] = nil
    #expect(try ConfigLoader.parse(texts).paperOutAfter == nil)
  }

  @Test(arguments: [("1", 1), ("3", 3), ("1_000", 1000), ("999999", 999_999)])
  func paperOutAfterTakesAValue(text: String, slips: Int) throws {
    let c = try load(
      "printer.yaml", edit: replacing("# paper_out_after: 3", "paper_out_after: \(text)"))
    #expect(c.paperOutAfter == slips)
  }

  @Test func anEmptyPaperOutAfterMeansNever() throws {
    let c = try load("printer.yaml", edit: replacing("# paper_out_after: 3", "paper_out_after:"))
    #expect(c.paperOutAfter == nil)
  }

  @Test(arguments: [
    ("0", "0 is out of range 1...999999"),
    ("-2", "-2 is out of range 1...999999"),
    ("1000000", "1000000 is out of range 1...999999"),
    ("2.5", "expected a whole number, got \"2.5\""),
    ("never", "expected a whole number, got \"never\""),
  ])
  func paperOutAfterRefuses(text: String, problem: String) throws {
    try expectError(
      "printer.yaml", "# paper_out_after: 3", "paper_out_after: \(text)",
      field: "paper_out_after", problem: problem)
  }

  @Test func printerYamlRefusesUnknownKeys() throws {
    let (e, text) = try loadError(
      "printer.yaml", edit: replacing("# paper_out_after: 3", "paper_out: 3"))
    #expect(e.file.hasSuffix("/printer.yaml"))
    #expect(e.line == lineNumber(of: "paper_out: 3", in: text))
    #expect(e.field == "paper_out")
    #expect(e.problem == "unknown key \"paper_out\" (known keys: paper_out_after)")
  }

  @Test func printerYamlSyntaxErrorNamesFileAndLine() throws {
    let (e, text) = try loadError(
      "printer.yaml", edit: replacing("# paper_out_after: 3", "paper_out_after: 3: 4"))
    #expect(e.file.hasSuffix("/printer.yaml"))
    #expect(e.line == lineNumber(of: "paper_out_after: 3: 4", in: text))
    #expect(e.problem.contains("YAML syntax error"))
  }

  @Test func printerYamlMustBeAMapping() throws {
    let (e, _) = try loadError("printer.yaml", edit: { $0 + "- 3\n" })
    #expect(e.file.hasSuffix("/printer.yaml"))
    #expect(e.problem == "expected a mapping (key: value lines), got a list (- lines)")
  }
}

@Suite struct DeckCardDataTests {
  @Test func aDeckCardReadsAsASwipe() throws {
    let deck = try ConfigLoader.load(directory: configDirectory).deck
    #expect(
      deck[0].cardData
        == CardData(
          pan: "6222020000002227", expiry: "3012", serviceCode: "101", holderName: "ZHANG/SAN",
          entryMode: .swipe))
    #expect(deck[1].cardData.pinIsOptional == deck[1].pinOptional)
    #expect(deck[0].cardData.pan == deck[0].tracks.track2.pan)
  }
}
