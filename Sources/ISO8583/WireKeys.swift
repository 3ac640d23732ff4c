import Ciphers

/// The algorithm of the working keys, chosen in Config/host.yaml (`keys:`) and
/// announced at sign-in in field 60.3.
public enum KeyAlgorithm: String, Sendable, Equatable, CaseIterable {
  /// 3DES keys: double-length PIN and track keys, a single-length MAC key (its
  /// slot's second half zero, as the spec sends it) or a double-length one: 60.3 = 004.
  case tripleDES = "3des"
  /// SM4 keys (the national algorithm): 60.3 = 005 (this link's code);
  /// MAC the UnionPay ECB algorithm over SM4 whatever the dialect's `mac`.
  case sm4

  public var cipher: BlockCipher { self == .sm4 ? .sm4 : .tripleDES2Key }
  public var blockSize: Int { cipher.blockSize }
  /// Field 60.3 of the sign-in request.
  public var networkCode: String { self == .sm4 ? "005" : "004" }
  public init?(networkCode: String) {
    switch networkCode {
    case "004": self = .tripleDES
    case "005": self = .sm4
    default: return nil
    }
  }
  /// Field 53: PIN format 2 (ISO 9564 format 0 with the PAN), algorithm 6
  /// (double-length 3DES) or 7 (SM4, this link's code), track data encrypted (1).
  public var securityControl: String { self == .sm4 ? "2710000000000000" : "2610000000000000" }
  /// Field 52's size: the PIN block encrypted, one cipher block.
  public var pinBlockLength: Int { blockSize }
}

/// A key (16 bytes; a single-length DES MAC key 8) whose bytes never show in a description.
public struct SecretKey: Sendable, Equatable, CustomStringConvertible {
  public let bytes: [UInt8]
  public init(_ bytes: [UInt8]) { self.bytes = bytes }
  public var description: String { "SecretKey(\(bytes.count) bytes)" }
}

/// The three working keys a sign-in gives, in memory only.
public struct WorkingKeys: Sendable, Equatable {
  public var algorithm: KeyAlgorithm
  public var pin: SecretKey
  public var mac: SecretKey
  public var track: SecretKey
  public init(algorithm: KeyAlgorithm, pin: SecretKey, mac: SecretKey, track: SecretKey) {
    self.algorithm = algorithm
    self.pin = pin
    self.mac = mac
    self.track = track
  }

  /// Fresh random keys (the host, at each sign-in). Under 3DES the MAC key is
  /// single-length, as spec terminals expect it.
  public static func random(_ algorithm: KeyAlgorithm) throws -> WorkingKeys {
    let macLength = algorithm == .tripleDES ? 8 : 16
    return WorkingKeys(
      algorithm: algorithm, pin: SecretKey(try SecureRandom.bytes(16)),
      mac: SecretKey(try SecureRandom.bytes(macLength)),
      track: SecretKey(try SecureRandom.bytes(16)))
  }

  /// Field 62 of the sign-in reply: for each of PIN, MAC and track key, the key
  /// encrypted under the TMK (ECB, 16 bytes) and its check value (4 bytes): 60 bytes.
  /// A single-length MAC key fills its slot's first half; the second half is zero.
  public func field62(tmk: SecretKey) throws -> [UInt8] {
    var out = [UInt8]()
    for key in [pin, mac, track] {
      let encrypted = try algorithm.cipher.encrypt(key.bytes, key: tmk.bytes, mode: .ecb)
      out += encrypted + [UInt8](repeating: 0, count: 16 - encrypted.count)
      out += try KeyCheck.value(key, algorithm)
    }
    return out
  }

  /// Reads field 62 of a sign-in reply, checking each key's check value.
  public static func fromField62(_ field: [UInt8], tmk: SecretKey, algorithm: KeyAlgorithm)
    throws(WireKeyError) -> WorkingKeys
  {
    guard field.count == 60 else { throw .badLength(field.count) }
    var keys: [SecretKey] = []
    for (i, name) in ["PIN", "MAC", "track"].enumerated() {
      let start = i * 20
      var encrypted = Array(field[start..<start + 16])
      let check = Array(field[start + 16..<start + 20])
      // The spec's single-length MAC key: 8 significant bytes, the rest zero (DES).
      if algorithm == .tripleDES, name == "MAC", encrypted[8...].allSatisfy({ $0 == 0 }) {
        encrypted = Array(encrypted.prefix(8))
      }
      let key: SecretKey
      let expected: [UInt8]
      do {
        key = SecretKey(try algorithm.cipher.decrypt(encrypted, key: tmk.bytes, mode: .ecb))
        expected = try KeyCheck.value(key, algorithm)
      } catch {
        throw .cipher("\(error)")
      }
      guard ConstantTime.equal(expected, check) else { throw .checkValueMismatch(name) }
      keys.append(key)
    }
    return WorkingKeys(algorithm: algorithm, pin: keys[0], mac: keys[1], track: keys[2])
  }
}

