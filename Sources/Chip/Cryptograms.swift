import Ciphers

/// The three application cryptograms (EMV Book 3 §6.5.5): the card asks to go online
/// (ARQC), approves (TC) or declines (AAC).
public enum CryptogramType: String, Sendable, Codable, Equatable, CaseIterable {
  case aac = "AAC"
  case tc = "TC"
  case arqc = "ARQC"

  /// P1 of GENERATE AC, and bits 8–7 of the cryptogram information data 9F27.
  public var referenceControl: UInt8 {
    switch self {
    case .aac: return 0x00
    case .tc: return 0x40
    case .arqc: return 0x80
    }
  }

  /// The type a cryptogram information data byte (9F27) or a P1 says; nil for the
  /// reserved value 11.
  public init?(cid: UInt8) {
    switch cid & 0xC0 {
    case 0x00: self = .aac
    case 0x40: self = .tc
    case 0x80: self = .arqc
    default: return nil
    }
  }
}

/// The card's verification results (CVR), four bytes carried in the issuer application
/// data 9F10, in the layout of the PBOC/Visa CVR:
/// - byte 1: `03`, the length of what follows;
/// - byte 2: bits 8–7 the type of the second GENERATE AC (00 AAC, 01 TC, 10 not asked),
///   bits 6–5 the type of the first (00 AAC, 01 TC, 10 ARQC), bit 4 issuer
///   authentication performed and failed, bit 3 offline PIN performed, bit 2 offline
///   PIN failed;
/// - byte 3: bit 8 PIN try limit exceeded, bits 4–1 the PIN tries left;
/// - byte 4: `00` (no issuer scripts here).
public struct CardVerificationResults: Equatable, Sendable, Codable {
  public var firstAC: CryptogramType?
  public var secondAC: CryptogramType?
  public var issuerAuthenticationFailed = false
  public var offlinePINPerformed = false
  public var offlinePINFailed = false
  public var pinTryLimitExceeded = false
  public var pinTriesLeft: UInt8 = 0

  public init() {}

  public var bytes: [UInt8] {
    func code(_ type: CryptogramType?) -> UInt8 {
      switch type {
      case .aac: return 0b00
      case .tc: return 0b01
      case .arqc: return 0b10
      case nil: return 0b10
      }
    }
    var b2 = code(secondAC) << 6 | code(firstAC) << 4
    if issuerAuthenticationFailed { b2 |= 0x08 }
    if offlinePINPerformed { b2 |= 0x04 }
    if offlinePINFailed { b2 |= 0x02 }
    var b3 = min(pinTriesLeft, 15)
    if pinTryLimitExceeded { b3 |= 0x80 }
    return [0x03, b2, b3, 0x00]
  }
}

/// The issuer application data (9F10) this card writes: length `06`, derivation key
/// index `01`, cryptogram version number `01`, then the four CVR bytes.
public enum IssuerApplicationData {
  public static let derivationKeyIndex: UInt8 = 0x01
  public static let cryptogramVersion: UInt8 = 0x01

  public static func encode(_ cvr: CardVerificationResults) -> [UInt8] {
    [0x06, derivationKeyIndex, cryptogramVersion] + cvr.bytes
  }

  /// The CVR bytes of an IAD in this layout, or nil.
  public static func cvrBytes(_ iad: [UInt8]) -> [UInt8]? {
    guard iad.count >= 7, iad[0] == 0x06, iad[2] == cryptogramVersion, iad[3] == 0x03 else {
      return nil
    }
    return Array(iad[3..<7])
  }
}

/// The data an application cryptogram is computed over (EMV Book 2 §8.1.1's
/// recommended minimum set), in this order: amount 9F02 (6), other amount 9F03 (6),
/// terminal country 9F1A (2), TVR 95 (5), currency 5F2A (2), date 9A (3), type 9C (1),
/// unpredictable number 9F37 (4) — the card's CDOL1 asks for exactly these — then the
/// card's AIP 82 (2), ATC 9F36 (2) and CVR (4, from 9F10): 37 bytes.
public struct CryptogramInput: Equatable, Sendable {
  /// The terminal's part, in order, with lengths: also the card's CDOL1.
  public static let terminalData: [(tag: EMVTag, length: Int)] = [
    (0x9F02, 6), (0x9F03, 6), (0x9F1A, 2), (0x95, 5), (0x5F2A, 2), (0x9A, 3), (0x9C, 1),
    (0x9F37, 4),
  ]

  public var terminal: [EMVTag: [UInt8]]
  public var aip: [UInt8]
  public var atc: UInt16
  public var cvr: [UInt8]

