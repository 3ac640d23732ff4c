import Ciphers

/// The terminal's fixed chip parameters.
public struct ChipTerminalParameters: Sendable, Equatable {
  /// 9F1A, ISO 3166 numeric.
  public var countryCode: String
  /// 5F2A, ISO 4217 numeric.
  public var currencyCode: String
  /// 9F33: manual entry, stripe, IC; plaintext PIN by the ICC, online PIN, signature,
  /// no CVM; no offline data authentication.
  public var terminalCapabilities: [UInt8]
  /// 9F35: 22 = attended, online only, operated by the merchant.
  public var terminalType: UInt8
  /// 9F66 terminal transaction qualifiers (contactless): 36 = qPBOC, contact chip,
  /// online PIN and signature supported; 80 in byte 2 = online cryptogram required.
  /// The kernel adds 40 in byte 2 (CVM required) above the no-CVM limit.
  public var transactionQualifiers: [UInt8]
  /// 9F1E, the interface device serial number (8 ASCII characters).
  public var ifdSerial: String
  /// The AIDs the terminal accepts.
  public var supportedAIDs: [[UInt8]]
  /// The contactless no-PIN-no-signature limit (`quickpass_limit_fen`).
  public var contactlessNoCVMLimitFen: Int

  public init(
    countryCode: String = "0156", currencyCode: String = "0156",
    terminalCapabilities: [UInt8] = [0xE0, 0xE8, 0x00], terminalType: UInt8 = 0x22,
    transactionQualifiers: [UInt8] = [0x36, 0x80, 0x00, 0x00], ifdSerial: String = "00000001",
    supportedAIDs: [[UInt8]] = UnionPayAID.all, contactlessNoCVMLimitFen: Int = 100_000
  ) {
    self.countryCode = countryCode
    self.currencyCode = currencyCode
    self.terminalCapabilities = terminalCapabilities
    self.terminalType = terminalType
    self.transactionQualifiers = transactionQualifiers
    self.ifdSerial = ifdSerial
    self.supportedAIDs = supportedAIDs
    self.contactlessNoCVMLimitFen = contactlessNoCVMLimitFen
  }
}

/// One transaction's inputs. The kernel reads no clock and draws no random numbers:
/// the date and the unpredictable number come from the caller.
public struct ChipTransaction: Sendable, Equatable {
  public var amountFen: Int
  public var otherAmountFen: Int
  /// YYMMDD.
  public var date: String
  /// 9C: 00 goods and services, 31 balance inquiry, 20 refund, 03 pre-authorisation.
  public var type: UInt8
  /// 9F37, four bytes.
  public var unpredictableNumber: [UInt8]

  public init(
    amountFen: Int, otherAmountFen: Int = 0, date: String, type: UInt8 = 0x00,
    unpredictableNumber: [UInt8]
  ) {
    self.amountFen = amountFen
    self.otherAmountFen = otherAmountFen
    self.date = date
    self.type = type
    self.unpredictableNumber = unpredictableNumber
  }
}

/// An application the card offers and the terminal supports.
public struct CandidateApplication: Sendable, Equatable {
  public var aid: [UInt8]
  public var label: String
  /// 87 bits 4–1 (1 = highest; nil = no priority given).
  public var priority: UInt8?
  /// 87 bit 8: the cardholder must confirm even a single application.
  public var confirmationRequired: Bool

  public init(aid: [UInt8], label: String, priority: UInt8?, confirmationRequired: Bool) {
    self.aid = aid
    self.label = label
    self.priority = priority
    self.confirmationRequired = confirmationRequired
  }
}

