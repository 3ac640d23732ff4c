import Foundation
import TerminalCore

/// Where a fault's technical reason goes: the LCD says which module failed and
/// what to do, in the terminal's language; the full reason (a path, an SQLite
/// error) goes to stderr and to `terminal.log` in the state folder, with the time.
struct FaultLog {
  /// nil: stderr only (the state folder is not this process's to write).
  let url: URL?
  let timeZone: TimeZone

  func record(_ module: String, _ reason: String, at time: Date) {
    let line = "\(Self.stamp(time, timeZone)) \(module): \(reason)\n"
    FileHandle.standardError.write(Data("pos-terminal: \(module): \(reason)\n".utf8))
    // Best effort: the log must never stop the terminal (its folder may be the fault).
    guard let url else { return }
    if !FileManager.default.fileExists(atPath: url.path) {
      FileManager.default.createFile(
        atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
    }
    guard let handle = try? FileHandle(forWritingTo: url) else { return }
    defer { try? handle.close() }
    _ = try? handle.seekToEnd()
    try? handle.write(contentsOf: Data(line.utf8))
  }

  static func stamp(_ date: Date, _ tz: TimeZone) -> String { CivilTime.iso8601(date, tz) }
}
