import Foundation
import Journal
import TerminalCore
import Testing

/// Many sales in a row, each its two durable commits (begin, complete): all of them
/// read back. How long the commits take is a benchmark's figure, not a test's:
/// `pos-terminal bench --sales N` times them beside the disk's floor.
@Suite("Many sales in a row")
struct JournalSpeedTests {
  @Test func fourHundredSalesCommitAndReadBack() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    let journal = try TerminalJournal(path: path)
    for trace in 1...400 { _ = try journalSale(journal, trace: trace) }
    try journal.close()
    let reopened = try TerminalJournal(path: path)
    let open = try reopened.snapshot().openBatch
    #expect(open.map(\.trace) == Array(1...400))
    #expect(open.allSatisfy { $0.status == .approved })
    try reopened.close()
  }

  @Test func theSameSalesInMemory() throws {
    let journal = try TerminalJournal.inMemory()
    for trace in 1...400 { _ = try journalSale(journal, trace: trace) }
    #expect(try journal.snapshot().openBatch.count == 400)
  }
}