/// Why the exchange stopped.
public enum ChipError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No answer to reset: a dead chip (or not a contactless card).
  case noAnswer
  case cardRemoved
  /// SELECT answered 6A81: 卡被锁定.
  case cardBlocked
  /// SELECT of the application answered 6283: 应用锁定.
  case applicationBlocked(aid: [UInt8])
  /// No application the terminal supports.
  case noSupportedApplication
  /// A status word the step cannot go on with (6F00 from a broken chip, …).
  case unexpectedStatus(command: String, statusWord: UInt16)
  case malformedResponse(command: String, detail: String)
  case missingData(EMVTag)
  /// The first GENERATE AC gave an AAC.
  case declinedOffline
  /// A PIN that is not 4–12 digits.
  case invalidPIN
  case invalidTransaction(String)
  /// A step called out of order (e.g. completing before going online).
  case wrongStep(String)

  /// True when the chip failed to be read, so that a terminal allowing fallback may
  /// take a swipe (field 22 = 02x, 60.5 = 2); false when the card itself refused.
  public var allowsFallback: Bool {
    switch self {
    case .noAnswer, .unexpectedStatus, .malformedResponse, .missingData: return true
    case .cardRemoved, .cardBlocked, .applicationBlocked, .noSupportedApplication,
      .declinedOffline, .invalidPIN, .invalidTransaction, .wrongStep:
      return false
    }
  }

  public var description: String {
    switch self {
    case .noAnswer: return "the chip does not answer"
    case .cardRemoved: return "the card was removed"
    case .cardBlocked: return "the card is blocked"
    case .applicationBlocked(let aid): return "application \(Hex.upper(aid)) is blocked"
    case .noSupportedApplication: return "no supported application on the card"
    case .unexpectedStatus(let command, let sw):
      return "\(command): status \(Hex.upper([UInt8(sw >> 8), UInt8(sw & 0xff)]))"
    case .malformedResponse(let command, let detail): return "\(command): \(detail)"
    case .missingData(let tag): return "the card gave no \(tag)"
    case .declinedOffline: return "the card declined (AAC) at the first GENERATE AC"
    case .invalidPIN: return "the PIN is not 4 to 12 digits"
    case .invalidTransaction(let what): return "transaction: \(what)"
    case .wrongStep(let what): return what
    }
  }
}

/// A GENERATE AC answer (or, contactless, the cryptogram in the GPO answer).
public struct GeneratedAC: Sendable, Equatable {
  public var type: CryptogramType
  /// 9F26.
  public var cryptogram: [UInt8]
  /// 9F27.
  public var cid: UInt8
  /// 9F36.
  public var atc: UInt16
  /// 9F10.
  public var issuerApplicationData: [UInt8]
}

/// The outcome of offline PIN verification.
public enum PINVerification: Sendable, Equatable {
  case verified
  case wrong(triesLeft: UInt8)
  /// No tries left (6983, or 63C0 on this attempt).
  case blocked
}

/// The cardholder verification done, for 9F34 and the TVR.
public enum CardholderVerification: Sendable, Equatable {
  case offlinePlaintextPIN
  case onlinePIN
  case signature
  case none

  /// 9F34: method, condition, result (EMV Book 3 Annex A4 / C3).
  var results: [UInt8] {
    switch self {
    case .offlinePlaintextPIN: return [0x01, 0x00, 0x02]
    case .onlinePIN: return [0x02, 0x00, 0x00]
    case .signature: return [0x1E, 0x00, 0x00]
    case .none: return [0x1F, 0x00, 0x02]
    }
  }
}

/// What a tapped card needs at this amount.
public enum ContactlessCardholderVerification: Sendable, Equatable {
  /// Up to the limit: 免密免签.
  case noCVM
  case onlinePIN
  case signature
  /// Over the limit and the card can do neither: 请插卡 / 请使用其它界面.
  case useAnotherInterface
}

/// The host's answer, as the kernel needs it for the second GENERATE AC.
public enum HostOutcome: Sendable, Equatable {
  /// Field 39 = `responseCode` (e.g. "00") and the 91 issuer authentication data
  /// from the reply's field 55 (nil when the reply had none).
  case approved(responseCode: String, issuerAuthenticationData: [UInt8]?)
  case declined(responseCode: String)
  /// No reply: the terminal declines with ARC "Z3" (unable to go online).
  case noResponse

  /// An approval whose issuer data come from the reply's field 55.
  public static func approved(responseCode: String, field55: [UInt8]) throws(ChipError)
    -> HostOutcome
  {
    do {
      let list = try TLV.decode(field55)
      return .approved(
        responseCode: responseCode, issuerAuthenticationData: list.first(0x91)?.value)
    } catch {
      throw .malformedResponse(command: "host field 55", detail: error.description)
    }
  }
}

/// Everything the kernel learnt and sent during one transaction. A value that the
/// flow keeps between the steps.
public struct ChipSession: Sendable, Equatable {
  public let interface: CardInterface
  public let application: CandidateApplication
  public let transaction: ChipTransaction
  public let parameters: ChipTerminalParameters
  /// Primitive data objects from the FCI, the GPO answer and the records.
  public var cardData: [EMVTag: [UInt8]]
  /// 95, terminal verification results.
  public var tvr: [UInt8]
  /// 9F34.
  public var cvmResults: [UInt8]
  /// From GET DATA 9F17 (contact), nil when the card did not say.
  public var pinTriesLeft: UInt8?
  /// The terminal data the first cryptogram was computed over, as sent.
  public var firstACData: [EMVTag: [UInt8]]?
  public var firstAC: GeneratedAC?
  public var secondAC: GeneratedAC?

