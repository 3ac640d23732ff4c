import Foundation
import GRDB

/// A state folder's SQLite file (the journal, the acquirer's books), checked before
/// anything opens it for writing.
///
/// Two steps: the 16-byte SQLite header magic (so a stray file of another kind is
/// never turned into a database), then `PRAGMA integrity_check` over a read-only
/// connection, unless the file is exactly as the terminal sealed it at its last clean
/// shutdown (`StateSeal`). Neither step can modify the file. The same read-only
/// connection reads whose file it is.
public enum StateFile {
  /// What a file says about whose it is, read before anything writes to it.
  public enum Owner: Sendable, Equatable {
    case noFile
    /// Zero bytes: SQLite would take it for a new database.
    case emptyFile
    /// A file without an identity: from a release before identities, or one whose
    /// set-up a power cut interrupted.
    case unmarked
    case marked(StateIdentity)
  }

  /// The file exists but is not a sound SQLite database; nothing was written to it.
  /// Callers report it as their own error.
  public struct IntegrityFailure: Error, Equatable {
    /// Damaged: not a sound database. Behind its history: sound, but holding fewer
    /// writes than its `CommitMark` recorded (its write-ahead log was lost).
    public enum Kind: Sendable, Equatable { case damaged, behindHistory }

    public var path: String
    public var detail: String
    public var kind: Kind

    public init(path: String, detail: String, kind: Kind = .damaged) {
      self.path = path
      self.detail = detail
      self.kind = kind
    }
  }

  static let magic = Array("SQLite format 3\u{0}".utf8)

  /// Says whose file `url` is, or throws when it exists and is not a sound SQLite
  /// database. A missing or empty file passes (SQLite treats it as new). Writes
  /// nothing. `label` names the read-only connection.
  public static func check(_ url: URL, label: String) throws(IntegrityFailure) -> Owner {
    let path = url.path
    func fail(_ detail: String) -> IntegrityFailure { IntegrityFailure(path: path, detail: detail) }
    guard FileManager.default.fileExists(atPath: path) else { return .noFile }
    let header: Data
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      header = try handle.read(upToCount: 100) ?? Data()
    } catch {
      throw fail("cannot read: \(error)")
    }
    if header.isEmpty { return .emptyFile }
    guard header.count == 100, Array(header.prefix(16)) == magic else {
      throw fail("not a SQLite database")
    }
    // A file exactly as the terminal sealed it at a clean shutdown passed this check
    // when it was last opened and has changed since only by SQLite's own commits.
    let sealed = StateSeal.matches(url)
    var config = Configuration()
    config.readonly = true
    config.label = label
    let problems: [String]
    let identity: StateIdentity?
    let writes: Int?
    do {
      let queue = try DatabaseQueue(path: path, configuration: config)
      (problems, identity, writes) = try queue.read { db in
        let problems = sealed ? ["ok"] : try String.fetchAll(db, sql: "PRAGMA integrity_check")
        guard problems == ["ok"], let identity = try IdentityTable.read(db) else {
          return (problems, nil, nil)
        }
        return (problems, identity, try IdentityTable.writes(db))
      }
      try queue.close()
    } catch {
      throw fail("\(error)")
    }
    guard problems == ["ok"] else {
      throw fail(problems.prefix(5).joined(separator: "; "))
    }
    if let writes, let identity,
      let mark = CommitMark.read(for: url, journalID: identity.journalID),
      writes < mark
    {
      throw IntegrityFailure(
        path: path,
        detail:
          "behind its own history: it holds \(writes) writes, but \(mark) were committed "
          + "(its write-ahead log \(url.lastPathComponent)-wal was lost, cut short or damaged "
          + "after the last stop)",
        kind: .behindHistory)
    }
    return identity.map(Owner.marked) ?? .unmarked
  }

  /// Creates the file empty and readable by its owner only, whatever the umask, unless
  /// it exists already (then its mode is the state folder's business). SQLite gives
  /// the -wal and -shm files the main file's mode.
  public static func createPrivately(_ url: URL) {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    _ = fchmod(fd, 0o600)
    _ = close(fd)
  }
}
