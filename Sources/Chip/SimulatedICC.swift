import Ciphers

/// The UnionPay application identifiers (field notes §9).
public enum UnionPayAID {
  public static let debit: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01]
  public static let credit: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x02]
  public static let quasiCredit: [UInt8] = [0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x03]
  public static let all = [debit, credit, quasiCredit]
}

/// The directory names: the PSE that contact cards carry, the PPSE of contactless ones.
public enum DirectoryName {
  public static let pse = Array("1PAY.SYS.DDF01".utf8)
  public static let ppse = Array("2PAY.SYS.DDF01".utf8)
}

/// One payment application on a card.
public struct ChipApplicationProfile: Codable, Sendable, Equatable {
  public var aid: [UInt8]
  /// The application label 50 (ASCII, up to 16 characters), as the slip prints it.
  public var label: String
  /// 87: 1 is the highest priority.
  public var priority: UInt8
  /// SELECT answers 6283 (application blocked, 应用锁定).
  public var blocked: Bool
  /// The application transaction counter 9F36, incremented at each GET PROCESSING
  /// OPTIONS.
  public var atc: UInt16

  public init(
    aid: [UInt8], label: String, priority: UInt8, blocked: Bool = false, atc: UInt16 = 0
  ) {
    self.aid = aid
    self.label = label
    self.priority = priority
    self.blocked = blocked
    self.atc = atc
  }
}

/// What a tapped card asks for over the contactless limit (its card transaction
/// qualifiers 9F6C, byte 1: 80 online PIN, 40 signature).
public enum ContactlessCVM: String, Codable, Sendable, Equatable {
  case onlinePIN
  case signature
  /// Neither: the terminal must send the customer to another interface.
  case none
}

/// How the chip itself behaves.
public enum ChipCondition: String, Codable, Sendable, Equatable {
  case working
  /// No answer to reset: the reader reports no card answer.
  case mute
  /// Answers to reset, then 6F00 to every command.
  case faulty
}

/// What is personalised into a card: the data it will give the terminal.
public struct ChipCardProfile: Codable, Sendable, Equatable {
  public var pan: String
  public var panSequence: UInt8
  /// YYMMDD.
  public var expiry: String
  /// YYMMDD.
  public var effective: String
  /// 5F20, "SURNAME/GIVEN" in ASCII (up to 26 characters).
  public var cardholderName: String
  /// Three digits, e.g. 220 (international chip card) or 620 (domestic).
  public var serviceCode: String
  /// 5F28, ISO 3166 numeric (0156 = China).
  public var issuerCountry: String
  public var applications: [ChipApplicationProfile]
  /// The offline PIN the card checks at VERIFY.
  public var pin: String
  public var pinTryLimit: UInt8
  public var contactless: Bool
  public var contactlessCVM: ContactlessCVM

  public init(
    pan: String, panSequence: UInt8 = 1, expiry: String, effective: String = "200101",
    cardholderName: String, serviceCode: String = "220", issuerCountry: String = "0156",
    applications: [ChipApplicationProfile], pin: String, pinTryLimit: UInt8 = 3,
    contactless: Bool = false, contactlessCVM: ContactlessCVM = .onlinePIN
  ) {
    self.pan = pan
    self.panSequence = panSequence
    self.expiry = expiry
    self.effective = effective
    self.cardholderName = cardholderName
    self.serviceCode = serviceCode
    self.issuerCountry = issuerCountry
    self.applications = applications
    self.pin = pin
    self.pinTryLimit = pinTryLimit
    self.contactless = contactless
    self.contactlessCVM = contactlessCVM
  }
}

/// A simulated UnionPay IC card (PBOC 3.0 / UICS, EMV-based) that answers APDUs with
/// BER-TLV and status words. A value: the caller keeps it between commands and
/// persists its counters (ATC, PIN tries) between transactions.
///
/// Commands: SELECT of the PSE `1PAY.SYS.DDF01` (contact; directory in SFI 1, read by
/// READ RECORD) or the PPSE `2PAY.SYS.DDF01` (contactless; directory inline in BF0C),
/// SELECT of an application, GET PROCESSING OPTIONS, READ RECORD, GET DATA (9F17 PIN
/// try counter, 9F36 ATC), VERIFY (plaintext offline PIN), GENERATE AC. Over the
/// contacts GENERATE AC works as EMV says (first ARQC or AAC; second TC or AAC, the
/// ARPC being checked from the issuer authentication data 91 in the CDOL2 data); over
/// the antenna the card computes its ARQC already at GET PROCESSING OPTIONS (qPBOC
/// online), from the PDOL data, and there is no second GENERATE AC.
public struct SimulatedICC: Card, Codable, Sendable, Equatable {
  public var profile: ChipCardProfile
  /// MK-AC: this card's own key (`ChipCrypto.cardMasterKey`).
  public let cardMasterKey: [UInt8]
  /// The trainer's switches.
  public var cardBlocked = false
  public var declinesAfterApproval = false
  public var condition: ChipCondition = .working
  /// The PIN try counter 9F17.
  public var pinTriesLeft: UInt8