  public var aip: [UInt8] { cardData[0x82] ?? [] }

  /// The track-2 equivalent data 57 as text: PAN, D, YYMM, service code,
  /// discretionary data (the F padding removed).
  public var track2Equivalent: String? {
    cardData[0x57].map { String(Hex.upper($0).prefix { $0 != "F" }) }
  }

  /// 5A without its F padding, else the PAN of the track-2 equivalent.
  public var pan: String? {
    if let value = cardData[0x5A] { return String(Hex.upper(value).prefix { $0 != "F" }) }
    return track2Equivalent.map { String($0.prefix { $0 != "D" }) }
  }

  /// 5F24 as YYMMDD, else YYMM31 from the track-2 equivalent.
  public var expiry: String? {
    if let value = cardData[0x5F24] { return Hex.upper(value) }
    guard let t2 = track2Equivalent, let d = t2.firstIndex(of: "D") else { return nil }
    let yymm = t2[t2.index(after: d)...].prefix(4)
    return yymm.count == 4 ? yymm + "31" : nil
  }

  public var serviceCode: String? {
    guard let t2 = track2Equivalent, let d = t2.firstIndex(of: "D") else { return nil }
    let code = t2[t2.index(after: d)...].dropFirst(4).prefix(3)
    return code.count == 3 ? String(code) : nil
  }

  public var cardholderName: String? {
    cardData[0x5F20].map { String(decoding: $0, as: UTF8.self).trimmingSpaces() }
  }

  public var panSequence: UInt8? {
    guard let v = cardData[0x5F34], v.count == 1, v[0] >> 4 <= 9, v[0] & 0xf <= 9 else {
      return nil
    }
    return (v[0] >> 4) * 10 + v[0] & 0x0f
  }

  /// The values the terminal puts in DOLs and field 55.
  func terminalValues() -> [EMVTag: [UInt8]] {
    var ttq = parameters.transactionQualifiers
    if interface == .contactless, transaction.amountFen > parameters.contactlessNoCVMLimitFen,
      ttq.count >= 2
    {
      ttq[1] |= 0x40
    }
    return [
      0x9F02: BCD.encode(transaction.amountFen, bytes: 6)!,
      0x9F03: BCD.encode(transaction.otherAmountFen, bytes: 6)!,
      0x9F1A: BCD.encode(parameters.countryCode, bytes: 2) ?? [0, 0],
      0x5F2A: BCD.encode(parameters.currencyCode, bytes: 2) ?? [0, 0],
      0x9A: BCD.encode(transaction.date, bytes: 3)!,
      0x9C: [transaction.type],
      0x9F37: transaction.unpredictableNumber,
      0x95: tvr,
      0x9F66: ttq,
      0x9F33: parameters.terminalCapabilities,
      0x9F35: [parameters.terminalType],
      0x9F34: cvmResults,
      0x9F1E: Array(parameters.ifdSerial.utf8.prefix(8)),
    ]
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    while s.first == " " { s = s.dropFirst() }
    return String(s)
  }
}

/// The chip data an authorisation request carries.
public struct OnlineRequest: Sendable, Equatable {
  /// Field 55, a BER-TLV list.
  public var field55: [UInt8]
  public var objects: [TLV]
  public var arqc: GeneratedAC
}

/// What the slip prints for a chip transaction.
public struct ChipSlipFields: Sendable, Equatable {
  /// "A000000333010101".
  public var aid: String
  public var applicationLabel: String
  /// "TC", "AAC" or (contactless) "ARQC".
  public var cryptogramName: String
  /// Sixteen hex digits.
  public var cryptogram: String
  /// Four hex digits.
  public var atc: String
}

/// How the card ended the transaction.
public struct ChipCompletion: Sendable, Equatable {
  /// TC or AAC from the second GENERATE AC; for contactless, the ARQC (no second
  /// GENERATE AC: the host's word is final).
  public var final: GeneratedAC
  /// The host approved and the card agreed (TC; contactless: the host approved).
  public var approved: Bool
  /// The host approved but the card answered AAC: 卡片拒绝, and the approval must be
  /// reversed.
  public var declinedByCardAfterApproval: Bool
  /// Field 55 with the final cryptogram (for a TC upload or a reversal).
  public var field55: [UInt8]
  public var slip: ChipSlipFields
}

