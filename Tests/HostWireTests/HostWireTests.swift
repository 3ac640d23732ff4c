import Acquirer
import Ciphers
import Foundation
import ISO8583
import Journal
import TerminalConfig
import TerminalCore
import TerminalRuntime
import TestPython
import Testing

@testable import HostWire

@Suite struct HostWireTests {
  let pan = "6222020000002227"  // deck card 1, PIN 123456
  let clock = Date(timeIntervalSince1970: 1_795_743_000)  // 2026-11-21 09:30 +08:00

  func transaction(_ kind: TransactionKind, entry: EntryMode = .swipe) -> TransactionRequest {
    var original: OriginalTransaction?
    switch kind {
    case .void, .preAuthCompletionVoid:
      original = OriginalTransaction(trace: 1, batch: 1, referenceNo: "000000000001")
    case .refund: original = OriginalTransaction(referenceNo: "000000000001", date: "1121")
    case .preAuthVoid, .preAuthCompletion, .preAuthCompletionAdvice:
      original = OriginalTransaction(authCode: "000001")
    case .sale, .balance, .preAuth, .qr, .qrVoid: break
    }
    let pin: PINBlock =
      kind.descriptor.steps.contains(.pin)
      ? PINBlock.format0(pin: [1, 2, 3, 4, 5, 6], pan: pan) : PINBlock(bytes: [])
    return TransactionRequest(
      kind: kind, message: kind.descriptor.message, amountFen: kind == .balance ? 0 : 1234,
      pan: pan, expiry: "3012", serviceCode: "201", entryMode: entry, pinBlock: pin,
      original: original)
  }

