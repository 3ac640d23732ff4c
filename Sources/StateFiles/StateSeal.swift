import Ciphers
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A database's seal: its size and SHA-256, written beside it (`NAME-seal`) when the
/// terminal closes it cleanly, with nothing left in its write-ahead log.
///
/// Why: `PRAGMA integrity_check` reads every page and index of the file, and its cost
/// grows with the batch (about 35 ms for 5,000 open transactions on this project's
/// machine). A file that is byte for byte what the terminal itself left at a clean
/// shutdown is the one that passed the check when it was opened, changed since only by
/// SQLite's own commits, so power-on checks it in full only when it is not: after a
/// power cut or a kill (a log left beside it, or the bytes changed), and whenever the
/// file was touched from outside. A seal that does not match is never trusted, so a
/// stale, torn or missing one only costs the full check.
public enum StateSeal {
  static let suffix = "-seal"

  /// The seal file of the database at `database`.
  public static func url(for database: URL) -> URL {
    URL(fileURLWithPath: database.path + suffix)
  }

  /// Seals the database at `database`, which its owner has just closed. Nothing is
  /// sealed when a write-ahead or rollback journal beside it still holds anything
  /// (then the file alone is not the database), or when the file cannot be read; an
  /// older seal is then removed. Failures are silent: no seal means a full check.
  public static func write(for database: URL) {
    let seal = url(for: database)
    guard !hasPendingLog(database), let text = fingerprint(database) else {
      unlink(seal.path)
      return
    }
    // Written whole or not at all; its mode follows the database's (owner only).
    let temporary = seal.path + ".new"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { writeAll(fd, $0) }
    close(fd)
    guard written == bytes.count, rename(temporary, seal.path) == 0 else {
      unlink(temporary)
      return
    }
  }

  /// True when the database at `database` is exactly the file its seal describes and
  /// no journal beside it holds anything.
  public static func matches(_ database: URL) -> Bool {
    guard !hasPendingLog(database),
      let sealed = try? String(contentsOf: url(for: database), encoding: .utf8),
      let current = fingerprint(database)
    else { return false }
    return sealed == current
  }

  /// `SIZE SHA256-HEX` and a newline, or nil when the file cannot be read.
  static func fingerprint(_ database: URL) -> String? {
    var info = stat()
    guard stat(database.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      let digest = SHA256.hash(fileAt: database.path)
    else { return nil }
    return "\(info.st_size) " + digest.map { String(format: "%02x", $0) }.joined() + "\n"
  }

  /// A non-empty `-wal` or `-journal` beside the file: part of the database is there.
  static func hasPendingLog(_ database: URL) -> Bool {
    ["-wal", "-journal"].contains { suffix in
      var info = stat()
      return stat(database.path + suffix, &info) == 0 && info.st_size > 0
    }
  }

  private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    #if canImport(Glibc)
      Glibc.write(fd, bytes.baseAddress, bytes.count)
    #else
      Darwin.write(fd, bytes.baseAddress, bytes.count)
    #endif
  }
}