/// The terminal side of the exchange: pure functions over a `Card` and the values
/// passed in (no clock, no randomness). The steps, in order:
/// 1. `applications` — power on, directory (PSE or PPSE); more than one → 应用列表;
/// 2. `start` — SELECT the chosen application, GET PROCESSING OPTIONS, READ RECORD,
///    GET DATA 9F17 (contact);
/// 3. contact: `verifyOfflinePIN` if the flow checks the PIN on the card;
///    contactless: `contactlessVerification` says whether a PIN is needed;
/// 4. `requestOnline` — first GENERATE AC (ARQC) and field 55;
/// 5. `complete` with the host's answer — second GENERATE AC (TC or AAC).
public enum ChipKernel {
  // MARK: 1. Application selection

  public static func applications<C: Card>(
    card: inout C, interface: CardInterface, parameters: ChipTerminalParameters
  ) throws(ChipError) -> [CandidateApplication] {
    do { _ = try card.powerOn(interface) } catch { throw map(error) }
    var entries: [TLV] = []
    switch interface {
    case .contact:
      let r = try exchange(&card, .select(DirectoryName.pse), "SELECT PSE")
      switch r.statusWord {
      case StatusWord.success:
        let fci = try decode(r.data, "SELECT PSE")
        guard let sfi = fci.find(0x88), sfi.count == 1, (1...30).contains(sfi[0]) else {
          throw .malformedResponse(command: "SELECT PSE", detail: "no SFI 88 in the FCI")
        }
        var number: UInt8 = 1
        while true {
          let rr = try exchange(
            &card, .readRecord(sfi: sfi[0], record: number), "READ RECORD (directory)")
          if rr.statusWord == StatusWord.recordNotFound { break }
          guard rr.isSuccess else {
            throw .unexpectedStatus(command: "READ RECORD (directory)", statusWord: rr.statusWord)
          }
          let record = try decode(rr.data, "READ RECORD (directory)")
          guard let template = record.first(0x70) else {
            throw .malformedResponse(command: "READ RECORD (directory)", detail: "no template 70")
          }
          entries += try children(template, "READ RECORD (directory)").filter { $0.tag == 0x61 }
          guard number < 16 else { break }
          number += 1
        }
      case StatusWord.functionNotSupported:
        throw .cardBlocked
      case StatusWord.fileNotFound:
        return try listOfAIDs(&card, parameters)
      default:
        throw .unexpectedStatus(command: "SELECT PSE", statusWord: r.statusWord)
      }
    case .contactless:
      let r = try exchange(&card, .select(DirectoryName.ppse), "SELECT PPSE")
      switch r.statusWord {
      case StatusWord.success: break
      case StatusWord.functionNotSupported: throw .cardBlocked
      default: throw .unexpectedStatus(command: "SELECT PPSE", statusWord: r.statusWord)
      }
      let fci = try decode(r.data, "SELECT PPSE")
      guard let directory = fci.find(0xBF0C) else {
        throw .malformedResponse(command: "SELECT PPSE", detail: "no directory BF0C")
      }
      entries = try decode(directory, "SELECT PPSE").filter { $0.tag == 0x61 }
    }
    var candidates: [CandidateApplication] = []
    for entry in entries {
      let fields = try children(entry, "directory entry")
      guard let aid = fields.first(0x4F)?.value else { continue }
      guard parameters.supportedAIDs.contains(aid) else { continue }
      let p = fields.first(0x87)?.value.first
      candidates.append(
        CandidateApplication(
          aid: aid, label: text(fields.first(0x50)?.value ?? []),
          priority: p.flatMap { $0 & 0x0f == 0 ? nil : $0 & 0x0f },
          confirmationRequired: (p ?? 0) & 0x80 != 0))
    }
    return try ordered(candidates)
  }

  /// EMV's list-of-AIDs method, when the card has no PSE: SELECT each supported AID.
  static func listOfAIDs<C: Card>(_ card: inout C, _ parameters: ChipTerminalParameters)
    throws(ChipError) -> [CandidateApplication]
  {
    var candidates: [CandidateApplication] = []
    for aid in parameters.supportedAIDs {
      let r = try exchange(&card, .select(aid), "SELECT AID")
      guard r.isSuccess else { continue }
      let fci = try decode(r.data, "SELECT AID")
      let p = fci.find(0x87)?.first
      candidates.append(
        CandidateApplication(
          aid: fci.find(0x84) ?? aid, label: text(fci.find(0x50) ?? []),
          priority: p.flatMap { $0 & 0x0f == 0 ? nil : $0 & 0x0f },
          confirmationRequired: (p ?? 0) & 0x80 != 0))
    }
    return try ordered(candidates)
  }

