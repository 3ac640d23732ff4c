import Ciphers

/// A BER-TLV tag as EMV uses it (EMV Book 3 Annex B): one to three bytes, written here
/// as the number those bytes make big-endian (`0x9F26`, `0x5F2A`, `0x82`, `0xBF0C`).
public struct EMVTag: Hashable, Sendable, Comparable, CustomStringConvertible,
  ExpressibleByIntegerLiteral
{
  public let rawValue: UInt32

  public init(_ rawValue: UInt32) { self.rawValue = rawValue }
  public init(integerLiteral value: UInt32) { self.rawValue = value }

  /// The tag's bytes, most significant first, without leading zero bytes.
  public var bytes: [UInt8] {
    var out: [UInt8] = []
    var v = rawValue
    repeat {
      out.insert(UInt8(v & 0xff), at: 0)
      v >>= 8
    } while v != 0
    return out
  }

  /// Bit 6 of the first byte: the value is itself a list of TLV objects.
  public var isConstructed: Bool { bytes[0] & 0x20 != 0 }

  public var description: String { Hex.upper(bytes) }

  public static func < (a: EMVTag, b: EMVTag) -> Bool { a.rawValue < b.rawValue }
}

/// What is wrong with bytes that should be BER-TLV. Offsets count from the start of
/// the buffer given to the decoder.
public enum TLVError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The buffer ends inside a tag.
  case truncatedTag(offset: Int)
  /// A tag longer than the three bytes EMV allows.
  case tagTooLong(offset: Int)
  /// The buffer ends inside a length.
  case truncatedLength(tag: EMVTag, offset: Int)
  /// `0x80` (indefinite length) or a length field of more than four bytes.
  case badLength(tag: EMVTag, offset: Int, firstByte: UInt8)
  /// The value runs past the end of the buffer.
  case truncatedValue(tag: EMVTag, offset: Int, declared: Int, available: Int)
  /// Templates nested deeper than the decoder follows.
  case tooDeep(tag: EMVTag)

  public var description: String {
    switch self {
    case .truncatedTag(let offset):
      return "TLV: the data ends inside a tag at byte \(offset)"
    case .tagTooLong(let offset):
      return "TLV: the tag at byte \(offset) is longer than 3 bytes"
    case .truncatedLength(let tag, let offset):
      return "TLV: the data ends inside the length of \(tag) at byte \(offset)"
    case .badLength(let tag, let offset, let firstByte):
      return "TLV: bad length byte \(Hex.upper([firstByte])) for \(tag) at byte \(offset)"
    case .truncatedValue(let tag, let offset, let declared, let available):
      return
        "TLV: \(tag) at byte \(offset) declares \(declared) bytes but only \(available) follow"
    case .tooDeep(let tag):
      return "TLV: templates nested too deep at \(tag)"
    }
  }
}

/// One BER-TLV data object: a tag and its value bytes. A constructed object's value is
/// the encoding of its children (`children()` decodes them).
public struct TLV: Equatable, Sendable, CustomStringConvertible {
  public var tag: EMVTag
  public var value: [UInt8]

  public init(_ tag: EMVTag, _ value: [UInt8]) {
    self.tag = tag
    self.value = value
  }

  /// A constructed object (a template) holding `children`.
  public init(_ tag: EMVTag, children: [TLV]) {
    self.tag = tag
    self.value = TLV.encode(children)
  }

  /// EMVTag, length (short form below 128, else 81/82/83/84 and the length), value.
  public var encoded: [UInt8] { tag.bytes + TLV.encodeLength(value.count) + value }

  public static func encodeLength(_ n: Int) -> [UInt8] {
    precondition(n >= 0 && n <= 0xffff_ffff, "TLV length out of range")
    if n < 0x80 { return [UInt8(n)] }
    var digits: [UInt8] = []
    var v = n
    while v > 0 {
      digits.insert(UInt8(v & 0xff), at: 0)
      v >>= 8
    }
    return [0x80 | UInt8(digits.count)] + digits
  }

  public static func encode(_ objects: [TLV]) -> [UInt8] { objects.flatMap(\.encoded) }

