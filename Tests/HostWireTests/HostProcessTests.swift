import Ciphers
import Foundation
import ISO8583
import TestPython
import Testing

/// The commands as a user runs them: `pos-terminal keys load`, `pos-terminal host`
/// as its own process, the README's scripted sale pointed at it with `--host` and
/// `--trace`, and SIGTERM.
@Suite struct HostProcessTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let binary = root.appendingPathComponent(".build/debug/pos-terminal").path

  @Test func aSaleAgainstTheHostProcessWithALoadedKeyAndATrace() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "wire-process-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = Self.root.appendingPathComponent("Config").path
    let tmk = "00112233445566778899AABBCCDDEEFF"
    for state in ["state", "host"] {
      let loaded = try run([
        Self.binary, "keys", "load", "--state", dir.appendingPathComponent(state).path,
        "--terminal", "10000001", "--tmk", tmk,
      ])
      #expect(loaded.status == 0, Comment(rawValue: loaded.output))
    }
    let keyFile = dir.appendingPathComponent("state/keys/10000001.tmk").path
    let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions]
    #expect((mode as? NSNumber)?.intValue == 0o600)

    let host = Process()
    host.executableURL = URL(fileURLWithPath: Self.binary)
    let portFile = dir.appendingPathComponent("port").path
    host.arguments = [
      "host", "--listen", "127.0.0.1:0", "--state", dir.appendingPathComponent("host").path,
      "--config", config, "--port-file", portFile, "--trace",
      dir.appendingPathComponent("host.trace").path,
    ]
    let hostOut = Pipe()
    host.standardOutput = hostOut
    host.standardError = hostOut
    try host.run()
    defer { if host.isRunning { host.terminate() } }
    var port = ""
    for _ in 0..<100 where port.isEmpty {
      Thread.sleep(forTimeInterval: 0.05)
      port =
        (try? String(contentsOfFile: portFile, encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
    #expect(!port.isEmpty)

    let trace = dir.appendingPathComponent("terminal.trace").path
    let terminal = Process()
    terminal.executableURL = URL(fileURLWithPath: Self.binary)
    terminal.arguments = [
      "--config", config, "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", "2026-11-21T09:30:00+08:00",
      "--host", "tcp://127.0.0.1:\(port)", "--trace", trace,
    ]
    let input = Pipe()
    let output = Pipe()
    terminal.standardInput = input
    terminal.standardOutput = output
    terminal.standardError = output
    try terminal.run()
    input.fileHandleForWriting.write(
      Data("<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>".utf8))
    try input.fileHandleForWriting.close()
    let transcript = String(
      decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    terminal.waitUntilExit()
    #expect(terminal.terminationStatus == 0, Comment(rawValue: transcript))
    #expect(transcript.contains("_merchant.txt"), Comment(rawValue: transcript))
    #expect(transcript.contains("交易成功") || transcript.contains("批准"), Comment(rawValue: transcript))

    host.terminate()  // SIGTERM
    host.waitUntilExit()
    let hostLog = String(
      decoding: hostOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(host.terminationStatus == 0, Comment(rawValue: hostLog))
    #expect(hostLog.contains("host: stopped (2 frames in, 2 replies"), Comment(rawValue: hostLog))

    // Both traces, checked by the independent decoder and ciphers, with the loaded key.
    for file in [trace, dir.appendingPathComponent("host.trace").path] {
      let check = try run([
        try TestPython.interpreter(), wireCheckScript, file, tmk, "3des", "123456",
        "6222020000002227",
      ])
      #expect(check.status == 0, Comment(rawValue: check.output))
      #expect(check.output.contains("pin ok"), Comment(rawValue: check.output))
    }
    // The trace lines are `>`/`<`, a space and the frame with its length prefix.
    let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 4)
    for line in lines {
      let parts = line.split(separator: " ")
      #expect(parts.count == 2 && (parts[0] == ">" || parts[0] == "<"))
      let bytes = Hex.decode(String(parts[1])) ?? []
      #expect(bytes.count >= 2 && Int(bytes[0]) << 8 | Int(bytes[1]) == bytes.count - 2)
    }
  }
}
