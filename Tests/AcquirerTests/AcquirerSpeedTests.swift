import Acquirer
import Foundation
import TerminalCore
import Testing

@Suite("The acquirer keeps up")
struct AcquirerSpeedTests {
  /// Prints what one approved sale costs with a state file; the bound asserted
  /// (20 ms, debug build, shared machine) only catches something badly wrong.
  @Test func fourHundredApprovedSalesWithAStateFile() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let host = try acquirer(statePath: folder.appendingPathComponent("acquirer.sqlite"))
    let n = 400
    var approved = 0
    let elapsed = ContinuousClock().measure {
      for trace in 1...n
      where code(host, saleRequest(Cards.good, amountFen: 1, trace: trace)) == "00" {
        approved += 1
      }
    }
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
      "acquirer: \(n) sales in \(String(format: "%.3f", seconds)) s"
        + " = \(String(format: "%.2f", seconds / Double(n) * 1000)) ms/sale")
    #expect(approved == n)
    #expect(try host.balance(pan: Cards.good) == 100_000 - Int64(n))
    #expect(seconds / Double(n) < 0.02)
  }
}
