import GRDB

/// The `identity` table a state folder's SQLite file carries, and the triggers that
/// keep it in every commit.
///
/// One row. `writes` counts write transactions: the triggers change it whenever any
/// tracked table changes, so every commit in the write-ahead log carries the page
/// holding the journal id, and a log from another database can be told apart. Every
/// table of a file but `identity` itself must be tracked (`untrackedTables` finds one
/// that is not).
public enum IdentityTable {
  /// Creates the table. Part of existing migrations: never change the text.
  public static let createSQL = """
    CREATE TABLE identity (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      terminal_no TEXT NOT NULL,
      merchant_no TEXT NOT NULL,
      journal_id TEXT NOT NULL,
      writes INTEGER NOT NULL DEFAULT 0
    );
    """

  /// Creates the insert, update and delete triggers of each of `tables`, named
  /// `identity_after_<event>_<table>`. Part of existing migrations: never change the text.
  public static func triggersSQL(for tables: [String]) -> String {
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
  public static func read(_ db: Database) throws -> StateIdentity? {
    guard try db.tableExists("identity") else { return nil }
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT terminal_no, merchant_no, journal_id FROM identity WHERE id = 1")
    else { return nil }
    return StateIdentity(terminalNo: row[0], merchantNo: row[1], journalID: row[2])
  }

  /// Writes the row (the table has none yet), counting this first write.
  public static func insert(_ identity: StateIdentity, _ db: Database) throws {
    try db.execute(
      sql: """
        INSERT INTO identity (id, terminal_no, merchant_no, journal_id, writes)
        VALUES (1, ?, ?, ?, 1)
        """,
      arguments: [identity.terminalNo, identity.merchantNo, identity.journalID])
  }

  /// Counts one more write, so this commit carries the identity page. Does nothing
  /// when the table does not exist yet.
  public static func touch(_ db: Database) throws {
    guard try db.tableExists("identity") else { return }
    try db.execute(sql: "UPDATE identity SET writes = writes + 1")
  }

  /// The row's write count, or nil when there is no row.
  public static func writes(_ db: Database) throws -> Int? {
    try Int.fetchOne(db, sql: "SELECT writes FROM identity")
  }

  /// The tables (but `identity`, GRDB's and SQLite's own) missing one of their
  /// triggers: a table added without them would let a commit pass without the
  /// identity page.
  public static func untrackedTables(_ db: Database) throws -> [String] {
    let tables = try String.fetchAll(
      db,
      sql: """
        SELECT name FROM sqlite_master WHERE type = 'table'
        AND name NOT IN ('identity', 'grdb_migrations') AND name NOT LIKE 'sqlite_%'
        ORDER BY name
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
