import Foundation
import StateFiles
import TerminalCore
import Testing

@testable import Journal

@Suite("The journal file survives power loss and refuses damage")
struct JournalFileTests {
  @Test func theFileAndItsFolderAreCreatedInWALMode() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("nested/deeper/journal.sqlite")
    let journal = try TerminalJournal(path: path)
    try journalSale(journal, trace: 1)
    #expect(FileManager.default.fileExists(atPath: path.path))
    #expect(FileManager.default.fileExists(atPath: path.path + "-wal"))
    try journal.close()
  }

  /// Closed, or let go, the journal seals its file: the next power-on can skip the full
  /// integrity check while the file stays as sealed. A commit changes the bytes.
  @Test func closingOrLettingGoSealsTheFile() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    let journal = try TerminalJournal(path: path)
    try journalSale(journal, trace: 1)
    #expect(!StateSeal.matches(path), "open, with commits in its log")
    try journal.close()
    #expect(StateSeal.matches(path))
    #expect(!FileManager.default.fileExists(atPath: path.path + "-wal"))

    do {
      let reopened = try TerminalJournal(path: path)
      try journalSale(reopened, trace: 2)
      #expect(!StateSeal.matches(path))
    }
    #expect(StateSeal.matches(path), "sealed when the object went")
    #expect(try TerminalJournal(path: path).snapshot().lastTrace == 2)
  }

  @Test func commitsAreDurableWALWithForeignKeys() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let journal = try TerminalJournal(path: folder.appendingPathComponent("journal.sqlite"))
    #expect(try journal.pragmaText("journal_mode") == "wal")
    #expect(try journal.pragmaInt("synchronous") == 2)  // FULL
    #expect(try journal.pragmaInt("foreign_keys") == 1)
    try journal.close()
  }

  @Test func voucherNumbersAndThePendingReversalSurviveAReopen() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")

    var journal = try TerminalJournal(path: path)
    let done = try journalSale(journal, trace: 40)
    let (pending, reversal) = pendingSale(trace: 41)
    try journal.apply(.beginTransaction(pending, reversal: reversal))
    try journal.apply(
      .setOperatorLock(operatorNo: "02", state: .init(failedAttempts: 3, locked: true)))
    let before = try journal.snapshot()
    try journal.close()

    // Power comes back: the sale that was in flight is still to be reversed.
    journal = try TerminalJournal(path: path)
    let after = try journal.snapshot()
    #expect(after == before)
    #expect(after.lastTrace == 41)
    #expect(after.openBatch == [done, pending])
    #expect(after.pendingReversal == reversal)
    #expect(after.operatorLocks["02"] == OperatorLockState(failedAttempts: 3, locked: true))
    try journal.close()
  }

  @Test func settlementsAndTheBatchNumberSurviveAReopen() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    var journal = try TerminalJournal(path: path)
    try journalSale(journal, trace: 1)
    let report = SettlementReport(
      batch: 1, settledAt: t0 + 60, operatorNo: "01",
      totals: BatchTotals(byKind: [.sale: Totals(count: 1, amountFen: 5000)]), balanced: false)
    try journal.apply(.closeBatch(report, nextBatch: 2))
    try journal.close()

    journal = try TerminalJournal(path: path)
    #expect(try journal.settlements() == [report])
    #expect(try journal.snapshot().batch == 2)
    // The settlement resumes after power loss: applying it again is harmless.
    try journal.apply(.closeBatch(report, nextBatch: 2))
    #expect(try journal.settlements() == [report])
    try journal.close()
  }

  /// Fills a journal file, closes it (the WAL is checkpointed into the main file)
  /// and returns its path.
  func filledJournal(in folder: URL) throws -> URL {
    let path = folder.appendingPathComponent("journal.sqlite")
    let journal = try TerminalJournal(path: path)
    for trace in 1...50 { try journalSale(journal, trace: trace) }
    try journal.close()
    #expect(!FileManager.default.fileExists(atPath: path.path + "-wal"))
    return path
  }

  @Test func aCorruptedPageIsReportedAndTheFileIsLeftAlone() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try filledJournal(in: folder)

    var bytes = try Data(contentsOf: path)
    let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
    #expect(bytes.count >= 4 * pageSize)
    // Scribble over the b-tree headers of pages 2 and 3.
    for page in 1...2 {
      for i in 0..<16 { bytes[page * pageSize + i] = 0xA5 }
    }
    try bytes.write(to: path)

    let error = #expect(throws: JournalError.self) { _ = try TerminalJournal(path: path) }
    guard case .integrityCheckFailed(let reported, let detail) = error else {
      Issue.record("expected an integrity failure, got \(String(describing: error))")
      return
    }
    #expect(reported == path.path)
    #expect(!detail.isEmpty)
    #expect(try Data(contentsOf: path) == bytes)
  }

  @Test func aFileThatIsNotSQLiteIsRefusedAndLeftAlone() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    let text = Data("merchant: 测试商户\nterminal: 12345678\n".utf8)
    try text.write(to: path)

    #expect(
      throws: JournalError.integrityCheckFailed(path: path.path, detail: "not a SQLite database")
    ) { _ = try TerminalJournal(path: path) }
    #expect(try Data(contentsOf: path) == text)
  }

  @Test func anIntactFileOpensAfterTheCheck() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try filledJournal(in: folder)
    let journal = try TerminalJournal(path: path)
    #expect(try journal.snapshot().openBatch.count == 50)
    try journal.close()
  }
}