  static func ordered(_ candidates: [CandidateApplication]) throws(ChipError)
    -> [CandidateApplication]
  {
    guard !candidates.isEmpty else { throw .noSupportedApplication }
    // Stable: equal priorities keep the card's order; no priority goes last.
    return candidates.enumerated().sorted {
      let a = $0.element.priority ?? 16
      let b = $1.element.priority ?? 16
      return a != b ? a < b : $0.offset < $1.offset
    }.map(\.element)
  }

  // MARK: 2. Application start

  public static func start<C: Card>(
    card: inout C, application: CandidateApplication, interface: CardInterface,
    transaction: ChipTransaction, parameters: ChipTerminalParameters
  ) throws(ChipError) -> ChipSession {
    try check(transaction)
    let r = try exchange(&card, .select(application.aid), "SELECT AID")
    switch r.statusWord {
    case StatusWord.success: break
    case StatusWord.applicationBlocked: throw .applicationBlocked(aid: application.aid)
    case StatusWord.functionNotSupported: throw .cardBlocked
    default: throw .unexpectedStatus(command: "SELECT AID", statusWord: r.statusWord)
    }
    let fci = try decode(r.data, "SELECT AID")
    guard let template = fci.first(0x6F) else {
      throw .malformedResponse(command: "SELECT AID", detail: "no FCI template 6F")
    }
    var cardData: [EMVTag: [UInt8]] = [:]
    try collect(template, into: &cardData, "SELECT AID")
    var label = application
    if let l = cardData[0x50] { label.label = text(l) }

    // TVR byte 1: offline data authentication not performed (this terminal does none);
    // byte 4: over the floor limit (an online-only terminal's floor limit is zero).
    var session = ChipSession(
      interface: interface, application: label, transaction: transaction,
      parameters: parameters, cardData: cardData, tvr: [0x80, 0x00, 0x00, 0x80, 0x00],
      cvmResults: [0x3F, 0x00, 0x00], pinTriesLeft: nil, firstACData: nil, firstAC: nil,
      secondAC: nil)

    // GET PROCESSING OPTIONS with the PDOL data.
    let pdol: DOL
    do { pdol = try DOL.decode(cardData[0x9F38] ?? []) } catch {
      throw .malformedResponse(command: "SELECT AID", detail: "PDOL: \(error)")
    }
    let pdolValues = session.terminalValues()
    let gpo = try exchange(
      &card, .getProcessingOptions(pdolData: pdol.data(from: pdolValues)), "GET PROCESSING OPTIONS")
    guard gpo.isSuccess else {
      throw .unexpectedStatus(command: "GET PROCESSING OPTIONS", statusWord: gpo.statusWord)
    }
    let answer = try decode(gpo.data, "GET PROCESSING OPTIONS")
    if let format1 = answer.first(0x80) {
      guard format1.value.count >= 6, (format1.value.count - 2) % 4 == 0 else {
        throw .malformedResponse(command: "GET PROCESSING OPTIONS", detail: "format 1 length")
      }
      cardData[0x82] = Array(format1.value.prefix(2))
      cardData[0x94] = Array(format1.value.dropFirst(2))
    } else if let format2 = answer.first(0x77) {
      try collect(format2, into: &cardData, "GET PROCESSING OPTIONS")
    } else {
      throw .malformedResponse(command: "GET PROCESSING OPTIONS", detail: "no template 77 or 80")
    }
    guard let aip = cardData[0x82], aip.count == 2 else { throw .missingData(0x82) }
    guard let afl = cardData[0x94], !afl.isEmpty, afl.count % 4 == 0 else {
      throw .missingData(0x94)
    }

    // READ RECORD along the AFL.
    for i in stride(from: 0, to: afl.count, by: 4) {
      let sfi = afl[i] >> 3
      let first = afl[i + 1]
      let last = afl[i + 2]
      guard (1...30).contains(sfi), first >= 1, last >= first else {
        throw .malformedResponse(command: "GET PROCESSING OPTIONS", detail: "bad AFL entry")
      }
      for number in first...last {
        let rr = try exchange(&card, .readRecord(sfi: sfi, record: number), "READ RECORD")
        guard rr.isSuccess else {
          throw .unexpectedStatus(command: "READ RECORD", statusWord: rr.statusWord)
        }
        let record = try decode(rr.data, "READ RECORD")
        guard let template = record.first(0x70) else {
          throw .malformedResponse(command: "READ RECORD", detail: "no template 70")
        }
        try collect(template, into: &cardData, "READ RECORD")
      }
    }
    session.cardData = cardData
    guard session.track2Equivalent != nil else { throw .missingData(0x57) }
    guard session.pan != nil else { throw .missingData(0x5A) }

    // TVR byte 2: expired application (40), application not yet effective (20).
    if let expiry = cardData[0x5F24].map(Hex.upper), expiry < transaction.date {
      session.tvr[1] |= 0x40
    }
    if let effective = cardData[0x5F25].map(Hex.upper), effective > transaction.date {
      session.tvr[1] |= 0x20
    }

    switch interface {
    case .contact:
      guard cardData[0x8C] != nil else { throw .missingData(0x8C) }
      guard cardData[0x8D] != nil else { throw .missingData(0x8D) }
      let pt = try exchange(&card, .getData(0x9F17), "GET DATA 9F17")
      if pt.isSuccess, let value = (try? TLV.decode(pt.data))?.first(0x9F17)?.value,
        value.count == 1
      {
        session.pinTriesLeft = value[0]
        if value[0] == 0 { session.tvr[2] |= 0x20 }
      }
    case .contactless:
      // qPBOC: the ARQC came with the GPO answer, over the PDOL data just sent.
      session.firstAC = try generated(from: cardData, "GET PROCESSING OPTIONS")
      session.firstACData = pdolValues
      guard session.firstAC?.type == .arqc else { throw .declinedOffline }
    }
    return session
  }

