import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why the state folder could not be taken.
public enum StateFolderError: Error, CustomStringConvertible, Equatable {
  /// Another process (or another session in this one) holds the folder's lock.
  case inUse(directory: String, pid: Int32?)
  /// The folder or a file in it could not be created, read, moved or written.
  case unusable(path: String, detail: String)

  public var description: String {
    switch self {
    case .inUse(let dir, let pid):
      let holder = pid.map { "process \($0)" } ?? "another process"
      return
        "state folder \(dir) is in use by \(holder) (one terminal per state folder: "
        + "stop that one first, or use another --state)"
    case .unusable(let path, let detail): return "\(path): \(detail)"
    }
  }
}

/// An advisory lock on the state folder (`flock` on its file `lock`), held as long as
/// the object lives: one terminal, or one `state reset`, per folder at a time.
///
/// A second terminal on the same folder would otherwise journal its own sales
/// beside the first and send the first one's reversals. `flock` locks belong to the
/// open file, so the lock goes with the process however it ends (even `kill -9`),
/// and two sessions in one process exclude each other too. The holder writes its
/// process id into the file, for the message the next one shows.
public final class StateFolderLock: @unchecked Sendable {
  // @unchecked: `descriptor` never changes after init; the lock is released in deinit only.
  public static let fileName = "lock"

  public let directory: URL
  private let descriptor: Int32

  /// Creates the folder (mode 0700) when it does not exist yet, then takes its lock.
  /// Throws `StateFolderError.inUse` without touching anything when another holds it.
  public static func acquire(_ directory: URL) throws -> StateFolderLock {
    try StateFolder.createPrivateFolder(directory)
    return try StateFolderLock(directory: directory)
  }

  /// Takes the lock of an existing folder (nil when the folder does not exist).
  static func acquireExisting(_ directory: URL) throws -> StateFolderLock? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { return nil }
    return try StateFolderLock(directory: directory)
  }

  private init(directory: URL) throws {
    let path = directory.appendingPathComponent(Self.fileName).path
    // No O_TRUNC: a process that fails to take the lock must not wipe the holder's id.
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw StateFolderError.unusable(path: path, detail: String(cString: strerror(errno)))
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let busy = errno == EWOULDBLOCK
      let detail = String(cString: strerror(errno))
      let holder = Self.readHolder(fd)
      _ = close(fd)
      if busy { throw StateFolderError.inUse(directory: directory.path, pid: holder) }
      throw StateFolderError.unusable(path: path, detail: "cannot lock: \(detail)")
    }
    _ = fchmod(fd, 0o600)
    let pid = Data("\(getpid())\n".utf8)
    _ = ftruncate(fd, 0)
    _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    self.directory = directory
    self.descriptor = fd
  }

  deinit {
    _ = flock(descriptor, LOCK_UN)
    _ = close(descriptor)
  }

  /// The process id the holder wrote, if it has written it yet.
  private static func readHolder(_ fd: Int32) -> Int32? {
    var buffer = [UInt8](repeating: 0, count: 32)
    let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
    guard n > 0 else { return nil }
    let text = String(decoding: buffer[0..<n], as: UTF8.self)
    return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }
}
