import TerminalCore

/// How one field is written on the wire: the field table of the UnionPay POS
/// terminal data dictionary (README, "The field table"), every field 2–64. Field 1
/// (the secondary bitmap, fields 65–128) is not used on this link.
public struct ISOField: Sendable, Equatable {
  public enum Format: Sendable, Equatable {
    /// Packed BCD digits (n, z).
    case numeric
    /// ASCII text, one byte a character (a, an, ans).
    case text
    /// Text in GBK on the wire (field 63's issuer names), UTF-8 in the message.
    case gbk
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

  /// The field table: the UnionPay POS data dictionary (field notes §8; the
  /// fields a UnionPay terminal never sees keep their ISO 8583:1987 format, so a
  /// reply carrying one is still read). Field 52 is 8 bytes under 3DES and 16
  /// under SM4: its length is checked against the algorithm by the message
  /// mapping, not here.
  public static let table: [Int: ISOField] = [
    2: .init(.numeric, .llvar(19), "primary account number"),
    3: .init(.numeric, .fixed(6), "processing code"),
    4: .init(.numeric, .fixed(12), "amount, fen"),
    5: .init(.numeric, .fixed(12), "settlement amount"),
    6: .init(.numeric, .fixed(12), "cardholder billing amount"),
    7: .init(.numeric, .fixed(10), "transmission date and time"),
    8: .init(.numeric, .fixed(8), "cardholder billing fee"),
    9: .init(.numeric, .fixed(8), "settlement conversion rate"),
    10: .init(.numeric, .fixed(8), "cardholder billing conversion rate"),
    11: .init(.numeric, .fixed(6), "trace (voucher) number"),
    12: .init(.numeric, .fixed(6), "local time hhmmss"),
    13: .init(.numeric, .fixed(4), "local date MMDD"),
    14: .init(.numeric, .fixed(4), "expiry YYMM"),
    15: .init(.numeric, .fixed(4), "settlement date MMDD"),
    16: .init(.numeric, .fixed(4), "conversion date"),
    17: .init(.numeric, .fixed(4), "capture date"),
    18: .init(.numeric, .fixed(4), "merchant type"),
    19: .init(.numeric, .fixed(3), "acquiring institution country"),
    20: .init(.numeric, .fixed(3), "PAN extended country"),
    21: .init(.numeric, .fixed(3), "forwarding institution country"),
    22: .init(.numeric, .fixed(3), "entry mode"),
    23: .init(.numeric, .fixed(3), "card sequence number"),
    24: .init(.numeric, .fixed(3), "network international identifier"),
    25: .init(.numeric, .fixed(2), "POS condition code"),
    26: .init(.numeric, .fixed(2), "PIN capture code"),
    27: .init(.numeric, .fixed(1), "authorisation code length"),
    28: .init(.text, .fixed(9), "transaction fee"),
    29: .init(.text, .fixed(9), "settlement fee"),
    30: .init(.text, .fixed(9), "transaction processing fee"),
    31: .init(.text, .fixed(9), "settlement processing fee"),
    32: .init(.numeric, .llvar(11), "acquiring institution"),
    33: .init(.numeric, .llvar(11), "forwarding institution"),
    34: .init(.text, .llvar(28), "extended PAN"),
    35: .init(.numeric, .llvar(37), "track 2 (encrypted)"),
    36: .init(.numeric, .lllvar(104), "track 3 (encrypted)"),
    37: .init(.text, .fixed(12), "retrieval reference number"),
    38: .init(.text, .fixed(6), "authorisation code"),
    39: .init(.text, .fixed(2), "response code"),
    40: .init(.text, .fixed(3), "service restriction code"),
    41: .init(.text, .fixed(8), "terminal number"),
    42: .init(.text, .fixed(15), "merchant number"),
    43: .init(.text, .fixed(40), "card acceptor name and location"),
    44: .init(.text, .llvar(25), "issuer and acquirer IDs"),
    45: .init(.text, .llvar(76), "track 1"),
    46: .init(.text, .lllvar(999), "additional data (ISO)"),
    47: .init(.text, .lllvar(999), "additional data (national)"),
    48: .init(.numeric, .lllvar(322), "additional data (settlement totals, batch upload)"),
    49: .init(.text, .fixed(3), "currency code"),
    50: .init(.text, .fixed(3), "settlement currency code"),
    51: .init(.text, .fixed(3), "cardholder billing currency code"),
    52: .init(.binary, .fixed(8), "PIN block (encrypted; 16 bytes under SM4)"),
    53: .init(.numeric, .fixed(16), "security control information"),
    54: .init(.text, .lllvar(20), "balance"),
    55: .init(.binary, .lllvar(255), "chip data (BER-TLV)"),
    56: .init(.text, .lllvar(999), "reserved (ISO)"),
    57: .init(.text, .lllvar(999), "reserved (national)"),
    58: .init(.binary, .lllvar(100), "electronic purse data"),
    59: .init(
      .text, .lllvar(999), "QR: the payment code (order), the order number (query, cancel)"),
    60: .init(.numeric, .lllvar(30), "type, batch, network code, chip conditions"),
    61: .init(.numeric, .lllvar(29), "original batch, trace, date"),
    62: .init(.binary, .lllvar(512), "sign-in: serial / working keys"),
    63: .init(.gbk, .lllvar(163), "operator / card organisation and issuer (GBK)"),
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

  /// `odd`: where an odd count of digits of a fixed numeric field sits (field 22
  /// follows the dialect; every other one is right-aligned).
  func encode(_ value: [UInt8], field n: Int, odd: NibbleAlignment = .right) throws(ISOError)
    -> [UInt8]
  {
    if format == .numeric, let bad = value.first(where: { !BCD.isNibble($0) }) {
      throw .badValue(field: n, problem: "\"\(Character(UnicodeScalar(bad)))\" is not a digit")
    }
    var data: [UInt8]
    var value = value
    switch format {
    case .numeric:
      if case .fixed = length {
        data = BCD.pack(String(decoding: value, as: UTF8.self), padLeft: odd == .right)
      } else {
        data = BCD.pack(String(decoding: value, as: UTF8.self), padLeft: false)
      }
    case .gbk:
      guard let gbk = GBK.encode(String(decoding: value, as: UTF8.self)) else {
        throw .badValue(field: n, problem: "the text has a character GBK does not have")
      }
      data = gbk
      value = gbk
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

  func decode(_ reader: inout ByteReader, field n: Int, odd: NibbleAlignment = .right)
    throws(ISOError) -> [UInt8]
  {
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
      return Array(BCD.unpack(bytes, digits: count, padLeft: fixed && odd == .right).utf8)
    case .gbk:
      let bytes = try reader.take(count, what: what)
      guard let text = GBK.decode(bytes) else {
        throw .badValue(field: n, problem: "not GBK text")
      }
      return Array(text.utf8)
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
