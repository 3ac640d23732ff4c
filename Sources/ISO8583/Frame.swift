/// One frame on the TCP link (field notes §8): a 2-byte big-endian length, the
/// 5-byte TPDU (`60` + destination + source), the 6-byte header, then the
/// ISO 8583 message. The length counts everything after itself.
public struct WireFrame: Sendable, Equatable {
  public var tpdu: TPDU
  public var header: MessageHeader
  public var message: [UInt8]

  public init(tpdu: TPDU, header: MessageHeader, message: [UInt8]) {
    self.tpdu = tpdu
    self.header = header
    self.message = message
  }

  /// TPDU + header + message: what the length prefix counts.
  public var body: [UInt8] { tpdu.bytes + header.bytes + message }

  /// The whole frame, length prefix included (what `--trace` shows).
  public var bytes: [UInt8] {
    let b = body
    return [UInt8(b.count >> 8), UInt8(b.count & 0xFF)] + b
  }

  /// Parses a frame's body (the length prefix already taken off).
  public static func parse(body: [UInt8]) throws(ISOError) -> WireFrame {
    guard body.count >= 11 else {
      throw .badFrame("\(body.count) bytes is shorter than TPDU and header (11)")
    }
    guard body[0] == 0x60 else {
      throw .badFrame(
        "TPDU starts with \(Self.hex([body[0]])), not 60 (its ID: a transaction TPDU)")
    }
    let tpdu = TPDU(
      destination: UInt16(body[1]) << 8 | UInt16(body[2]),
      source: UInt16(body[3]) << 8 | UInt16(body[4]))
    let header = MessageHeader(bytes: Array(body[5..<11]))
    return WireFrame(tpdu: tpdu, header: header, message: Array(body[11...]))
  }

  /// Parses a whole frame, length prefix included; the length must agree.
  public static func parse(frame: [UInt8]) throws(ISOError) -> WireFrame {
    guard frame.count >= 2 else { throw .badFrame("no length prefix") }
    let length = Int(frame[0]) << 8 | Int(frame[1])
    guard length == frame.count - 2 else {
      throw .badFrame("length prefix says \(length) bytes, \(frame.count - 2) follow")
    }
    return try parse(body: Array(frame[2...]))
  }

  public static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Transport protocol data unit: `60`, then the destination and source NII.
/// A reply swaps them.
public struct TPDU: Sendable, Equatable {
  public var destination: UInt16
  public var source: UInt16
  public init(destination: UInt16 = 0x0003, source: UInt16 = 0x0000) {
    self.destination = destination
    self.source = source
  }
  public var bytes: [UInt8] {
    [
      0x60, UInt8(destination >> 8), UInt8(destination & 0xFF), UInt8(source >> 8),
      UInt8(source & 0xFF),
    ]
  }
  public var reply: TPDU { TPDU(destination: source, source: destination) }
}

/// The 6-byte message header: application class (60 magstripe, 61 chip),
/// software version (31), terminal status and processing request (one nibble
/// each), then the 3-byte software sub-version (`31 xx xx`).
public struct MessageHeader: Sendable, Equatable {
  public var bytes: [UInt8]
  public init(bytes: [UInt8]) { self.bytes = bytes }

  /// `60 31 00 31 01 00` for magstripe, `61 …` for chip.
  public static func terminal(chip: Bool = false) -> MessageHeader {
    MessageHeader(bytes: [chip ? 0x61 : 0x60, 0x31, 0x00, 0x31, 0x01, 0x00])
  }

  /// The host's processing request (the low nibble of byte 3): 0 nothing; 1–7
  /// ask for follow-up work (parameter download, sign in again, key download…).
  public var processingRequest: UInt8 { bytes.count > 2 ? bytes[2] & 0x0F : 0 }
}
