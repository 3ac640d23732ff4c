import Foundation
import GRDB

/// What durable commits cost on their own: the floor under a sale, which makes its
/// journal commits durable before it moves on.
///
/// A new SQLite file in the folder given, opened as the journal is (WAL,
/// `synchronous = FULL`); each commit inserts one small row. The file is removed by
/// `close()`.
public final class CommitFloor {
  private let queue: DatabaseQueue
  private let url: URL
  private var next = 0

  public init(directory: URL) throws {
    url = directory.appendingPathComponent("commit-floor-\(getpid()).sqlite")
    var config = TerminalJournal.configuration()
    config.label = "commit-floor"
    queue = try DatabaseQueue(path: url.path, configuration: config)
    _ = try queue.writeWithoutTransaction { db in
      try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
    }
    try queue.write { db in
      try db.execute(
        sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, trace INTEGER, masked_pan TEXT, at REAL)")
    }
  }

  /// Makes `count` durable commits and returns the wall seconds they took.
  public func commit(_ count: Int) throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<max(0, count) {
      next += 1
      try queue.write { db in
        try db.cachedStatement(sql: "INSERT INTO t (trace, masked_pan, at) VALUES (?, ?, ?)")
          .execute(arguments: [next, "622202******2227", Double(next)])
      }
    }
    let d = clock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// Closes and removes the file.
  public func close() {
    try? queue.close()
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: url.path + suffix)
    }
  }
}
