import Foundation

/// A stripe that failed to parse; `problem` names what was wrong, e.g. "track 2: LRC mismatch".
public struct StripeError: Error, Equatable, Sendable, CustomStringConvertible {
  public var problem: String
  public init(_ problem: String) { self.problem = problem }
  public var description: String { problem }
}

/// ISO/IEC 7811/7813 stripe encoding: characters with odd parity, LSB first, then an LRC
/// character (even column parity over sentinels and data, with its own odd parity bit).
/// Bits here are the stripe's data bits after the leading clocking zeros (which the reader strips).
public enum StripeCodec {
  /// Track 2: 4 data bits + odd parity, characters are ASCII − 0x30.
  static let track2Bits = 4
  /// Track 1: 6 data bits + odd parity, characters are ASCII − 0x20.
  static let track1Bits = 6

  // MARK: text forms

  /// `;PAN=YYMMSSSDISC?` (no LRC).
  public static func text(of t: Track2) -> String {
    ";\(t.pan)=\(t.expiry)\(t.serviceCode)\(t.discretionary)?"
  }
  /// `%BPAN^NAME^YYMMSSSDISC?` (no LRC).
  public static func text(of t: Track1) -> String {
    "%B\(t.pan)^\(t.name)^\(t.expiry)\(t.serviceCode)\(t.discretionary)?"
  }

  // MARK: validation of field contents (before encoding, and after parsing)