  /// Every message kind over TCP, then the trace checked by pyiso8583 and
  /// pycryptodome / cryptography (Tests/HostWireTests/wire_check.py).
  func everyKindThroughPython(_ algorithm: KeyAlgorithm) throws {
    let fixture = try WireFixture()
    let tracePath = fixture.directory.appendingPathComponent("terminal.trace").path
    let link = fixture.link(algorithm: algorithm, trace: try WireTrace(path: tracePath))
    defer { link.close() }
    let signIn = fixture.exchange(
      link,
      HostRequest(
        envelope: fixture.envelope(trace: 0), body: .signIn(operatorNo: "01"), time: clock))
    guard case .signedIn(let batch, _)? = signIn?.body else {

      Issue.record(Comment(rawValue: "no sign-in: \(link.drainNotes())"))
      return
    }
    #expect((batch) == (1))
    var trace = 0
    var bodies: [HostRequestBody] = WireMessages.carriedKinds.map { .transaction(transaction($0)) }
    bodies.append(.transaction(transaction(.sale, entry: .insert)))
    bodies += [
      .reversal(
        ReversalRecord(
          kind: .sale, trace: 1, batch: 1, amountFen: 1234, maskedPAN: PANMask.mask(pan),
          originalTime: clock)),
      .settlement(debit: Totals(count: 1, amountFen: 1234), credit: Totals()),
    ]
    for body in bodies {
      if case .reversal = body {} else { trace += 1 }
      let reply = fixture.exchange(
        link, HostRequest(envelope: fixture.envelope(trace: trace), body: body, time: clock))
      #expect((reply) != nil, Comment(rawValue: "\(body): no reply; notes \(link.drainNotes())"))
    }
    // The batch upload and sign-off, in the next batch.
    let record = TransactionRecord(
      trace: 1, batch: 1, kind: .sale, amountFen: 1234, maskedPAN: PANMask.mask(pan),
      expiry: "3012", entryMode: .swipe, operatorNo: "01", startedAt: clock, status: .approved,
      authCode: "000001", referenceNo: "000000000001")
    for body: HostRequestBody in [
      .batchUpload(BatchUploadItem(record), sent: 0), .batchUpload(nil, sent: 1),
      .signOff(operatorNo: "01"),
    ] {
      trace += 1
      #expect(
        (fixture.exchange(
          link,
          HostRequest(envelope: fixture.envelope(trace: trace, batch: 2), body: body, time: clock)))
          != nil, Comment(rawValue: "\(body)"))
    }
    let tmk = Hex.encode(TestKeys.tmk(terminalNo: "10000001").bytes)
    let result = try run([
      try TestPython.interpreter(), wireCheckScript, tracePath, tmk, algorithm.rawValue, "123456",
      pan,
    ])
    #expect((result.status) == (0), Comment(rawValue: result.output))
    for mti in [
      "0100", "0110", "0200", "0210", "0220", "0230", "0320", "0330", "0400", "0410",
      "0500", "0510", "0800", "0810", "0820", "0830",
    ] {
      #expect(
        result.output.contains(" \(mti) fields"),
        Comment(rawValue: "\(mti) missing:\n\(result.output)"))
    }
    #expect(result.output.contains("pin ok"), Comment(rawValue: result.output))
    #expect(result.output.contains("track ok"), Comment(rawValue: result.output))
    // The PAN is on the wire in field 2 only: never its digits in the host's log.
    #expect(!(fixture.hostLog.all.joined().contains(pan)))
  }

  @Test func everyKindDecodesWithPyISO8583AndItsMACsAndPINVerify3DES() throws {
    try everyKindThroughPython(.tripleDES)
  }

  @Test func everyKindDecodesWithPyISO8583AndItsMACsAndPINVerifySM4() throws {
    try everyKindThroughPython(.sm4)
  }

  /// A terminal with the wrong master key cannot read its working keys: the
  /// check values fail and the sign-in with them.
  @Test func wrongMasterKeyFailsSignInOnTheCheckValues() throws {
    let fixture = try WireFixture()
    let link = fixture.link(tmk: SecretKey([UInt8](repeating: 0x11, count: 16)))
    defer { link.close() }
    let reply = fixture.exchange(
      link,
      HostRequest(
        envelope: fixture.envelope(trace: 0), body: .signIn(operatorNo: "01"), time: clock))
    #expect((reply) == nil)
    #expect(!(link.isSignedIn))
    #expect(link.drainNotes().contains { $0.contains("check value does not match") })
  }

  /// A reply with a wrong MAC is dropped, and the sale is reversed with reason A0.
  @Test func macErrorOnTheReplyReversesWithA0() throws {
    let fixture = try WireFixture(fault: .wrongMAC, faultTraces: [1])
    let tracePath = fixture.directory.appendingPathComponent("t.trace").path
    let link = fixture.link(trace: try WireTrace(path: tracePath))
    defer { link.close() }
    let session = fixture.session("a", link: link, clock: clock)
    session.powerOn()
    type(session, [.enter] + digits("01") + digits("0000"))
    #expect(link.isSignedIn)
    sale(session, fen: "100")
    guard case .transaction(.timedOut) = session.state.flow else {

      Issue.record(Comment(rawValue: "\(session.state.flow)"))
      return
    }
    #expect((session.state.pendingReversal) != nil)
    let notes = session.drainOutputs().compactMap { o -> String? in
      if case .note(let t) = o { return t }
      return nil
    }
    #expect(notes.contains { $0.contains("MAC error") }, Comment(rawValue: "\(notes)"))
    type(session, [.enter])
    sale(session, fen: "200")  // the reversal goes first
    guard case .transaction(.approved) = session.state.flow else {

      Issue.record(Comment(rawValue: "\(session.state.flow)"))
      return
    }
    let reversal = try frames(tracePath).first { $0.mti == "0400" }
    #expect((reversal?.string(39)) == ("A0"))
    #expect(
      (reversal?.string(2)) == (pan),
      Comment(rawValue: "the reversal repeats the original's field 2"))
    #expect(
      (try fixture.acquirer.approvedTotals(terminalNo: "10000001", batch: 1))
        == (Totals(count: 1, amountFen: 200)))
  }

  /// A reply for another trace is dropped as real terminals drop it; the
  /// terminal times out and reverses (06), and the host undoes the sale.
  @Test func replyForAnotherTraceIsDroppedAndReversed() throws {
    let fixture = try WireFixture(fault: .otherTrace, faultTraces: [1])
    let tracePath = fixture.directory.appendingPathComponent("t.trace").path
    let link = fixture.link(trace: try WireTrace(path: tracePath))
    defer { link.close() }
    var configuration = fixture.configuration
    configuration.profile.hostTimeoutSeconds = 1
    let session = fixture.session("a", link: link, clock: clock, configuration: configuration)
    session.powerOn()
    type(session, [.enter] + digits("01") + digits("0000"))
    sale(session, fen: "100")
    guard case .transaction(.timedOut) = session.state.flow else {

      Issue.record(Comment(rawValue: "\(session.state.flow)"))
      return
    }
    type(session, [.enter])
    sale(session, fen: "300")
    guard case .transaction(.approved) = session.state.flow else {

      Issue.record(Comment(rawValue: "\(session.state.flow)"))
      return
    }
    #expect((try frames(tracePath).first { $0.mti == "0400" }?.string(39)) == ("98"))
    #expect(
      (try fixture.acquirer.approvedTotals(terminalNo: "10000001", batch: 1))
        == (Totals(count: 1, amountFen: 300)))
  }

  /// A garbled reply is dropped with a note; the sale times out and its reversal
  /// says 06 (other). A reply later than the timeout is dropped: the core awaits it no more.
  @Test(arguments: [(WireFault.garbled, "06"), (.delay, "98")])
  func aGarbledOrLateReplyIsDroppedAndReversed(fault: WireFault, reason: String) throws {
    let fixture = try WireFixture(fault: fault, faultTraces: [1], delay: 1.5)
    let tracePath = fixture.directory.appendingPathComponent("t.trace").path
    let link = fixture.link(trace: try WireTrace(path: tracePath))
    defer { link.close() }
    var configuration = fixture.configuration
    configuration.profile.hostTimeoutSeconds = 1
    let session = fixture.session("a", link: link, clock: clock, configuration: configuration)
    session.powerOn()
    type(session, [.enter] + digits("01") + digits("0000"))
    sale(session, fen: "100")
    guard case .transaction(.timedOut) = session.state.flow else {
      Issue.record(Comment(rawValue: "\(session.state.flow)"))
      return
    }
    if fault == .delay { Thread.sleep(forTimeInterval: 1) }  // the late reply arrives
    type(session, [.enter])
    sale(session, fen: "300")
    guard case .transaction(.approved) = session.state.flow else {
      Issue.record(Comment(rawValue: "\(session.state.flow)"))
      return
    }
    let notes = session.drainOutputs().compactMap { o -> String? in
      if case .note(let t) = o { return t }
      return nil
    }
    let expected = fault == .garbled ? "garbled frame" : "is not the request awaited"
    #expect(notes.contains { $0.contains(expected) }, Comment(rawValue: "\(notes)"))
    #expect(
      try frames(tracePath, skippingBad: true).first { $0.mti == "0400" }?.string(39) == reason)
    #expect(
      try fixture.acquirer.approvedTotals(terminalNo: "10000001", batch: 1)
        == Totals(count: 1, amountFen: 300))
  }

  /// Bytes that are not a message get a clear error at the host, which goes on
  /// serving the same connection.
  @Test func garbledFrameToTheHostIsRefusedAndNothingIsLost() throws {
    let fixture = try WireFixture()
    let link = fixture.link()
    defer { link.close() }
    #expect(
      (fixture.exchange(
        link,
        HostRequest(
          envelope: fixture.envelope(trace: 0), body: .signIn(operatorNo: "01"), time: clock)))
        != nil)
    // Straight onto a second connection: a frame whose bitmap names field 1.
    let raw = try RawClient(port: fixture.port)
    raw.send([0x60, 0, 3, 0, 0, 0x60, 0x31, 0, 0x31, 1, 0, 0x02, 0x00, 0xFF, 0, 0, 0, 0, 0, 0, 0])
    // The host answers on its own threads: wait for its line (not a fixed pause, which
    // a loaded machine outruns), up to 10 s.
    func refused() -> Bool {
      fixture.hostLog.all.contains { $0.contains("bad frame") && $0.contains("secondary bitmap") }
    }
    let deadline = Date().addingTimeInterval(10)
    while !refused() && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    raw.close()
    #expect(refused(), Comment(rawValue: "\(fixture.hostLog.all)"))
    let reply = fixture.exchange(
      link,
      HostRequest(
        envelope: fixture.envelope(trace: 1), body: .transaction(transaction(.sale)), time: clock))
    guard case .transaction(let t)? = reply?.body else {
      Issue.record(Comment(rawValue: "no reply"))
      return
    }
    #expect((t.responseCode) == (.approved))
  }

  /// The self-check's 通讯模块 line connects for real.
  @Test func selfCheckShowsAHostThatIsNotThere() throws {
    let fixture = try WireFixture()
    let dead = TCPHostLink(
      .init(
        endpoint: .init(host: "127.0.0.1", port: 1), algorithm: .tripleDES,
        masterKey: TestKeys.tmk(terminalNo: "10000001"), timeZone: .current,
        connectTimeoutSeconds: 1))
    let session = fixture.session("dead", link: dead, clock: clock)
    session.powerOn()
    let notes = session.drainOutputs().compactMap { o -> String? in
      if case .note(let t) = o { return t }
      return nil
    }
    #expect(
      notes.contains {
        $0.contains("通讯模块") && $0.contains("connection refused") && $0.contains("pos-terminal host")
      }, Comment(rawValue: "\(notes)"))
  }

  /// The master key file is the owner's only.
  @Test func masterKeyFileIsMode0600AndTheTestKeyIsDerived() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tmk-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dir) }
    let key = try MasterKeyFile.terminalKey(state: dir, terminalNo: "10000001", trainingMode: true)
    #expect((key) == (TestKeys.tmk(terminalNo: "10000001")))
    let url = MasterKeyFile.url(state: dir, terminalNo: "10000001")
    let mode =
      try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber
    #expect((mode?.intValue) == (0o600))
    #expect(throws: (any Error).self) {
      try MasterKeyFile.terminalKey(state: dir, terminalNo: "10000002", trainingMode: false)
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
    #expect(throws: (any Error).self) { try MasterKeyFile.load(state: dir, terminalNo: "10000001") }
  }

  /// A whole day over TCP: sign-in, sales, one whose reply is lost (the host
  /// closes the connection), its reversal (98) after a reconnect, more sales;
  /// the next morning the terminal restarts, signs in again (new working keys)
  /// and settles: the host's books and the journal agree, and say so.
  @Test func aWholeDayOverTCPEndsBalanced() throws {
    let fixture = try WireFixture(fault: .close, faultTraces: [3])
    let tracePath = fixture.directory.appendingPathComponent("day.trace").path
    let trace = try WireTrace(path: tracePath)
    do {
      let link = fixture.link(trace: trace)
      let session = fixture.session("day", link: link, clock: clock)
      session.powerOn()
      type(session, [.enter] + digits("01") + digits("0000"))
      #expect(link.isSignedIn)
      var approved: [Int64] = []
      for (i, fen) in [1000, 2550, 399, 12000, 1].enumerated() {
        sale(session, fen: String(fen))
        if case .transaction(.approved) = session.state.flow {
          approved.append(Int64(fen))
        } else {
          #expect((i) == (2), Comment(rawValue: "sale \(i + 1): \(session.state.flow)"))
        }
        type(session, [.enter])
        session.advanceClock(by: 600)
      }
      #expect((approved.count) == (4))
      let journal = session.state.openBatch
      #expect((journal.filter { $0.status == .reversed }.map(\.trace)) == ([3]))
      let host = try fixture.acquirer.approvedTotals(terminalNo: "10000001", batch: 1)
      #expect((host) == (BatchLedger(journal).debit))
      #expect((host) == (Totals(count: 4, amountFen: approved.reduce(0, +))))
      link.close()
    }

    // The next morning: a new process, a new link, a new sign-in.
    let link = fixture.link(trace: trace)
    defer { link.close() }
    let session = fixture.session("day", link: link, clock: clock.addingTimeInterval(86_400))
    session.powerOn()
    type(session, [.enter] + digits("01") + digits("0000"))
    #expect(link.isSignedIn)
    var slips: [String] = []
    for key in [Key.enter, .cancel, .cancel, .cancel, .cancel] {
      if case .menu = session.state.flow { break }
      type(session, [key])
      for case .printed(let slip) in session.drainOutputs() { slips += slip.lines }
    }
    guard case .menu = session.state.flow else {
      Issue.record(Comment(rawValue: "\(session.state.flow)"))
      return
    }
    #expect(slips.contains { $0.contains("对账平") }, Comment(rawValue: slips.joined(separator: "\n")))
    #expect((try fixture.acquirer.currentBatch(terminalNo: "10000001")) == (2))
    let mtis = try frames(tracePath).map(\.mti)
    #expect((mtis.filter { $0 == "0800" }.count) == (2))
    #expect((mtis.filter { $0 == "0400" }.count) == (1))
    #expect((mtis.filter { $0 == "0500" }.count) == (1))
  }

  // MARK: Helpers

  func sale(_ session: TerminalSession, fen: String) {
    type(session, digits("1" + fen))
    session.swipeDeckCard(1)
    type(session, [.enter] + digits("123456"))
  }

  func frames(_ path: String, skippingBad: Bool = false) throws -> [ISOMessage] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap {
      line -> ISOMessage? in
      let hex = line.split(separator: " ")[1]
      guard let bytes = Hex.decode(String(hex)) else { return nil }
      do {
        let frame = try WireFrame.parse(frame: bytes)
        return try ISOMessage.decode(frame.message)
      } catch  where skippingBad {
        return nil
      }
    }
  }
}

/// A plain socket, for bytes no link would send.
final class RawClient {
  let fd: Int32
  init(port: Int) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let ok = withUnsafePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    if ok != 0 { throw WireSetupError("connect failed") }
  }
  /// One frame: the body with its 2-byte length.
  func send(_ body: [UInt8]) {
    let frame = [UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    _ = frame.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  }
  func close() { _ = Glibc.close(fd) }
}
