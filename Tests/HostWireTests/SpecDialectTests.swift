import Acquirer
import Ciphers
import Foundation
import ISO8583
import TerminalCore
import TerminalRuntime
import TestPython
import Testing

@testable import HostWire

/// Issue 21: a host written from the UnionPay spec serves our terminal, and a
/// terminal written from the spec uses our host. Both are Python (pyiso8583 with
/// their own field table, pycryptodome): Tests/HostWireTests/spec_host.py and
/// spec_client.py.
@Suite("The UnionPay dialect against independent Python peers")
struct SpecDialectTests {
  let clock = Date(timeIntervalSince1970: 1_795_224_600)  // 2026-11-21 09:30 +08:00

  static var script: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent() }

  /// Starts spec_host.py; its port.
  func startSpecHost(_ dir: URL, tmk: SecretKey, arguments: [String]) throws -> (Process, Pipe, Int)
  {
    let portFile = dir.appendingPathComponent("spec-host.port").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      [
        try TestPython.interpreter(), Self.script.appendingPathComponent("spec_host.py").path,
        portFile,
        Hex.encode(tmk.bytes),
      ] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    var port = 0
    for _ in 0..<200 where port == 0 {
      Thread.sleep(forTimeInterval: 0.05)
      port = Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") ?? 0
    }
    return (process, pipe, port)
  }

  func swipe(_ session: TerminalSession, _ keys: [Key]) {
    type(session, keys)
    session.swipeDeckCard(1)
  }

  @Test func aSpecHostServesEveryKindReversalSettlementAndSignOff() throws {
    let fixture = try WireFixture()
    let tmk = TestKeys.tmk(terminalNo: "10000001")
    let (python, output, port) = try startSpecHost(
      fixture.directory, tmk: tmk, arguments: ["--unbalanced", "1", "--bad-mac-amount", "77700"])
    defer { if python.isRunning { python.terminate() } }
    try #require(port > 0, "spec_host.py did not start")
    let link = TCPHostLink(
      .init(
        endpoint: .init(host: "127.0.0.1", port: port), algorithm: .tripleDES, masterKey: tmk,
        timeZone: fixture.configuration.profile.timeZone))
    defer { link.close() }
    let session = fixture.session("spec", link: link, clock: clock)
    session.powerOn()
    type(session, [.enter] + digits("01") + digits("0000"))
    #expect(link.isSignedIn, "\(link.drainNotes())")

    // V1 sale 50.00, V2 sale 500.00, V3 void of V2, V4 balance, V5 refund 20.00,
    // V6 pre-auth 300.00 (the spec host's auth code 000006), V7 completion 320.00.
    for fen in ["5000", "50000"] {
      swipe(session, digits("1" + fen).dropLast() + [.enter])
      type(session, [.enter] + digits("123456") + [.enter])
    }
    type(session, [.digit(3)] + digits("123456") + digits("2") + [.enter])
    session.swipeDeckCard(1)
    type(session, digits("123456") + [.enter])
    swipe(session, [.digit(5)])
    type(session, digits("123456") + [.enter])
    swipe(session, [.digit(4)] + digits("123456"))
    type(session, digits("000000000001") + digits("1121") + digits("2000") + [.enter])
    swipe(session, [.digit(6), .digit(1)] + digits("30000"))
    type(session, [.enter] + digits("123456") + [.enter])
    swipe(session, [.digit(6), .digit(3)])
    type(session, [.enter] + digits("000006") + digits("1121") + digits("32000") + digits("123456"))
    type(session, [.enter])
    // V8 sale 777.00: the reply's MAC is wrong, the terminal reverses it (A0)
    // before V9, a sale of 10.00.
    swipe(session, digits("177700").dropLast() + [.enter])
    type(session, [.enter] + digits("123456") + [.enter])
    type(session, [.enter])
    swipe(session, digits("11000").dropLast() + [.enter])
    type(session, [.enter] + digits("123456") + [.enter])

    let journal = session.state.openBatch
    #expect(
      journal.map(\.kind) == [
        .sale, .sale, .void, .balance, .refund, .preAuth, .preAuthCompletion, .sale, .sale,
      ], "\(journal.map(\.kind)) \(link.drainNotes())")
    #expect(
      journal.map(\.status) == [
        .approved, .approved, .approved, .approved, .approved, .approved, .approved, .reversed,
        .approved,
      ], "\(journal.map(\.status)) \(link.drainNotes())")
    #expect(journal.first?.issuer == "中国银联", "field 63 read as GBK")

    // 8-4: not balanced (the spec's 0510 has no 62): batch upload, batch 2 next.
    type(session, [.digit(8), .digit(4), .enter, .cancel, .cancel])
    #expect(session.state.lastSettlement?.balanced == false)
    #expect(session.state.batch == 2)
    // A sale in batch 2, balanced this time, then 8-2 signs off.
    swipe(session, digits("1100").dropLast() + [.enter])
    type(session, [.enter] + digits("123456") + [.enter])
    type(session, [.digit(8), .digit(4), .enter, .cancel, .cancel])
    #expect(session.state.lastSettlement?.balanced == true)
    #expect(session.state.batch == 3)
    type(session, [.digit(8), .digit(2)])
    #expect(session.state.flow == .signIn(.signedOff))

    python.terminate()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    python.waitUntilExit()
    #expect(python.terminationStatus == 0, Comment(rawValue: text))
    #expect(!text.contains("PROBLEM"), Comment(rawValue: text))
    for kind in ["sale", "void", "refund", "balance", "preauth", "completion"] {
      #expect(text.contains(" \(kind)\n"), Comment(rawValue: "\(kind) missing:\n\(text)"))
    }
    for mti in ["0800", "0200", "0220", "0100", "0400", "0500", "0320", "0820"] {
      #expect(text.contains("< \(mti) fields"), Comment(rawValue: "\(mti) missing:\n\(text)"))
    }
    #expect(text.contains("REVERSED 000008 A0"), Comment(rawValue: text))
    #expect(text.contains("UPLOADS 1 SETTLEMENTS 2"), Comment(rawValue: text))
  }

  @Test func aSpecTerminalSignsInToOurHostAndSells() throws {
    let fixture = try WireFixture()
    let tmk = TestKeys.tmk(terminalNo: "10000001")
    let result = try run([
      try TestPython.interpreter(), Self.script.appendingPathComponent("spec_client.py").path,
      String(fixture.port),
      Hex.encode(tmk.bytes), "10000001", fixture.configuration.profile.merchantNo,
      "6222020000002227", "123456", "3012", "101",
    ])
    #expect(
      result.status == 0,
      Comment(rawValue: result.output + "\n" + fixture.hostLog.all.joined(separator: "\n")))
    #expect(result.output.contains("MAC key single length"), Comment(rawValue: result.output))
    #expect(result.output.contains("0210 39 00 63 CUP工商银行"), Comment(rawValue: result.output))
    #expect(result.output.contains("0210 mac ok"), Comment(rawValue: result.output))
  }
}
