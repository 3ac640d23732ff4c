import Foundation
import GRDB
import StateFiles

/// Why the acquirer's file was refused. Nothing was written to it.
public enum AcquirerFileError: Error, CustomStringConvertible, Equatable {
  /// The file exists but is not a sound SQLite database.
  case integrityCheckFailed(path: String, detail: String)
  /// The file is sound but holds fewer writes than were committed to it (its
  /// write-ahead log was lost).
  case behindHistory(path: String, detail: String)

  public var description: String {
    switch self {
    case .integrityCheckFailed(let p, let d): return "\(p): integrity check failed: \(d)"
    case .behindHistory(let p, let d): return "\(p): \(d)"
    }
  }
}

/// The acquirer's SQLite file, checked before anything opens it for writing (as the
/// terminal's journal is, by `StateFile.check`): the 16-byte SQLite header, then
/// `PRAGMA integrity_check` on a read-only connection, which also reads whose books
/// these are (the state folder's `StateIdentity`, which the journal carries too).
public enum AcquirerFile {
  /// Throws `AcquirerFileError.integrityCheckFailed` when the file at `url` exists and
  /// is not a sound SQLite database; otherwise says whose books it holds. Writes nothing.
  public static func check(_ url: URL) throws(AcquirerFileError) -> StateFile.Owner {
    do {
      return try StateFile.check(url, label: "acquirer-integrity-check")
    } catch {
      if error.kind == .behindHistory {
        throw .behindHistory(path: error.path, detail: error.detail)
      }
      throw .integrityCheckFailed(path: error.path, detail: error.detail)
    }
  }

  /// Creates the file if needed and writes `identity` into it, unless it carries one
  /// already (the caller has checked which). For setting a state folder up.
  public static func mark(_ url: URL, as identity: StateIdentity) throws {
    let queue = try AcquirerStore.open(url)
    try queue.write { db in
      guard try IdentityTable.read(db) == nil else { return }
      try IdentityTable.insert(identity, db)
    }
    try queue.close()
  }
}
