import Foundation
import GRDB
import StateFiles
import Testing

let mine = StateIdentity(
  terminalNo: "10000001", merchantNo: "898310048160001", journalID: "JOURNAL-A")

func scratchFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("state-files-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// A sound SQLite file of several pages (rollback journal, closed: all of it is in the
/// file), with the identity table and its triggers; `identity` is written when given.
func soundFile(in folder: URL, identity: StateIdentity? = nil) throws -> URL {
  let path = folder.appendingPathComponent("state.sqlite")
  let queue = try DatabaseQueue(path: path.path)
  try queue.write { db in
    try db.execute(sql: "CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    try db.execute(sql: IdentityTable.createSQL + IdentityTable.triggersSQL(for: ["items"]))
    for id in 1...200 {
      try db.execute(
        sql: "INSERT INTO items (id, body) VALUES (?, ?)",
        arguments: [id, String(repeating: "x", count: 100)])
    }
    if let identity { try IdentityTable.insert(identity, db) }
  }
  try queue.close()
  return path
}

/// The check before anything writes: the SQLite header, then `PRAGMA integrity_check`
/// on a read-only connection, which also reads whose file it is.
@Suite("A state file is checked before anything writes to it")
struct StateFileCheckTests {
  @Test func aMissingOrEmptyFileIsNewAndNothingIsCreated() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("state.sqlite")
    #expect(try StateFile.check(path, label: "test") == .noFile)
    #expect(!FileManager.default.fileExists(atPath: path.path), "checking creates nothing")
    try Data().write(to: path)
    #expect(try StateFile.check(path, label: "test") == .emptyFile)
    #expect(try Data(contentsOf: path).isEmpty)
  }

  @Test func theFileSaysWhoseItIs() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try soundFile(in: folder)
    #expect(try StateFile.check(path, label: "test") == .unmarked, "no identity row")

    let queue = try DatabaseQueue(path: path.path)
    try queue.write { db in try IdentityTable.insert(mine, db) }
    try queue.close()
    let bytes = try Data(contentsOf: path)
    #expect(try StateFile.check(path, label: "test") == .marked(mine))
    #expect(try Data(contentsOf: path) == bytes, "never written to")
    #expect(!FileManager.default.fileExists(atPath: path.path + "-wal"))

    // A file from before identities: no identity table at all.
    let old = folder.appendingPathComponent("old.sqlite")
    let oldQueue = try DatabaseQueue(path: old.path)
    try oldQueue.write { db in try db.execute(sql: "CREATE TABLE items (id INTEGER PRIMARY KEY)") }
    try oldQueue.close()
    #expect(try StateFile.check(old, label: "test") == .unmarked)
  }

  enum Damage: String, CaseIterable {
    case notSQLite, shortHeader, scribbledPages, truncated

    func apply(to bytes: Data) -> Data {
      var bytes = bytes
      let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
      switch self {
      case .notSQLite:
        return Data("merchant: 测试商户\nterminal: 12345678\n".utf8)
      case .shortHeader:
        return bytes.prefix(50)
      case .scribbledPages:
        // The b-tree headers of pages 2 and 3 no longer hold together.
        for page in 1...2 {
          for i in 0..<16 { bytes[page * pageSize + i] = 0xA5 }
        }
        return bytes
      case .truncated:
        return bytes.prefix(bytes.count - 2 * pageSize)
      }
    }
  }

  @Test(arguments: Damage.allCases)
  func aDamagedFileIsRefusedAndLeftAlone(_ damage: Damage) throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try soundFile(in: folder, identity: mine)
    let damaged = damage.apply(to: try Data(contentsOf: path))
    try damaged.write(to: path)

    let failure = #expect(throws: StateFile.IntegrityFailure.self) {
      _ = try StateFile.check(path, label: "test")
    }
    #expect(failure?.path == path.path)
    switch damage {
    case .notSQLite, .shortHeader: #expect(failure?.detail == "not a SQLite database")
    case .scribbledPages, .truncated: #expect(failure?.detail.isEmpty == false)
    }
    #expect(try Data(contentsOf: path) == damaged, "never written to")
  }
}

