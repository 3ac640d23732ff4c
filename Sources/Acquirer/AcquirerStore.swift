import Foundation
import GRDB
import StateFiles

/// The acquirer's own SQLite state. The issuer keys cards by PAN (it legitimately
/// knows them); no PIN and no PIN block is ever stored here.
enum AcquirerStore {
  /// Opens (or creates) the file, or an in-memory store for nil. An existing file is
  /// checked first (`AcquirerFile.check`): a damaged one throws
  /// `AcquirerFileError.integrityCheckFailed` and is left as it was.
  static func open(_ url: URL?) throws -> DatabaseQueue {
    var config = Configuration()
    config.label = "acquirer"
    config.foreignKeysEnabled = true
    let queue: DatabaseQueue
    if let url {
      _ = try AcquirerFile.check(url)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      // Readable by its owner only: the issuer's books hold full card numbers.
      StateFile.createPrivately(url)
      // NORMAL, not FULL: in WAL mode a killed process loses nothing, only an OS
      // crash or power cut may lose the last commits. The simulator is not the
      // terminal: its commits stay off the sale's critical path of fsyncs
      // (the terminal's journal already syncs twice per sale).
      config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
      queue = try DatabaseQueue(path: url.path, configuration: config)
      _ = try queue.writeWithoutTransaction { db in
        try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
      }
      // Before any migration: a write-ahead log cut short after a later migration's
      // schema-only commit still holds a commit that names these books.
      try queue.write { db in try IdentityTable.touch(db) }
    } else {
      queue = try DatabaseQueue(configuration: config)
    }
    try migrator.migrate(queue)
    return queue
  }

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          -- Sequences for authorisation codes and reference numbers.
          CREATE TABLE counters (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            auth_seq INTEGER NOT NULL,
            ref_seq INTEGER NOT NULL
          );
          INSERT INTO counters (id, auth_seq, ref_seq) VALUES (1, 0, 0);

          -- A card's balance and consecutive wrong-PIN count, created from the deck
          -- the first time the issuer sees its PAN.
          CREATE TABLE cards (
            pan TEXT PRIMARY KEY,
            balance_fen INTEGER NOT NULL,
            wrong_pin_count INTEGER NOT NULL DEFAULT 0
          );

          -- Each terminal's current batch number (starts at 1).
          CREATE TABLE terminals (
            terminal_no TEXT PRIMARY KEY,
            batch INTEGER NOT NULL
          );

          -- Approved sales, for duplicates (94), reversals and reconciliation.
          CREATE TABLE sales (
            terminal_no TEXT NOT NULL,
            batch INTEGER NOT NULL,
            trace INTEGER NOT NULL,
            pan TEXT NOT NULL REFERENCES cards(pan),
            amount_fen INTEGER NOT NULL,
            auth_code TEXT NOT NULL,
            reference_no TEXT NOT NULL,
            reversed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (terminal_no, batch, trace)
          );

          -- Settlements answered, so a repeated settlement gets the same answer.
          CREATE TABLE settlements (
            terminal_no TEXT NOT NULL,
            batch INTEGER NOT NULL,
            balanced INTEGER NOT NULL,
            next_batch INTEGER NOT NULL,
            PRIMARY KEY (terminal_no, batch)
          );
          """)
    }
    // Whose books these are: the state folder's terminal, merchant and journal id
    // (the row is written when the folder is set up). `writes` changes with every
    // change to any table, so every commit in the write-ahead log carries the page
    // naming these books and a log from another database can be told apart.
    migrator.registerMigration("v2") { db in
      try db.execute(
        sql: IdentityTable.createSQL + IdentityTable.triggersSQL(for: identityTrackedTables))
    }
    return migrator
  }

  /// The tables of v1, whose identity triggers v2 adds. A table added by a later
  /// migration gets its triggers in that migration (a test checks that every table has
  /// them).
  static let identityTrackedTables = ["counters", "cards", "terminals", "sales", "settlements"]
}

struct CardRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "cards"
  var pan: String
  var balanceFen: Int64
  var wrongPINCount: Int
  enum CodingKeys: String, CodingKey {
    case pan
    case balanceFen = "balance_fen"
    case wrongPINCount = "wrong_pin_count"
  }
}

struct TerminalRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "terminals"
  var terminalNo: String
  var batch: Int
  enum CodingKeys: String, CodingKey {
    case batch
    case terminalNo = "terminal_no"
  }
}

struct SaleRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "sales"
  var terminalNo: String
  var batch: Int
  var trace: Int
  var pan: String
  var amountFen: Int64
  var authCode: String
  var referenceNo: String
  var reversed: Bool
  enum CodingKeys: String, CodingKey {
    case batch, trace, pan, reversed
    case terminalNo = "terminal_no"
    case amountFen = "amount_fen"
    case authCode = "auth_code"
    case referenceNo = "reference_no"
  }
}

struct HostSettlementRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "settlements"
  var terminalNo: String
  var batch: Int
  var balanced: Bool
  var nextBatch: Int
  enum CodingKeys: String, CodingKey {
    case batch, balanced
    case terminalNo = "terminal_no"
    case nextBatch = "next_batch"
  }
}

struct HostCountersRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "counters"
  var id: Int64 = 1
  var authSeq: Int
  var refSeq: Int
  enum CodingKeys: String, CodingKey {
    case id
    case authSeq = "auth_seq"
    case refSeq = "ref_seq"
  }
}
