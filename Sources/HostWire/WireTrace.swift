import Foundation
import ISO8583

/// `--trace FILE`: one line per frame, `>` sent or `<` received, a space, the
/// whole frame in hex, length prefix included. Appends; safe from any thread.
/// PINs and track data are encrypted on the wire, so the trace holds none in clear.
public final class WireTrace: @unchecked Sendable {
  // @unchecked: `handle` is only used under `lock`.
  private let lock = NSLock()
  private let handle: FileHandle

  public init(path: String) throws {
    if !FileManager.default.fileExists(atPath: path) {
      guard FileManager.default.createFile(atPath: path, contents: nil) else {
        throw WireSetupError("cannot create the trace file \(path)")
      }
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw WireSetupError("cannot open the trace file \(path) for writing")
    }
    handle.seekToEndOfFile()
    self.handle = handle
  }

  public func sent(body: [UInt8]) { write(">", body) }
  public func received(body: [UInt8]) { write("<", body) }

  private func write(_ direction: String, _ body: [UInt8]) {
    let frame = [UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)] + body
    let line = direction + " " + WireFrame.hex(frame) + "\n"
    lock.lock()
    defer { lock.unlock() }
    handle.write(Data(line.utf8))
  }
}

public struct WireSetupError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