  /// What the card remembers while powered (not persisted: a card taken out forgets).
  var session: Session? = nil

  enum CodingKeys: String, CodingKey {
    case profile, cardMasterKey, cardBlocked, declinesAfterApproval, condition, pinTriesLeft
  }

  struct Session: Sendable, Equatable {
    enum Selected: Sendable, Equatable {
      case none, pse, ppse
      case application(Int)
    }
    var interface: CardInterface
    var selected: Selected = .none
    var processingStarted = false
    var terminalData: [EMVTag: [UInt8]]? = nil
    var firstAC: CryptogramType? = nil
    var arqc: [UInt8]? = nil
    var secondAC: CryptogramType? = nil
    var cvr = CardVerificationResults()
  }

  /// A card personalised with its own key, derived from the issuer's master key.
  public init(profile: ChipCardProfile, issuerMasterKey: [UInt8]) throws(CipherError) {
    self.profile = profile
    self.cardMasterKey = try ChipCrypto.cardMasterKey(
      issuerMasterKey: issuerMasterKey, pan: profile.pan, panSequence: profile.panSequence)
    self.pinTriesLeft = profile.pinTryLimit
  }

  public init(profile: ChipCardProfile, cardMasterKey: [UInt8]) {
    self.profile = profile
    self.cardMasterKey = cardMasterKey
    self.pinTriesLeft = profile.pinTryLimit
  }

  // MARK: Data objects

  /// The lists the card asks the terminal for.
  public static let pdol = DOL(
    [(EMVTag(0x9F66), 4)] + CryptogramInput.terminalData.map { (tag: $0.tag, length: $0.length) })
  public static let cdol1 = DOL(
    CryptogramInput.terminalData.map { (tag: $0.tag, length: $0.length) })
  public static let cdol2 = DOL([(0x8A, 2), (0x91, 10), (0x95, 5), (0x9F37, 4)])
  /// Records 1–2 of SFI 1.
  static let afl: [UInt8] = [0x08, 0x01, 0x02, 0x00]

  /// AIP 82: contact — cardholder verification and terminal risk management supported
  /// (18 00), no offline data authentication; contactless (qPBOC) — 00 00.
  func aip(_ interface: CardInterface) -> [UInt8] {
    interface == .contact ? [0x18, 0x00] : [0x00, 0x00]
  }

  var track2Equivalent: [UInt8] {
    let text = profile.pan + "D" + profile.expiry.prefix(4) + profile.serviceCode + "00000"
    return Self.nibbles(text)
  }

  /// Digits (and D as the separator) as nibbles, padded with F to whole bytes.
  static func nibbles(_ text: String) -> [UInt8] {
    var values = text.utf8.map { c -> UInt8 in
      c == UInt8(ascii: "D") ? 0xD : c - UInt8(ascii: "0")
    }
    if values.count % 2 == 1 { values.append(0xF) }
    return stride(from: 0, to: values.count, by: 2).map { values[$0] << 4 | values[$0 + 1] }
  }

  func record(_ number: UInt8) -> [UInt8]? {
    let p = profile
    switch number {
    case 1:
      return TLV(
        0x70,
        children: [
          TLV(0x57, track2Equivalent),
          TLV(0x5F20, Array(p.cardholderName.utf8.prefix(26))),
        ]
      ).encoded
    case 2:
      return TLV(
        0x70,
        children: [
          TLV(0x5A, Self.nibbles(p.pan)),
          TLV(0x5F24, BCD.encode(p.expiry, bytes: 3) ?? [0, 0, 0]),
          TLV(0x5F25, BCD.encode(p.effective, bytes: 3) ?? [0, 0, 0]),
          TLV(0x5F34, BCD.encode(Int(p.panSequence), bytes: 1) ?? [0]),
          TLV(0x5F28, BCD.encode(p.issuerCountry, bytes: 2) ?? [0, 0]),
          TLV(0x8C, Self.cdol1.encoded),
          TLV(0x8D, Self.cdol2.encoded),
          TLV(0x9F08, [0x00, 0x30]),
        ]
      ).encoded
    default:
      return nil
    }
  }