public enum WireKeyError: Error, Sendable, Equatable, CustomStringConvertible {
  case badLength(Int)
  case checkValueMismatch(String)
  case cipher(String)
  public var description: String {
    switch self {
    case .badLength(let n):
      return "field 62 holds \(n) bytes; 3 × (16-byte key + 4-byte check) is 60"
    case .checkValueMismatch(let name):
      return "the \(name) key's check value does not match (wrong terminal master key?)"
    case .cipher(let e): return e
    }
  }
}

/// Key check value: the key encrypting one block of zeros, first 4 bytes (a
/// single-length DES key: under DES).
public enum KeyCheck {
  public static func value(_ key: SecretKey, _ algorithm: KeyAlgorithm) throws -> [UInt8] {
    let zeros = [UInt8](repeating: 0, count: algorithm.blockSize)
    let k = WireCrypto.cipherKey(key.bytes, algorithm)
    return Array(try algorithm.cipher.encrypt(zeros, key: k, mode: .ecb).prefix(4))
  }
}

/// The published test keys. **Test keys only**: anyone can read them here.
public enum TestKeys {
  /// The base the test terminal master keys are derived from.
  public static let base = SecretKey(Hex.decode("0123456789ABCDEFFEDCBA9876543210")!)

  /// The test TMK of a terminal: the 8-digit terminal number in BCD, padded with
  /// FF to 8 bytes, followed by that block's complement, encrypted under `base`
  /// with 2-key 3DES ECB. Every terminal number gets its own key (一机一密); the
  /// simulated host derives the same one.
  public static func tmk(terminalNo: String) -> SecretKey {
    var block = BCD.pack(terminalNo, padLeft: true)
    block = Array(block.prefix(8))
    while block.count < 8 { block.append(0xFF) }
    let data = block + block.map { ~$0 }
    // 16 bytes, a 16-byte key: cannot fail.
    return SecretKey(try! BlockCipher.tripleDES2Key.encrypt(data, key: base.bytes, mode: .ecb))
  }
}

/// The PIN, track and MAC operations under the working keys.
public enum WireCrypto {
  /// Field 52: the ISO 9564 format-0 block (8 bytes; under SM4 followed by 8 bytes
  /// of FF to fill the 16-byte block) encrypted under the PIN key, ECB.
  public static func encryptPIN(_ block: [UInt8], keys: WorkingKeys) throws -> [UInt8] {
    var data = block
    while data.count < keys.algorithm.blockSize { data.append(0xFF) }
    return try keys.algorithm.cipher.encrypt(data, key: keys.pin.bytes, mode: .ecb)
  }

  public static func decryptPIN(_ field: [UInt8], keys: WorkingKeys) throws -> [UInt8] {
    let clear = try keys.algorithm.cipher.decrypt(field, key: keys.pin.bytes, mode: .ecb)
    return Array(clear.prefix(8))
  }

  /// Track data (digits, `=` as D) with the UnionPay TDB method: the block of
  /// digits that ends just before the last digit (16 digits under 3DES, 32 under
  /// SM4) is encrypted under the track key and put back in place. A track too
  /// short for that is first padded with F to one digit more than a block.
  public static func encryptTrack(_ track: String, keys: WorkingKeys) throws -> String {
    try transformTrack(track, keys: keys, encrypt: true)
  }

  /// The inverse; trailing F padding is removed.
  public static func decryptTrack(_ track: String, keys: WorkingKeys) throws -> String {
    var clear = try transformTrack(track, keys: keys, encrypt: false)
    while clear.hasSuffix("F") { clear.removeLast() }
    return clear
  }

