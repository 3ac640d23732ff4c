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
    // The dialect defaults to the UnionPay spec.
    #expect(c.wire.mac == .ecb && c.wire.field22 == .left)
    #expect(c.wire.tpdu == [0x60, 0x00, 0x03, 0x00, 0x00])
    #expect(c.wire.header == [0x60, 0x31, 0x00, 0x31, 0x01, 0x00])
  }

  @Test func theDialectOptionsRead() throws {
    let dir = try scratchConfig()
    defer { try? FileManager.default.removeItem(at: dir) }
    var text = try readConfigFile("host.yaml")
    text = replacing("mac: ecb", "mac: x919")(text)
    text = replacing("field22: left", "field22: right")(text)
    text = replacing("tpdu: \"6000030000\"", "tpdu: \"6000120034\"")(text)
    text = replacing("header: \"603100310100\"", "header: \"60 22 00 00 00 00\"")(text)
    try text.write(to: dir.appendingPathComponent("host.yaml"), atomically: true, encoding: .utf8)
    let c = try ConfigLoader.load(directory: dir)
    #expect(c.wire.mac == .x919 && c.wire.field22 == .right)
    #expect(c.wire.tpdu == [0x60, 0x00, 0x12, 0x00, 0x34])
    #expect(c.wire.header == [0x60, 0x22, 0, 0, 0, 0])
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
    ("mac: ecb", "mac: cbc", "mac", "\"cbc\" is not one of: ecb, x919"),
    ("field22: left", "field22: middle", "field22", "\"middle\" is not one of: left, right"),
    (
      "tpdu: \"6000030000\"", "tpdu: \"60000300\"", "tpdu",
      "\"60000300\" is not a TPDU: 10 hex digits (5 bytes)"
    ),
    (
      "tpdu: \"6000030000\"", "tpdu: \"7000030000\"", "tpdu",
      "a TPDU starts with 60 (a transaction TPDU), not 70"
    ),
    (
      "header: \"603100310100\"", "header: \"60310031010G\"", "header",
      "\"60310031010G\" is not a header: 12 hex digits (6 bytes)"
    ),
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
