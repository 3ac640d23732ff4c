import Foundation

/// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor), bitwise.
public enum CRC16 {
  public static func ccitt<S: Sequence>(bits: S) -> UInt16 where S.Element == UInt8 {
    var crc: UInt16 = 0xFFFF
    for b in bits {
      let top = (crc >> 15) & 1
      crc <<= 1
      if top ^ UInt16(b & 1) != 0 { crc ^= 0x1021 }
    }
    return crc
  }
  /// The standard byte-oriented form (check value of "123456789" is 0x29B1).
  public static func ccitt(bytes: [UInt8]) -> UInt16 {
    var bits: [UInt8] = []
    for byte in bytes { for i in (0..<8).reversed() { bits.append((byte >> UInt8(i)) & 1) } }
    return ccitt(bits: bits)
  }
}

/// The frame each copy carries, bit by bit (see /work/notes/reader.md):
///
///     preamble  P × 1          bit timing (square envelope), start of search
///     sync      16 bits 0x2DD4 MSB first: frame alignment
///     flags     8 bits         bit 7 (first sent) = track 1 present; others 0 (version 0)
///     length    16 bits        payload length in bits, MSB first
///     payload   length bits    track 2 stripe bits, then track 1 stripe bits if present
///     crc       16 bits        CRC-16/CCITT-FALSE over flags, length and payload bits
///
/// followed by the polarity mark (two tones, carrier and half the carrier, for
/// `polarityMarkBits` bit times) which carries no bits.
public enum FrameCodec {
  public static let syncWord: UInt16 = 0x2DD4
  public static let maxPayloadBits = 40 * 5 + 79 * 7
  /// Bits between the sync word and the payload: flags + length.
  public static let headerBits = 24

  static func bits(_ value: Int, count: Int) -> [UInt8] {
    (0..<count).reversed().map { UInt8((value >> $0) & 1) }
  }

  static func value(_ bits: ArraySlice<UInt8>) -> Int {
    bits.reduce(0) { $0 << 1 | Int($1 & 1) }
  }

  public static var syncBits: [UInt8] { bits(Int(syncWord), count: 16) }

  /// Everything after the sync word: flags, length, payload, CRC.
  public static func body(_ tracks: CardTracks) throws -> [UInt8] {
    var payload = try StripeCodec.encode(tracks.track2)
    if let t1 = tracks.track1 { payload += try StripeCodec.encode(t1) }
    var head = bits(tracks.track1 != nil ? 0x80 : 0, count: 8)
    head += bits(payload.count, count: 16)
    let protected = head + payload
    return protected + bits(Int(CRC16.ccitt(bits: protected)), count: 16)
  }

  /// The whole frame: preamble, sync, body.
  public static func frame(_ tracks: CardTracks, preambleBits: Int) throws -> [UInt8] {
    [UInt8](repeating: 1, count: max(0, preambleBits)) + syncBits + (try body(tracks))
  }

  /// Payload length in bits read from a header, or a reason it is unusable.
  static func payloadLength(_ header: ArraySlice<UInt8>) -> Result<Int, DecodeFailure> {
    guard header.count >= headerBits else {
      return .failure(DecodeFailure("frame header truncated"))
    }
    let h = header.startIndex
    let n = value(header[(h + 8)..<(h + 24)])
    guard n >= 10, n <= maxPayloadBits else {
      return .failure(DecodeFailure("frame length \(n) bits is out of range"))
    }
    return .success(n)
  }

  /// Checks the CRC of a body and parses the tracks.
  static func parse(body: [UInt8]) -> Result<CardTracks, DecodeFailure> {
    switch payloadLength(body[...]) {
    case .failure(let f): return .failure(f)
    case .success(let n):
      guard body.count >= headerBits + n + 16 else {
        return .failure(DecodeFailure("frame truncated"))
      }
      let protected = body[0..<(headerBits + n)]
      let crc = value(body[(headerBits + n)..<(headerBits + n + 16)])
      guard CRC16.ccitt(bits: protected) == UInt16(crc) else {
        return .failure(DecodeFailure("CRC mismatch"))
      }
      let payload = Array(body[headerBits..<(headerBits + n)])
      let hasTrack1 = body[0] == 1
      do {
        let (t2, end) = try StripeCodec.decodeTrack2(payload)
        var t1: Track1? = nil
        if hasTrack1 {
          t1 = try StripeCodec.decodeTrack1(payload, from: end).0
        }
        return .success(CardTracks(track1: t1, track2: t2))
      } catch let e as StripeError {
        return .failure(DecodeFailure(e.problem))
      } catch {
        return .failure(DecodeFailure("\(error)"))
      }
    }
  }
}
