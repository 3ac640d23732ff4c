import Foundation

/// Runs the real binary with a watchdog: a command that would hang (a FIFO given
/// as a config file) fails its test instead of stalling the suite.
enum Hardening {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
    /// The watchdog ended the process.
    var timedOut: Bool
    var all: String { stdout + stderr }
  }

  /// Something the reading threads fill in; read only after they are done.
  final class Box: @unchecked Sendable {
    var data = Data()
  }

  static let clock = "2026-11-21T09:30:00+08:00"

  /// `--state`, `--receipts` in `dir` and the usual `--clock`.
  static func runArgs(_ dir: URL, clock: String = clock) -> [String] {
    [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", clock,
    ]
  }

  static func run(
    _ arguments: [String], input: Data = Data(), in directory: URL = Acceptance.packageRoot,
    timeout: Double = 60
  ) throws -> Run {
    guard FileManager.default.isExecutableFile(atPath: Acceptance.binary.path) else {
      throw Acceptance.BinaryMissing(path: Acceptance.binary.path)
    }
    let p = Process()
    p.executableURL = Acceptance.binary
    p.arguments = arguments
    p.currentDirectoryURL = directory
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    p.standardInput = stdin
    p.standardOutput = stdout
    p.standardError = stderr
    let exited = DispatchSemaphore(value: 0)
    p.terminationHandler = { _ in exited.signal() }
    try p.run()
    let group = DispatchGroup()
    let out = Box()
    let err = Box()
    DispatchQueue.global().async(group: group) {
      out.data = stdout.fileHandleForReading.readDataToEndOfFile()
    }
    DispatchQueue.global().async(group: group) {
      err.data = stderr.fileHandleForReading.readDataToEndOfFile()
    }
    let writer = stdin.fileHandleForWriting
    // The process may exit before reading everything (a usage error): EPIPE, not a signal.
    signal(SIGPIPE, SIG_IGN)
    DispatchQueue.global().async {
      _ = try? writer.write(contentsOf: input)
      try? writer.close()
    }
    var timedOut = false
    if exited.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      p.terminate()
      _ = exited.wait(timeout: .now() + 5)
    }
    _ = group.wait(timeout: .now() + 10)
    return Run(
      status: p.terminationStatus, stdout: String(decoding: out.data, as: UTF8.self),
      stderr: String(decoding: err.data, as: UTF8.self), timedOut: timedOut)
  }

  static func run(
    _ arguments: [String], input: String, in directory: URL = Acceptance.packageRoot,
    timeout: Double = 60
  ) throws -> Run {
    try run(arguments, input: Data(input.utf8), in: directory, timeout: timeout)
  }

  /// A mono 16-bit 44.1 kHz WAV header declaring `seconds` of audio, its data all
  /// zeros (a sparse file: made at once, whatever its length). `byteRate` lets a
  /// header lie about the byte rate.
  static func silentWAV(at url: URL, seconds: Int, byteRate: Int? = nil) throws {
    let rate = 44100
    let dataBytes = seconds * rate * 2
    var header: [UInt8] = []
    func p32(_ v: Int) { for k in 0..<4 { header.append(UInt8((v >> (8 * k)) & 0xFF)) } }
    func p16(_ v: Int) { for k in 0..<2 { header.append(UInt8((v >> (8 * k)) & 0xFF)) } }
    header += Array("RIFF".utf8)
    p32(36 + dataBytes)
    header += Array("WAVEfmt ".utf8)
    p32(16)
    p16(1)
    p16(1)
    p32(rate)
    p32(byteRate ?? rate * 2)
    p16(2)
    p16(16)
    header += Array("data".utf8)
    p32(dataBytes)
    try Data(header).write(to: url)
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: UInt64(header.count + dataBytes))
    try handle.close()
  }
}
