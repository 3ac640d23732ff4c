import Foundation
import GRDB
import StateFiles
import TerminalCore
import Testing

@testable import Journal

/// Whose journal a file is: set when the state folder sets it up, checked (read-only)
/// before anything writes, and carried by every commit.
@Suite("The journal knows whose it is")
struct JournalIdentityTests {
  let mine = StateIdentity(
    terminalNo: "10000001", merchantNo: "898310048160001", journalID: "JOURNAL-A")
  let theirs = StateIdentity(
    terminalNo: "10000002", merchantNo: "898310048160001", journalID: "JOURNAL-B")

  @Test func aNewJournalIsMarkedAndOpensAgainOnlyForTheSameIdentity() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    let journal = try TerminalJournal(path: path, identity: mine, setUp: true)
    try journalSale(journal, trace: 1)
    try journal.close()
    #expect(try TerminalJournal.owner(at: path) == .marked(mine))

    let again = try TerminalJournal(path: path, identity: mine)
    #expect(try again.identity() == mine)
    #expect(try again.snapshot().lastTrace == 1)
    try again.close()

    let bytes = try Data(contentsOf: path)
    let error = #expect(throws: JournalError.self) {
      _ = try TerminalJournal(path: path, identity: theirs)
    }
    guard case .notThisJournal(let reported, let detail) = error else {
      Issue.record("expected notThisJournal, got \(String(describing: error))")
      return
    }
    #expect(reported == path.path)
    #expect(detail.contains("JOURNAL-A") && detail.contains("JOURNAL-B"))
    #expect(try Data(contentsOf: path) == bytes, "a journal that is not this one is left alone")
  }

  @Test func aMissingJournalIsNotCreatedUnlessTheFolderIsBeingSetUp() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    #expect(throws: JournalError.notThisJournal(path: path.path, detail: "missing")) {
      _ = try TerminalJournal(path: path, identity: mine)
    }
    #expect(!FileManager.default.fileExists(atPath: path.path))
  }

  @Test func anEmptiedJournalIsRefusedAndStaysEmpty() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    let journal = try TerminalJournal(path: path, identity: mine, setUp: true)
    try journalSale(journal, trace: 1)
    try journal.close()
    try Data().write(to: path)

    #expect(throws: JournalError.notThisJournal(path: path.path, detail: "empty (0 bytes)")) {
      _ = try TerminalJournal(path: path, identity: mine)
    }
    #expect(try Data(contentsOf: path).isEmpty)
  }

  @Test func aJournalOfTheEarlierReleaseIsTakenOverOnlyWhileSettingUp() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    try ReleaseJournal.write(to: path)
    #expect(try TerminalJournal.owner(at: path) == .unmarked)

    let bytes = try Data(contentsOf: path)
    #expect(throws: JournalError.self) { _ = try TerminalJournal(path: path, identity: mine) }
    #expect(try Data(contentsOf: path) == bytes)

    let journal = try TerminalJournal(path: path, identity: mine, setUp: true)
    #expect(try journal.identity() == mine)
    #expect(try journal.snapshot().lastTrace == 4, "its history carries on")
    try journal.close()
    #expect(try TerminalJournal.owner(at: path) == .marked(mine))
  }

  /// Every commit must carry the identity page, or a write-ahead log could not be told
  /// from another database's: every table has the triggers (`IdentityTable`), and
  /// opening counts a write too.
  @Test func everyTableCountsItsWritesInTheIdentityRow() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    try TerminalJournal(path: path, identity: mine, setUp: true).close()

    let queue = try DatabaseQueue(path: path.path)
    #expect(try queue.read(IdentityTable.untrackedTables) == [], "a new table needs its triggers")
    let before = try #require(try queue.read { db in try IdentityTable.writes(db) })
    try queue.write { db in
      try db.execute(sql: "INSERT INTO operator_locks VALUES ('07', 1, 0)")
    }
    #expect(try queue.read { db in try IdentityTable.writes(db) } == before + 1)
    try queue.close()

    try TerminalJournal(path: path, identity: mine).close()
    #expect(
      try DatabaseQueue(path: path.path).read { db in try IdentityTable.writes(db) }
        == before + 2, "opening counts a write too")
  }

  @Test func aNewJournalAndItsCompanionFilesAreReadableByTheOwnerOnly() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    let old = umask(0o022)
    defer { umask(old) }
    let journal = try TerminalJournal(path: path, identity: mine, setUp: true)
    try journalSale(journal, trace: 1)
    for suffix in ["", "-wal", "-shm"] {
      let attributes = try FileManager.default.attributesOfItem(atPath: path.path + suffix)
      #expect(
        (attributes[.posixPermissions] as? Int) == 0o600, "journal.sqlite\(suffix) is not 0600")
    }
    try journal.close()
  }
}