  func directoryEntry(_ app: ChipApplicationProfile) -> TLV {
    TLV(
      0x61,
      children: [
        TLV(0x4F, app.aid), TLV(0x50, Array(app.label.utf8.prefix(16))),
        TLV(0x87, [app.priority]),
      ])
  }

  // MARK: Card

  public mutating func powerOn(_ interface: CardInterface) throws(CardIOError) -> [UInt8] {
    session = nil
    guard condition != .mute else { throw .noAnswer }
    if interface == .contactless && !profile.contactless { throw .noAnswer }
    session = Session(interface: interface)
    // A T=0 answer to reset without historical bytes; an ATS for the antenna.
    return interface == .contact ? [0x3B, 0x60, 0x00, 0x00] : [0x05, 0x78, 0x80, 0x70, 0x02]
  }

  /// Takes the card out of the field or the slot: it forgets the transaction.
  public mutating func powerOff() { session = nil }

  public mutating func transmit(_ command: [UInt8]) throws(CardIOError) -> [UInt8] {
    guard session != nil else { throw .noAnswer }
    return respond(command).bytes
  }

  mutating func respond(_ bytes: [UInt8]) -> ResponseAPDU {
    if condition == .faulty { return ResponseAPDU(statusWord: StatusWord.noPreciseDiagnosis) }
    guard let c = CommandAPDU(bytes: bytes) else {
      return ResponseAPDU(statusWord: StatusWord.wrongLength)
    }
    switch (c.cla, c.ins) {
    case (0x00, 0xA4): return select(c)
    case (0x00, 0xB2): return readRecord(c)
    case (0x80, 0xA8): return getProcessingOptions(c)
    case (0x80, 0xCA): return getData(c)
    case (0x00, 0x20): return verify(c)
    case (0x80, 0xAE): return generateAC(c)
    case (0x00, _), (0x80, _): return ResponseAPDU(statusWord: StatusWord.insNotSupported)
    default: return ResponseAPDU(statusWord: StatusWord.claNotSupported)
    }
  }

  mutating func select(_ c: CommandAPDU) -> ResponseAPDU {
    guard c.p1 == 0x04, c.p2 == 0x00 else {
      return ResponseAPDU(statusWord: StatusWord.wrongParameters)
    }
    if cardBlocked { return ResponseAPDU(statusWord: StatusWord.functionNotSupported) }
    let interface = session!.interface
    session = Session(interface: interface)
    if c.data == DirectoryName.pse && interface == .contact {
      session!.selected = .pse
      let fci = TLV(
        0x6F,
        children: [
          TLV(0x84, DirectoryName.pse),
          TLV(0xA5, children: [TLV(0x88, [0x01]), TLV(0x5F2D, Array("zhen".utf8))]),
        ])
      return ResponseAPDU(data: fci.encoded, statusWord: StatusWord.success)
    }
    if c.data == DirectoryName.ppse && interface == .contactless {
      session!.selected = .ppse
      let fci = TLV(
        0x6F,
        children: [
          TLV(0x84, DirectoryName.ppse),
          TLV(
            0xA5,
            children: [TLV(0xBF0C, children: profile.applications.map(directoryEntry))]),
        ])
      return ResponseAPDU(data: fci.encoded, statusWord: StatusWord.success)
    }
    guard let index = profile.applications.firstIndex(where: { $0.aid == c.data }) else {
      return ResponseAPDU(statusWord: StatusWord.fileNotFound)
    }
    let app = profile.applications[index]
    let fci = TLV(
      0x6F,
      children: [
        TLV(0x84, app.aid),
        TLV(
          0xA5,
          children: [
            TLV(0x50, Array(app.label.utf8.prefix(16))), TLV(0x87, [app.priority]),
            TLV(0x9F38, Self.pdol.encoded), TLV(0x5F2D, Array("zhen".utf8)),
          ]),
      ])
    if app.blocked {
      return ResponseAPDU(data: fci.encoded, statusWord: StatusWord.applicationBlocked)
    }
    session!.selected = .application(index)
    return ResponseAPDU(data: fci.encoded, statusWord: StatusWord.success)
  }

