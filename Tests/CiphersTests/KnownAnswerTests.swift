import Foundation
import Testing

@testable import Ciphers

/// Hex with spaces allowed, for vectors copied as published.
func h(_ text: String) -> [UInt8] {
  guard let bytes = Hex.decode(text) else { fatalError("bad hex in a test vector: \(text)") }
  return bytes
}

/// The four-block plaintext of NIST SP 800-38A (and of NIST's TDES mode examples).
let sp80038APlaintext = h(
  """
  6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 \
  30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710
  """)

@Suite struct SHA256Tests {
  /// FIPS 180-2 Appendix B (and the NIST examples): "abc", the two-block message, a
  /// million "a"; plus the empty message.
  @Test(arguments: [
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
  ])
  func fips180Examples(message: String, digest: String) throws {
    #expect(try SHA256.hash(message) == h(digest))
  }

  @Test func oneMillionA() throws {
    let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(
      try SHA256.hash(message)
        == h("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"))
  }

  /// A file is read in 64 KB pieces: the million "a" (16 pieces, the last one short)
  /// gives the published digest; the empty file and a missing one too.
  @Test func aFileReadInPieces() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sha256-file-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let million = folder.appendingPathComponent("a")
    try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: million)
    #expect(
      SHA256.hash(fileAt: million.path)
        == h("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"))
    let empty = folder.appendingPathComponent("empty")
    try Data().write(to: empty)
    #expect(
      SHA256.hash(fileAt: empty.path)
        == h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
    #expect(SHA256.hash(fileAt: folder.appendingPathComponent("missing").path) == nil)
  }
}

@Suite struct HMACSHA256Tests {
  /// RFC 4231 §4.2–4.8 (test case 5's output is truncated to 128 bits there).
  @Test(arguments: [
    (
      String(repeating: "0b", count: 20), Array("Hi There".utf8),
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    ),
    (
      Hex.encode(Array("Jefe".utf8)), Array("what do ya want for nothing?".utf8),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    ),
    (
      String(repeating: "aa", count: 20), [UInt8](repeating: 0xdd, count: 50),
      "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
    ),
    (
      "0102030405060708090a0b0c0d0e0f10111213141516171819", [UInt8](repeating: 0xcd, count: 50),
      "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
    ),
    (
      String(repeating: "0c", count: 20), Array("Test With Truncation".utf8),
      "a3b6167473100ee06e0c796c2955552b"
    ),
    (
      String(repeating: "aa", count: 131),
      Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    ),
    (
      String(repeating: "aa", count: 131),
      Array(
        ("This is a test using a larger than block-size key and a larger than block-size data. "
          + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
      "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
    ),
  ])
  func rfc4231(key: String, data: [UInt8], mac: String) throws {
    let expected = h(mac)
    let computed = try HMACSHA256.authenticationCode(key: h(key), data: data)
    #expect(Array(computed.prefix(expected.count)) == expected)
    #expect(computed.count == 32)
  }

  @Test func emptyKeyAndData() throws {
    // HMAC-SHA256("", "") — a well-known value; checks the empty buffers reach OpenSSL.
    #expect(
      try HMACSHA256.authenticationCode(key: [], data: [])
        == h("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
  }
}

@Suite struct PBKDF2Tests {
  /// RFC 7914 §11 (the PBKDF2-HMAC-SHA256 vectors of scrypt's specification).
  @Test func rfc7914() throws {
    #expect(
      try PBKDF2.sha256(password: "passwd", salt: Array("salt".utf8), iterations: 1, keyLength: 64)
        == h(
          """
          55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
          49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783
          """))
    #expect(
      try PBKDF2.sha256(
        password: "Password", salt: Array("NaCl".utf8), iterations: 80_000, keyLength: 64)
        == h(
          """
          4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56\
          a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d
          """))
  }

  /// The widely published SHA-256 counterparts of RFC 6070's PBKDF2-HMAC-SHA1 cases.
  @Test(arguments: [
    ("password", "salt", 1, 32, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
    ("password", "salt", 2, 32, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
    (
      "password", "salt", 4096, 32,
      "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"
    ),
    (
      "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 40,
      "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"
    ),
  ])
  func rfc6070Style(password: String, salt: String, iterations: Int, length: Int, key: String)
    throws
  {
    #expect(
      try PBKDF2.sha256(
        password: password, salt: Array(salt.utf8), iterations: iterations, keyLength: length)
        == h(key))
  }

  @Test func badArgumentsAreErrors() {
    #expect(throws: CipherError.self) {
      try PBKDF2.sha256(password: "x", salt: [1], iterations: 0)
    }
    #expect(throws: CipherError.self) {
      try PBKDF2.sha256(password: "x", salt: [1], iterations: 1, keyLength: 0)
    }
  }
}

