import COpenSSL

/// The block ciphers the terminal needs, each through OpenSSL's EVP interface (no
/// cipher is written here). All of them are in OpenSSL 3's default provider on
/// Debian 12, SM4 and both Triple-DES keyings included; nothing is loaded specially.
public enum BlockCipher: String, Sendable, CaseIterable, CustomStringConvertible {
  /// AES with a 16-, 24- or 32-byte key (FIPS 197); 16-byte blocks.
  case aes128, aes192, aes256
  /// Triple-DES EDE with a 16-byte key K1‖K2 (K3 = K1), the keying of payment
  /// terminals' master/PIN keys (NIST SP 800-67 keying option 2); 8-byte blocks.
  case tripleDES2Key
  /// Triple-DES EDE with a 24-byte key K1‖K2‖K3 (keying option 1); 8-byte blocks.
  case tripleDES3Key
  /// SM4 (GB/T 32907-2016) with a 16-byte key; 16-byte blocks.
  case sm4

  public var blockSize: Int {
    switch self {
    case .aes128, .aes192, .aes256, .sm4: return 16
    case .tripleDES2Key, .tripleDES3Key: return 8
    }
  }

  public var keySize: Int {
    switch self {
    case .aes128, .sm4, .tripleDES2Key: return 16
    case .aes192, .tripleDES3Key: return 24
    case .aes256: return 32
    }
  }

  public var description: String {
    switch self {
    case .aes128: return "AES-128"
    case .aes192: return "AES-192"
    case .aes256: return "AES-256"
    case .tripleDES2Key: return "3DES (2-key)"
    case .tripleDES3Key: return "3DES (3-key)"
    case .sm4: return "SM4"
    }
  }

  /// OpenSSL's algorithm name for `EVP_CIPHER_fetch`.
  func openSSLName(_ mode: BlockMode) -> String {
    let suffix: String
    switch mode {
    case .ecb: suffix = "ECB"
    case .cbc: suffix = "CBC"
    }
    switch self {
    case .aes128: return "AES-128-" + suffix
    case .aes192: return "AES-192-" + suffix
    case .aes256: return "AES-256-" + suffix
    case .tripleDES2Key: return "DES-EDE-" + suffix
    case .tripleDES3Key: return "DES-EDE3-" + suffix
    case .sm4: return "SM4-" + suffix
    }
  }

  /// Encrypts whole blocks. No padding is added: `plaintext.count` must be a
  /// multiple of `blockSize` (zero bytes give zero bytes).
  public func encrypt(_ plaintext: [UInt8], key: [UInt8], mode: BlockMode) throws(CipherError)
    -> [UInt8]
  {
    try run(plaintext, key: key, mode: mode, encrypt: true)
  }

  /// Decrypts whole blocks. No padding is removed: `ciphertext.count` must be a
  /// multiple of `blockSize`.
  public func decrypt(_ ciphertext: [UInt8], key: [UInt8], mode: BlockMode) throws(CipherError)
    -> [UInt8]
  {
    try run(ciphertext, key: key, mode: mode, encrypt: false)
  }

  private func run(_ input: [UInt8], key: [UInt8], mode: BlockMode, encrypt: Bool)
    throws(CipherError) -> [UInt8]
  {
    // Every length is checked here: OpenSSL reads as many key and IV bytes as the
    // algorithm wants, whatever the buffer holds.
    guard key.count == keySize else {
      throw .keyLength(algorithm: description, got: key.count, expected: keySize)
    }
    guard input.count % blockSize == 0 else {
      throw .notWholeBlocks(algorithm: description, length: input.count, blockSize: blockSize)
    }
    guard input.count <= Int(Int32.max) - blockSize else {
      throw .invalidArgument("\(description): input too long")
    }
    var iv: [UInt8]? = nil
    if case .cbc(let given) = mode {
      guard given.count == blockSize else {
        throw .ivLength(algorithm: description, got: given.count, expected: blockSize)
      }
      iv = given
    }
    let name = openSSLName(mode)
    guard let cipher = EVP_CIPHER_fetch(nil, name, nil) else {
      throw CipherError.openSSL("EVP_CIPHER_fetch(\(name))")
    }
    defer { EVP_CIPHER_free(cipher) }
    guard let context = EVP_CIPHER_CTX_new() else {
      throw CipherError.openSSL("EVP_CIPHER_CTX_new")
    }
    defer { EVP_CIPHER_CTX_free(context) }  // also wipes the key schedule

    let initialised = withBytes(key) { keyPointer, _ in
      withBytes(iv ?? []) { ivPointer, _ in
        EVP_CipherInit_ex2(
          context, cipher, keyPointer, iv == nil ? nil : ivPointer, encrypt ? 1 : 0, nil)
      }
    }
    guard initialised == 1 else { throw CipherError.openSSL("EVP_CipherInit_ex2(\(name))") }
    guard EVP_CIPHER_CTX_set_padding(context, 0) == 1 else {
      throw CipherError.openSSL("EVP_CIPHER_CTX_set_padding(\(name))")
    }
    if input.isEmpty { return [] }

    var output = [UInt8](repeating: 0, count: input.count + blockSize)
    var written: Int32 = 0
    var final: Int32 = 0
    let updated = withBytes(input) { inPointer, inCount in
      output.withUnsafeMutableBufferPointer { out in
        EVP_CipherUpdate(context, out.baseAddress, &written, inPointer, Int32(inCount))
      }
    }
    guard updated == 1 else { throw CipherError.openSSL("EVP_CipherUpdate(\(name))") }
    let finished = output.withUnsafeMutableBufferPointer { out in
      EVP_CipherFinal_ex(context, out.baseAddress! + Int(written), &final)
    }
    guard finished == 1 else { throw CipherError.openSSL("EVP_CipherFinal_ex(\(name))") }
    let total = Int(written) + Int(final)
    guard total == input.count else {
      throw .openSSL(
        call: "EVP_CipherUpdate(\(name))", detail: "wrote \(total) of \(input.count) bytes")
    }
    return Array(output.prefix(total))
  }
}

/// How blocks are chained. Neither mode pads: callers give whole blocks.
public enum BlockMode: Sendable, Equatable {
  /// Each block on its own.
  case ecb
  /// Cipher block chaining from `iv` (one block long).
  case cbc(iv: [UInt8])
}