  func readRecord(_ c: CommandAPDU) -> ResponseAPDU {
    guard c.p2 & 0x07 == 0x04 else { return ResponseAPDU(statusWord: StatusWord.wrongParameters) }
    let sfi = c.p2 >> 3
    switch session!.selected {
    case .pse where sfi == 1 && c.p1 == 1:
      let record = TLV(0x70, children: profile.applications.map(directoryEntry))
      return ResponseAPDU(data: record.encoded, statusWord: StatusWord.success)
    case .application where sfi == 1:
      guard let data = record(c.p1) else {
        return ResponseAPDU(statusWord: StatusWord.recordNotFound)
      }
      return ResponseAPDU(data: data, statusWord: StatusWord.success)
    case .none:
      return ResponseAPDU(statusWord: StatusWord.conditionsNotSatisfied)
    default:
      return ResponseAPDU(statusWord: StatusWord.recordNotFound)
    }
  }

  mutating func getProcessingOptions(_ c: CommandAPDU) -> ResponseAPDU {
    guard case .application(let index) = session!.selected, !session!.processingStarted else {
      return ResponseAPDU(statusWord: StatusWord.conditionsNotSatisfied)
    }
    guard let template = try? TLV.decode(c.data), template.count == 1, template[0].tag == 0x83,
      let values = Self.pdol.split(template[0].value)
    else {
      return ResponseAPDU(statusWord: StatusWord.wrongLength)
    }
    guard profile.applications[index].atc < 0xFFFF else {
      return ResponseAPDU(statusWord: StatusWord.conditionsNotSatisfied)
    }
    profile.applications[index].atc += 1
    session!.processingStarted = true
    let atc = profile.applications[index].atc
    let interface = session!.interface
    var answer = [TLV(0x82, aip(interface)), TLV(0x94, Self.afl)]
    if interface == .contactless {
      // qPBOC online: the ARQC now, from the PDOL data.
      session!.cvr.firstAC = .arqc
      session!.cvr.pinTriesLeft = pinTriesLeft
      guard let ac = cryptogram(values, atc: atc, interface: interface) else {
        return ResponseAPDU(statusWord: StatusWord.noPreciseDiagnosis)
      }
      session!.terminalData = values
      session!.firstAC = .arqc
      session!.arqc = ac
      let ctq: UInt8
      switch profile.contactlessCVM {
      case .onlinePIN: ctq = 0x80
      case .signature: ctq = 0x40
      case .none: ctq = 0x00
      }
      answer += [
        TLV(0x9F36, [UInt8(atc >> 8), UInt8(atc & 0xff)]),
        TLV(0x9F27, [CryptogramType.arqc.referenceControl]),
        TLV(0x9F26, ac),
        TLV(0x9F10, IssuerApplicationData.encode(session!.cvr)),
        TLV(0x57, track2Equivalent),
        TLV(0x5F34, BCD.encode(Int(profile.panSequence), bytes: 1) ?? [0]),
        TLV(0x9F6C, [ctq, 0x00]),
      ]
    }
    return ResponseAPDU(data: TLV(0x77, children: answer).encoded, statusWord: StatusWord.success)
  }

  func cryptogram(_ terminal: [EMVTag: [UInt8]], atc: UInt16, interface: CardInterface) -> [UInt8]?
  {
    guard
      let input = CryptogramInput(
        terminal: terminal, aip: aip(interface), atc: atc, cvr: session!.cvr.bytes)
    else { return nil }
    return try? ChipCrypto.cryptogram(cardMasterKey: cardMasterKey, input: input)
  }

  func getData(_ c: CommandAPDU) -> ResponseAPDU {
    switch (c.p1, c.p2) {
    case (0x9F, 0x17):
      return ResponseAPDU(data: TLV(0x9F17, [pinTriesLeft]).encoded, statusWord: StatusWord.success)
    case (0x9F, 0x36):
      guard case .application(let index) = session!.selected else {
        return ResponseAPDU(statusWord: StatusWord.conditionsNotSatisfied)
      }
      let atc = profile.applications[index].atc
      return ResponseAPDU(
        data: TLV(0x9F36, [UInt8(atc >> 8), UInt8(atc & 0xff)]).encoded,
        statusWord: StatusWord.success)
    default:
      return ResponseAPDU(statusWord: StatusWord.referencedDataNotFound)
    }
  }

  /// The PIN of an ISO 9564 format-2 block: 2, the length, the digits, F padding.
  static func pinFromBlock(_ block: [UInt8]) -> String? {
    guard block.count == 8, block[0] >> 4 == 0x2 else { return nil }
    let length = Int(block[0] & 0x0f)
    guard (4...12).contains(length) else { return nil }
    let nibbles = block.dropFirst().flatMap { [$0 >> 4, $0 & 0x0f] }
    let digits = nibbles.prefix(length)
    guard digits.allSatisfy({ $0 <= 9 }), nibbles.dropFirst(length).allSatisfy({ $0 == 0xF })
    else { return nil }
    return String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
  }

