import Foundation
import Journal
import TerminalCore
import Testing

/// A printed mark rides with the journal's next commit instead of a commit of its
/// own: a power cut in between makes the slip print once more, and nothing is
/// ever marked printed before the printer said so.
@Suite("Printed marks ride with the next commit")
struct PrintedMarkTests {
  @Test func aMarkIsOnDiskAfterTheNextCommandAndLostOnlyToAPowerCutBeforeIt() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("journal.sqlite")
    let journal = try TerminalJournal(path: path)
    let sold = try journalSale(journal, trace: 1)
    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant)))

    // What a power cut now would leave: another connection reads the file as is.
    let onDisk = try TerminalJournal(path: path)
    #expect(try onDisk.snapshot().owedSlips == receipts(sold), "not yet written: both still owed")

    // The next command carries the mark in its own transaction.
    let (next, reversal) = pendingSale(trace: 2)
    try journal.apply(.beginTransaction(next, reversal: reversal))
    #expect(try onDisk.snapshot().owedSlips == [.receipt(sold, copy: .cardholder)])
  }

  @Test func aReadOrClosingWritesTheMarks() throws {
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("journal.sqlite")
    let journal = try TerminalJournal(path: path)
    let sold = try journalSale(journal, trace: 1)
    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant)))
    #expect(try journal.snapshot().owedSlips == [.receipt(sold, copy: .cardholder)])
    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .cardholder)))
    try journal.close()
    #expect(try TerminalJournal(path: path).snapshot().owedSlips.isEmpty)
  }
}
