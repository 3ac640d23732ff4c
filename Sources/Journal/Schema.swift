import GRDB
import StateFiles

/// The journal's tables. Times are REAL seconds since 2001-01-01 UTC (Foundation's
/// reference date), which round-trips a `Date` exactly.
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          -- One row: the open batch's number and the last voucher number used.
          CREATE TABLE counters (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            batch INTEGER NOT NULL CHECK (batch BETWEEN 1 AND 999999),
            last_trace INTEGER NOT NULL CHECK (last_trace BETWEEN 0 AND 999999)
          );
          INSERT INTO counters (id, batch, last_trace) VALUES (1, 1, 0);

          -- One row per settled batch (结算), kept for the record.
          CREATE TABLE settlements (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            batch INTEGER NOT NULL,
            settled_at REAL NOT NULL,
            operator_no TEXT NOT NULL,
            sale_count INTEGER NOT NULL,
            sale_amount_fen INTEGER NOT NULL,
            failed_count INTEGER NOT NULL,
            failed_amount_fen INTEGER NOT NULL,
            balanced INTEGER NOT NULL CHECK (balanced IN (0, 1))
          );

          -- Every transaction. settlement_id IS NULL: still in the open batch.
          -- No PIN, PIN block or track data; the PAN only masked (6 + 4).
          -- Rows are never deleted, so the rowid orders them oldest first.
          CREATE TABLE transactions (
            id INTEGER PRIMARY KEY,
            trace INTEGER NOT NULL CHECK (trace BETWEEN 1 AND 999999),
            batch INTEGER NOT NULL CHECK (batch BETWEEN 1 AND 999999),
            kind TEXT NOT NULL,
            amount_fen INTEGER NOT NULL,
            masked_pan TEXT NOT NULL,
            expiry TEXT NOT NULL,
            entry_mode TEXT NOT NULL,
            operator_no TEXT NOT NULL,
            started_at REAL NOT NULL,
            status TEXT NOT NULL,
            response_code TEXT,
            auth_code TEXT,
            reference_no TEXT,
            issuer TEXT,
            completed_at REAL,
            settlement_id INTEGER REFERENCES settlements(id)
          );
          -- A voucher number is unique within the open batch.
          CREATE UNIQUE INDEX transactions_open_batch_trace
            ON transactions (batch, trace) WHERE settlement_id IS NULL;
          CREATE INDEX transactions_settlement ON transactions (settlement_id);

          -- Pending reversals (冲正): written with the sale, deleted on its reply.
          CREATE TABLE reversals (
            id INTEGER PRIMARY KEY,
            transaction_id INTEGER NOT NULL UNIQUE
              REFERENCES transactions(id) ON DELETE CASCADE,
            trace INTEGER NOT NULL,
            batch INTEGER NOT NULL,
            amount_fen INTEGER NOT NULL,
            masked_pan TEXT NOT NULL,
            original_time REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0
          );
          CREATE INDEX reversals_batch_trace ON reversals (batch, trace);

          -- Operators' failed sign-in attempts and lock state.
          CREATE TABLE operator_locks (
            operator_no TEXT PRIMARY KEY,
            failed_attempts INTEGER NOT NULL,
            locked INTEGER NOT NULL CHECK (locked IN (0, 1))
          );
          """)
    }
    // A settlement slip is owed until it has printed (a power cut can fall between
    // closing the batch and printing); the detail lists chosen print with it.
    migrator.registerMigration("v2") { db in
      try db.execute(
        sql: """
          ALTER TABLE settlements ADD COLUMN printed INTEGER NOT NULL DEFAULT 1;
          ALTER TABLE settlements ADD COLUMN success_detail INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE settlements ADD COLUMN failed_detail INTEGER NOT NULL DEFAULT 0;
          """)
    }
    // Many transaction kinds. Each slip copy of a transaction is owed until it has
    // printed; rows written by the earlier release count as printed, as that release
    // assumed. Settlement totals are kept per kind; the sale_* columns stay filled
    // (approved sales) so an older reader still makes sense of a settlement.
    migrator.registerMigration("v3") { db in
      try db.execute(
        sql: """
          ALTER TABLE transactions ADD COLUMN merchant_copy_printed INTEGER NOT NULL DEFAULT 1;
          ALTER TABLE transactions ADD COLUMN cardholder_copy_printed INTEGER NOT NULL DEFAULT 1;
          -- JSON of the transaction a void, refund or completion refers to.
          ALTER TABLE transactions ADD COLUMN original TEXT;
          -- Power-on reads the owed copies without scanning the whole history.
          CREATE INDEX transactions_owed_copies ON transactions (id)
            WHERE status = 'approved' AND (merchant_copy_printed = 0 OR cardholder_copy_printed = 0);

          ALTER TABLE reversals ADD COLUMN kind TEXT NOT NULL DEFAULT 'sale';

          -- A settlement's approved totals, one row per kind that counted.
          CREATE TABLE settlement_totals (
            settlement_id INTEGER NOT NULL REFERENCES settlements(id),
            kind TEXT NOT NULL,
            count INTEGER NOT NULL,
            amount_fen INTEGER NOT NULL,
            PRIMARY KEY (settlement_id, kind)
          );
          -- Like BatchTotals, a kind with no approved transaction has no row.
          INSERT INTO settlement_totals (settlement_id, kind, count, amount_fen)
            SELECT id, 'sale', sale_count, sale_amount_fen FROM settlements
            WHERE sale_count <> 0 OR sale_amount_fen <> 0;
          """)
    }
    // Whose journal this is (see `StateIdentity`). The row itself is written when
    // the state folder sets the journal up, not here.
    migrator.registerMigration("v4") { db in
      try db.execute(
        sql: IdentityTable.createSQL + IdentityTable.triggersSQL(for: identityV4Tables))
    }
    // Password hashes upgraded at sign-in (PBKDF2-HMAC-SHA256), one per operator;
    // its writes carry the journal's identity like every other table's.
    migrator.registerMigration("v5-operator-hashes") { db in
      try db.execute(
        sql: OperatorHashRow.createTable
          + IdentityTable.triggersSQL(for: ["operator_hashes"]))
    }
    // Operators added, deleted or given a new password at the terminal (8-6), one row
    // per number; its writes carry the journal's identity like every other table's.
    migrator.registerMigration("v6-terminal-operators") { db in
      try db.execute(
        sql: TerminalOperatorRow.createTable
          + IdentityTable.triggersSQL(for: ["terminal_operators"]))
    }
    // Chip and contactless: the slip's chip lines (AID, label, TC, ATC) as JSON, so a
    // reprint prints them too.
    migrator.registerMigration("v7-chip-slip") { db in
      try db.execute(sql: "ALTER TABLE transactions ADD COLUMN chip TEXT")
    }
    return migrator
  }

  /// The tables of v1–v3, whose identity triggers v4 adds. A table added by a later
  /// migration gets its triggers in that migration (a test checks that every table has
  /// them).
  static let identityV4Tables = [
    "counters", "settlements", "transactions", "reversals", "operator_locks", "settlement_totals",
  ]
}