  mutating func verify(_ c: CommandAPDU) -> ResponseAPDU {
    guard case .application = session!.selected, session!.processingStarted else {
      return ResponseAPDU(statusWord: StatusWord.conditionsNotSatisfied)
    }
    guard c.p1 == 0x00, c.p2 == 0x80 else {
      return ResponseAPDU(statusWord: StatusWord.wrongParameters)
    }
    session!.cvr.offlinePINPerformed = true
    guard pinTriesLeft > 0 else {
      session!.cvr.pinTryLimitExceeded = true
      return ResponseAPDU(statusWord: StatusWord.pinBlocked)
    }
    guard let pin = Self.pinFromBlock(c.data) else {
      return ResponseAPDU(statusWord: StatusWord.wrongData)
    }
    if ConstantTime.equal(Array(pin.utf8), Array(profile.pin.utf8)) {
      pinTriesLeft = profile.pinTryLimit
      session!.cvr.offlinePINFailed = false
      session!.cvr.pinTriesLeft = pinTriesLeft
      return ResponseAPDU(statusWord: StatusWord.success)
    }
    pinTriesLeft -= 1
    session!.cvr.offlinePINFailed = true
    session!.cvr.pinTriesLeft = pinTriesLeft
    if pinTriesLeft == 0 { session!.cvr.pinTryLimitExceeded = true }
    return ResponseAPDU(statusWord: StatusWord.wrongPINBase | UInt16(pinTriesLeft))
  }

  mutating func generateAC(_ c: CommandAPDU) -> ResponseAPDU {
    guard case .application(let index) = session!.selected, session!.processingStarted,
      session!.interface == .contact, session!.secondAC == nil
    else {
      return ResponseAPDU(statusWord: StatusWord.conditionsNotSatisfied)
    }
    guard c.p2 == 0x00, c.p1 & 0x3F == 0, let requested = CryptogramType(cid: c.p1) else {
      // CDA (bit 5) is not supported, nor the reserved type.
      return ResponseAPDU(statusWord: StatusWord.wrongParameters)
    }
    let atc = profile.applications[index].atc
    session!.cvr.pinTriesLeft = pinTriesLeft
    let type: CryptogramType
    var terminal: [EMVTag: [UInt8]]
    if session!.firstAC == nil {
      guard let values = Self.cdol1.split(c.data) else {
        return ResponseAPDU(statusWord: StatusWord.wrongLength)
      }
      // An online-only card: a TC asked for offline becomes an ARQC.
      type = requested == .aac ? .aac : .arqc
      terminal = values
      session!.cvr.firstAC = type
    } else {
      guard session!.firstAC == .arqc, requested != .arqc else {
        return ResponseAPDU(statusWord: StatusWord.conditionsNotSatisfied)
      }
      guard let values = Self.cdol2.split(c.data) else {
        return ResponseAPDU(statusWord: StatusWord.wrongLength)
      }
      terminal = session!.terminalData!
      terminal[0x95] = values[0x95]
      terminal[0x9F37] = values[0x9F37]
      var decision = requested
      if requested == .tc {
        let arc = values[0x8A]!
        let issuerData = values[0x91]!
        let expected = try? ChipCrypto.arpc(
          cardMasterKey: cardMasterKey, atc: atc, arqc: session!.arqc!, arc: arc)
        let arpcMatches =
          expected.map { ConstantTime.equal($0, Array(issuerData.prefix(8))) } ?? false
        let authentic = arpcMatches && Array(issuerData.suffix(2)) == arc
        if !authentic {
          session!.cvr.issuerAuthenticationFailed = true
          decision = .aac
        } else if arc != Array("00".utf8) {
          decision = .aac
        } else if declinesAfterApproval {
          decision = .aac
        }
      }
      type = decision
      session!.cvr.secondAC = type
    }
    guard let ac = cryptogram(terminal, atc: atc, interface: .contact) else {
      return ResponseAPDU(statusWord: StatusWord.noPreciseDiagnosis)
    }
    if session!.firstAC == nil {
      session!.firstAC = type
      session!.arqc = ac
      session!.terminalData = terminal
    } else {
      session!.secondAC = type
    }
    let answer = TLV(
      0x77,
      children: [
        TLV(0x9F27, [type.referenceControl]),
        TLV(0x9F36, [UInt8(atc >> 8), UInt8(atc & 0xff)]),
        TLV(0x9F26, ac),
        TLV(0x9F10, IssuerApplicationData.encode(session!.cvr)),
      ])
    return ResponseAPDU(data: answer.encoded, statusWord: StatusWord.success)
  }
}
