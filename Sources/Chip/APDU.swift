/// How the card is reached: through the contacts (inserted) or the antenna (tapped).
public enum CardInterface: String, Sendable, Codable, Equatable {
  case contact
  case contactless
}

/// What the reader itself reports: the card gave no answer to reset (a dead chip), or
/// it is no longer there.
public enum CardIOError: Error, Sendable, Equatable {
  case noAnswer
  case removed
}

/// Anything that answers APDUs: the simulated ICC, or later a real reader.
public protocol Card {
  /// Powers the card on through `interface`: the answer to reset (contact) or the
  /// answer to select (contactless). A mute chip throws `.noAnswer`.
  mutating func powerOn(_ interface: CardInterface) throws(CardIOError) -> [UInt8]
  /// One command APDU in, the response APDU (data, then SW1 SW2) out.
  mutating func transmit(_ command: [UInt8]) throws(CardIOError) -> [UInt8]
}

/// A command APDU (ISO/IEC 7816-4), short form: CLA INS P1 P2 [Lc data] [Le].
public struct CommandAPDU: Equatable, Sendable {
  public var cla: UInt8
  public var ins: UInt8
  public var p1: UInt8
  public var p2: UInt8
  public var data: [UInt8]
  /// nil: no Le byte (case 1 or 3); 0 stands for 256.
  public var le: UInt8?

  public init(
    cla: UInt8, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8] = [], le: UInt8? = nil
  ) {
    self.cla = cla
    self.ins = ins
    self.p1 = p1
    self.p2 = p2
    self.data = data
    self.le = le
  }

  public var bytes: [UInt8] {
    precondition(data.count <= 255, "short APDUs only")
    var out = [cla, ins, p1, p2]
    if !data.isEmpty { out += [UInt8(data.count)] + data }
    if let le { out.append(le) }
    return out
  }

  /// Parses a short APDU; nil when the bytes are not one (the card answers 6700).
  public init?(bytes: [UInt8]) {
    guard bytes.count >= 4 else { return nil }
    cla = bytes[0]
    ins = bytes[1]
    p1 = bytes[2]
    p2 = bytes[3]
    let body = bytes.count - 4
    if body == 0 {
      data = []
      le = nil
    } else if body == 1 {
      data = []
      le = bytes[4]
    } else {
      let lc = Int(bytes[4])
      guard lc > 0 else { return nil }
      if body == 1 + lc {
        le = nil
      } else if body == 2 + lc {
        le = bytes[4 + 1 + lc]
      } else {
        return nil
      }
      data = Array(bytes[5..<(5 + lc)])
    }
  }

  // The commands of EMV Book 3 §6.5 and the PBOC specification.

  public static func select(_ name: [UInt8]) -> CommandAPDU {
    CommandAPDU(cla: 0x00, ins: 0xA4, p1: 0x04, p2: 0x00, data: name, le: 0x00)
  }

  public static func readRecord(sfi: UInt8, record: UInt8) -> CommandAPDU {
    CommandAPDU(cla: 0x00, ins: 0xB2, p1: record, p2: sfi << 3 | 0x04, le: 0x00)
  }

  /// GET PROCESSING OPTIONS with the PDOL data in template 83.
  public static func getProcessingOptions(pdolData: [UInt8]) -> CommandAPDU {
    CommandAPDU(
      cla: 0x80, ins: 0xA8, p1: 0x00, p2: 0x00, data: TLV(0x83, pdolData).encoded, le: 0x00)
  }

  public static func getData(_ tag: EMVTag) -> CommandAPDU {
    let b = tag.bytes
    return CommandAPDU(
      cla: 0x80, ins: 0xCA, p1: b.count > 1 ? b[0] : 0x00, p2: b[b.count - 1], le: 0x00)
  }

  /// VERIFY with a plaintext offline PIN (P2 = 80) in an ISO 9564 format-2 block.
  public static func verifyPlaintextPIN(_ block: [UInt8]) -> CommandAPDU {
    CommandAPDU(cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: block)
  }

  public static func generateAC(_ type: CryptogramType, data: [UInt8]) -> CommandAPDU {
    CommandAPDU(cla: 0x80, ins: 0xAE, p1: type.referenceControl, p2: 0x00, data: data, le: 0x00)
  }
}

/// A response APDU: the data and the status word.
public struct ResponseAPDU: Equatable, Sendable {
  public var data: [UInt8]
  public var statusWord: UInt16

  public init(data: [UInt8] = [], statusWord: UInt16) {
    self.data = data
    self.statusWord = statusWord
  }

  /// nil when there are fewer than the two status bytes.
  public init?(bytes: [UInt8]) {
    guard bytes.count >= 2 else { return nil }
    data = Array(bytes.dropLast(2))
    statusWord = UInt16(bytes[bytes.count - 2]) << 8 | UInt16(bytes[bytes.count - 1])
  }

  public var bytes: [UInt8] { data + [UInt8(statusWord >> 8), UInt8(statusWord & 0xff)] }

  public var isSuccess: Bool { statusWord == StatusWord.success }
}

/// The status words this package sends and looks at (ISO/IEC 7816-4, EMV Book 3 §6.3.5).
public enum StatusWord {
  public static let success: UInt16 = 0x9000
  /// Selected file deactivated: the application is blocked (the FCI still follows).
  public static let applicationBlocked: UInt16 = 0x6283
  /// Wrong PIN; the low nibble of SW2 is the number of tries left (63Cx).
  public static let wrongPINBase: UInt16 = 0x63C0
  public static let wrongLength: UInt16 = 0x6700
  /// Authentication method blocked: the PIN try counter is zero.
  public static let pinBlocked: UInt16 = 0x6983
  /// Referenced data invalidated (used here: no record of the PIN try counter).
  public static let dataInvalidated: UInt16 = 0x6984
  public static let conditionsNotSatisfied: UInt16 = 0x6985
  public static let wrongData: UInt16 = 0x6A80
  /// Function not supported: on SELECT, the card is blocked.
  public static let functionNotSupported: UInt16 = 0x6A81
  public static let fileNotFound: UInt16 = 0x6A82
  public static let recordNotFound: UInt16 = 0x6A83
  public static let wrongParameters: UInt16 = 0x6A86
  public static let referencedDataNotFound: UInt16 = 0x6A88
  public static let insNotSupported: UInt16 = 0x6D00
  public static let claNotSupported: UInt16 = 0x6E00
  /// No precise diagnosis: what a broken chip says.
  public static let noPreciseDiagnosis: UInt16 = 0x6F00
}
