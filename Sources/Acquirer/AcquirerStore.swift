import Foundation
import GRDB
import StateFiles
import TerminalCore

/// The acquirer's own SQLite state. The issuer keys cards by PAN (it legitimately
/// knows them); no PIN and no PIN block is ever stored here.
enum AcquirerStore {
  /// Opens (or creates) the file, or an in-memory store for nil. An existing file is
  /// checked first (`AcquirerFile.check`), unless the caller has just `checked` it: a
  /// damaged one throws `AcquirerFileError.integrityCheckFailed` and is left as it was.
  static func open(_ url: URL?, checked: Bool = false) throws -> DatabaseQueue {
    var config = Configuration()
    config.label = "acquirer"
    config.foreignKeysEnabled = true
    let queue: DatabaseQueue
    if let url {
      if !checked { _ = try AcquirerFile.check(url) }
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      // Readable by its owner only: the issuer's books hold full card numbers.
      StateFile.createPrivately(url)
      // NORMAL, not FULL: in WAL mode a killed process loses nothing, only an OS
      // crash or power cut may lose the last commits. The simulator is not the
      // terminal: its commits stay off the sale's critical path of fsyncs
      // (the terminal's journal already syncs twice per sale).
      config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
      CommitMark.record(&config, database: url)
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
        sql: IdentityTable.createSQL + IdentityTable.triggersSQL(for: v1Tables))
    }
    // Every transaction kind: `sales` becomes `transactions`, one row per approved
    // transaction of any kind, with what became of it (`status`) and the host's record
    // of the transaction it refers to (`original_*`). Sales booked before carry no
    // time (their date is not known). Batch uploads after an unbalanced settlement
    // are kept as they arrive.
    migrator.registerMigration("v3-every-kind") { db in
      try db.execute(
        sql: """
          -- An approved transaction of a terminal and what became of it:
          -- approved (stands), reversed (0400), voided (by its void: a sale, a
          -- pre-authorisation or a completion), completed (a pre-authorisation
          -- whose completion released its hold). A pre-authorisation that stands
          -- is a hold on the card until 30 days after unix_time.
          CREATE TABLE transactions (
            terminal_no TEXT NOT NULL,
            batch INTEGER NOT NULL,
            trace INTEGER NOT NULL,
            kind TEXT NOT NULL,
            pan TEXT NOT NULL REFERENCES cards(pan),
            amount_fen INTEGER NOT NULL,
            auth_code TEXT NOT NULL,
            reference_no TEXT NOT NULL,
            unix_time REAL,
            status TEXT NOT NULL
              CHECK (status IN ('approved', 'reversed', 'voided', 'completed')),
            original_terminal_no TEXT,
            original_batch INTEGER,
            original_trace INTEGER,
            PRIMARY KEY (terminal_no, batch, trace),
            FOREIGN KEY (original_terminal_no, original_batch, original_trace)
              REFERENCES transactions(terminal_no, batch, trace)
          );
          INSERT INTO transactions (
            terminal_no, batch, trace, kind, pan, amount_fen, auth_code, reference_no,
            unix_time, status)
          SELECT terminal_no, batch, trace, 'sale', pan, amount_fen, auth_code, reference_no,
            NULL, CASE reversed WHEN 0 THEN 'approved' ELSE 'reversed' END
          FROM sales;
          DROP TABLE sales;
          CREATE INDEX transactions_by_reference ON transactions(reference_no);
          CREATE INDEX transactions_by_card ON transactions(pan, kind, status);
          CREATE INDEX transactions_by_original
            ON transactions(original_terminal_no, original_batch, original_trace);

          -- The transactions a terminal uploaded (0320) after an unbalanced
          -- settlement, one row per voucher (a resent one replaces the first).
          CREATE TABLE batch_uploads (
            terminal_no TEXT NOT NULL,
            batch INTEGER NOT NULL,
            trace INTEGER NOT NULL,
            kind TEXT NOT NULL,
            amount_fen INTEGER NOT NULL,
            masked_pan TEXT NOT NULL,
            entry_mode TEXT NOT NULL,
            reference_no TEXT,
            auth_code TEXT,
            unix_time REAL NOT NULL,
            PRIMARY KEY (terminal_no, batch, trace)
          );

          -- The batch ends (0320, 202): how many the terminal says it uploaded.
          CREATE TABLE batch_upload_ends (
            terminal_no TEXT NOT NULL,
            batch INTEGER NOT NULL,
            sent INTEGER NOT NULL,
            PRIMARY KEY (terminal_no, batch)
          );
          """
            + IdentityTable.triggersSQL(for: ["transactions", "batch_uploads", "batch_upload_ends"])
      )
    }
    // QR payment: orders and their state; wallets are `cards` rows keyed by code.
    migrator.registerMigration("v4-qr-orders") { db in
      try db.execute(sql: QROrderRow.migrationSQL)
    }
    return migrator
  }

  /// The tables of v1, whose identity triggers v2 adds. Part of an applied migration:
  /// never change it. A table added by a later migration gets its triggers in that
  /// migration (a test checks that every table has them).
  static let v1Tables = ["counters", "cards", "terminals", "sales", "settlements"]
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

