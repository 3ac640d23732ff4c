import Foundation
import GRDB

/// Checks an existing journal file before anything opens it for writing.
///
/// Two steps: the 16-byte SQLite header magic (so a stray file of another kind
/// is never turned into a database), then `PRAGMA integrity_check` over a
/// read-only connection. Neither step can modify the main database file. The same
/// read-only connection reads whose journal it is.
enum IntegrityCheck {
  static let magic = Array("SQLite format 3\u{0}".utf8)

  /// Throws `JournalError.integrityCheckFailed` when `url` exists and is not a sound
  /// SQLite database. A missing or empty file passes (SQLite treats it as new).
  @discardableResult
  static func verify(_ url: URL) throws -> JournalOwner {
    let path = url.path
    guard FileManager.default.fileExists(atPath: path) else { return .noFile }
    let header: Data
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      header = try handle.read(upToCount: 100) ?? Data()
    } catch {
      throw JournalError.integrityCheckFailed(path: path, detail: "cannot read: \(error)")
    }
    if header.isEmpty { return .emptyFile }
    guard header.count == 100, Array(header.prefix(16)) == magic else {
      throw JournalError.integrityCheckFailed(path: path, detail: "not a SQLite database")
    }
    var config = Configuration()
    config.readonly = true
    config.label = "journal-integrity-check"
    let problems: [String]
    let identity: JournalIdentity?
    do {
      let queue = try DatabaseQueue(path: path, configuration: config)
      (problems, identity) = try queue.read { db in
        let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        return (problems, problems == ["ok"] ? try IdentityTable.read(db) : nil)
      }
      try queue.close()
    } catch {
      throw JournalError.integrityCheckFailed(path: path, detail: "\(error)")
    }
    guard problems == ["ok"] else {
      throw JournalError.integrityCheckFailed(
        path: path, detail: problems.prefix(5).joined(separator: "; "))
    }
    return identity.map(JournalOwner.marked) ?? .unmarked
  }
}
