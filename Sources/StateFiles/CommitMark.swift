import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A database's high-water mark: the `writes` count of its identity row after its last
/// commit, kept beside it (`NAME-mark`), outside the SQLite file and its log.
///
/// Why: a commit lives in the write-ahead log until SQLite folds it into the file. A
/// log deleted, cut short or scribbled on after a kill leaves a file that is sound and
/// may even match its seal, yet is behind its own history: a terminal starting on it
/// would reuse voucher numbers. At power-on, a file whose `writes` is below its mark
/// is refused (`StateFile.check`). The mark is written after each commit without a
/// sync of its own: it reaches the disk no sooner than the log it follows, so it can
/// only lag, never lead, a log that was synced.
public enum CommitMark {
  static let suffix = "-mark"

  /// The mark file of the database at `database`.
  public static func url(for database: URL) -> URL {
    URL(fileURLWithPath: database.path + suffix)
  }

  /// The recorded count of the database whose identity carries `journalID`, or nil when
  /// there is no mark (a folder of an earlier release), it does not read as one, or it
  /// is another database's (a file copied in is refused for whose it is, not for this).
  public static func read(for database: URL, journalID: String) -> Int? {
    guard let data = FileManager.default.contents(atPath: url(for: database).path) else {
      return nil
    }
    let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
    guard fields.count == 2, fields[1] == journalID else { return nil }
    return Int(fields[0])
  }

  /// Makes every connection `config` opens on `database` record its mark.
  public static func record(_ config: inout Configuration, database: URL) {
    let recorder = Recorder(database: database)
    config.prepareDatabase { db in db.add(transactionObserver: recorder, extent: .databaseLifetime)
    }
  }

  /// Records the identity row's `writes` after every commit on the connection it is
  /// added to.
  final class Recorder: TransactionObserver, @unchecked Sendable {
    // @unchecked: used only on its connection's serial writer queue.
    private let descriptor: Int32
    private var last: Int?

    /// Opens (creating, mode 0600) the mark of the database at `database`.
    init(database: URL) {
      descriptor = open(url(for: database).path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    }

    deinit { if descriptor >= 0 { _ = close(descriptor) } }

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    public func databaseDidChange(with event: DatabaseEvent) {}
    public func databaseDidRollback(_ db: Database) {}

    public func databaseDidCommit(_ db: Database) {
      guard descriptor >= 0,
        let row = try? Row.fetchOne(
          db.cachedStatement(sql: "SELECT writes, journal_id FROM identity WHERE id = 1")),
        let writes: Int = row[0], let journalID: String = row[1],
        writes != last
      else { return }
      last = writes
      // Fixed width (one database, one id), one write at offset 0: never torn by a
      // kill, never shorter than before.
      let bytes = Array((String(format: "%020d ", writes) + journalID + "\n").utf8)
      _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }
  }
}
