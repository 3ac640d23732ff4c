import Foundation
import Testing

@testable import TerminalCore

/// The starter suite in Tests/AcceptanceSuite, run by the real binary's `suite`.
@Suite("The starter acceptance suite")
struct AcceptanceSuiteTests {
  static let folder = Acceptance.packageRoot.appendingPathComponent("Tests/AcceptanceSuite")
  static let scripts = [
    "chip-sale.keys", "contract/1-sale.keys", "contract/2-forced-settlement.keys", "day-end.keys",
    "decline.keys", "qr-payment.keys", "refund.keys", "timeout-reversal/1-lost-reply.keys",
    "timeout-reversal/2-reversal.keys", "void.keys",
  ]

  @Test func everyScriptPassesThroughPosTerminalSuite() throws {
    let dir = Acceptance.scratch("starter-suite")
    defer { try? FileManager.default.removeItem(at: dir) }
    let junit = dir.appendingPathComponent("suite.xml")
    let run = try Hardening.run(
      ["suite", Self.folder.path, "--junit", junit.path], input: "", timeout: 300)
    #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
    let rows = run.stdout.split(separator: "\n").dropFirst().dropLast()
    #expect(rows.map { String($0.split(separator: " ")[0]) } == Self.scripts)
    for row in rows {
      let cells = row.split(separator: " ")
      #expect(cells[1] == "ok" && Int(cells[2]) ?? 0 > 0 && cells[3] == "0", "\(row)")
    }
    #expect(run.stdout.hasSuffix("10 script(s): 10 passed, 0 failed\n"))
    let report = try JUnitReport(Data(contentsOf: junit))
    #expect(report.cases.count == Self.scripts.count && report.failures.isEmpty)
  }

  /// The two contract scripts are the README's key sequences, with expectations added.
  @Test func theContractScriptsAreTheReadmesKeys() throws {
    func keys(_ name: String) throws -> [InputToken] {
      let text = try String(
        contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
      return InputTokenizer.tokens(text, mode: .scriptFile).filter {
        if case .expect = $0 { return false }
        return true
      }
    }
    #expect(
      try keys("contract/1-sale.keys")
        == InputTokenizer.tokens(PipeContractTests.saleFromPowerOn, mode: .scriptFile))
    #expect(
      try keys("contract/2-forced-settlement.keys")
        == InputTokenizer.tokens(PipeContractTests.forcedSettlement, mode: .scriptFile))
  }
}
