/// One ISO 8583 message in the UnionPay POS terminal encoding (field notes §8):
/// the MTI in BCD, a primary bitmap (binary, 8 bytes) and the fields in order.
/// Every field 2–64 of the data dictionary is read; which ones a message uses is
/// the mapping's business (`WireMessages`), so a field it does not use is kept
/// (the trace shows it) and ignored.
///
/// A field's value is kept as it reads: a numeric (BCD) field as its digits
/// (`=` in track data is the nibble D), a text field as its bytes, a binary field
/// as its bytes. The encoding of each field is `ISOField.spec(n)`.
public struct ISOMessage: Sendable, Equatable {
  public var mti: String
  public private(set) var fields: [Int: [UInt8]] = [:]

  public init(mti: String) { self.mti = mti }

  public subscript(n: Int) -> [UInt8]? {
    get { fields[n] }
    set { fields[n] = newValue }
  }

  /// A numeric or text field as a string (digits, or ASCII/UTF-8 text; field 63 is
  /// GBK on the wire and UTF-8 here).
  public func string(_ n: Int) -> String? {
    fields[n].map { String(decoding: $0, as: UTF8.self) }
  }

  public mutating func set(_ n: Int, _ text: String) { fields[n] = Array(text.utf8) }
  public mutating func set(_ n: Int, bytes: [UInt8]) { fields[n] = bytes }
  public mutating func remove(_ n: Int) { fields[n] = nil }

  /// The field numbers present, ascending.
  public var present: [Int] { fields.keys.sorted() }

  // MARK: Encoding

  /// MTI + bitmap + fields. Throws when a value does not fit its field's spec.
  /// `field22`: the dialect's alignment of field 22 (left, as UnionPay terminals send it).
  public func encode(field22: NibbleAlignment = .left) throws(ISOError) -> [UInt8] {
    guard mti.count == 4, mti.allSatisfy(\.isNumber) else { throw .badMTI(mti) }
    var out = BCD.pack(mti, padLeft: true)
    var bitmap = [UInt8](repeating: 0, count: 8)
    for n in fields.keys {
      guard (2...64).contains(n) else { throw .unknownField(n) }
      bitmap[(n - 1) / 8] |= 0x80 >> UInt8((n - 1) % 8)
    }
    out += bitmap
    for n in present {
      guard var spec = ISOField.spec(n) else { throw .unknownField(n) }
      if n == 52, fields[n]!.count == 16 { spec = spec.fixedSize(16) }
      out += try spec.encode(fields[n]!, field: n, odd: n == 22 ? field22 : .right)
    }
    return out
  }

  /// The inverse of `encode`: every byte must be used. `pinBlockLength` gives
  /// field 52's size (8 under 3DES, 16 under SM4) from the fields before it
  /// (field 41 names the terminal, whose algorithm the host knows).
  public static func decode(
    _ bytes: [UInt8], field22: NibbleAlignment = .left,
    pinBlockLength: (ISOMessage) -> Int = { _ in 8 }
  ) throws(ISOError) -> ISOMessage {
    var reader = ByteReader(bytes)
    let mtiBytes = try reader.take(2, what: "MTI")
    let mti = BCD.unpack(mtiBytes, digits: 4, padLeft: true)
    guard mti.allSatisfy(\.isNumber) else { throw .badMTI(mti) }
    var message = ISOMessage(mti: mti)
    let bitmap = try reader.take(8, what: "bitmap")
    if bitmap[0] & 0x80 != 0 { throw .secondaryBitmap }
    for n in 2...64 where bitmap[(n - 1) / 8] & (0x80 >> UInt8((n - 1) % 8)) != 0 {
      guard var spec = ISOField.spec(n) else { throw .unknownField(n) }
      if n == 52 { spec = spec.fixedSize(pinBlockLength(message)) }
      message.fields[n] = try spec.decode(&reader, field: n, odd: n == 22 ? field22 : .right)
    }
    guard reader.remaining == 0 else { throw .trailingBytes(reader.remaining) }
    return message
  }
}

/// Why bytes are not a message, or a value not a field.
public enum ISOError: Error, Sendable, Equatable, CustomStringConvertible {
  case badMTI(String)
  case unknownField(Int)
  case secondaryBitmap
  case truncated(what: String, needed: Int, left: Int)
  case trailingBytes(Int)
  case badLength(field: Int, length: Int, max: Int)
  case badValue(field: Int, problem: String)
  case badFrame(String)

  public var description: String {
    switch self {
    case .badMTI(let m): return "MTI \"\(m)\" is not four digits"
    case .unknownField(let n): return "field \(n) is not in the field table"
    case .secondaryBitmap:
      return
        "field 1 (a secondary bitmap: fields 65–128) is outside the UnionPay POS field table"
    case .truncated(let what, let needed, let left):
      return "\(what): needs \(needed) bytes, \(left) left"
    case .trailingBytes(let n): return "\(n) bytes after the last field"
    case .badLength(let field, let length, let max):
      return "field \(field): length \(length) is over its maximum \(max)"
    case .badValue(let field, let problem): return "field \(field): \(problem)"
    case .badFrame(let problem): return "frame: \(problem)"
    }
  }
}

struct ByteReader {
  let bytes: [UInt8]
  var offset = 0
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  var remaining: Int { bytes.count - offset }
  mutating func take(_ n: Int, what: String) throws(ISOError) -> [UInt8] {
    guard n <= remaining else { throw .truncated(what: what, needed: n, left: remaining) }
    defer { offset += n }
    return Array(bytes[offset..<offset + n])
  }
}

/// Packed BCD: two digits (nibbles) a byte. Nibbles 0–9 are digits; `=` (track
/// data's separator) and A–F are the nibbles A–F (`=` is D).
public enum BCD {
  /// `padLeft`: an odd count is right-aligned behind a 0 nibble (fixed numeric
  /// fields); otherwise left-aligned with a 0 nibble after (variable fields).
  public static func pack(_ digits: String, padLeft: Bool) -> [UInt8] {
    var nibbles = digits.utf8.map(nibble)
    if nibbles.count % 2 == 1 {
      if padLeft { nibbles.insert(0, at: 0) } else { nibbles.append(0) }
    }
    var out = [UInt8]()
    out.reserveCapacity(nibbles.count / 2)
    for i in stride(from: 0, to: nibbles.count, by: 2) {
      out.append(nibbles[i] << 4 | nibbles[i + 1])
    }
    return out
  }

  public static func unpack(_ bytes: [UInt8], digits: Int, padLeft: Bool) -> String {
    var chars = [UInt8]()
    for b in bytes {
      chars.append(symbol(b >> 4))
      chars.append(symbol(b & 0xF))
    }
    if chars.count > digits {
      if padLeft {
        chars.removeFirst(chars.count - digits)
      } else {
        chars.removeLast(chars.count - digits)
      }
    }
    return String(decoding: chars, as: UTF8.self)
  }

  static func isNibble(_ c: UInt8) -> Bool {
    (48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c) || c == 61
  }

  static func nibble(_ c: UInt8) -> UInt8 {
    switch c {
    case 48...57: return c - 48
    case 65...70: return c - 55
    case 97...102: return c - 87
    case 61: return 0xD  // '='
    default: return 0
    }
  }

  static func symbol(_ n: UInt8) -> UInt8 { n < 10 ? n + 48 : n + 55 }
}
