import Ciphers
import Testing

@testable import Chip

@Suite struct TLVTests {
  @Test func multiByteTagsLongLengthsAndTemplates() throws {
    let long = [UInt8](repeating: 0xAB, count: 200)
    let veryLong = [UInt8](repeating: 0x01, count: 300)
    let list = [
      TLV(0x9F26, h("0102030405060708")),
      TLV(0x5F2A, h("0156")),
      TLV(0xDF8101, [0x7F]),
      TLV(0x70, children: [TLV(0x57, long), TLV(0xBF0C, children: [TLV(0x61, veryLong)])]),
    ]
    let bytes = TLV.encode(list)
    // Hand-checked framing: 3-byte tag, 81 C8 for 200, 82 01 2C for 300.
    #expect(Array(bytes.prefix(3)) == [0x9F, 0x26, 0x08])
    #expect(Array(bytes[16..<20]) == [0xDF, 0x81, 0x01, 0x01])
    #expect(bytes.count == 11 + 5 + 5 + (1 + 3 + (1 + 2 + 200) + (2 + 3 + (1 + 3 + 300))))
    let back = try TLV.decodeDeep(bytes)
    #expect(back == list)
    #expect(back.find(0x61) == veryLong)
    #expect(back.find(0x57) == long)
    #expect(try back[3].children()[1].tag == 0xBF0C)
    #expect(
      EMVTag(0x70).isConstructed && EMVTag(0xBF0C).isConstructed && !EMVTag(0x9F26).isConstructed)
  }

  @Test func zeroPaddingBetweenObjectsIsSkipped() throws {
    #expect(
      try TLV.decode(h("00 5A 01 12 00 00 9C 01 00 00")) == [TLV(0x5A, [0x12]), TLV(0x9C, [0])])
  }

  @Test(arguments: [
    ("9F", TLVError.truncatedTag(offset: 0)),
    ("9F 81", .truncatedTag(offset: 0)),
    ("9F FF FF 01 00", .tagTooLong(offset: 0)),
    ("5A 01 12 9F26", .truncatedLength(tag: 0x9F26, offset: 5)),
    ("9F26 80 00", .badLength(tag: 0x9F26, offset: 2, firstByte: 0x80)),
    ("9F26 85 00 00 00 00 01 00", .badLength(tag: 0x9F26, offset: 2, firstByte: 0x85)),
    ("5A 82 01", .truncatedLength(tag: 0x5A, offset: 1)),
    ("9F26 08 01 02", .truncatedValue(tag: 0x9F26, offset: 0, declared: 8, available: 2)),
    (
      "5A 84 FF FF FF FF 00",
      .truncatedValue(tag: 0x5A, offset: 0, declared: 0xFFFF_FFFF, available: 1)
    ),
  ])
  func malformed(hex: String, expected: TLVError) {
    #expect(throws: expected) { try TLV.decode(h(hex)) }
  }

  @Test func malformedInsideATemplateIsFoundByTheDeepDecode() throws {
    // 70 holds a 57 that claims 5 bytes but has 2: the outer object is well formed.
    let bytes = h("70 04 57 05 12 34")
    #expect(try TLV.decode(bytes).count == 1)
    #expect(throws: TLVError.truncatedValue(tag: 0x57, offset: 0, declared: 5, available: 2)) {
      try TLV.decodeDeep(bytes)
    }
    // Nesting past the limit is an error, not a stack overflow.
    var nested = TLV(0x5A, [1])
    for _ in 0..<20 { nested = TLV(0x70, children: [nested]) }
    #expect(throws: TLVError.tooDeep(tag: 0x70)) { try TLV.decodeDeep(nested.encoded) }
  }

  /// Every prefix and every single-byte corruption of a real card answer either decodes
  /// or throws a TLVError: nothing traps.
  @Test func corruptedAnswersNeverCrash() throws {
    var card = debitCard()
    _ = try card.powerOn(.contact)
    _ = try card.transmit(CommandAPDU.select(UnionPayAID.debit).bytes)
    let record = Array(
      try card.transmit(CommandAPDU.readRecord(sfi: 1, record: 2).bytes).dropLast(2))
    var outcomes = (ok: 0, errors: 0)
    for n in 0...record.count {
      do {
        _ = try TLV.decodeDeep(Array(record.prefix(n)))
        outcomes.ok += 1
      } catch { outcomes.errors += 1 }
    }
    for i in record.indices {
      for value: UInt8 in [0x00, 0x1F, 0x7F, 0x80, 0x81, 0x84, 0xFF] {
        var bad = record
        bad[i] = value
        do {
          _ = try TLV.decodeDeep(bad)
          outcomes.ok += 1
        } catch { outcomes.errors += 1 }
      }
    }
    #expect(outcomes.errors > 0 && outcomes.ok > 0)
  }

  @Test func dolDataFollowsTheFormatRules() throws {
    let dol = try DOL.decode(h("9F02 06 9F1A 02 9F37 04 5F20 04 9F66 02"))
    #expect(dol.dataLength == 18)
    let data = dol.data(from: [
      0x9F02: h("12 34"),  // numeric: zeros on the left
      0x9F1A: h("01 56 99"),  // numeric too long: cut on the left
      0x5F20: h("41 42 43 44 45"),  // other too long: cut on the right
      0x9F66: h("36"),  // other too short: zeros on the right
    ])
    #expect(data == h("000000001234 5699 00000000 41424344 3600"))
    #expect(dol.split(data)?[0x9F1A] == h("5699"))
    #expect(dol.split(Array(data.dropLast())) == nil)
    #expect(throws: TLVError.truncatedLength(tag: 0x9F37, offset: 5)) {
      try DOL.decode(h("9F02 06 9F37"))
    }
  }

  @Test func bcd() {
    #expect(BCD.encode(12_345, bytes: 6) == h("000000012345"))
    #expect(BCD.encode("0156", bytes: 2) == h("0156"))
    #expect(BCD.encode("12a", bytes: 2) == nil)
    #expect(BCD.encode(123, bytes: 1) == nil)
    #expect(BCD.encode(-1, bytes: 2) == nil)
  }
}
