import Foundation
import TerminalCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Tells a full disk from damage. SQLite reports a full disk as error 13
/// (`SQLITE_FULL`), but also, when the log or its shared memory cannot grow, as error
/// 10 (disk I/O error); the file layer says ENOSPC ("No space left on device"). A full
/// disk is named as storage full with what to do (free space), never as a damaged
/// file to reset.
enum StorageSpace {
  /// Below this many free bytes, a disk I/O error is taken for a full disk.
  static let nearlyFull: UInt64 = 1 << 20

  /// True when `text` (an error's words) says the disk is full, or is a disk I/O error
  /// while the disk holding `directory` is (nearly) full.
  static func isFull(_ text: String, directory: URL) -> Bool {
    let lower = text.lowercased()
    if lower.contains("no space left") || lower.contains("sqlite error 13")
      || lower.contains("database or disk is full") || lower.contains("disk quota")
    {
      return true
    }
    let ioError = lower.contains("disk i/o error") || lower.contains("sqlite error 10")
    return ioError && (freeBytes(directory).map { $0 < nearlyFull } ?? false)
  }

  /// The free bytes of the disk holding `directory` (or its nearest existing parent).
  static func freeBytes(_ directory: URL) -> UInt64? {
    var url = directory
    while !FileManager.default.fileExists(atPath: url.path), url.path != "/" {
      url = url.deletingLastPathComponent()
    }
    var info = statvfs()
    guard statvfs(url.path, &info) == 0 else { return nil }
    return UInt64(info.f_bavail) * UInt64(info.f_frsize)
  }

  /// A failed write's reason as the core gets it: `StorageFull.prefix` first when the
  /// disk is full, so that its screens say so.
  static func reason(_ error: Error, directory: URL) -> String {
    let text = "\(error)"
    return isFull(text, directory: directory) ? "\(StorageFull.prefix): \(text)" : text
  }
}
