import COpenSSL

/// Bytes from OpenSSL's CSPRNG (`RAND_bytes`: the default DRBG, seeded by the OS).
public enum SecureRandom {
  /// `count` random bytes (0 gives none).
  public static func bytes(_ count: Int) throws(CipherError) -> [UInt8] {
    guard count >= 0, count <= Int(Int32.max) else {
      throw .invalidArgument("random: \(count) bytes is not 0…\(Int32.max)")
    }
    if count == 0 { return [] }
    var bytes = [UInt8](repeating: 0, count: count)
    let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
    guard ok == 1 else { throw CipherError.openSSL("RAND_bytes") }
    return bytes
  }
}

/// Comparison whose time depends only on the lengths, not on where the bytes differ
/// (OpenSSL's `CRYPTO_memcmp`).
public enum ConstantTime {
  public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return a.withUnsafeBytes { x in
      b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 }
    }
  }
}

/// Lowercase hexadecimal, the way keys, salts and hashes are written in config and tests.
public enum Hex {
  public static func encode(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The bytes of an even number of hex digits (either case; spaces are skipped),
  /// or nil.
  public static func decode(_ text: String) -> [UInt8]? {
    var out: [UInt8] = []
    var high: UInt8? = nil
    for c in text.utf8 {
      let v: UInt8
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - UInt8(ascii: "A") + 10
      case UInt8(ascii: " "): continue
      default: return nil
      }
      if let h = high {
        out.append(h << 4 | v)
        high = nil
      } else {
        high = v
      }
    }
    return high == nil ? out : nil
  }
}
