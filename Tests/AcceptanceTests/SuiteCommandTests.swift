import Foundation
import ScriptFront
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `pos-terminal suite DIR` through the real binary.
@Suite("Suites of scripts")
struct SuiteCommandTests {
  static let signIn = "<enter> 01<enter> 0000<enter>\n"
  static let sale = "1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>\n"

  /// A folder of scripts: two that pass (one in a subfolder), one that fails.
  func folder() throws -> URL {
    let dir = Acceptance.scratch("suite")
    let suite = dir.appendingPathComponent("suite")
    try FileManager.default.createDirectory(
      at: suite.appendingPathComponent("more"), withIntermediateDirectories: true)
    let scripts = [
      "a-sale.keys": Self.signIn + Self.sale + "<expect 1.消费> <expect-code 00>",
      "more/b-mid-sale.keys": Self.signIn + "1 5000<enter> <expect 请刷卡> <expect-exit 3>",
      "c-wrong.keys": Self.signIn + "1 5000<enter> <expect 金额: 60.00> <swipe 1> <enter>"
        + "123456<enter> <enter> <expect 1.消费>",
      "notes.txt": "not a script",
    ]
    for (name, text) in scripts {
      try text.write(to: suite.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return dir
  }

  @Test func oneFailingScriptFailsTheSuiteWithItsTableAndJUnit() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let junit = dir.appendingPathComponent("report.xml")
    let run = try Hardening.run(
      ["suite", dir.appendingPathComponent("suite").path, "--junit", junit.path], input: "")
    #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 5, "\(run.stdout)")
    #expect(lines[0].hasPrefix("script") && lines[0].hasSuffix("time"))
    // Sorted by path; the columns aligned.
    #expect(lines[1].hasPrefix("a-sale.keys           ok  "))
    #expect(lines[2].hasPrefix("c-wrong.keys          FAIL  "))
    #expect(lines[3].hasPrefix("more/b-mid-sale.keys  ok  "))
    let columns = lines[1...3].map { $0.split(separator: " ", omittingEmptySubsequences: true) }
    #expect(
      columns.map { Array($0[2...4]) } == [["2", "0", "0"], ["1", "1", "5"], ["2", "0", "0"]])
    #expect(Set(lines[0...3].map { $0.count }).count == 1, "every row as wide as the header")
    #expect(lines[4] == "3 script(s): 2 passed, 1 failed (c-wrong.keys)")
    #expect(run.stderr.contains("[suite] 3/3 done, 1 failed"))

    let report = try JUnitReport(Data(contentsOf: junit))
    #expect(report.root == "testsuites")
    #expect(report.suites.count == 1)
    #expect(report.suites.first?["tests"] == "3" && report.suites.first?["failures"] == "1")
    #expect(
      report.cases.map { $0["name"] ?? "" } == [
        "a-sale.keys", "c-wrong.keys", "more/b-mid-sale.keys",
      ])
    #expect(report.failures.count == 1)
    let failure = try #require(report.failures.first)
    #expect(failure.in == "c-wrong.keys")
    #expect(failure.attributes["message"]?.hasPrefix("after frame ") == true)
    #expect(
      failure.attributes["message"]?.contains("wanted <expect 金额: 60.00>, screen shows") == true)
    #expect(failure.text.contains("|金额: 50.00             |"), "the screen: \(failure.text)")
  }

  @Test func tapSaysOkAndNotOk() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Hardening.run(
      ["suite", dir.appendingPathComponent("suite").path, "--tap"], input: "")
    #expect(run.status == 1)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(
      Array(lines.prefix(3)) == [
        "TAP version 13", "1..3", "ok 1 - a-sale.keys # 2 expectation(s) met, exit 0",
      ])
    #expect(lines[3] == "not ok 2 - c-wrong.keys # 1 expectation(s) met, exit 5")
    #expect(lines[4...6] == ["  ---", "  exit: 5", "  failures:"])
    #expect(lines[7].hasPrefix("    - message: \"after frame "))
    #expect(lines.last == "ok 3 - more/b-mid-sale.keys # 2 expectation(s) met, exit 0")
  }

  @Test func aStateHeaderChainsScriptsInFileOrder() throws {
    let dir = Acceptance.scratch("suite-chain")
    defer { try? FileManager.default.removeItem(at: dir) }
    let scripts = [
      // Yesterday's sale, today's forced day-end on the same state; a fresh state sees no sale.
      "1-sale.keys": "# state: shop\n# clock: 2026-11-20T18:00:00+08:00\n" + Self.signIn
        + Self.sale,
      "2-day-end.keys": "# state: shop\n" + Self.signIn
        + "<expect 终端隔日强制结算> <enter> <cancel> <cancel> <expect 1.消费>",
      "3-fresh.keys": Self.signIn + "<expect 1.消费>",
    ]
    for (name, text) in scripts {
      try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let kept = Acceptance.scratch("suite-transcripts")
    defer { try? FileManager.default.removeItem(at: kept) }
    let run = try Hardening.run(
      ["suite", dir.path, "--jobs", "2", "--transcripts", kept.path], input: "")
    #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
    #expect(run.stdout.hasSuffix("3 script(s): 3 passed, 0 failed\n"))
    // --transcripts keeps each run's transcript: the day-end ran on the sale's state.
    let dayEnd = try String(
      contentsOf: kept.appendingPathComponent("2-day-end.txt"), encoding: .utf8)
    #expect(dayEnd.contains("[expect] ok <expect 终端隔日强制结算>"))
    #expect(dayEnd.contains("_B000001_settlement.txt"))
  }

  @Test func aBadHeaderOrAnEmptyFolderIsBadUsage() throws {
    let dir = Acceptance.scratch("suite-bad")
    defer { try? FileManager.default.removeItem(at: dir) }
    let empty = try Hardening.run(["suite", dir.path], input: "")
    #expect(empty.status == 2 && empty.stderr.contains("no *.keys scripts in"))
    try "# a sale\n# clock: 2026-02-30T09:00:00+08:00\n1".write(
      to: dir.appendingPathComponent("x.keys"), atomically: true, encoding: .utf8)
    let clock = try Hardening.run(["suite", dir.path], input: "")
    #expect(clock.status == 2)
    #expect(clock.stderr.contains("x.keys:2: clock: 2026-02-30 is not a date"), "\(clock.stderr)")
    try "# config: nowhere\n1".write(
      to: dir.appendingPathComponent("x.keys"), atomically: true, encoding: .utf8)
    let config = try Hardening.run(["suite", dir.path], input: "")
    #expect(config.status == 2)
    #expect(config.stderr.contains("x.keys:1: config: nowhere is not a folder next to the script"))
  }
}

/// A JUnit file read with an XML parser: its elements and where each failure is.
final class JUnitReport: NSObject, XMLParserDelegate {
  struct Failure {
    var `in`: String
    var attributes: [String: String]
    var text = ""
  }

  var root: String?
  var suites: [[String: String]] = []
  var cases: [[String: String]] = []
  var failures: [Failure] = []
  private var inFailure = false
  private var problem: Error?

  init(_ data: Data) throws {
    super.init()
    let parser = XMLParser(data: data)
    parser.delegate = self
    guard parser.parse() else {
      throw parser.parserError ?? problem ?? CocoaError(.fileReadCorruptFile)
    }
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if root == nil { root = name }
    switch name {
    case "testsuite": suites.append(attributes)
    case "testcase": cases.append(attributes)
    case "failure":
      failures.append(Failure(in: cases.last?["name"] ?? "", attributes: attributes))
      inFailure = true
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inFailure { failures[failures.count - 1].text += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if name == "failure" { inFailure = false }
  }
}