  private static func transformTrack(_ track: String, keys: WorkingKeys, encrypt: Bool) throws
    -> String
  {
    let span = keys.algorithm.blockSize * 2
    var nibbles = Array(track.uppercased().replacingOccurrences(of: "=", with: "D").utf8)
    while nibbles.count < span + 1 { nibbles.append(UInt8(ascii: "F")) }
    let end = nibbles.count - 1
    let start = end - span
    let block = BCD.pack(String(decoding: nibbles[start..<end], as: UTF8.self), padLeft: true)
    let out =
      encrypt
      ? try keys.algorithm.cipher.encrypt(block, key: keys.track.bytes, mode: .ecb)
      : try keys.algorithm.cipher.decrypt(block, key: keys.track.bytes, mode: .ecb)
    let hex = Array(WireFrame.hex(out).utf8)
    nibbles.replaceSubrange(start..<end, with: hex)
    return String(decoding: nibbles, as: UTF8.self)
  }

  /// A key as the cipher takes it: a single-length (8-byte) DES key is 2-key 3DES
  /// with equal halves, which is DES (OpenSSL 3 keeps plain DES in its legacy provider).
  static func cipherKey(_ key: [UInt8], _ algorithm: KeyAlgorithm) -> [UInt8] {
    algorithm == .tripleDES && key.count == 8 ? key + key : key
  }

  /// Field 64 over `data` (the message from the MTI through field 63): the
  /// UnionPay ECB MAC (8 ASCII hex characters) or, when the dialect says
  /// `x919`, ANSI X9.19 (8 bytes). The MAC key's length says DES (8 bytes) or
  /// 3DES (16). Under SM4 the MAC is always the ECB one over SM4.
  public static func mac(
    _ data: [UInt8], keys: WorkingKeys, algorithm: WireDialect.MACAlgorithm = .ecb
  ) throws -> [UInt8] {
    let key = cipherKey(keys.mac.bytes, keys.algorithm)
    switch (keys.algorithm, algorithm) {
    case (.tripleDES, .ecb): return try unionPayECB(data, key: key, cipher: .tripleDES2Key)
    case (.tripleDES, .x919): return try x919(data, key: key)
    case (.sm4, _): return try unionPayECB(data, key: key, cipher: .sm4)
    }
  }

  /// ANSI X9.19 (ISO 9797-1 algorithm 3): zero-pad to 8 bytes, single-DES
  /// CBC-MAC under the left half K1, and the last block through 3DES (K1, K2).
  /// Single DES is 3DES with K1 three times (OpenSSL 3 keeps plain DES in its
  /// legacy provider).
  public static func x919(_ data: [UInt8], key: [UInt8]) throws -> [UInt8] {
    precondition(key.count == 16)
    var padded = data
    if padded.isEmpty || padded.count % 8 != 0 {
      padded += [UInt8](repeating: 0, count: 8 - padded.count % 8)
    }
    let k1 = Array(key.prefix(8))
    var chain = [UInt8](repeating: 0, count: 8)
    let head = Array(padded.dropLast(8))
    if !head.isEmpty {
      let cbc = try BlockCipher.tripleDES3Key.encrypt(
        head, key: k1 + k1 + k1, mode: .cbc(iv: chain))
      chain = Array(cbc.suffix(8))
    }
    let last = zip(chain, padded.suffix(8)).map { $0 ^ $1 }
    return try BlockCipher.tripleDES2Key.encrypt(last, key: key, mode: .ecb)
  }

  /// The UnionPay POS ECB MAC: zero-pad and XOR all blocks together; write the
  /// result as uppercase hex; encrypt its first half, XOR with its second half,
  /// encrypt again; the MAC is the first 8 characters of that block in hex.
  public static func unionPayECB(_ data: [UInt8], key: [UInt8], cipher: BlockCipher) throws
    -> [UInt8]
  {
    let n = cipher.blockSize
    var padded = data
    if padded.isEmpty || padded.count % n != 0 {
      padded += [UInt8](repeating: 0, count: n - padded.count % n)
    }
    var x = [UInt8](repeating: 0, count: n)
    for i in stride(from: 0, to: padded.count, by: n) {
      for j in 0..<n { x[j] ^= padded[i + j] }
    }
    let hex = Array(WireFrame.hex(x).utf8)  // 2n ASCII characters
    let first = try cipher.encrypt(Array(hex.prefix(n)), key: key, mode: .ecb)
    let mixed = zip(first, hex.suffix(n)).map { $0 ^ $1 }
    let second = try cipher.encrypt(mixed, key: key, mode: .ecb)
    return Array(WireFrame.hex(second).utf8.prefix(8))
  }
}