  /// nil when a value is missing or not its length.
  public init?(terminal: [EMVTag: [UInt8]], aip: [UInt8], atc: UInt16, cvr: [UInt8]) {
    for (tag, length) in Self.terminalData where terminal[tag]?.count != length { return nil }
    guard aip.count == 2, cvr.count == 4 else { return nil }
    self.terminal = terminal
    self.aip = aip
    self.atc = atc
    self.cvr = cvr
  }

  public var bytes: [UInt8] {
    Self.terminalData.flatMap { terminal[$0.tag]! } + aip + [UInt8(atc >> 8), UInt8(atc & 0xff)]
      + cvr
  }
}

/// Keys and cryptograms: everything is 2-key Triple-DES and DES MACs from `Ciphers`.
///
/// - The **issuer master key** (IMK-AC, 16 bytes) stays with the issuer (the acquirer
///   here). Each card holds its own **card master key** MK-AC, derived from it by EMV
///   Book 2 A1.4.1 option A: Y = the rightmost 16 digits of PAN ‖ PAN sequence number
///   (two digits), left-padded with zeros, as 8 BCD bytes; MK = 3DES_IMK(Y) ‖
///   3DES_IMK(Y ⊕ FF…FF), each byte set to odd parity.
/// - For each transaction the card derives a **session key** from MK and its ATC (EMV
///   Book 2 A1.3, the common session key): SK = 3DES_MK(ATC ‖ F0 ‖ 00×5) ‖
///   3DES_MK(ATC ‖ 0F ‖ 00×5).
/// - The **cryptogram** (ARQC, TC, AAC) is the ISO 9797-1 algorithm 3 MAC (DES, key
///   SK) of the `CryptogramInput` bytes with padding method 2 (80 00…).
/// - The **ARPC** is method 1 (EMV Book 2 A1.2.1): 3DES_SK(ARQC ⊕ (ARC ‖ 00×6)), ARC
///   being the two ASCII characters of the authorisation response code ("00" = 30 30).
public enum ChipCrypto {
  public static func cardMasterKey(issuerMasterKey: [UInt8], pan: String, panSequence: UInt8)
    throws(CipherError) -> [UInt8]
  {
    let digits = pan + (panSequence < 10 ? "0" : "") + String(panSequence % 100)
    guard let y = BCD.encode(String(digits.suffix(16)), bytes: 8) else {
      throw .invalidArgument("card master key: the PAN \(pan) is not digits")
    }
    let left = try BlockCipher.tripleDES2Key.encrypt(y, key: issuerMasterKey, mode: .ecb)
    let right = try BlockCipher.tripleDES2Key.encrypt(
      y.map { $0 ^ 0xff }, key: issuerMasterKey, mode: .ecb)
    return (left + right).map(oddParity)
  }

  public static func sessionKey(cardMasterKey: [UInt8], atc: UInt16) throws(CipherError)
    -> [UInt8]
  {
    let a = [UInt8(atc >> 8), UInt8(atc & 0xff)]
    let zeros = [UInt8](repeating: 0, count: 5)
    let left = try BlockCipher.tripleDES2Key.encrypt(
      a + [0xF0] + zeros, key: cardMasterKey, mode: .ecb)
    let right = try BlockCipher.tripleDES2Key.encrypt(
      a + [0x0F] + zeros, key: cardMasterKey, mode: .ecb)
    return left + right
  }

  public static func cryptogram(cardMasterKey: [UInt8], input: CryptogramInput)
    throws(CipherError) -> [UInt8]
  {
    let key = try sessionKey(cardMasterKey: cardMasterKey, atc: input.atc)
    return try RetailMAC.mac(key: key, data: input.bytes, padding: .method2)
  }

  public static func arpc(cardMasterKey: [UInt8], atc: UInt16, arqc: [UInt8], arc: [UInt8])
    throws(CipherError) -> [UInt8]
  {
    guard arqc.count == 8, arc.count == 2 else {
      throw .invalidArgument("ARPC: the ARQC is 8 bytes and the ARC 2")
    }
    let key = try sessionKey(cardMasterKey: cardMasterKey, atc: atc)
    let block = zip(arqc, arc + [UInt8](repeating: 0, count: 6)).map { $0 ^ $1 }
    return try BlockCipher.tripleDES2Key.encrypt(block, key: key, mode: .ecb)
  }

  /// The authorisation response code (two ASCII characters) as EMV's ARC 8A.
  public static func arc(responseCode: String) -> [UInt8] {
    let bytes = Array(responseCode.utf8.prefix(2))
    return bytes + [UInt8](repeating: 0x20, count: 2 - bytes.count)
  }

  static func oddParity(_ b: UInt8) -> UInt8 {
    let high = b & 0xfe
    return high.nonzeroBitCount % 2 == 0 ? high | 1 : high
  }
}