  /// Decodes a list of objects (one level: a constructed object's value stays bytes).
  /// `00` bytes before, between and after objects are skipped (EMV Book 3 Annex B1).
  public static func decode(_ bytes: [UInt8]) throws(TLVError) -> [TLV] {
    try decode(bytes[...], base: 0)
  }

  static func decode(_ bytes: ArraySlice<UInt8>, base: Int) throws(TLVError) -> [TLV] {
    var out: [TLV] = []
    var i = bytes.startIndex
    let end = bytes.endIndex
    func offset(_ index: Int) -> Int { base + index - bytes.startIndex }
    while i < end {
      if bytes[i] == 0x00 {
        i += 1
        continue
      }
      // EMVTag: a first byte with low five bits all set continues while bit 8 is set.
      let tagStart = i
      var raw = UInt32(bytes[i])
      if bytes[i] & 0x1f == 0x1f {
        repeat {
          i += 1
          guard i < end else { throw .truncatedTag(offset: offset(tagStart)) }
          guard i - tagStart < 3 else { throw .tagTooLong(offset: offset(tagStart)) }
          raw = raw << 8 | UInt32(bytes[i])
        } while bytes[i] & 0x80 != 0
      }
      i += 1
      let tag = EMVTag(raw)
      // Length.
      guard i < end else { throw .truncatedLength(tag: tag, offset: offset(i)) }
      let first = bytes[i]
      var length = 0
      if first < 0x80 {
        length = Int(first)
        i += 1
      } else {
        let count = Int(first & 0x7f)
        guard count >= 1, count <= 4 else {
          throw .badLength(tag: tag, offset: offset(i), firstByte: first)
        }
        guard end - i > count else { throw .truncatedLength(tag: tag, offset: offset(i)) }
        for k in 1...count { length = length << 8 | Int(bytes[i + k]) }
        i += 1 + count
      }
      guard length <= end - i else {
        throw .truncatedValue(
          tag: tag, offset: offset(tagStart), declared: length, available: end - i)
      }
      out.append(TLV(tag, Array(bytes[i..<(i + length)])))
      i += length
    }
    return out
  }

  /// The objects inside a constructed object.
  public func children() throws(TLVError) -> [TLV] { try TLV.decode(value) }

  /// Decodes `bytes` and checks every constructed object all the way down, so that a
  /// malformed template anywhere is an error now rather than at first use.
  public static func decodeDeep(_ bytes: [UInt8], maxDepth: Int = 8) throws(TLVError) -> [TLV] {
    let list = try decode(bytes)
    try checkDeep(list, depth: 0, maxDepth: maxDepth)
    return list
  }

  private static func checkDeep(_ list: [TLV], depth: Int, maxDepth: Int) throws(TLVError) {
    for object in list where object.tag.isConstructed {
      guard depth < maxDepth else { throw .tooDeep(tag: object.tag) }
      try checkDeep(object.children(), depth: depth + 1, maxDepth: maxDepth)
    }
  }

  public var description: String {
    "\(tag) \(Hex.upper(TLV.encodeLength(value.count))) \(Hex.upper(value))"
  }
}

extension Array where Element == TLV {
  /// The first object with `tag` at this level.
  public func first(_ tag: EMVTag) -> TLV? { first { $0.tag == tag } }

  /// The value of the first object with `tag`, looking inside constructed objects too
  /// (depth first, at most `maxDepth` levels; a malformed template is skipped).
  public func find(_ tag: EMVTag, maxDepth: Int = 8) -> [UInt8]? {
    for object in self {
      if object.tag == tag { return object.value }
      if object.tag.isConstructed, maxDepth > 0, let inner = try? object.children(),
        let found = inner.find(tag, maxDepth: maxDepth - 1)
      {
        return found
      }
    }
    return nil
  }
}

/// A data object list (DOL: PDOL, CDOL1, CDOL2): tags and the lengths the card wants,
/// with no values (EMV Book 3 §5.4).
public struct DOL: Equatable, Sendable {
  public var entries: [(tag: EMVTag, length: Int)]

  public init(_ entries: [(tag: EMVTag, length: Int)]) { self.entries = entries }

  public static func == (a: DOL, b: DOL) -> Bool {
    a.entries.count == b.entries.count
      && zip(a.entries, b.entries).allSatisfy { $0.tag == $1.tag && $0.length == $1.length }
  }