  static func checkPAN(_ pan: String, track: Int) throws {
    guard pan.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
      throw StripeError("track \(track): PAN must be digits only")
    }
    guard (13...19).contains(pan.count) else {
      throw StripeError("track \(track): PAN length \(pan.count) is outside 13–19")
    }
  }

  static func checkExpiryService(_ expiry: String, _ service: String, track: Int) throws {
    guard expiry.count == 4, expiry.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
      throw StripeError("track \(track): expiry '\(expiry)' is not YYMM")
    }
    let month = Int(expiry.suffix(2)) ?? 0
    guard (1...12).contains(month) else {
      throw StripeError("track \(track): expiry month \(expiry.suffix(2)) is not 01–12")
    }
    guard service.count == 3, service.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
      throw StripeError("track \(track): service code '\(service)' is not 3 digits")
    }
  }

  public static func validate(_ t: Track2) throws {
    try checkPAN(t.pan, track: 2)
    try checkExpiryService(t.expiry, t.serviceCode, track: 2)
    guard t.discretionary.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
      throw StripeError("track 2: discretionary data must be digits")
    }
    let length = text(of: t).count + 1
    guard length <= 40 else { throw StripeError("track 2: \(length) characters exceed 40") }
  }

  public static func validate(_ t: Track1) throws {
    try checkPAN(t.pan, track: 1)
    guard (2...26).contains(t.name.count) else {
      throw StripeError("track 1: name length \(t.name.count) is outside 2–26")
    }
    for c in t.name.unicodeScalars {
      guard c.value >= 0x20, c.value <= 0x5F, c != "^", c != "%", c != "?" else {
        throw StripeError("track 1: name character '\(c)' is not allowed on track 1")
      }
    }
    try checkExpiryService(t.expiry, t.serviceCode, track: 1)
    for c in t.discretionary.unicodeScalars {
      guard c.value >= 0x20, c.value <= 0x5F, c != "^", c != "%", c != "?" else {
        throw StripeError("track 1: discretionary character '\(c)' is not allowed on track 1")
      }
    }
    let length = text(of: t).count + 1
    guard length <= 79 else { throw StripeError("track 1: \(length) characters exceed 79") }
  }

  // MARK: bits

  /// Stripe bits of track 2 (sentinels, data, LRC), each character LSB first then its parity bit.
  public static func encode(_ t: Track2) throws -> [UInt8] {
    try validate(t)
    return encodeText(text(of: t), dataBits: track2Bits, offset: 0x30)
  }

  /// Stripe bits of track 1.
  public static func encode(_ t: Track1) throws -> [UInt8] {
    try validate(t)
    return encodeText(text(of: t), dataBits: track1Bits, offset: 0x20)
  }

  static func encodeText(_ s: String, dataBits: Int, offset: UInt32) -> [UInt8] {
    var bits: [UInt8] = []
    bits.reserveCapacity((s.count + 1) * (dataBits + 1))
    var lrc: UInt32 = 0
    func put(_ v: UInt32) {
      var ones: UInt32 = 0
      for b in 0..<dataBits {
        let bit = (v >> UInt32(b)) & 1
        ones += bit
        bits.append(UInt8(bit))
      }
      bits.append(ones % 2 == 0 ? 1 : 0)  // odd parity
    }
    for c in s.unicodeScalars {
      let v = (c.value &- offset) & ((1 << UInt32(dataBits)) - 1)
      lrc ^= v
      put(v)
    }
    put(lrc)
    return bits
  }

  /// Reads one track's characters from `bits` starting at `start`; returns the text
  /// (sentinels included) and the index after the LRC character.
  static func decodeText(
    _ bits: [UInt8], from start: Int, dataBits: Int, offset: UInt32, start startSentinel: Character,
    maxChars: Int, track: Int
  ) throws -> (String, Int) {
    let width = dataBits + 1
    var i = start
    var text = ""
    var lrc: UInt32 = 0
    var index = 0
    func readChar() throws -> UInt32 {
      guard i + width <= bits.count else {
        throw StripeError("track \(track): data ends before the end sentinel")
      }
      var v: UInt32 = 0
      var ones = 0
      for b in 0..<dataBits where bits[i + b] != 0 {
        v |= 1 << UInt32(b)
        ones += 1
      }
      ones += bits[i + dataBits] != 0 ? 1 : 0
      i += width
      guard ones % 2 == 1 else {
        throw StripeError("track \(track): parity error in character \(index + 1)")
      }
      index += 1
      return v
    }
    let first = try readChar()
    guard let firstScalar = Unicode.Scalar(first + offset), Character(firstScalar) == startSentinel
    else { throw StripeError("track \(track): missing start sentinel '\(startSentinel)'") }
    lrc ^= first
    text.append(startSentinel)
    while true {
      guard text.count < maxChars else {
        throw StripeError("track \(track): no end sentinel within \(maxChars) characters")
      }
      let v = try readChar()
      lrc ^= v
      guard let scalar = Unicode.Scalar(v + offset) else {
        throw StripeError("track \(track): invalid character")
      }
      text.unicodeScalars.append(scalar)
      if scalar == "?" { break }
    }
    let check = try readChar()
    guard check == lrc else { throw StripeError("track \(track): LRC mismatch") }
    return (text, i)
  }

  /// Parses track 2 from stripe bits at `start`; returns the track and the index after its LRC.
  public static func decodeTrack2(_ bits: [UInt8], from start: Int = 0) throws -> (Track2, Int) {
    let (text, end) = try decodeText(
      bits, from: start, dataBits: track2Bits, offset: 0x30, start: ";", maxChars: 39, track: 2)
    return (try parseTrack2(text), end)
  }

  /// Parses track 1 from stripe bits at `start`.
  public static func decodeTrack1(_ bits: [UInt8], from start: Int = 0) throws -> (Track1, Int) {
    let (text, end) = try decodeText(
      bits, from: start, dataBits: track1Bits, offset: 0x20, start: "%", maxChars: 78, track: 1)
    return (try parseTrack1(text), end)
  }

  /// Splits `;PAN=YYMMSSS…?` into fields and checks them.
  public static func parseTrack2(_ text: String) throws -> Track2 {
    guard text.hasPrefix(";") else { throw StripeError("track 2: missing start sentinel ';'") }
    guard text.hasSuffix("?") else { throw StripeError("track 2: missing end sentinel '?'") }
    let body = text.dropFirst().dropLast()
    guard let sep = body.firstIndex(of: "=") else {
      throw StripeError("track 2: missing field separator '='")
    }
    let pan = String(body[..<sep])
    let rest = String(body[body.index(after: sep)...])
    guard rest.count >= 7 else { throw StripeError("track 2: expiry and service code missing") }
    let t = Track2(
      pan: pan, expiry: String(rest.prefix(4)),
      serviceCode: String(rest.dropFirst(4).prefix(3)), discretionary: String(rest.dropFirst(7)))
    try validate(t)
    return t
  }

  /// Splits `%BPAN^NAME^YYMMSSS…?` into fields and checks them.
  public static func parseTrack1(_ text: String) throws -> Track1 {
    guard text.hasPrefix("%") else { throw StripeError("track 1: missing start sentinel '%'") }
    guard text.hasSuffix("?") else { throw StripeError("track 1: missing end sentinel '?'") }
    let body = text.dropFirst().dropLast()
    guard body.first == "B" else { throw StripeError("track 1: format code is not 'B'") }
    let fields = body.dropFirst().split(separator: "^", omittingEmptySubsequences: false)
    guard fields.count == 3 else {
      throw StripeError("track 1: expected 2 field separators '^', found \(fields.count - 1)")
    }
    let rest = String(fields[2])
    guard rest.count >= 7 else { throw StripeError("track 1: expiry and service code missing") }
    let t = Track1(
      pan: String(fields[0]), name: String(fields[1]), expiry: String(rest.prefix(4)),
      serviceCode: String(rest.dropFirst(4).prefix(3)), discretionary: String(rest.dropFirst(7)))
    try validate(t)
    return t
  }
}
