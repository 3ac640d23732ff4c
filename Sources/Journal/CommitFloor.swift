import Foundation
import GRDB

/// What durable commits cost on their own: the floor under a sale, which makes its
/// journal commits durable before it moves on.
public enum CommitFloor {
  /// Makes `count` commits, one small row each, to a new SQLite file in `directory`
  /// opened as the journal is (WAL, `synchronous = FULL`), and returns the wall seconds
  /// they took. The file is removed afterwards.
  public static func seconds(commits count: Int, directory: URL) throws -> Double {
    let url = directory.appendingPathComponent("commit-floor-\(getpid()).sqlite")
    defer {
      for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: url.path + suffix)
      }
    }
    var config = TerminalJournal.configuration()
    config.label = "commit-floor"
    let queue = try DatabaseQueue(path: url.path, configuration: config)
    _ = try queue.writeWithoutTransaction { db in
      try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
    }
    try queue.write { db in
      try db.execute(
        sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, trace INTEGER, masked_pan TEXT, at REAL)")
    }
    let clock = ContinuousClock()
    let start = clock.now
    for i in 0..<count {
      try queue.write { db in
        try db.cachedStatement(sql: "INSERT INTO t (trace, masked_pan, at) VALUES (?, ?, ?)")
          .execute(arguments: [i, "622202******2227", Double(i)])
      }
    }
    let d = clock.now - start
    try queue.close()
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
