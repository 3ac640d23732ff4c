import COpenSSL

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SHA-256 (FIPS 180-4) through OpenSSL's EVP interface.
public enum SHA256 {
  public static let digestSize = 32

  /// The 32-byte digest of `data`.
  public static func hash(_ data: [UInt8]) throws(CipherError) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: digestSize)
    var size = 0
    let ok = withBytes(data) { pointer, count in
      digest.withUnsafeMutableBufferPointer { out in
        EVP_Q_digest(nil, "SHA256", nil, pointer, count, out.baseAddress, &size)
      }
    }
    guard ok == 1, size == digestSize else { throw CipherError.openSSL("EVP_Q_digest(SHA256)") }
    return digest
  }

  /// The digest of the UTF-8 bytes of `text`.
  public static func hash(_ text: String) throws(CipherError) -> [UInt8] {
    try hash(Array(text.utf8))
  }

  /// The digest of the file at `path`, read in 64 KB pieces (a large file never sits
  /// in memory whole). Nil when the file cannot be opened or read.
  public static func hash(fileAt path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    guard let context = EVP_MD_CTX_new() else { return nil }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestInit_ex2(context, EVP_sha256(), nil) == 1 else { return nil }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count >= 0 else { return nil }
      if count == 0 { break }
      guard buffer.withUnsafeBytes({ EVP_DigestUpdate(context, $0.baseAddress, count) }) == 1
      else { return nil }
    }
    var digest = [UInt8](repeating: 0, count: digestSize)
    var size: UInt32 = 0
    guard EVP_DigestFinal_ex(context, &digest, &size) == 1, size == digestSize else {
      return nil
    }
    return digest
  }
}

/// HMAC-SHA256 (RFC 2104, FIPS 198-1) through OpenSSL's EVP MAC interface.
public enum HMACSHA256 {
  public static let macSize = 32

  /// The 32-byte authentication code of `data` under `key` (a key of any length;
  /// one longer than 64 bytes is hashed first, as HMAC says).
  public static func authenticationCode(key: [UInt8], data: [UInt8]) throws(CipherError)
    -> [UInt8]
  {
    var mac = [UInt8](repeating: 0, count: macSize)
    var size = 0
    let result = withBytes(key) { keyPointer, keyCount in
      withBytes(data) { dataPointer, dataCount in
        mac.withUnsafeMutableBufferPointer { out in
          EVP_Q_mac(
            nil, "HMAC", nil, "SHA256", nil, keyPointer, keyCount, dataPointer, dataCount,
            out.baseAddress, macSize, &size)
        }
      }
    }
    guard result != nil, size == macSize else {
      throw CipherError.openSSL("EVP_Q_mac(HMAC-SHA256)")
    }
    return mac
  }
}

/// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA256 as the pseudorandom function.
public enum PBKDF2 {
  /// Derives `keyLength` bytes from `password` and `salt` with `iterations` rounds.
  /// Any count from 1 up is computed (policy, such as a minimum, is the caller's).
  public static func sha256(
    password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int = 32
  ) throws(CipherError) -> [UInt8] {
    guard iterations >= 1, iterations <= Int(Int32.max) else {
      throw .invalidArgument("PBKDF2: iteration count \(iterations) is not 1…\(Int32.max)")
    }
    guard keyLength >= 1, keyLength <= 1 << 20 else {
      throw .invalidArgument("PBKDF2: key length \(keyLength) is not 1…\(1 << 20) bytes")
    }
    guard password.count <= Int(Int32.max), salt.count <= Int(Int32.max) else {
      throw .invalidArgument("PBKDF2: password or salt too long")
    }
    guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
      throw CipherError.openSSL("EVP_MD_fetch(SHA256)")
    }
    defer { EVP_MD_free(md) }
    var key = [UInt8](repeating: 0, count: keyLength)
    let ok = withBytes(password) { passwordPointer, passwordCount in
      withBytes(salt) { saltPointer, saltCount in
        key.withUnsafeMutableBufferPointer { out in
          passwordPointer.withMemoryRebound(to: CChar.self, capacity: max(passwordCount, 1)) {
            PKCS5_PBKDF2_HMAC(
              $0, Int32(passwordCount), saltPointer, Int32(saltCount), Int32(iterations), md,
              Int32(keyLength), out.baseAddress)
          }
        }
      }
    }
    guard ok == 1 else { throw CipherError.openSSL("PKCS5_PBKDF2_HMAC(SHA256)") }
    return key
  }

  /// The same with the UTF-8 bytes of `password`.
  public static func sha256(
    password: String, salt: [UInt8], iterations: Int, keyLength: Int = 32
  ) throws(CipherError) -> [UInt8] {
    try sha256(
      password: Array(password.utf8), salt: salt, iterations: iterations, keyLength: keyLength)
  }
}
