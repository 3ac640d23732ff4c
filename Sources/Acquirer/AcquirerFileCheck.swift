import Foundation
import GRDB

/// Why the acquirer's file was refused. Nothing was written to it.
public enum AcquirerFileError: Error, CustomStringConvertible, Equatable {
  /// The file exists but is not a sound SQLite database.
  case integrityCheckFailed(path: String, detail: String)

  public var description: String {
    switch self {
    case .integrityCheckFailed(let p, let d): return "\(p): integrity check failed: \(d)"
    }
  }
}

/// The acquirer's SQLite file, checked before anything opens it for writing (as the
/// terminal's journal is): the 16-byte SQLite header, then `PRAGMA integrity_check`
/// on a read-only connection, which also reads whose books these are.
public enum AcquirerFile {
  /// The terminal, merchant and journal id of the state folder these books belong to
  /// (the journal carries the same).
  public struct Identity: Sendable, Equatable, CustomStringConvertible {
    public var terminalNo: String
    public var merchantNo: String
    public var journalID: String

    public init(terminalNo: String, merchantNo: String, journalID: String) {
      self.terminalNo = terminalNo
      self.merchantNo = merchantNo
      self.journalID = journalID
    }

    public var description: String {
      "terminal \(terminalNo), merchant \(merchantNo), journal id \(journalID)"
    }
  }

  /// What the file says about whose books it holds.
  public enum Owner: Sendable, Equatable {
    case noFile
    /// Zero bytes: SQLite would take it for a new database.
    case emptyFile
    /// Books without an identity: from a release before identities, or a set-up cut short.
    case unmarked
    case marked(Identity)
  }

  static let magic = Array("SQLite format 3\u{0}".utf8)

  /// Throws `AcquirerFileError.integrityCheckFailed` when the file at `url` exists and
  /// is not a sound SQLite database; otherwise says whose books it holds. Writes nothing.
  public static func check(_ url: URL) throws -> Owner {
    let path = url.path
    guard FileManager.default.fileExists(atPath: path) else { return .noFile }
    let header: Data
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      header = try handle.read(upToCount: 100) ?? Data()
    } catch {
      throw AcquirerFileError.integrityCheckFailed(path: path, detail: "cannot read: \(error)")
    }
    if header.isEmpty { return .emptyFile }
    guard header.count == 100, Array(header.prefix(16)) == magic else {
      throw AcquirerFileError.integrityCheckFailed(path: path, detail: "not a SQLite database")
    }
    var config = Configuration()
    config.readonly = true
    config.label = "acquirer-integrity-check"
    let problems: [String]
    let identity: Identity?
    do {
      let queue = try DatabaseQueue(path: path, configuration: config)
      (problems, identity) = try queue.read { db in
        let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        return (problems, problems == ["ok"] ? try readIdentity(db) : nil)
      }
      try queue.close()
    } catch {
      throw AcquirerFileError.integrityCheckFailed(path: path, detail: "\(error)")
    }
    guard problems == ["ok"] else {
      throw AcquirerFileError.integrityCheckFailed(
        path: path, detail: problems.prefix(5).joined(separator: "; "))
    }
    return identity.map(Owner.marked) ?? .unmarked
  }

  /// Creates the file if needed and writes `identity` into it, unless it carries one
  /// already (the caller has checked which). For setting a state folder up.
  public static func mark(_ url: URL, as identity: Identity) throws {
    let queue = try AcquirerStore.open(url)
    try queue.write { db in
      guard try readIdentity(db) == nil else { return }
      try db.execute(
        sql: """
          INSERT INTO identity (id, terminal_no, merchant_no, journal_id, writes)
          VALUES (1, ?, ?, ?, 1)
          """,
        arguments: [identity.terminalNo, identity.merchantNo, identity.journalID])
    }
    try queue.close()
  }

  static func readIdentity(_ db: Database) throws -> Identity? {
    guard try db.tableExists("identity") else { return nil }
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT terminal_no, merchant_no, journal_id FROM identity WHERE id = 1")
    else { return nil }
    return Identity(terminalNo: row[0], merchantNo: row[1], journalID: row[2])
  }

  /// Counts one more write, so this commit carries the identity page (see the v2 migration).
  static func touchIdentity(_ db: Database) throws {
    guard try db.tableExists("identity") else { return }
    try db.execute(sql: "UPDATE identity SET writes = writes + 1")
  }

  /// A new file is readable by its owner only (the issuer's books hold full card
  /// numbers); SQLite gives the -wal and -shm files the main file's mode.
  static func createPrivately(_ url: URL) {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }  // it exists already: its mode is the state folder's business
    _ = fchmod(fd, 0o600)  // whatever the umask
    _ = close(fd)
  }
}

extension AcquirerFile {
  /// Tables of the file at `url` missing one of their identity triggers (for the tests:
  /// a table added later without them would let a commit pass without the identity page).
  static func tablesWithoutIdentityTriggers(_ url: URL) throws -> [String] {
    var config = Configuration()
    config.readonly = true
    let queue = try DatabaseQueue(path: url.path, configuration: config)
    defer { try? queue.close() }
    return try queue.read { db in
      let tables = try String.fetchAll(
        db,
        sql: """
          SELECT name FROM sqlite_master WHERE type = 'table'
          AND name NOT IN ('identity', 'grdb_migrations') AND name NOT LIKE 'sqlite_%'
          """)
      let triggers = Set(
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
      return tables.filter { table in
        ["insert", "update", "delete"].contains {
          !triggers.contains("identity_after_\($0)_\(table)")
        }
      }
    }
  }

  /// The identity row's write count (for the tests).
  static func identityWrites(_ url: URL) throws -> Int? {
    var config = Configuration()
    config.readonly = true
    let queue = try DatabaseQueue(path: url.path, configuration: config)
    defer { try? queue.close() }
    return try queue.read { db in try Int.fetchOne(db, sql: "SELECT writes FROM identity") }
  }
}