@Suite struct AESTests {
  /// FIPS-197 Appendix C: one block under each key size.
  @Test(arguments: [
    (BlockCipher.aes128, "000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a"),
    (
      .aes192, "000102030405060708090a0b0c0d0e0f1011121314151617",
      "dda97ca4864cdfe06eaf70a0ec0d7191"
    ),
    (
      .aes256, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
      "8ea2b7ca516745bfeafc49904b496089"
    ),
  ])
  func fips197(cipher: BlockCipher, key: String, ciphertext: String) throws {
    let plaintext = h("00112233445566778899aabbccddeeff")
    #expect(try cipher.encrypt(plaintext, key: h(key), mode: .ecb) == h(ciphertext))
    #expect(try cipher.decrypt(h(ciphertext), key: h(key), mode: .ecb) == plaintext)
  }

  static let keys: [BlockCipher: String] = [
    .aes128: "2b7e151628aed2a6abf7158809cf4f3c",
    .aes192: "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
    .aes256: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
  ]

  /// NIST SP 800-38A F.1.1–F.1.6 (ECB) and F.2.1–F.2.6 (CBC), four blocks each way.
  @Test(arguments: [
    (
      BlockCipher.aes128, false,
      "3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf 43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4"
    ),
    (
      .aes192, false,
      "bd334f1d6e45f25ff712a214571fa5cc 974104846d0ad3ad7734ecb3ecee4eef ef7afd2270e2e60adce0ba2face6444e 9a4b41ba738d6c72fb16691603c18e0e"
    ),
    (
      .aes256, false,
      "f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870 b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7"
    ),
    (
      .aes128, true,
      "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2 73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7"
    ),
    (
      .aes192, true,
      "4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a 571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd"
    ),
    (
      .aes256, true,
      "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d 39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b"
    ),
  ])
  func sp80038A(cipher: BlockCipher, cbc: Bool, ciphertext: String) throws {
    let key = h(Self.keys[cipher]!)
    let mode: BlockMode = cbc ? .cbc(iv: h("000102030405060708090a0b0c0d0e0f")) : .ecb
    #expect(try cipher.encrypt(sp80038APlaintext, key: key, mode: mode) == h(ciphertext))
    #expect(try cipher.decrypt(h(ciphertext), key: key, mode: mode) == sp80038APlaintext)
  }
}

@Suite struct TripleDESTests {
  static let threeKeys = "0123456789abcdef 23456789abcdef01 456789abcdef0123"
  static let twoKeys = "0123456789abcdef 23456789abcdef01"
  static let iv = h("f69f2445df4f9b17")
  static let plaintext = Array(sp80038APlaintext.prefix(32))

  /// NIST SP 800-67 Rev. 1, Appendix B: three keys over "The qufck brown fox jump".
  @Test func sp80067Example() throws {
    let ciphertext = h("a826fd8ce53b855f cce21c8112256fe6 68d5c05dd9b6b900")
    let plaintext = Array("The qufck brown fox jump".utf8)
    #expect(
      try BlockCipher.tripleDES3Key.encrypt(plaintext, key: h(Self.threeKeys), mode: .ecb)
        == ciphertext)
    #expect(
      try BlockCipher.tripleDES3Key.decrypt(ciphertext, key: h(Self.threeKeys), mode: .ecb)
        == plaintext)
  }

  /// NIST's TDES mode examples ("Examples with Intermediate Values": TDES and TDES2,
  /// ECB and CBC) over the SP 800-38A plaintext's first 32 bytes.
  @Test(arguments: [
    (
      BlockCipher.tripleDES3Key, false,
      "714772f339841d34267fcc4bd2949cc3ee11c22a576a303876183f99c0b6de87"
    ),
    (.tripleDES3Key, true, "2079c3d53aa763e193b79e2569ab5262516570481f25b50f73c0bda85c8e0da7"),
    (.tripleDES2Key, false, "06ede3d82884090aff322c19f0518486730576972a666e58b6c88cf107340d3d"),
    (.tripleDES2Key, true, "7401ce1eab6d003caff84bf47b36cc2154f0238f9ffecd8f6acf118392b45581"),
  ])
  func nistModeExamples(cipher: BlockCipher, cbc: Bool, ciphertext: String) throws {
    let key = h(cipher == .tripleDES3Key ? Self.threeKeys : Self.twoKeys)
    let mode: BlockMode = cbc ? .cbc(iv: Self.iv) : .ecb
    #expect(try cipher.encrypt(Self.plaintext, key: key, mode: mode) == h(ciphertext))
    #expect(try cipher.decrypt(h(ciphertext), key: key, mode: mode) == Self.plaintext)
  }

  /// NIST SP 800-20 known answers (K1 = K2 = K3, so TDEA reduces to DES): the
  /// variable-plaintext and variable-key tests' first entries, in both keyings.
  @Test(arguments: [
    ("0101010101010101", "8000000000000000", "95f8a5e5dd31d900"),
    ("0101010101010101", "4000000000000000", "dd7f121ca5015619"),
    ("8001010101010101", "0000000000000000", "95a8d72813daa94d"),
    ("4001010101010101", "0000000000000000", "0eec1487dd8c26d5"),
  ])
  func sp80020(key: String, plaintext: String, ciphertext: String) throws {
    let two = h(key + key)
    let three = h(key + key + key)
    #expect(
      try BlockCipher.tripleDES2Key.encrypt(h(plaintext), key: two, mode: .ecb) == h(ciphertext))
    #expect(
      try BlockCipher.tripleDES3Key.encrypt(h(plaintext), key: three, mode: .ecb) == h(ciphertext))
    // TCBC with a zero IV over one block is the same known answer.
    #expect(
      try BlockCipher.tripleDES2Key.encrypt(
        h(plaintext), key: two, mode: .cbc(iv: [UInt8](repeating: 0, count: 8)))
        == h(ciphertext))
  }

  @Test func twoKeyIsThreeKeyWithK3EqualK1() throws {
    let k = h(Self.twoKeys)
    let data = Array(sp80038APlaintext.prefix(48))
    #expect(
      try BlockCipher.tripleDES2Key.encrypt(data, key: k, mode: .cbc(iv: Self.iv))
        == BlockCipher.tripleDES3Key.encrypt(data, key: k + k.prefix(8), mode: .cbc(iv: Self.iv)))
  }
}

