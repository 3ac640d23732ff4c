#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// GBK, the character set of UnionPay's text fields (63: the issuer's name),
/// through the C library's iconv: Foundation on Linux has no GBK encoding.
enum GBK {
  /// nil when the text holds a character GBK does not have.
  static func encode(_ text: String) -> [UInt8]? {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
    return convert(Array(text.utf8), from: "UTF-8", to: "GBK")
  }

  /// nil when the bytes are not GBK.
  static func decode(_ bytes: [UInt8]) -> String? {
    if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
    return convert(bytes, from: "GBK", to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
  }

  private static func convert(_ bytes: [UInt8], from: String, to: String) -> [UInt8]? {
    let cd = iconv_open(to, from)
    guard cd != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(cd) }
    var input = bytes.map { CChar(bitPattern: $0) }
    // A GBK character (2 bytes) is at most 3 bytes of UTF-8, and the reverse shrinks.
    var output = [CChar](repeating: 0, count: bytes.count * 2 + 4)
    var inLeft = input.count
    var outLeft = output.count
    let status = input.withUnsafeMutableBufferPointer { inBuffer in
      output.withUnsafeMutableBufferPointer { outBuffer in
        var inPointer = inBuffer.baseAddress
        var outPointer = outBuffer.baseAddress
        return iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
      }
    }
    guard status != -1, inLeft == 0 else { return nil }
    return output.prefix(output.count - outLeft).map { UInt8(bitPattern: $0) }
  }
}
