/// ISO/IEC 9797-1 MAC algorithm 3 with DES (the "retail MAC", ANSI X9.19): single-DES
/// CBC under K1 over every block, then the last result decrypted under K2 and encrypted
/// under K1 again. Payment cards use it for application cryptograms (EMV Book 2 A1.2).
///
/// OpenSSL 3 keeps single DES in its legacy provider only, so DES under K1 is run as
/// Triple-DES EDE with the key K1‖K1 (E_K1 ∘ D_K1 ∘ E_K1 = E_K1), which the default
/// provider has. No cipher is written here.
public enum RetailMAC {
  /// How the message is padded to whole 8-byte blocks (ISO/IEC 9797-1 §6.3).
  public enum Padding: Sendable, Equatable {
    /// Method 1: zero bytes, none when the message is already whole blocks (an empty
    /// message becomes one zero block).
    case method1
    /// Method 2: one 0x80 byte, then zero bytes: always at least one byte added.
    case method2
  }

  public static let macSize = 8

  /// `data` padded as `padding` says.
  public static func pad(_ data: [UInt8], _ padding: Padding) -> [UInt8] {
    var out = data
    switch padding {
    case .method1:
      if out.isEmpty || out.count % 8 != 0 {
        out += [UInt8](repeating: 0, count: 8 - out.count % 8)
      }
    case .method2:
      out.append(0x80)
      if out.count % 8 != 0 { out += [UInt8](repeating: 0, count: 8 - out.count % 8) }
    }
    return out
  }

  /// The 8-byte MAC of `data` under the 16-byte key K1‖K2.
  public static func mac(key: [UInt8], data: [UInt8], padding: Padding) throws(CipherError)
    -> [UInt8]
  {
    guard key.count == 16 else {
      throw .keyLength(algorithm: "ISO 9797-1 MAC algorithm 3", got: key.count, expected: 16)
    }
    let k1 = Array(key[0..<8])
    let k2 = Array(key[8..<16])
    let chained = try BlockCipher.tripleDES2Key.encrypt(
      pad(data, padding), key: k1 + k1, mode: .cbc(iv: [UInt8](repeating: 0, count: 8)))
    let last = Array(chained.suffix(8))
    let decrypted = try BlockCipher.tripleDES2Key.decrypt(last, key: k2 + k2, mode: .ecb)
    return try BlockCipher.tripleDES2Key.encrypt(decrypted, key: k1 + k1, mode: .ecb)
  }
}
