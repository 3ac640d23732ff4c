import Foundation
import Testing

/// The host's state folder: locked while a host runs (a second host exits 4 naming
/// the first), private (0700), and never taken for a terminal's, nor a terminal's
/// for the host's.
@Suite("The host's state folder", .serialized)
struct HostFolderTests {
  static let sale = "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>"

  func terminalArgs(_ dir: URL, state: URL, port: String? = nil) -> [String] {
    [
      "--config", HostProcess.config, "--state", state.path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", "2026-11-21T09:30:00+08:00",
    ]
      + (port.map { ["--host", "tcp://127.0.0.1:\($0)"] } ?? [])
  }

  @Test func isLockedPrivateAndNeverATerminals() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "host-folder-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("host")

    let first = try HostProcess(state: state, dir: dir)
    #expect(!first.port.isEmpty)
    let mode = try FileManager.default.attributesOfItem(atPath: state.path)[.posixPermissions]
    #expect((mode as? NSNumber)?.intValue == 0o700, "the host's folder is its owner's only")

    // A second host on the same folder.
    let second = try HostProcess(state: state, dir: dir)
    let refused = second.stop()
    #expect(refused.status == 4, Comment(rawValue: refused.output))
    #expect(
      refused.output.contains(
        "state folder \(state.path) is in use by process \(first.process.processIdentifier)"),
      Comment(rawValue: refused.output))

    // A terminal on the host's folder, while the host runs and after it stopped.
    let whileRunning = try runTerminal(
      terminalArgs(dir, state: state, port: first.port), input: Self.sale)
    #expect(whileRunning.status == 4, Comment(rawValue: whileRunning.output))
    #expect(whileRunning.output.contains("in use by process \(first.process.processIdentifier)"))
    #expect(first.stop().status == 0)
    let afterwards = try runTerminal(terminalArgs(dir, state: state), input: Self.sale)
    #expect(afterwards.status == 4, Comment(rawValue: afterwards.output))
    #expect(afterwards.output.contains("host-folder: this is the simulated host's state folder"))
    #expect(
      !FileManager.default.fileExists(atPath: state.appendingPathComponent("journal.sqlite").path))

    // A host on a terminal's folder.
    let terminalState = dir.appendingPathComponent("state")
    #expect(try runTerminal(terminalArgs(dir, state: terminalState), input: Self.sale).status == 0)
    let onTerminals = try HostProcess(state: terminalState, dir: dir)
    let result = onTerminals.stop()
    #expect(result.status == 4, Comment(rawValue: result.output))
    #expect(
      result.output.contains("is a terminal's state folder"), Comment(rawValue: result.output))
    #expect(
      !FileManager.default.fileExists(
        atPath: terminalState.appendingPathComponent("host-folder").path))
  }
}
