import Foundation

/// `pos-terminal host` as its own process, for the tests that talk to it over TCP.
final class HostProcess {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let binary = root.appendingPathComponent(".build/debug/pos-terminal").path
  static let config = root.appendingPathComponent("Config").path

  let process = Process()
  private let output = Pipe()
  private(set) var port = ""

  /// Starts the host on `state` and waits for its port (empty when it did not listen).
  init(state: URL, dir: URL, config: String = HostProcess.config, extra: [String] = []) throws {
    let portFile = dir.appendingPathComponent("port-\(UUID().uuidString)").path
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments =
      [
        "host", "--listen", "127.0.0.1:0", "--state", state.path, "--config", config,
        "--port-file", portFile,
      ] + extra
    process.standardOutput = output
    process.standardError = output
    try process.run()
    for _ in 0..<200 where port.isEmpty && process.isRunning {
      Thread.sleep(forTimeInterval: 0.05)
      port =
        (try? String(contentsOfFile: portFile, encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
  }

  /// Stops it (SIGTERM) if running; its status and everything it wrote.
  func stop() -> (status: Int32, output: String) {
    if process.isRunning { process.terminate() }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  deinit { if process.isRunning { process.terminate() } }
}

/// Runs the binary with `input` on its standard input; its status and output.
func runTerminal(_ arguments: [String], input: String) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: HostProcess.binary)
  process.arguments = arguments
  let stdin = Pipe()
  let pipe = Pipe()
  process.standardInput = stdin
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  stdin.fileHandleForWriting.write(Data(input.utf8))
  try stdin.fileHandleForWriting.close()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
