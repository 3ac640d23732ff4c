import CardReader
import Foundation
import Testing

@Suite struct StripeCodecTests {
  @Test func luhnVectors() {
    #expect(Luhn.isValid("79927398713"))
    #expect(!Luhn.isValid("79927398710"))
    #expect(Luhn.isValid("4111111111111111"))
    #expect(!Luhn.isValid("4111111111111112"))
    #expect(!Luhn.isValid(""))
    #expect(!Luhn.isValid("12a4"))
    #expect(Luhn.checkDigit(for: "7992739871") == "3")
    #expect(Fixtures.card16.track2.luhnValid)
  }

  // The acquirer's vectors, from when it had a Luhn of its own.
  @Test(arguments: ["4111111111111111", "378282246310005", "6011000990139424", "5500005555555559"])
  func knownGoodNumbersPass(pan: String) { #expect(Luhn.isValid(pan)) }

  @Test(arguments: ["4111111111111112", "6222", "62220200000000a1", "", "12345678901234567890"])
  func badNumbersFail(pan: String) { #expect(!Luhn.isValid(pan)) }

  @Test func crcCheckValue() {
    #expect(CRC16.ccitt(bytes: Array("123456789".utf8)) == 0x29B1)
  }

  @Test func track2CharactersAreFiveBitsOddParityLSBFirst() throws {
    let t = Track2(pan: "4111111111111111", expiry: "2512", serviceCode: "101")
    let bits = try StripeCodec.encode(t)
    // ";4111111111111111=2512101?" + LRC = 27 characters of 5 bits.
    #expect(bits.count == 27 * 5)
    // ';' = 0x3B − 0x30 = 11 = 1011b → LSB first 1,1,0,1; three ones → parity 0.
    #expect(Array(bits[0..<5]) == [1, 1, 0, 1, 0])
    // '4' = 0100b → 0,0,1,0; one one → parity 0.
    #expect(Array(bits[5..<10]) == [0, 0, 1, 0, 0])
    // '?' = 15 = 1111b; four ones → parity 1. It is the second-to-last character.
    #expect(Array(bits[(25 * 5)..<(26 * 5)]) == [1, 1, 1, 1, 1])
    // Every character has odd parity, the LRC included.
    for c in 0..<27 { #expect(bits[(c * 5)..<(c * 5 + 5)].reduce(0) { $0 + Int($1) } % 2 == 1) }
    // LRC: even parity of each of the 4 data columns over all characters (parity bits excluded).
    for col in 0..<4 {
      let ones = (0..<27).reduce(0) { $0 + Int(bits[$1 * 5 + col]) }
      #expect(ones % 2 == 0)
    }
    let (back, end) = try StripeCodec.decodeTrack2(bits)
    #expect(back == t)
    #expect(end == bits.count)
  }

  @Test func track1SevenBitCharacters() throws {
    let t = Fixtures.card19.track1!
    let bits = try StripeCodec.encode(t)
    let text = StripeCodec.text(of: t)
    #expect(text == "%B\(Fixtures.pan19)^OUYANG/XIAOMING^30062200000123?")
    #expect(bits.count == (text.count + 1) * 7)
    // '%' = 0x25 − 0x20 = 5 = 000101b → 1,0,1,0,0,0; two ones → parity 1.
    #expect(Array(bits[0..<7]) == [1, 0, 1, 0, 0, 0, 1])
    #expect(try StripeCodec.decodeTrack1(bits).0 == t)
  }

  @Test func parityErrorIsNamed() throws {
    var bits = try StripeCodec.encode(Fixtures.card16.track2)
    bits[2 * 5 + 1] ^= 1  // a data bit of character 3
    #expect(throws: StripeError("track 2: parity error in character 3")) {
      try StripeCodec.decodeTrack2(bits)
    }
  }

  @Test func lrcMismatchIsNamed() throws {
    var bits = try StripeCodec.encode(Fixtures.card16.track2)
    let last = bits.count - 5
    bits[last] ^= 1  // a data bit of the LRC and its parity: parity still odd, LRC wrong
    bits[last + 4] ^= 1
    #expect(throws: StripeError("track 2: LRC mismatch")) { try StripeCodec.decodeTrack2(bits) }
  }

  @Test func sentinelsAreChecked() throws {
    let bits = try StripeCodec.encode(Fixtures.card16.track2)
    #expect(throws: StripeError("track 2: missing start sentinel ';'")) {
      try StripeCodec.decodeTrack2(Array(bits.dropFirst(5)))
    }
    #expect(throws: StripeError("track 2: data ends before the end sentinel")) {
      try StripeCodec.decodeTrack2(Array(bits.prefix(40)))
    }
    #expect(throws: StripeError("track 1: missing start sentinel '%'")) {
      try StripeCodec.parseTrack1("B6222021001123459^A/B^2812201?")
    }
    #expect(throws: StripeError("track 1: expected 2 field separators '^', found 1")) {
      try StripeCodec.parseTrack1("%B6222021001123459^A/B2812201?")
    }
    #expect(throws: StripeError("track 2: missing field separator '='")) {
      try StripeCodec.parseTrack2(";6222021001123459?")
    }
    #expect(throws: StripeError("track 1: format code is not 'B'")) {
      try StripeCodec.parseTrack1("%A6222021001123459^A/B^2812201?")
    }
  }

  @Test(arguments: [
    (
      Track2(pan: "622202100112", expiry: "2812", serviceCode: "201"),
      "track 2: PAN length 12 is outside 13–19"
    ),
    (
      Track2(pan: "62220210011234567890", expiry: "2812", serviceCode: "201"),
      "track 2: PAN length 20 is outside 13–19"
    ),
    (
      Track2(pan: "62220210011234X9", expiry: "2812", serviceCode: "201"),
      "track 2: PAN must be digits only"
    ),
    (
      Track2(pan: "6222021001123459", expiry: "2813", serviceCode: "201"),
      "track 2: expiry month 13 is not 01–12"
    ),
    (
      Track2(pan: "6222021001123459", expiry: "281", serviceCode: "201"),
      "track 2: expiry '281' is not YYMM"
    ),
    (
      Track2(pan: "6222021001123459", expiry: "2812", serviceCode: "2A1"),
      "track 2: service code '2A1' is not 3 digits"
    ),
    (
      Track2(pan: "6222021001123459", expiry: "2812", serviceCode: "201", discretionary: "12=4"),
      "track 2: discretionary data must be digits"
    ),
  ])
  func track2Rejections(track: Track2, message: String) {
    #expect(throws: StripeError(message)) { try StripeCodec.encode(track) }
  }

  @Test func track1Rejections() {
    let pan = Fixtures.pan16
    #expect(throws: StripeError("track 1: name character '^' is not allowed on track 1")) {
      try StripeCodec.encode(Track1(pan: pan, name: "A^B", expiry: "2812", serviceCode: "201"))
    }
    #expect(throws: StripeError("track 1: name character 'a' is not allowed on track 1")) {
      try StripeCodec.encode(Track1(pan: pan, name: "ab/c", expiry: "2812", serviceCode: "201"))
    }
    #expect(throws: StripeError("track 1: name length 1 is outside 2–26")) {
      try StripeCodec.encode(Track1(pan: pan, name: "A", expiry: "2812", serviceCode: "201"))
    }
  }

  @Test func badLuhnIsReportedNotRejected() throws {
    let pan = "6222021001123458"  // check digit off by one
    let t = Track2(pan: pan, expiry: "2812", serviceCode: "201")
    let (back, _) = try StripeCodec.decodeTrack2(try StripeCodec.encode(t))
    #expect(back.pan == pan)
    #expect(!back.luhnValid)
    let r = ReaderModem().swipe(CardTracks(track1: nil, track2: t), through: .clean, seed: 1)
    #expect((try? r.get())?.tracks.track2.luhnValid == false)
  }

  /// ~200 random valid UnionPay PANs and names (seeded): stripe bits round-trip exactly, and
  /// every tenth goes through the whole modem and a noisy channel.
  @Test func propertyRandomCards() throws {
    var rng = SeededRandom(seed: 2024)
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    let modem = ReaderModem()
    for i in 0..<200 {
      let length = 16 + Int(rng.next() % 4)
      var body = "62"
      while body.count < length - 1 { body += String(rng.next() % 10) }
      let pan = body + String(Luhn.checkDigit(for: body))
      #expect(Luhn.isValid(pan))
      func word(_ n: Int) -> String { String((0..<n).map { _ in letters[Int(rng.next() % 26)] }) }
      let name = word(1 + Int(rng.next() % 10)) + "/" + word(1 + Int(rng.next() % 12))
      let month = 1 + Int(rng.next() % 12)
      let expiry = String(format: "%02d%02d", 25 + Int(rng.next() % 10), month)
      let service = ["101", "201", "220", "120"][Int(rng.next() % 4)]
      let disc = String((0..<Int(rng.next() % 6)).map { _ in Character(String(rng.next() % 10)) })
      let tracks = CardTracks(
        track1: rng.next() % 5 == 0
          ? nil : Track1(pan: pan, name: name, expiry: expiry, serviceCode: service),
        track2: Track2(pan: pan, expiry: expiry, serviceCode: service, discretionary: disc))
      let frame = try modem.frameBits(tracks)
      let body2 = Array(frame.dropFirst(modem.settings.preambleBits + 16))
      #expect(throws: Never.self) { try StripeCodec.encode(tracks.track2) }
      let (t2, end) = try StripeCodec.decodeTrack2(Array(body2.dropFirst(24)))
      #expect(t2 == tracks.track2)
      if let t1 = tracks.track1 {
        #expect(try StripeCodec.decodeTrack1(Array(body2.dropFirst(24)), from: end).0 == t1)
      }
      if i % 10 == 0 {
        let profile = ChannelProfile(ebN0dB: 16, gain: 0.3 + Double(i) / 200, clockPPM: 5000)
        let r = modem.swipe(tracks, through: profile, seed: UInt64(i))
        #expect((try? r.get())?.tracks == tracks, "card \(i): \(r)")
      }
    }
  }
}