  /// Decodes a DOL: each entry is a BER tag then a one-byte length.
  public static func decode(_ bytes: [UInt8]) throws(TLVError) -> DOL {
    var entries: [(tag: EMVTag, length: Int)] = []
    var i = 0
    while i < bytes.count {
      let tagStart = i
      var raw = UInt32(bytes[i])
      if bytes[i] & 0x1f == 0x1f {
        repeat {
          i += 1
          guard i < bytes.count else { throw .truncatedTag(offset: tagStart) }
          guard i - tagStart < 3 else { throw .tagTooLong(offset: tagStart) }
          raw = raw << 8 | UInt32(bytes[i])
        } while bytes[i] & 0x80 != 0
      }
      i += 1
      guard i < bytes.count else { throw .truncatedLength(tag: EMVTag(raw), offset: i) }
      entries.append((EMVTag(raw), Int(bytes[i])))
      i += 1
    }
    return DOL(entries)
  }

  public var encoded: [UInt8] { entries.flatMap { $0.tag.bytes + [UInt8($0.length)] } }

  /// The sum of the lengths: how many bytes the DOL's data take.
  public var dataLength: Int { entries.reduce(0) { $0 + $1.length } }

  /// The DOL's data from `values`, as EMV Book 3 §5.4 says: a value of the right length
  /// as it is; a numeric (BCD) value padded with zeros on the left or cut on the left;
  /// any other value padded with zeros on the right or cut on the right; a missing value
  /// as zeros.
  public func data(from values: [EMVTag: [UInt8]]) -> [UInt8] {
    var out: [UInt8] = []
    for (tag, length) in entries {
      let value = values[tag] ?? []
      if value.count == length {
        out += value
      } else if DOL.numericTags.contains(tag) {
        out +=
          value.count > length
          ? Array(value.suffix(length))
          : [UInt8](repeating: 0, count: length - value.count) + value
      } else {
        out +=
          value.count > length
          ? Array(value.prefix(length))
          : value + [UInt8](repeating: 0, count: length - value.count)
      }
    }
    return out
  }

  /// Splits DOL data back into values, or nil when the length is not the DOL's.
  public func split(_ data: [UInt8]) -> [EMVTag: [UInt8]]? {
    guard data.count == dataLength else { return nil }
    var out: [EMVTag: [UInt8]] = [:]
    var i = 0
    for (tag, length) in entries {
      out[tag] = Array(data[i..<(i + length)])
      i += length
    }
    return out
  }

  /// Tags of format n (BCD) among those a terminal supplies.
  static let numericTags: Set<EMVTag> = [
    0x9F02, 0x9F03, 0x9F1A, 0x5F2A, 0x9A, 0x9C, 0x9F21, 0x9F41, 0x9F35,
  ]
}

extension Hex {
  /// Uppercase hexadecimal, the way slips and EMV logs write bytes.
  public static func upper(_ bytes: [UInt8]) -> String { encode(bytes).uppercased() }
}

/// Binary-coded decimal, as EMV's numeric (n) fields are written.
public enum BCD {
  /// `digits` right-justified in `bytes` bytes (zeros on the left); nil when a
  /// character is not a digit or there are too many digits.
  public static func encode(_ digits: String, bytes: Int) -> [UInt8]? {
    let values = digits.utf8.map { Int($0) - 48 }
    guard values.allSatisfy({ (0...9).contains($0) }), values.count <= bytes * 2 else {
      return nil
    }
    let padded = [Int](repeating: 0, count: bytes * 2 - values.count) + values
    return stride(from: 0, to: padded.count, by: 2).map { UInt8(padded[$0] << 4 | padded[$0 + 1]) }
  }

  /// The digits of `value` in `bytes` bytes, or nil when negative or too large.
  public static func encode(_ value: Int, bytes: Int) -> [UInt8]? {
    guard value >= 0 else { return nil }
    return encode(String(value), bytes: bytes)
  }

  /// The nibbles of `bytes` as text (A–F shown as letters), e.g. "250731".
  public static func digits(_ bytes: [UInt8]) -> String { Hex.upper(bytes) }
}
