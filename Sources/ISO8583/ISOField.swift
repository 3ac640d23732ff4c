import TerminalCore

/// How one field is written on the wire: the field table of the UnionPay POS
/// terminal encoding this link implements (README, "The field table").
public struct ISOField: Sendable, Equatable {
  public enum Format: Sendable, Equatable {
    /// Packed BCD digits (n, z).
    case numeric
    /// ASCII (UTF-8 for field 63's names) text, one byte a character (an, ans).
    case text
    /// Raw bytes (b).
    case binary
  }
  public enum Length: Sendable, Equatable {
    /// Always this many digits (numeric) or bytes.
    case fixed(Int)
    /// A 1-byte BCD length (LLVAR) before the data, at most this.
    case llvar(Int)
    /// A 2-byte BCD length (LLLVAR) before the data, at most this.
    case lllvar(Int)
  }

  public var format: Format
  public var length: Length
  public var name: String

  /// The field table. Field 52 is 8 bytes under 3DES and 16 under SM4: its length
  /// is checked against the algorithm by the message mapping, not here.
  public static let table: [Int: ISOField] = [
    2: .init(.numeric, .llvar(19), "primary account number"),
    3: .init(.numeric, .fixed(6), "processing code"),
    4: .init(.numeric, .fixed(12), "amount, fen"),
    11: .init(.numeric, .fixed(6), "trace (voucher) number"),
    12: .init(.numeric, .fixed(6), "local time hhmmss"),
    13: .init(.numeric, .fixed(4), "local date MMDD"),
    14: .init(.numeric, .fixed(4), "expiry YYMM"),
    22: .init(.numeric, .fixed(3), "entry mode"),
    23: .init(.numeric, .fixed(3), "card sequence number"),
    25: .init(.numeric, .fixed(2), "POS condition code"),
    26: .init(.numeric, .fixed(2), "PIN capture code"),
    35: .init(.numeric, .llvar(37), "track 2 (encrypted)"),
    36: .init(.numeric, .lllvar(104), "track 3 (encrypted)"),
    37: .init(.text, .fixed(12), "retrieval reference number"),
    38: .init(.text, .fixed(6), "authorisation code"),
    39: .init(.text, .fixed(2), "response code"),
    41: .init(.text, .fixed(8), "terminal number"),
    42: .init(.text, .fixed(15), "merchant number"),
    48: .init(.numeric, .lllvar(322), "additional data (settlement totals, batch upload)"),
    49: .init(.text, .fixed(3), "currency code"),
    52: .init(.binary, .fixed(8), "PIN block (encrypted; 16 bytes under SM4)"),
    53: .init(.numeric, .fixed(16), "security control information"),
    54: .init(.text, .lllvar(20), "balance"),
    55: .init(.binary, .lllvar(255), "chip data (BER-TLV)"),
    59: .init(.text, .lllvar(64), "QR: the payment code (order), the order number (query, cancel)"),
    60: .init(.numeric, .lllvar(17), "type, batch, network code"),
    61: .init(.numeric, .lllvar(29), "original batch, trace, date"),
    62: .init(.binary, .lllvar(512), "sign-in: serial / working keys; settlement: next batch"),
    63: .init(.text, .lllvar(163), "operator / card organisation and issuer"),
    64: .init(.binary, .fixed(8), "MAC"),
  ]

  public static func spec(_ n: Int) -> ISOField? { table[n] }

  init(_ format: Format, _ length: Length, _ name: String) {
    self.format = format
    self.length = length
    self.name = name
  }

  /// Data units of a value: digits for numeric fields, bytes otherwise.
  private func units(_ value: [UInt8]) -> Int { value.count }

  /// This field with another fixed size (field 52 under SM4).
  func fixedSize(_ size: Int) -> ISOField { ISOField(format, .fixed(size), name) }

  func encode(_ value: [UInt8], field n: Int) throws(ISOError) -> [UInt8] {
    if format == .numeric, let bad = value.first(where: { !BCD.isNibble($0) }) {
      throw .badValue(field: n, problem: "\"\(Character(UnicodeScalar(bad)))\" is not a digit")
    }
    let data: [UInt8]
    switch format {
    case .numeric:
      if case .fixed = length {
        data = BCD.pack(String(decoding: value, as: UTF8.self), padLeft: true)
      } else {
        data = BCD.pack(String(decoding: value, as: UTF8.self), padLeft: false)
      }
    case .text, .binary: data = value
    }
    switch length {
    case .fixed(let size):
      guard units(value) == size else {
        throw .badValue(field: n, problem: "\(units(value)) long; the field is fixed at \(size)")
      }
      return data
    case .llvar(let max):
      guard units(value) <= max, units(value) <= 99 else {
        throw .badLength(field: n, length: units(value), max: max)
      }
      return BCD.pack(zeroPadded(units(value), width: 2), padLeft: true) + data
    case .lllvar(let max):
      guard units(value) <= max else { throw .badLength(field: n, length: units(value), max: max) }
      return BCD.pack(zeroPadded(units(value), width: 4), padLeft: true) + data
    }
  }

  func decode(_ reader: inout ByteReader, field n: Int) throws(ISOError) -> [UInt8] {
    let count: Int
    switch length {
    case .fixed(let size): count = size
    case .llvar(let max):
      count = try readLength(&reader, bytes: 1, field: n)
      guard count <= max else { throw .badLength(field: n, length: count, max: max) }
    case .lllvar(let max):
      count = try readLength(&reader, bytes: 2, field: n)
      guard count <= max else { throw .badLength(field: n, length: count, max: max) }
    }
    let what = "field \(n) (\(name))"
    switch format {
    case .numeric:
      let bytes = try reader.take((count + 1) / 2, what: what)
      let fixed: Bool
      if case .fixed = length { fixed = true } else { fixed = false }
      return Array(BCD.unpack(bytes, digits: count, padLeft: fixed).utf8)
    case .text, .binary:
      return try reader.take(count, what: what)
    }
  }

  private func readLength(_ reader: inout ByteReader, bytes: Int, field n: Int) throws(ISOError)
    -> Int
  {
    let raw = try reader.take(bytes, what: "field \(n) length")
    let digits = BCD.unpack(raw, digits: bytes * 2, padLeft: true)
    guard let value = Int(digits) else {
      throw .badValue(field: n, problem: "length \(digits) is not BCD")
    }
    return value
  }
}
