import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Stalled connections (a length prefix and nothing after it, or nothing at all) are
/// closed after `idle_timeout_s`, connections beyond `max_connections` at once, each
/// with a line in the host's log, and a real terminal still sells meanwhile.
@Suite("The host and stalled connections", .serialized)
struct HostStallTests {
  /// A TCP connection to the host; `prefix` is sent and then nothing more.
  final class Held {
    let fd: Int32
    init?(port: Int, prefix: [UInt8]) {
      fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = in_port_t(UInt16(port).bigEndian)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      guard fd >= 0, connected == 0 else { return nil }
      if !prefix.isEmpty { _ = prefix.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) } }
    }
    deinit { close(fd) }

    /// True when the host has closed it, waiting at most `seconds`.
    func closedByHost(within seconds: Double) -> Bool {
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, Int32(seconds * 1000)) == 1 else { return false }
      var byte: UInt8 = 0
      return recv(fd, &byte, 1, 0) <= 0
    }
  }

  @Test func areDroppedWhileATerminalStillSells() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "host-stall-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = dir.appendingPathComponent("Config")
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: HostProcess.config), to: config)
    let hostYAML = config.appendingPathComponent("host.yaml")
    let text = try String(contentsOf: hostYAML, encoding: .utf8)
      .replacingOccurrences(of: "idle_timeout_s: 60", with: "idle_timeout_s: 3")
      .replacingOccurrences(of: "max_connections: 256", with: "max_connections: 40")
    try text.write(to: hostYAML, atomically: true, encoding: .utf8)

    let host = try HostProcess(
      state: dir.appendingPathComponent("host"), dir: dir, config: config.path)
    let port = try #require(Int(host.port))
    // 39 held: half announce a 65,535-byte frame and send none of it.
    let held = (0..<39).compactMap { Held(port: port, prefix: $0 % 2 == 0 ? [0xFF, 0xFF] : []) }
    #expect(held.count == 39)

    let sale = try runTerminal(
      [
        "--config", config.path, "--state", dir.appendingPathComponent("state").path,
        "--receipts", dir.appendingPathComponent("receipts").path,
        "--clock", "2026-11-21T09:30:00+08:00", "--host", "tcp://127.0.0.1:\(port)",
      ],
      input: "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>")
    #expect(sale.status == 0, Comment(rawValue: sale.output))
    #expect(sale.output.contains("_merchant.txt"), Comment(rawValue: sale.output))

    // Every held one is closed once idle; the host serves new ones up to the cap.
    #expect(held.allSatisfy { $0.closedByHost(within: 6) })
    let next = (0..<41).compactMap { _ in Held(port: port, prefix: [0x00]) }
    #expect(next.count == 41)
    #expect(next.last?.closedByHost(within: 1.5) == true, "the 41st is refused at once")
    #expect(next.dropLast().allSatisfy { $0.closedByHost(within: 6) })

    let log = host.stop()
    #expect(log.status == 0, Comment(rawValue: log.output))
    let idleLines = log.output.components(separatedBy: "no whole frame for 3.0 s (idle_timeout_s)")
    #expect(idleLines.count - 1 >= 39 + 40, Comment(rawValue: String(log.output.suffix(2000))))
    #expect(
      log.output.contains("refused: 40 connections open (max_connections 40)"),
      Comment(rawValue: String(log.output.suffix(2000))))
  }
}
