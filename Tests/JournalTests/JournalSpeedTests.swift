import Foundation
import Journal
import TerminalCore
import Testing

@Suite("Durable commits are fast enough")
struct JournalSpeedTests {
  /// The terminal must manage 200 sales/s end to end; each sale is two durable
  /// journal commits (beginTransaction, completeTransaction). This measures them on a file in
  /// the temporary directory and prints the figure. The bound asserted is loose
  /// (50 sales/s, in a debug build on a shared machine, in parallel with other tests) so it fails only when
  /// something is badly wrong, e.g. a commit that rewrites the whole file.
  @Test func twoHundredSalesCommitDurably() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let journal = try TerminalJournal(path: folder.appendingPathComponent("journal.sqlite"))
    let n = 400
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
      for trace in 1...n { try journalSale(journal, trace: trace) }
    }
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let perSale = seconds / Double(n)
    print(
      "journal: \(n) sales (begin+complete) in \(String(format: "%.3f", seconds)) s"
        + " = \(String(format: "%.2f", perSale * 1000)) ms/sale,"
        + " \(Int(Double(n) / seconds)) sales/s")
    #expect(try journal.snapshot().openBatch.count == n)
    #expect(perSale < 1.0 / 50)
    try journal.close()
  }

  /// The same work without a disk: what the commits cost in CPU alone.
  @Test func theSameSalesInMemory() throws {
    let journal = try TerminalJournal.inMemory()
    let n = 400
    let elapsed = try ContinuousClock().measure {
      for trace in 1...n { try journalSale(journal, trace: trace) }
    }
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
      "journal in memory: \(n) sales in \(String(format: "%.3f", seconds)) s"
        + " = \(String(format: "%.2f", seconds / Double(n) * 1000)) ms/sale")
    #expect(try journal.snapshot().openBatch.count == n)
  }
}
