import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a slip could not be saved.
public struct ReceiptError: Error, CustomStringConvertible, Equatable, Sendable {
  public var path: String
  public var problem: String
  public init(path: String, problem: String) {
    self.path = path
    self.problem = problem
  }
  public var description: String { "receipts: \(path): \(problem)" }
}

/// Saves slips as text files in one folder. Never overwrites: a name that is
/// taken gets `-2`, `-3`, … before `.txt`. Each slip is written to a hidden
/// temporary file, flushed, then linked under its final name, so a crash
/// never leaves half a slip under that name.
public final class ReceiptWriter: Sendable {
  public let directory: URL
  /// `directory.path`, kept: each slip's paths are built from it.
  private let directoryPath: String

  /// Creates the folder if needed; throws `ReceiptError` when it cannot be
  /// created or is not a writable folder.
  public init(directory: URL) throws {
    self.directory = directory
    self.directoryPath = directory.path
    let fm = FileManager.default
    var isDir: ObjCBool = false
    if fm.fileExists(atPath: directory.path, isDirectory: &isDir) {
      guard isDir.boolValue else {
        throw ReceiptError(path: directory.path, problem: "exists but is not a folder")
      }
    } else {
      do {
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
      } catch {
        throw ReceiptError(
          path: directory.path, problem: "cannot create the folder (\(Self.reason(error)))")
      }
    }
    guard fm.isWritableFile(atPath: directory.path) else {
      throw ReceiptError(path: directory.path, problem: "the folder is not writable")
    }
  }

  /// Writes the slip as UTF-8 text with a trailing newline; returns where.
  public func write(_ slip: PrintedSlip) throws -> URL {
    let name = Self.sanitized(slip.fileName)
    // Paths as strings, and one URL for the name taken: `appendingPathComponent`
    // asked the file system whether each candidate was a folder.
    let temp = path(".tmp-\(UUID().uuidString)-\(name)")
    try writeWhole(Data(slip.text.utf8), to: temp)
    defer { unlink(temp) }
    let stem = name.hasSuffix(".txt") ? String(name.dropLast(4)) : name
    for n in 1...10_000 {
      let candidate = n == 1 ? "\(stem).txt" : "\(stem)-\(n).txt"
      let target = path(candidate)
      // link(2) fails with EEXIST instead of replacing: atomic no-overwrite.
      if link(temp, target) == 0 {
        return directory.appendingPathComponent(candidate, isDirectory: false)
      }
      let err = errno
      if err == EEXIST { continue }
      throw ReceiptError(path: target, problem: "cannot save the slip (\(Self.errnoText(err)))")
    }
    throw ReceiptError(path: directory.path, problem: "too many slips named \(stem)")
  }

  /// The path of a file named `name` in the folder.
  private func path(_ name: String) -> String {
    directoryPath.hasSuffix("/") ? directoryPath + name : directoryPath + "/" + name
  }

  /// Writes the whole file. No fsync: the journal is the durable record (an
  /// approved sale is committed before its slip prints); a slip is paper, and
  /// the temp-file + link(2) step already keeps half a slip from ever appearing
  /// under its final name when the process dies.
  private func writeWhole(_ data: Data, to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd >= 0 else {
      throw ReceiptError(
        path: directory.path, problem: "cannot write in the folder (\(Self.errnoText(errno)))")
    }
    defer { close(fd) }
    let ok = data.withUnsafeBytes { raw -> Bool in
      var offset = 0
      while offset < raw.count {
        let n = Glibc_write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n <= 0 { return false }
        offset += n
      }
      return true
    }
    guard ok else {
      let err = errno
      unlink(path)
      throw ReceiptError(path: path, problem: "cannot write the slip (\(Self.errnoText(err)))")
    }
  }

  static let allowedInNames = Set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
  static let allowedInNameBytes = Set(allowedInNames.flatMap(\.utf8))

  /// Keeps names to one ASCII path component.
  static func sanitized(_ name: String) -> String {
    // Every name the printer makes is allowed as it is: checked byte by byte.
    var out =
      name.utf8.allSatisfy(allowedInNameBytes.contains)
      ? name : String(name.map { allowedInNames.contains($0) ? $0 : "_" })
    while out.hasPrefix(".") { out.removeFirst() }
    return out.isEmpty ? "slip.txt" : out
  }

  static func errnoText(_ err: Int32) -> String { String(cString: strerror(err)) }

  static func reason(_ error: Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      return errnoText(Int32(underlying.code))
    }
    return ns.localizedDescription
  }
}

@inline(__always)
private func Glibc_write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    return Glibc.write(fd, buf, count)
  #else
    return Darwin.write(fd, buf, count)
  #endif
}
