import Foundation
import Testing

@testable import TerminalConfig

/// host.yaml's link settings: good values read, bad ones named by file, line and field.
@Suite struct WireConfigTests {
  @Test func theShippedConfigKeepsTheInProcessHost() {
    let c = ConfigLoader.embeddedDefaults()
    #expect(c.wire.link == .inProcess)
    #expect(c.wire.keys == .tripleDES)
    #expect(c.wire.fault == .none)
    #expect(c.wire.faultTraces == [])
  }

  @Test func aTCPLinkAndItsFaultsRead() throws {
    let dir = try scratchConfig()
    defer { try? FileManager.default.removeItem(at: dir) }
    var text = try readConfigFile("host.yaml")
    text = replacing("link: in_process", "link: tcp://127.0.0.1:5800")(text)
    text = replacing("keys: 3des", "keys: sm4")(text)
    text = replacing("wire_fault: none", "wire_fault: wrong_mac")(text)
    text = replacing("wire_fault_traces: []", "wire_fault_traces: [3, 7]")(text)
    try text.write(to: dir.appendingPathComponent("host.yaml"), atomically: true, encoding: .utf8)
    let c = try ConfigLoader.load(directory: dir)
    #expect(c.wire.link == .tcp(host: "127.0.0.1", port: 5800))
    #expect(c.wire.keys == .sm4)
    #expect(c.wire.fault == .wrongMAC)
    #expect(c.wire.faultTraces == [3, 7])
  }

  @Test(arguments: [
    (
      "link: in_process", "link: tcp://127.0.0.1", "link",
      "\"tcp://127.0.0.1\" is neither in_process nor tcp://HOST:PORT (port 1–65535)"
    ),
    (
      "link: in_process", "link: http://x:80", "link",
      "\"http://x:80\" is neither in_process nor tcp://HOST:PORT (port 1–65535)"
    ),
    ("keys: 3des", "keys: des", "keys", "\"des\" is not one of: 3des, sm4"),
    (
      "wire_fault: none", "wire_fault: drop", "wire_fault",
      "\"drop\" is not one of: none, close, garbled, wrong_mac, other_trace, delay"
    ),
  ])
  func badValuesAreNamed(old: String, new: String, field: String, problem: String) throws {
    let (e, text) = try loadError("host.yaml", edit: replacing(old, new))
    #expect(e.file.hasSuffix("/host.yaml"))
    #expect(e.line == lineNumber(of: new, in: text))
    #expect(e.field == field)
    #expect(e.problem == problem)
  }
}
