import Acquirer
import Foundation
import ISO8583
import TerminalConfig
import TerminalCore
import TerminalRuntime
import Testing

@testable import HostWire

/// A host on a loopback port (its acquirer file in a temporary folder) and
/// terminals' links to it.
final class WireFixture {
  let directory: URL
  let configuration: Configuration
  let acquirer: SimulatedAcquirer
  let host: WireHost
  let port: Int
  let hostLog = LogBox()

  init(
    fault: WireFault = .none, faultTraces: Set<Int> = [], delay: Double = 0,
    hostTrace: WireTrace? = nil
  ) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "wire-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    configuration = ConfigLoader.embeddedDefaults()
    let hostState = directory.appendingPathComponent("host")
    try FileManager.default.createDirectory(at: hostState, withIntermediateDirectories: true)
    acquirer = try SimulatedAcquirer(
      accounts: configuration.deck.map(\.acquirerAccount),
      wallets: configuration.wallets.map(\.acquirerWallet), fault: .none,
      statePath: hostState.appendingPathComponent("acquirer.sqlite"),
      timeZone: configuration.profile.timeZone)
    let log = hostLog
    host = WireHost(
      acquirer: acquirer,
      settings: .init(
        stateDirectory: hostState, timeZone: configuration.profile.timeZone, fault: fault,
        faultTraces: faultTraces, delaySeconds: delay, trace: hostTrace, log: { log.add($0) }))
    port = try host.start(host: "127.0.0.1", port: 0)
  }

  deinit {
    host.stop()
    try? FileManager.default.removeItem(at: directory)
  }

  var url: String { "tcp://127.0.0.1:\(port)" }

  func link(
    algorithm: KeyAlgorithm = .tripleDES, tmk: SecretKey? = nil, terminalNo: String = "10000001",
    trace: WireTrace? = nil, timeout: Double = 5
  ) -> TCPHostLink {
    TCPHostLink(
      .init(
        endpoint: .init(host: "127.0.0.1", port: port), algorithm: algorithm,
        masterKey: tmk ?? TestKeys.tmk(terminalNo: terminalNo),
        timeZone: configuration.profile.timeZone, connectTimeoutSeconds: timeout, trace: trace))
  }

  /// Sends and waits for the reply (nil: lost, or none in `seconds`).
  func exchange(_ link: TCPHostLink, _ request: HostRequest, seconds: Double = 5) -> HostReply? {
    link.exchange(request, seconds: seconds)
  }

  func envelope(trace: Int, batch: Int = 1, terminalNo: String = "10000001") -> HostEnvelope {
    HostEnvelope(
      terminalNo: terminalNo, merchantNo: configuration.profile.merchantNo, batch: batch,
      trace: trace)
  }

  /// A session of the shipped configuration, its state in `name`, over TCP.
  func session(
    _ name: String, link: TCPHostLink, clock: Date, configuration: Configuration? = nil
  ) -> TerminalSession {
    let dir = directory.appendingPathComponent(name)
    return TerminalSession(
      configuration: configuration ?? self.configuration,
      options: SessionOptions(
        stateDirectory: dir.appendingPathComponent("state"),
        receiptsDirectory: dir.appendingPathComponent("receipts"), clockStart: clock, seed: 7),
      hostLink: link)
  }
}

final class LogBox: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []
  func add(_ s: String) { lock.withLock { lines.append(s) } }
  var all: [String] { lock.withLock { lines } }
}

/// Keys as a cashier types them; a key while the host is out waits for it.
func type(_ session: TerminalSession, _ keys: [Key]) {
  for key in keys {
    if session.isWaitingForHost { session.settleHost() }
    session.press(key)
  }
  if session.isWaitingForHost { session.settleHost() }
}

func digits(_ s: String) -> [Key] {
  s.compactMap { $0.wholeNumberValue }.map { .digit(UInt8($0)) } + [.enter]
}

/// Runs a command; its exit status and output.
func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Tests/HostWireTests/wire_check.py.
var wireCheckScript: String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "wire_check.py"
  ).path
}