/// The issuer's side: checks a card's cryptogram from the field-55 data and answers
/// with the issuer authentication data. The acquirer keeps the issuer master key and
/// derives each card's key with `ChipCrypto.cardMasterKey`.
public enum IssuerVerifier {
  public enum Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(TLVError)
    case missing(EMVTag)
    case wrongLength(EMVTag)
    /// 9F10 is not this card's layout or cryptogram version.
    case unknownIssuerApplicationData
    /// 9F27 says a reserved type.
    case unknownCryptogramType
    case cryptogramMismatch
    case cipher(CipherError)

    public var description: String {
      switch self {
      case .malformed(let e): return "field 55: \(e)"
      case .missing(let tag): return "field 55: no \(tag)"
      case .wrongLength(let tag): return "field 55: \(tag) has the wrong length"
      case .unknownIssuerApplicationData: return "field 55: 9F10 is not a known layout"
      case .unknownCryptogramType: return "field 55: 9F27 is a reserved value"
      case .cryptogramMismatch: return "the application cryptogram does not verify"
      case .cipher(let e): return "cipher: \(e)"
      }
    }
  }

  /// A cryptogram that verified.
  public struct Verified: Equatable, Sendable {
    public var type: CryptogramType
    public var cryptogram: [UInt8]
    public var atc: UInt16
  }

  /// Recomputes the cryptogram 9F26 from the data elements in `field55` (a TLV list)
  /// with the card's key, and compares in constant time.
  public static func verify(field55: [UInt8], cardMasterKey: [UInt8]) -> Result<
    Verified, Rejection
  > {
    let list: [TLV]
    do { list = try TLV.decode(field55) } catch { return .failure(.malformed(error)) }
    var values: [EMVTag: [UInt8]] = [:]
    for object in list where values[object.tag] == nil { values[object.tag] = object.value }
    func need(_ tag: EMVTag, _ length: Int) -> Result<[UInt8], Rejection> {
      guard let v = values[tag] else { return .failure(.missing(tag)) }
      guard v.count == length else { return .failure(.wrongLength(tag)) }
      return .success(v)
    }
    var terminal: [EMVTag: [UInt8]] = [:]
    for (tag, length) in CryptogramInput.terminalData {
      switch need(tag, length) {
      case .success(let v): terminal[tag] = v
      case .failure(let e): return .failure(e)
      }
    }
    let aip: [UInt8]
    let atcBytes: [UInt8]
    let ac: [UInt8]
    let cid: [UInt8]
    switch (need(0x82, 2), need(0x9F36, 2), need(0x9F26, 8), need(0x9F27, 1)) {
    case (.success(let a), .success(let t), .success(let c), .success(let i)):
      (aip, atcBytes, ac, cid) = (a, t, c, i)
    case (.failure(let e), _, _, _), (_, .failure(let e), _, _), (_, _, .failure(let e), _),
      (_, _, _, .failure(let e)):
      return .failure(e)
    }
    guard let iad = values[0x9F10] else { return .failure(.missing(0x9F10)) }
    guard let cvr = IssuerApplicationData.cvrBytes(iad) else {
      return .failure(.unknownIssuerApplicationData)
    }
    guard let type = CryptogramType(cid: cid[0]) else {
      return .failure(.unknownCryptogramType)
    }
    let atc = UInt16(atcBytes[0]) << 8 | UInt16(atcBytes[1])
    guard let input = CryptogramInput(terminal: terminal, aip: aip, atc: atc, cvr: cvr) else {
      return .failure(.wrongLength(0x9F10))
    }
    let expected: [UInt8]
    do {
      expected = try ChipCrypto.cryptogram(cardMasterKey: cardMasterKey, input: input)
    } catch {
      return .failure(.cipher(error))
    }
    guard ConstantTime.equal(expected, ac) else { return .failure(.cryptogramMismatch) }
    return .success(Verified(type: type, cryptogram: ac, atc: atc))
  }

  /// The issuer authentication data 91 for a verified ARQC: ARPC (8) ‖ ARC (2).
  public static func issuerAuthenticationData(
    cardMasterKey: [UInt8], verified: Verified, responseCode: String
  ) throws(CipherError) -> [UInt8] {
    let arc = ChipCrypto.arc(responseCode: responseCode)
    return try ChipCrypto.arpc(
      cardMasterKey: cardMasterKey, atc: verified.atc, arqc: verified.cryptogram, arc: arc)
      + arc
  }

  /// The reply's field 55: `91` issuer authentication data (ARPC ‖ ARC).
  public static func responseField55(
    cardMasterKey: [UInt8], verified: Verified, responseCode: String
  ) throws(CipherError) -> [UInt8] {
    TLV(
      0x91,
      try issuerAuthenticationData(
        cardMasterKey: cardMasterKey, verified: verified, responseCode: responseCode)
    ).encoded
  }
}