/// The identity row, and the triggers that put its page in every commit.
@Suite("The identity table")
struct IdentityTableTests {
  /// Part of the journal's and the acquirer's migrations: what existing files were
  /// made with. A change here would make new files differ from old ones.
  @Test func theSQLIsWhatTheMigrationsRan() {
    #expect(
      IdentityTable.createSQL == """
        CREATE TABLE identity (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          terminal_no TEXT NOT NULL,
          merchant_no TEXT NOT NULL,
          journal_id TEXT NOT NULL,
          writes INTEGER NOT NULL DEFAULT 0
        );
        """)
    #expect(
      IdentityTable.triggersSQL(for: ["a", "b"]) == """
        CREATE TRIGGER identity_after_insert_a AFTER INSERT ON a
        BEGIN UPDATE identity SET writes = writes + 1; END;
        CREATE TRIGGER identity_after_update_a AFTER UPDATE ON a
        BEGIN UPDATE identity SET writes = writes + 1; END;
        CREATE TRIGGER identity_after_delete_a AFTER DELETE ON a
        BEGIN UPDATE identity SET writes = writes + 1; END;
        CREATE TRIGGER identity_after_insert_b AFTER INSERT ON b
        BEGIN UPDATE identity SET writes = writes + 1; END;
        CREATE TRIGGER identity_after_update_b AFTER UPDATE ON b
        BEGIN UPDATE identity SET writes = writes + 1; END;
        CREATE TRIGGER identity_after_delete_b AFTER DELETE ON b
        BEGIN UPDATE identity SET writes = writes + 1; END;
        """)
  }

  @Test func theRowIsReadBackAndMissingWithoutTableOrRow() throws {
    let queue = try DatabaseQueue()
    try queue.write { db in
      #expect(try IdentityTable.read(db) == nil, "no table")
      try IdentityTable.touch(db)  // no table: nothing to count, no error
      try db.execute(sql: IdentityTable.createSQL)
      #expect(try IdentityTable.read(db) == nil, "no row")
      #expect(try IdentityTable.writes(db) == nil)
      try IdentityTable.insert(mine, db)
      #expect(try IdentityTable.read(db) == mine)
      #expect(try IdentityTable.writes(db) == 1)
    }
  }

  /// Every commit carries the identity page, so a write-ahead log can be told from
  /// another database's: every change to a tracked table counts a write.
  @Test func everyChangeToATrackedTableCountsAWrite() throws {
    let queue = try DatabaseQueue()
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
      try db.execute(sql: IdentityTable.createSQL + IdentityTable.triggersSQL(for: ["items"]))
      try IdentityTable.insert(mine, db)
      func writes() throws -> Int { try IdentityTable.writes(db) ?? -1 }
      try db.execute(sql: "INSERT INTO items VALUES (1, 0)")
      #expect(try writes() == 2)
      try db.execute(sql: "UPDATE items SET n = 1")
      #expect(try writes() == 3)
      try db.execute(sql: "UPDATE items SET n = 2 WHERE id = 99")  // no row: no change
      #expect(try writes() == 3)
      try db.execute(sql: "DELETE FROM items")
      #expect(try writes() == 4)
      try IdentityTable.touch(db)
      #expect(try writes() == 5)
      #expect(try IdentityTable.read(db) == mine)
    }
  }

  @Test func aTableWithoutItsTriggersIsFound() throws {
    let queue = try DatabaseQueue()
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE a (id INTEGER PRIMARY KEY)")
      try db.execute(sql: "CREATE TABLE b (id INTEGER PRIMARY KEY)")
      try db.execute(sql: IdentityTable.createSQL + IdentityTable.triggersSQL(for: ["a"]))
      #expect(try IdentityTable.untrackedTables(db) == ["b"])
      try db.execute(sql: "DROP TRIGGER identity_after_delete_a")
      #expect(try IdentityTable.untrackedTables(db) == ["a", "b"])
      try db.execute(sql: IdentityTable.triggersSQL(for: ["b"]))
      #expect(try IdentityTable.untrackedTables(db) == ["a"])
    }
  }

  @Test func theIdentityReadsAsOneLine() {
    #expect(
      mine.description == "terminal 10000001, merchant 898310048160001, journal id JOURNAL-A")
  }
}

@Suite("A new state file is private")
struct CreatePrivatelyTests {
  @Test func aNewFileIsReadableByTheOwnerOnlyWhateverTheUmask() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("state.sqlite")
    let old = umask(0o022)
    defer { umask(old) }
    StateFile.createPrivately(path)
    let attributes = try FileManager.default.attributesOfItem(atPath: path.path)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    #expect(try Data(contentsOf: path).isEmpty)
  }

  @Test func anExistingFileIsLeftAsItIs() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("state.sqlite")
    try Data("kept".utf8).write(to: path)
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path.path)
    StateFile.createPrivately(path)
    let attributes = try FileManager.default.attributesOfItem(atPath: path.path)
    #expect((attributes[.posixPermissions] as? Int) == 0o640)
    #expect(try Data(contentsOf: path) == Data("kept".utf8))
  }
}
