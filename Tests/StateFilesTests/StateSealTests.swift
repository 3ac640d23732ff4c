import Ciphers
import Foundation
import GRDB
import StateFiles
import Testing

/// The seal of a cleanly closed file: what spares a power-on the full integrity check,
/// and only while the file is byte for byte what was sealed.
@Suite("A file sealed at a clean shutdown")
struct StateSealTests {
  @Test func aClosedFileIsSealedWithItsSizeAndSHA256() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try soundFile(in: folder, identity: mine)
    #expect(!StateSeal.matches(path), "no seal yet")

    StateSeal.write(for: path)
    let bytes = try Data(contentsOf: path)
    let hex = try SHA256.hash(Array(bytes)).map { String(format: "%02x", $0) }.joined()
    let seal = try String(contentsOf: StateSeal.url(for: path), encoding: .utf8)
    #expect(seal == "\(bytes.count) \(hex)\n")
    #expect(StateSeal.url(for: path).lastPathComponent == "state.sqlite-seal")
    #expect(StateSeal.matches(path))
    #expect(try StateFile.check(path, label: "test") == .marked(mine))
  }

  @Test func oneChangedByteBreaksTheSeal() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try soundFile(in: folder, identity: mine)
    StateSeal.write(for: path)
    var bytes = try Data(contentsOf: path)
    bytes[bytes.count - 1] ^= 0x01
    try bytes.write(to: path)
    #expect(!StateSeal.matches(path))
  }

  /// Damage after a clean shutdown: the bytes no longer match, so the full check runs
  /// and finds it, as it would without a seal.
  @Test(arguments: StateFileCheckTests.Damage.allCases)
  func damageAfterTheSealIsStillFound(_ damage: StateFileCheckTests.Damage) throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try soundFile(in: folder, identity: mine)
    StateSeal.write(for: path)
    let damaged = damage.apply(to: try Data(contentsOf: path))
    try damaged.write(to: path)

    #expect(throws: StateFile.IntegrityFailure.self) {
      _ = try StateFile.check(path, label: "test")
    }
    #expect(try Data(contentsOf: path) == damaged, "never written to")
  }

  /// A write-ahead log still holding commits (a power cut, a kill) is part of the
  /// database: nothing is sealed, an older seal is removed, and none would match.
  @Test func aLogHoldingCommitsIsNeverSealed() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try soundFile(in: folder, identity: mine)
    StateSeal.write(for: path)
    #expect(StateSeal.matches(path))

    let queue = try DatabaseQueue(path: path.path)
    _ = try queue.writeWithoutTransaction { db in
      try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
    }
    try queue.write { db in
      try db.execute(sql: "INSERT INTO items (body) VALUES ('after the seal')")
    }
    // The connection is still open: the commit is in the log, not yet in the file.
    #expect(!StateSeal.matches(path))
    StateSeal.write(for: path)
    #expect(!FileManager.default.fileExists(atPath: StateSeal.url(for: path).path))

    // Closed cleanly, the log is folded into the file, which can then be sealed.
    try queue.close()
    StateSeal.write(for: path)
    #expect(StateSeal.matches(path))
  }

  /// The seal is what spares the check: a file sealed as it stands is not checked again.
  /// Shown here with a file whose index no longer matches its table, which only the
  /// full check finds (the terminal itself only seals files that passed it).
  @Test func aSealedFileSkipsTheFullCheckAndAnUnsealedOneDoesNot() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try soundFile(in: folder, identity: mine)
    let queue = try DatabaseQueue(path: path.path)
    try queue.writeWithoutTransaction { db in
      try db.execute(sql: "CREATE INDEX items_body ON items(body)")
      // Rows changed behind the index's back: PRAGMA integrity_check reports them.
      try db.execute(sql: "PRAGMA writable_schema = ON")
      try db.execute(
        sql:
          "UPDATE sqlite_schema SET sql = 'CREATE INDEX items_body ON items(id)' WHERE name = 'items_body'"
      )
      try db.execute(sql: "PRAGMA writable_schema = RESET")
    }
    try queue.close()

    #expect(throws: StateFile.IntegrityFailure.self) {
      _ = try StateFile.check(path, label: "test")
    }
    StateSeal.write(for: path)
    #expect(try StateFile.check(path, label: "test") == .marked(mine))
  }
}
