import Foundation
import GRDB

/// Whose journal a file is: the terminal and merchant it was set up for, and a random
/// id made when its state folder was first set up.
///
/// The state folder's `identity` file, the journal and the acquirer's file all carry
/// it, so that a journal swapped, emptied or replaced (or a write-ahead log from
/// another database put beside it) is noticed at power-on instead of being taken
/// for a fresh start.
public struct JournalIdentity: Sendable, Equatable, CustomStringConvertible {
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

/// What a journal file says about whose it is, read before anything writes to it.
public enum JournalOwner: Sendable, Equatable {
  case noFile
  /// Zero bytes: SQLite would take it for a new database.
  case emptyFile
  /// A journal without an identity: from a release before identities, or one whose
  /// set-up a power cut interrupted.
  case unmarked
  case marked(JournalIdentity)

  /// Why the file cannot be this state folder's journal, when it is not marked so.
  var problem: String {
    switch self {
    case .noFile: return "missing"
    case .emptyFile: return "empty (0 bytes)"
    case .unmarked: return "carries no journal identity, so it is not the journal this folder began"
    case .marked(let found): return "is the journal of \(found)"
    }
  }
}

/// The journal's identity table and the triggers that keep it in every commit.
enum IdentityTable {
  /// Every table of the journal but `identity` itself. A table added by a later
  /// migration is added here too (a test checks that every table has its triggers).
  /// The tables of v1–v3, whose triggers v4 adds.
  static let v4Tables = [
    "counters", "settlements", "transactions", "reversals", "operator_locks", "settlement_totals",
  ]
  /// Every table whose writes must carry the identity page (tests check none is missing).
  static let trackedTables = v4Tables + ["operator_hashes"]

  /// One row. `writes` counts write transactions: the triggers below change it
  /// whenever any table changes, so every commit in the write-ahead log carries the
  /// page holding this journal's id, and a log from another database can be told apart.
  static let createSQL = """
    CREATE TABLE identity (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      terminal_no TEXT NOT NULL,
      merchant_no TEXT NOT NULL,
      journal_id TEXT NOT NULL,
      writes INTEGER NOT NULL DEFAULT 0
    );
    """

  static func triggersSQL(for tables: [String]) -> String {
    tables.flatMap { table in
      ["INSERT", "UPDATE", "DELETE"].map { event in
        """
        CREATE TRIGGER identity_after_\(event.lowercased())_\(table) AFTER \(event) ON \(table)
        BEGIN UPDATE identity SET writes = writes + 1; END;
        """
      }
    }.joined(separator: "\n")
  }

  /// The identity row, or nil when the table or its row is missing.
  static func read(_ db: Database) throws -> JournalIdentity? {
    guard try db.tableExists("identity") else { return nil }
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT terminal_no, merchant_no, journal_id FROM identity WHERE id = 1")
    else { return nil }
    return JournalIdentity(terminalNo: row[0], merchantNo: row[1], journalID: row[2])
  }

  /// Counts one more write, so this commit carries the identity page.
  static func touch(_ db: Database) throws {
    guard try db.tableExists("identity") else { return }
    try db.execute(sql: "UPDATE identity SET writes = writes + 1")
  }

  static func insert(_ identity: JournalIdentity, _ db: Database) throws {
    try db.execute(
      sql: """
        INSERT INTO identity (id, terminal_no, merchant_no, journal_id, writes)
        VALUES (1, ?, ?, ?, 1)
        """,
      arguments: [identity.terminalNo, identity.merchantNo, identity.journalID])
  }
}
