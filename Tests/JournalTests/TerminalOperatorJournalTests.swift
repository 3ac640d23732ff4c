import Foundation
import GRDB
import TerminalCore
import Testing

@testable import Journal

@Suite("Operators changed at the terminal are kept")
struct TerminalOperatorJournalTests {
  static func saved(_ number: String, hash: Character = "a") -> OperatorRecord {
    OperatorRecord(
      number: number, role: number == "00" ? .supervisor : .cashier,
      salt: String(repeating: "5", count: 32), passwordHash: String(repeating: hash, count: 64),
      scheme: .pbkdf2SHA256(iterations: 120_000))
  }

  @Test func theSnapshotHandsBackTheNewestChangeOfEachOperator() throws {
    let journal = try TerminalJournal.inMemory()
    #expect(try journal.snapshot().operatorChanges == [])
    try journal.apply(.saveOperator(Self.saved("05")))
    try journal.apply(.saveOperator(Self.saved("00")))
    try journal.apply(.deleteOperator(operatorNo: "02"))
    #expect(
      try journal.snapshot().operatorChanges == [
        .saved(Self.saved("00")), .deleted(operatorNo: "02"), .saved(Self.saved("05")),
      ])
    // Deleted, then added again; changed again.
    try journal.apply(.saveOperator(Self.saved("02", hash: "b")))
    try journal.apply(.deleteOperator(operatorNo: "05"))
    #expect(
      try journal.snapshot().operatorChanges == [
        .saved(Self.saved("00")), .saved(Self.saved("02", hash: "b")), .deleted(operatorNo: "05"),
      ])
  }

  @Test func aChangeClearsTheOperatorsLockState() throws {
    let journal = try TerminalJournal.inMemory()
    let locked = OperatorLockState(failedAttempts: 3, locked: true)
    try journal.apply(.setOperatorLock(operatorNo: "02", state: locked))
    try journal.apply(.setOperatorLock(operatorNo: "03", state: locked))
    try journal.apply(.saveOperator(Self.saved("02")))
    try journal.apply(.deleteOperator(operatorNo: "03"))
    #expect(try journal.snapshot().operatorLocks == [:])
  }

  @Test func weakHashesTheSupervisorAndBadNumbersAreRefused() throws {
    let journal = try TerminalJournal.inMemory()
    var weak = Self.saved("05")
    weak.scheme = .pbkdf2SHA256(iterations: 1000)
    #expect(throws: JournalError.self) { try journal.apply(.saveOperator(weak)) }
    var legacy = Self.saved("05")
    legacy.scheme = .legacySHA256
    #expect(throws: JournalError.self) { try journal.apply(.saveOperator(legacy)) }
    #expect(throws: JournalError.self) { try journal.apply(.saveOperator(Self.saved("5"))) }
    #expect(throws: JournalError.self) { try journal.apply(.deleteOperator(operatorNo: "00")) }
    #expect(try journal.snapshot().operatorChanges == [])
  }

  @Test func aChangeSurvivesAReopenAndHoldsNoPassword() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    var journal = try TerminalJournal(path: path)
    try journal.apply(.saveOperator(Self.saved("05")))
    try journal.close()
    journal = try TerminalJournal(path: path)
    #expect(try journal.snapshot().operatorChanges == [.saved(Self.saved("05"))])
    try journal.close()
    let queue = try DatabaseQueue(path: path.path)
    let columns = try queue.read { db in try db.columns(in: "terminal_operators").map(\.name) }
    #expect(
      columns == ["operator_no", "role", "deleted", "salt", "iterations", "password_hash"])
    try queue.close()
  }
}
