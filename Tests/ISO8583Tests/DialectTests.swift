import Ciphers
import Foundation
import TestPython
import Testing

@testable import ISO8583

/// The UnionPay dialect on the wire (issue 21), against published figures and
/// an independent implementation, never against our own encoder's output.
@Suite struct DialectTests {
  /// A 0200 published with the MAC its system generated (q.cnblogs.com/q/128930):
  /// the frame ends in the ASCII characters `B3A092AE`; TAK 0723C80DB5F4CD3D twice.
  static let publishedFrameHex =
    "007F600003000060321032007202003020048000C080150000000000000012340000020300993030"
    + "30303030303139353237313831383232313738373531353600192600000100060000000000435F01"
    + "123238343431323334353637383930313233345F03063136303033365F04063230303832365C0230"
    + "314233413039324145"

  @Test func thePublishedFramesMACIsTheECBMACUnderItsKey() throws {
    let frame = try WireFrame.parse(frame: Hex.decode(Self.publishedFrameHex)!)
    let message = try ISOMessage.decode(frame.message)
    #expect(message.mti == "0200")
    #expect(message[64] == Array("B3A092AE".utf8))
    // The key is double length with equal halves (3DES = DES), and as a single one.
    for tak in ["0723C80DB5F4CD3D0723C80DB5F4CD3D", "0723C80DB5F4CD3D"] {
      let key = SecretKey(Hex.decode(tak)!)
      let keys = WorkingKeys(algorithm: .tripleDES, pin: key, mac: key, track: key)
      #expect(MAC.verify(message, keys: keys), "TAK \(tak)")
      // Our re-encoding of the decoded message is the published bytes (MTI … 63).
      #expect(try message.encode() == frame.message)
      let mab = Array(frame.message.dropLast(8))
      #expect(try WireCrypto.mac(mab, keys: keys) == Array("B3A092AE".utf8))
    }
    // Field 22 of that frame, left-aligned: 03 00 reads 030.
    #expect(message.string(22) == "030")
  }

  /// The worked example "MAC算法演示" (blog.youkuaiyun.com/zhu244912654/article/
  /// details/80005341): its TMK and the MAC key under it (the clear key is
  /// published), and its MAB. The page's final MAC could not be retrieved, so the
  /// expected MAC comes from mac_vector.py: pycryptodome's DES, the algorithm
  /// written from the field notes' description, not from our Swift code.
  @Test func theWorkedExampleKeyDecryptsAndItsMACAgreesWithAnIndependentOne() throws {
    let tmk = Hex.decode("70F2A84CCBC2AE8625CBB0F2C22AB923")!
    let clear = try BlockCipher.tripleDES2Key.decrypt(
      Hex.decode("96D605EA176B7E9E")!, key: tmk, mode: .ecb)
    #expect(Hex.encode(clear).uppercased() == "C24A8FB57AA20123")
    let mab =
      "0200302004C020C0981100000000000000005100183402100006324392260009942820D131210112"
      + "0084393136363838303134303030303030303030303030303031313536ACF46E73838A82F926"
      + "00000000000000000822000001"
    let key = SecretKey(clear)
    let keys = WorkingKeys(algorithm: .tripleDES, pin: key, mac: key, track: key)
    let ours = String(decoding: try WireCrypto.mac(Hex.decode(mab)!, keys: keys), as: UTF8.self)
    let python = try runPython([macVectorScript, "C24A8FB57AA20123", mab])
    #expect(python.status == 0, Comment(rawValue: python.output))
    #expect(ours == python.output.trimmingCharacters(in: .whitespacesAndNewlines))
    // The same through a key block: the MAC key slot's second half zero.
    let zeros = [UInt8](repeating: 0, count: 8)
    let other = [UInt8](repeating: 0x11, count: 16)
    let otherSlot =
      try BlockCipher.tripleDES2Key.encrypt(other, key: tmk, mode: .ecb)
      + Array(try BlockCipher.tripleDES2Key.encrypt(zeros, key: other, mode: .ecb).prefix(4))
    let macSlot =
      Hex.decode("96D605EA176B7E9E")! + zeros
      + Array(
        try BlockCipher.tripleDES2Key.encrypt(zeros, key: clear + clear, mode: .ecb).prefix(4))
    let f62 = otherSlot + macSlot + otherSlot
    let read = try WorkingKeys.fromField62(f62, tmk: SecretKey(tmk), algorithm: .tripleDES)
    #expect(read.mac.bytes == clear)
    #expect(
      String(decoding: try WireCrypto.mac(Hex.decode(mab)!, keys: read), as: UTF8.self) == ours)
  }

  @Test func field22IsLeftAlignedByDefaultAndRightWhenTheDialectSaysSo() throws {
    var m = ISOMessage(mti: "0200")
    m.set(22, "021")
    m.set(23, "001")
    // MTI (2) + bitmap (8), then 22 and 23.
    #expect(Array(try m.encode().suffix(4)) == [0x02, 0x10, 0x00, 0x01])
    #expect(Array(try m.encode(field22: .right).suffix(4)) == [0x00, 0x21, 0x00, 0x01])
    #expect(try ISOMessage.decode(try m.encode()).string(22) == "021")
    #expect(
      try ISOMessage.decode(try m.encode(field22: .right), field22: .right).string(22) == "021")
  }

  @Test func everyFieldOfTheDataDictionaryIsInTheTable() throws {
    for n in 2...64 { #expect(ISOField.spec(n) != nil, "field \(n)") }
    // A reply with the standard optional fields a host adds (field notes §8).
    var m = ISOMessage(mti: "0210")
    m.set(15, "1121")
    m.set(32, "48020000")
    m.set(44, "0102030000 0102030000")
    m.set(63, "CUP中国银联")
    let bytes = try m.encode()
    let back = try ISOMessage.decode(bytes)
    #expect(back == m)
    // Field 1 (a secondary bitmap, fields 65–128) is outside the table: named.
    var secondary = Array(bytes)
    secondary[2] |= 0x80
    #expect(thrown { try ISOMessage.decode(secondary) }?.contains("field 1") == true)
  }

  /// Field 63 travels in GBK: the bytes Python's gbk codec gives for CUP中国银联.
  @Test func field63IsGBKOnTheWire() throws {
    var m = ISOMessage(mti: "0210")
    m.set(63, "CUP中国银联")
    let gbk: [UInt8] = [67, 85, 80, 214, 208, 185, 250, 210, 248, 193, 170]
    #expect(Array(try m.encode().suffix(13)) == [0x00, 0x11] + gbk)
    #expect(try ISOMessage.decode(Array(try m.encode())).string(63) == "CUP中国银联")
    var bad = Array(try m.encode())
    bad[bad.count - 1] = 0xFF
    bad[bad.count - 2] = 0xFF
    #expect(thrown { try ISOMessage.decode(bad) }?.contains("field 63") == true)
  }
}

/// Tests/ISO8583Tests/mac_vector.py.
var macVectorScript: String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "mac_vector.py"
  ).path
}

func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [try TestPython.interpreter()] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