/// One approved transaction of any kind (table `transactions`).
struct TransactionRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "transactions"
  var terminalNo: String
  var batch: Int
  var trace: Int
  var kindName: String
  var pan: String
  var amountFen: Int64
  var authCode: String
  var referenceNo: String
  /// The request's time, seconds since 1970; nil for a sale booked before v3.
  var unixTime: Double?
  var statusName: String
  var originalTerminalNo: String?
  var originalBatch: Int?
  var originalTrace: Int?
  enum CodingKeys: String, CodingKey {
    case batch, trace, pan
    case terminalNo = "terminal_no"
    case kindName = "kind"
    case amountFen = "amount_fen"
    case authCode = "auth_code"
    case referenceNo = "reference_no"
    case unixTime = "unix_time"
    case statusName = "status"
    case originalTerminalNo = "original_terminal_no"
    case originalBatch = "original_batch"
    case originalTrace = "original_trace"
  }

  var kind: TransactionKind? { TransactionKind(rawValue: kindName) }
  var status: AcquirerTransaction.Status {
    get { AcquirerTransaction.Status(rawValue: statusName) ?? .approved }
    set { statusName = newValue.rawValue }
  }
  var time: Date? { unixTime.map { Date(timeIntervalSince1970: $0) } }
  var key: [String: (any DatabaseValueConvertible)?] {
    ["terminal_no": terminalNo, "batch": batch, "trace": trace]
  }
  /// The key of the transaction this one refers to, if any.
  var originalKey: [String: (any DatabaseValueConvertible)?]? {
    guard let originalTerminalNo, let originalBatch, let originalTrace else { return nil }
    return ["terminal_no": originalTerminalNo, "batch": originalBatch, "trace": originalTrace]
  }
}

struct BatchUploadRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "batch_uploads"
  var terminalNo: String
  var batch: Int
  var trace: Int
  var kind: String
  var amountFen: Int64
  var maskedPAN: String
  var entryMode: String
  var referenceNo: String?
  var authCode: String?
  var unixTime: Double
  enum CodingKeys: String, CodingKey {
    case batch, trace, kind
    case terminalNo = "terminal_no"
    case amountFen = "amount_fen"
    case maskedPAN = "masked_pan"
    case entryMode = "entry_mode"
    case referenceNo = "reference_no"
    case authCode = "auth_code"
    case unixTime = "unix_time"
  }
}

struct BatchUploadEndRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "batch_upload_ends"
  var terminalNo: String
  var batch: Int
  var sent: Int
  enum CodingKeys: String, CodingKey {
    case batch, sent
    case terminalNo = "terminal_no"
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
