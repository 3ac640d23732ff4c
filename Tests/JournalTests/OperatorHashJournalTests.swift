import Foundation
import GRDB
import TerminalCore
import Testing

@testable import Journal

@Suite("Password hashes upgraded at sign-in are kept")
struct OperatorHashJournalTests {
  static func upgraded(
    _ number: String, hash: String, supersedes: String = "f1" + String(repeating: "0", count: 62)
  )
    -> OperatorRecord
  {
    OperatorRecord(
      number: number, role: number == "00" ? .supervisor : .cashier, salt: "aa\(number)",
      passwordHash: hash, scheme: .pbkdf2SHA256(iterations: 120_000), supersedes: supersedes)
  }

  @Test func theSnapshotHandsBackTheNewestUpgradeOfEachOperator() throws {
    let journal = try TerminalJournal.inMemory()
    #expect(try journal.snapshot().upgradedOperators == [])
    let first = Self.upgraded("01", hash: String(repeating: "1", count: 64))
    let supervisor = Self.upgraded("00", hash: String(repeating: "0", count: 64))
    try journal.apply(.upgradeOperatorHash(first))
    try journal.apply(.upgradeOperatorHash(supervisor))
    #expect(try journal.snapshot().upgradedOperators == [supervisor, first])
    let again = Self.upgraded("01", hash: String(repeating: "2", count: 64), supersedes: "e2")
    try journal.apply(.upgradeOperatorHash(again))
    #expect(try journal.snapshot().upgradedOperators == [supervisor, again])
  }

  @Test func onlyPBKDF2HashesThatNameTheirEntryAreKept() throws {
    let journal = try TerminalJournal.inMemory()
    var legacy = Self.upgraded("01", hash: String(repeating: "1", count: 64))
    legacy.scheme = .legacySHA256
    #expect(throws: JournalError.self) { try journal.apply(.upgradeOperatorHash(legacy)) }
    var nameless = Self.upgraded("01", hash: String(repeating: "1", count: 64))
    nameless.supersedes = nil
    #expect(throws: JournalError.self) { try journal.apply(.upgradeOperatorHash(nameless)) }
    #expect(try journal.snapshot().upgradedOperators == [])
  }

  @Test func anUpgradeSurvivesAReopen() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    var journal = try TerminalJournal(path: path)
    let record = Self.upgraded("01", hash: String(repeating: "a", count: 64))
    try journal.apply(.upgradeOperatorHash(record))
    try journal.close()
    journal = try TerminalJournal(path: path)
    #expect(try journal.snapshot().upgradedOperators == [record])
    try journal.close()
    // The table holds a fingerprint of the entry replaced, never the old hash.
    let queue = try DatabaseQueue(path: path.path)
    let columns = try queue.read { db in try db.columns(in: "operator_hashes").map(\.name) }
    #expect(
      columns == ["operator_no", "role", "salt", "iterations", "password_hash", "supersedes"])
    try queue.close()
  }
}