  // MARK: 3. Cardholder verification

  /// Offline plaintext PIN (contact): VERIFY with an ISO 9564 format-2 block.
  public static func verifyOfflinePIN<C: Card>(
    card: inout C, session: inout ChipSession, pin: String
  ) throws(ChipError) -> PINVerification {
    guard session.interface == .contact, session.firstAC == nil else {
      throw .wrongStep("offline PIN: contact only, before GENERATE AC")
    }
    let digits = pin.utf8.map { $0 &- 48 }
    guard (4...12).contains(digits.count), digits.allSatisfy({ $0 <= 9 }) else {
      throw .invalidPIN
    }
    var nibbles = [0x2, UInt8(digits.count)] + digits
    nibbles += [UInt8](repeating: 0xF, count: 16 - nibbles.count)
    let block = stride(from: 0, to: 16, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    let r = try exchange(&card, .verifyPlaintextPIN(block), "VERIFY")
    session.cvmResults = CardholderVerification.offlinePlaintextPIN.results
    switch r.statusWord {
    case StatusWord.success:
      session.tvr[2] &= ~0x80
      session.pinTriesLeft = nil
      return .verified
    case StatusWord.pinBlocked, StatusWord.wrongPINBase:
      session.cvmResults[2] = 0x01
      session.tvr[2] |= 0xA0  // cardholder verification failed, PIN try limit exceeded
      session.pinTriesLeft = 0
      return .blocked
    case StatusWord.wrongPINBase + 1...StatusWord.wrongPINBase + 0x0F:
      session.cvmResults[2] = 0x01
      session.tvr[2] |= 0x80
      let left = UInt8(r.statusWord & 0x0F)
      session.pinTriesLeft = left
      return .wrong(triesLeft: left)
    default:
      throw .unexpectedStatus(command: "VERIFY", statusWord: r.statusWord)
    }
  }

  /// For a tapped card: what this amount needs (the card's 9F6C says what it can do).
  public static func contactlessVerification(_ session: ChipSession)
    -> ContactlessCardholderVerification
  {
    guard session.transaction.amountFen > session.parameters.contactlessNoCVMLimitFen else {
      return .noCVM
    }
    let ctq = session.cardData[0x9F6C]?.first ?? 0
    if ctq & 0x80 != 0 { return .onlinePIN }
    if ctq & 0x40 != 0 { return .signature }
    return .useAnotherInterface
  }

  // MARK: 4. Online request

  /// Contact: the first GENERATE AC asking for an ARQC. Contactless: the ARQC the GPO
  /// gave. Either way, field 55 for the authorisation request.
  public static func requestOnline<C: Card>(
    card: inout C, session: inout ChipSession, verification: CardholderVerification
  ) throws(ChipError) -> OnlineRequest {
    guard session.secondAC == nil, session.interface == .contactless || session.firstAC == nil
    else { throw .wrongStep("the first GENERATE AC was already done") }
    if verification != .offlinePlaintextPIN { session.cvmResults = verification.results }
    if verification == .onlinePIN { session.tvr[2] |= 0x04 }
    if session.interface == .contact {
      let cdol1: DOL
      do { cdol1 = try DOL.decode(session.cardData[0x8C] ?? []) } catch {
        throw .malformedResponse(command: "READ RECORD", detail: "CDOL1: \(error)")
      }
      let values = session.terminalValues()
      let r = try exchange(
        &card, .generateAC(.arqc, data: cdol1.data(from: values)), "GENERATE AC (first)")
      guard r.isSuccess else {
        throw .unexpectedStatus(command: "GENERATE AC (first)", statusWord: r.statusWord)
      }
      let generated = try acAnswer(r.data, "GENERATE AC (first)")
      session.firstAC = generated
      session.firstACData = values
      if generated.type == .aac { throw .declinedOffline }
      guard generated.type == .arqc else {
        throw .malformedResponse(
          command: "GENERATE AC (first)", detail: "an online-only terminal got a TC")
      }
    }
    guard let arqc = session.firstAC, let sent = session.firstACData else {
      throw .wrongStep("no cryptogram")
    }
    let objects = field55(session, ac: arqc, terminal: sent)
    return OnlineRequest(field55: TLV.encode(objects), objects: objects, arqc: arqc)
  }

  /// The field-55 objects, in the order of UnionPay terminals (field notes §8).
  static func field55(_ session: ChipSession, ac: GeneratedAC, terminal: [EMVTag: [UInt8]])
    -> [TLV]
  {
    let now = session.terminalValues()
    func t(_ tag: EMVTag) -> TLV { TLV(tag, terminal[tag] ?? now[tag] ?? []) }
    return [
      TLV(0x9F26, ac.cryptogram),
      TLV(0x9F27, [ac.cid]),
      TLV(0x9F10, ac.issuerApplicationData),
      t(0x9F37),
      TLV(0x9F36, [UInt8(ac.atc >> 8), UInt8(ac.atc & 0xff)]),
      t(0x95),
      t(0x9A),
      t(0x9C),
      t(0x9F02),
      t(0x5F2A),
      TLV(0x82, session.aip),
      t(0x9F1A),
      t(0x9F03),
      TLV(0x9F33, session.parameters.terminalCapabilities),
      TLV(0x84, session.cardData[0x84] ?? session.application.aid),
      TLV(0x9F34, session.cvmResults),
      TLV(0x9F35, [session.parameters.terminalType]),
      TLV(0x9F1E, Array(session.parameters.ifdSerial.utf8.prefix(8))),
    ]
  }

  // MARK: 5. Completion

  /// The second GENERATE AC: TC asked for when the host approved (the card checks the
  /// ARPC in 91 of its CDOL2 data), AAC otherwise. Contactless: no card command.
  public static func complete<C: Card>(
    card: inout C, session: inout ChipSession, host: HostOutcome
  ) throws(ChipError) -> ChipCompletion {
    guard let first = session.firstAC, first.type == .arqc, let sent = session.firstACData,
      session.secondAC == nil
    else { throw .wrongStep("complete: no ARQC outstanding") }
    let hostApproved: Bool
    if case .approved = host { hostApproved = true } else { hostApproved = false }

    let final: GeneratedAC
    let finalData: [EMVTag: [UInt8]]
    if session.interface == .contactless {
      final = first
      finalData = sent
    } else {
      let arc: [UInt8]
      var issuerData = [UInt8](repeating: 0, count: 10)
      switch host {
      case .approved(let code, let data):
        arc = ChipCrypto.arc(responseCode: code)
        if let data { issuerData = data }
      case .declined(let code):
        arc = ChipCrypto.arc(responseCode: code)
      case .noResponse:
        arc = Array("Z3".utf8)
      }
      let cdol2: DOL
      do { cdol2 = try DOL.decode(session.cardData[0x8D] ?? []) } catch {
        throw .malformedResponse(command: "READ RECORD", detail: "CDOL2: \(error)")
      }
      var values = session.terminalValues()
      values[0x8A] = arc
      values[0x91] = issuerData
      let r = try exchange(
        &card, .generateAC(hostApproved ? .tc : .aac, data: cdol2.data(from: values)),
        "GENERATE AC (second)")
      guard r.isSuccess else {
        throw .unexpectedStatus(command: "GENERATE AC (second)", statusWord: r.statusWord)
      }
      final = try acAnswer(r.data, "GENERATE AC (second)")
      guard final.type != .arqc else {
        throw .malformedResponse(command: "GENERATE AC (second)", detail: "an ARQC")
      }
      session.secondAC = final
      var data = sent
      data[0x95] = values[0x95]
      data[0x9F37] = values[0x9F37]
      finalData = data
    }
    let cardAgrees = session.interface == .contactless || final.type == .tc
    let objects = field55(session, ac: final, terminal: finalData)
    return ChipCompletion(
      final: final, approved: hostApproved && cardAgrees,
      declinedByCardAfterApproval: hostApproved && !cardAgrees,
      field55: TLV.encode(objects),
      slip: ChipSlipFields(
        aid: Hex.upper(session.cardData[0x84] ?? session.application.aid),
        applicationLabel: session.application.label, cryptogramName: final.type.rawValue,
        cryptogram: Hex.upper(final.cryptogram),
        atc: Hex.upper([UInt8(final.atc >> 8), UInt8(final.atc & 0xff)])))
  }

  // MARK: Helpers

  static func check(_ t: ChipTransaction) throws(ChipError) {
    guard (0...999_999_999_999).contains(t.amountFen),
      (0...999_999_999_999).contains(t.otherAmountFen)
    else { throw .invalidTransaction("amount out of range") }
    guard t.unpredictableNumber.count == 4 else {
      throw .invalidTransaction("the unpredictable number is not 4 bytes")
    }
    let d = Array(t.date.utf8)
    guard d.count == 6, d.allSatisfy({ (48...57).contains($0) }) else {
      throw .invalidTransaction("the date is not YYMMDD")
    }
    let month = Int(d[2] - 48) * 10 + Int(d[3] - 48)
    let day = Int(d[4] - 48) * 10 + Int(d[5] - 48)
    guard (1...12).contains(month), (1...31).contains(day) else {
      throw .invalidTransaction("the date is not YYMMDD")
    }
  }

  static func map(_ error: CardIOError) -> ChipError {
    switch error {
    case .noAnswer: return .noAnswer
    case .removed: return .cardRemoved
    }
  }

  static func exchange<C: Card>(_ card: inout C, _ command: CommandAPDU, _ name: String)
    throws(ChipError) -> ResponseAPDU
  {
    let bytes: [UInt8]
    do { bytes = try card.transmit(command.bytes) } catch { throw map(error) }
    guard let response = ResponseAPDU(bytes: bytes) else {
      throw .malformedResponse(command: name, detail: "fewer than 2 bytes")
    }
    return response
  }

  static func decode(_ bytes: [UInt8], _ name: String) throws(ChipError) -> [TLV] {
    do { return try TLV.decodeDeep(bytes) } catch {
      throw .malformedResponse(command: name, detail: error.description)
    }
  }

  static func children(_ object: TLV, _ name: String) throws(ChipError) -> [TLV] {
    do { return try object.children() } catch {
      throw .malformedResponse(command: name, detail: error.description)
    }
  }

  /// Every primitive object inside `template`, at any depth; the first of a tag wins.
  static func collect(_ template: TLV, into data: inout [EMVTag: [UInt8]], _ name: String)
    throws(ChipError)
  {
    for object in try children(template, name) {
      if object.tag.isConstructed {
        try collect(object, into: &data, name)
      } else if data[object.tag] == nil {
        data[object.tag] = object.value
      }
    }
  }

  static func generated(from data: [EMVTag: [UInt8]], _ name: String) throws(ChipError)
    -> GeneratedAC
  {
    guard let cid = data[0x9F27], cid.count == 1 else { throw .missingData(0x9F27) }
    guard let ac = data[0x9F26], ac.count == 8 else { throw .missingData(0x9F26) }
    guard let atc = data[0x9F36], atc.count == 2 else { throw .missingData(0x9F36) }
    guard let type = CryptogramType(cid: cid[0]) else {
      throw .malformedResponse(command: name, detail: "reserved cryptogram type")
    }
    return GeneratedAC(
      type: type, cryptogram: ac, cid: cid[0], atc: UInt16(atc[0]) << 8 | UInt16(atc[1]),
      issuerApplicationData: data[0x9F10] ?? [])
  }

  /// A GENERATE AC answer in format 2 (77) or format 1 (80: CID, ATC, AC, IAD).
  static func acAnswer(_ bytes: [UInt8], _ name: String) throws(ChipError) -> GeneratedAC {
    let list = try decode(bytes, name)
    var data: [EMVTag: [UInt8]] = [:]
    if let format2 = list.first(0x77) {
      try collect(format2, into: &data, name)
    } else if let format1 = list.first(0x80), format1.value.count >= 11 {
      let v = format1.value
      data[0x9F27] = [v[0]]
      data[0x9F36] = Array(v[1..<3])
      data[0x9F26] = Array(v[3..<11])
      data[0x9F10] = Array(v[11...])
    } else {
      throw .malformedResponse(command: name, detail: "no template 77 or 80")
    }
    return try generated(from: data, name)
  }

  static func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self).trimmingSpaces()
  }
}