@Suite struct SM4Tests {
  static let key = h("0123456789abcdeffedcba9876543210")

  /// GB/T 32907-2016 Appendix A, example 1: key = plaintext.
  @Test func gbt32907Example() throws {
    let ciphertext = h("681edf34d206965e86b3e94f536e4246")
    #expect(try BlockCipher.sm4.encrypt(Self.key, key: Self.key, mode: .ecb) == ciphertext)
    #expect(try BlockCipher.sm4.decrypt(ciphertext, key: Self.key, mode: .ecb) == Self.key)
  }

  /// CBC, from the SM4 examples of draft-ribose-cfrg-sm4 (IV = key = the GB/T plaintext).
  @Test func cbc() throws {
    let plaintext = Self.key + Self.key
    let ciphertext = h("2677f46b09c122cc975533105bd4a22a f6125f7275ce552c3a2bbcf533de8a3b")
    #expect(
      try BlockCipher.sm4.encrypt(plaintext, key: Self.key, mode: .cbc(iv: Self.key)) == ciphertext)
    #expect(
      try BlockCipher.sm4.decrypt(ciphertext, key: Self.key, mode: .cbc(iv: Self.key)) == plaintext)
  }
}

@Suite struct BlockCipherArgumentTests {
  @Test(arguments: BlockCipher.allCases)
  func wrongLengthsAreErrorsNotCrashes(cipher: BlockCipher) throws {
    let key = [UInt8](repeating: 7, count: cipher.keySize)
    let block = [UInt8](repeating: 1, count: cipher.blockSize)
    #expect(
      throws: CipherError.keyLength(
        algorithm: cipher.description, got: cipher.keySize - 1, expected: cipher.keySize)
    ) {
      try cipher.encrypt(block, key: Array(key.dropLast()), mode: .ecb)
    }
    #expect(
      throws: CipherError.notWholeBlocks(
        algorithm: cipher.description, length: cipher.blockSize + 1, blockSize: cipher.blockSize)
    ) {
      try cipher.encrypt(block + [0], key: key, mode: .ecb)
    }
    #expect(
      throws: CipherError.ivLength(
        algorithm: cipher.description, got: 3, expected: cipher.blockSize)
    ) {
      try cipher.decrypt(block, key: key, mode: .cbc(iv: [1, 2, 3]))
    }
    // No padding either way: whole blocks in, the same length out; none in, none out.
    let sealed = try cipher.encrypt(block + block, key: key, mode: .cbc(iv: block))
    #expect(sealed.count == 2 * cipher.blockSize)
    #expect(try cipher.decrypt(sealed, key: key, mode: .cbc(iv: block)) == block + block)
    #expect(try cipher.encrypt([], key: key, mode: .ecb) == [])
  }
}

@Suite struct SecureRandomTests {
  @Test func lengthsAndTwoCallsDiffer() throws {
    #expect(try SecureRandom.bytes(0).isEmpty)
    #expect(try SecureRandom.bytes(1).count == 1)
    let a = try SecureRandom.bytes(32)
    let b = try SecureRandom.bytes(32)
    #expect(a.count == 32 && b.count == 32)
    #expect(a != b)
    #expect(throws: CipherError.self) { try SecureRandom.bytes(-1) }
  }
}

@Suite struct HelperTests {
  @Test func hexRoundTrips() {
    #expect(Hex.encode([0x00, 0x7f, 0xff]) == "007fff")
    #expect(Hex.decode("00 7F ff") == [0x00, 0x7f, 0xff])
    #expect(Hex.decode("abc") == nil)
    #expect(Hex.decode("zz") == nil)
  }

  @Test func constantTimeEqual() {
    #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
    #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
    #expect(!ConstantTime.equal([1, 2], [1, 2, 3]))
    #expect(ConstantTime.equal([], []))
  }
}
