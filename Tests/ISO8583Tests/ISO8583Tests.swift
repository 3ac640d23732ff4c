import Ciphers
import Foundation
import TerminalCore
import Testing

@testable import ISO8583

@Suite struct ISO8583Tests {
  let time = WireTime(timeZone: TimeZone(secondsFromGMT: 8 * 3600)!)
  let clock = Date(timeIntervalSince1970: 1_795_743_000)  // 2026-11-21 09:30 +08:00
  let pan = "6222020000002227"

  func keys(_ algorithm: KeyAlgorithm) -> WorkingKeys {
    WorkingKeys(
      algorithm: algorithm, pin: SecretKey(Array(0..<16)), mac: SecretKey(Array(16..<32)),
      track: SecretKey(Array(32..<48)))
  }

  @Test func bcdPadsFixedFieldsLeftAndVariableFieldsRight() throws {
    #expect((BCD.pack("022", padLeft: true)) == ([0x00, 0x22]))
    #expect((BCD.pack("123", padLeft: false)) == ([0x12, 0x30]))
    var m = ISOMessage(mti: "0200")
    m.set(2, "6222020000002227123")  // 19 digits
    m.set(22, "021")
    let bytes = try m.encode()
    // MTI, bitmap (fields 2 and 22), LL 19, 10 bytes of PAN (last nibble 0), 22
    // left-aligned as UnionPay terminals send it (021 → 02 10).
    #expect(
      (Array(bytes[0..<2]) + [bytes[10]] + Array(bytes[20...]))
        == ([0x02, 0x00, 0x19, 0x30, 0x02, 0x10]))
    #expect((Array(bytes[2..<10])) == ([0x40, 0, 0x04, 0, 0, 0, 0, 0]))
    #expect((try ISOMessage.decode(bytes)) == (m))
  }

  @Test func badBytesGiveClearErrors() {
    #expect(
      thrown { try ISOMessage.decode([0x02, 0x00, 0x40]) } == "bitmap: needs 8 bytes, 1 left")
    // Field 2 says 19 digits and has 2 bytes.
    #expect(
      thrown { try ISOMessage.decode([0x02, 0x00, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x19, 0x62, 0x22]) }
        == "field 2 (primary account number): needs 10 bytes, 2 left")
    #expect(
      thrown { try WireFrame.parse(frame: [0x00, 0x20, 0x60]) }
        == "frame: length prefix says 32 bytes, 1 follow")
    var m = ISOMessage(mti: "0200")
    m.set(4, "12")
    #expect(thrown { try m.encode() } == "field 4: 2 long; the field is fixed at 12")
  }

  @Test func theFrameIsLengthTPDUHeaderMessage() throws {
    let frame = WireFrame(tpdu: TPDU(), header: .terminal(), message: [0x08, 0x00])
    #expect((WireFrame.hex(frame.bytes)) == ("000D" + "6000030000" + "603100310100" + "0800"))
    #expect((try WireFrame.parse(frame: frame.bytes)) == (frame))
    #expect((TPDU().reply.bytes) == ([0x60, 0, 0, 0, 3]))
    #expect((MessageHeader.terminal(chip: true).bytes.first) == (0x61))
  }

  /// Every request kind through the wire and back: the host reads what the terminal meant.
  @Test func everyRequestRoundTrips() throws {
    for algorithm in KeyAlgorithm.allCases {
      let k = keys(algorithm)
      let context = WireMessages.RequestContext(algorithm: algorithm, keys: k, time: time)
      for kind in WireMessages.carriedKinds {
        for entry in [EntryMode.swipe, .insert, .manual] {
          let original =
            kind == .sale
            ? nil
            : OriginalTransaction(
              trace: 7, batch: 1, referenceNo: "000000000042", date: "1120", authCode: "123456")
          let t = TransactionRequest(
            kind: kind, message: kind.descriptor.message, amountFen: kind == .balance ? 0 : 1234,
            pan: pan, expiry: "3012", serviceCode: entry == .manual ? "" : "201",
            entryMode: entry,
            pinBlock: PINBlock.format0(pin: [1, 2, 3, 4], pan: pan), original: original)
          let request = HostRequest(
            envelope: HostEnvelope(
              terminalNo: "10000001", merchantNo: "898310048160001", batch: 3, trace: 42),
            body: .transaction(t), time: clock)
          let sealed = try MAC.seal(try WireMessages.message(for: request, context), keys: k)
          let decodedMessage = try ISOMessage.decode(
            try sealed.encode(), pinBlockLength: { _ in algorithm.pinBlockLength })
          #expect(MAC.verify(decodedMessage, keys: k))
          let back = try WireMessages.request(
            from: decodedMessage, keys: k, time: time, near: clock)
          #expect((back.request) == (request), Comment(rawValue: "\(algorithm) \(kind) \(entry)"))
          #expect(
            (decodedMessage.string(35)?.range(of: "D3012")) == nil,
            Comment(rawValue: "track in clear"))
        }
      }
      for body: HostRequestBody in [
        .signIn(operatorNo: "01"), .signOff(operatorNo: "02"),
        .settlement(
          debit: Totals(count: 3, amountFen: 9999), credit: Totals(count: 1, amountFen: 5)),
        .batchUpload(nil, sent: 12),
      ] {
        let request = HostRequest(
          envelope: HostEnvelope(
            terminalNo: "10000001", merchantNo: "898310048160001", batch: 3, trace: 42),
          body: body, time: clock)
        let m = try ISOMessage.decode(try WireMessages.message(for: request, context).encode())
        #expect(
          (try WireMessages.request(from: m, keys: k, time: time, near: clock).request) == (request)
        )
      }
    }
  }

  /// A reply is accepted only with MTI + 10 and the request's 3, 11, 41, 42 and 4.
  @Test func replyChecks() throws {
    var request = ISOMessage(mti: "0200")
    request.set(3, "000000")
    request.set(4, "000000001234")
    request.set(11, "000042")
    request.set(41, "10000001")
    request.set(42, "898310048160001")
    var reply = request
    reply.mti = "0210"
    #expect((WireMessages.mismatch(reply: reply, request: request)) == nil)
    var wrong = reply
    wrong.mti = "0230"
    #expect((WireMessages.mismatch(reply: wrong, request: request)) == ("MTI 0230, expected 0210"))
    for (n, value) in [
      (3, "200000"), (11, "000043"), (41, "10000002"), (42, "898310048160002"), (4, "000000001235"),
    ] {
      wrong = reply
      wrong.set(n, value)
      #expect(
        (WireMessages.mismatch(reply: wrong, request: request)) != nil,
        Comment(rawValue: "field \(n)"))
    }
  }

  /// Known answers: the check value of the classic test key (a published
  /// figure: 08D7B4), and a MAC that changes with every bit.
  @Test func keyCheckValueAndMACs() throws {
    let key = SecretKey(Hex.decode("0123456789ABCDEFFEDCBA9876543210")!)
    #expect((Hex.encode(try KeyCheck.value(key, .tripleDES)).uppercased().prefix(6)) == ("08D7B4"))
    let data = Array("Now is the time for all ".utf8)
    let k = WorkingKeys(algorithm: .tripleDES, pin: key, mac: key, track: key)
    let mac = try WireCrypto.mac(data, keys: k)
    #expect((mac.count) == (8))
    var flipped = data
    flipped[0] ^= 1
    #expect((try WireCrypto.mac(flipped, keys: k)) != (mac))
    let sm4 = WorkingKeys(algorithm: .sm4, pin: key, mac: key, track: key)
    #expect((try WireCrypto.mac(data, keys: sm4).count) == (8))
  }

  @Test func workingKeysTravelUnderTheTMKWithCheckValues() throws {
    for algorithm in KeyAlgorithm.allCases {
      let tmk = TestKeys.tmk(terminalNo: "10000001")
      let k = try WorkingKeys.random(algorithm)
      let f62 = try k.field62(tmk: tmk)
      #expect((f62.count) == (60))
      #expect((try WorkingKeys.fromField62(f62, tmk: tmk, algorithm: algorithm)) == (k))
      var bad = f62
      bad[18] ^= 1
      #expect(thrown { try WorkingKeys.fromField62(bad, tmk: tmk, algorithm: algorithm) } != nil)
      #expect(
        thrown {
          try WorkingKeys.fromField62(
            f62, tmk: TestKeys.tmk(terminalNo: "10000002"), algorithm: algorithm)
        } != nil)
    }
    #expect((TestKeys.tmk(terminalNo: "10000001")) != (TestKeys.tmk(terminalNo: "10000002")))
  }

  @Test func trackEncryptionRoundTripsAndHidesTheBlock() throws {
    for algorithm in KeyAlgorithm.allCases {
      let track = pan + "=" + "3012201"
      let enc = try WireCrypto.encryptTrack(track, keys: keys(algorithm))
      #expect((enc) != (track))
      #expect((try WireCrypto.decryptTrack(enc, keys: keys(algorithm))) == (pan + "D3012201"))
    }
  }
}

/// The error's description, or nil when nothing was thrown.
func thrown<T>(_ body: () throws -> T) -> String? {
  do {
    _ = try body()
    return nil
  } catch {
    return "\(error)"
  }
}
