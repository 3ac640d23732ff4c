/// The chip (IC) and contactless (闪付) side of a transaction, as the core sees it.
///
/// The card is hardware: the APDU exchange runs in the driver (TerminalRuntime,
/// against the simulated ICC with the `Chip` module's kernel). The core asks with
/// `Effect.chip(ChipCommand)` and learns the answers as `Event.chip(ChipEvent)`, so
/// it stays pure and never imports the kernel.

/// Which of the card's faces reached the terminal.
public enum ChipInterface: String, Sendable, Equatable, Codable {
  /// Inserted into the slot at the top (接触式).
  case contact
  /// Held to the antenna (非接, 闪付 QuickPass).
  case contactless

  public var entryMode: EntryMode { self == .contact ? .insert : .contactless }
}

/// What the kernel needs to start: the terminal supplies the date; the driver
/// draws the unpredictable number (9F37) from its seeded generator.
public struct ChipReadRequest: Sendable, Equatable {
  public var interface: ChipInterface
  public var amountFen: Int64
  /// YYMMDD in the terminal's time zone (9A).
  public var date: String
  /// 9C: 00 goods and services, 31 balance inquiry, 03 pre-authorisation.
  public var transactionType: UInt8
  public init(interface: ChipInterface, amountFen: Int64, date: String, transactionType: UInt8) {
    self.interface = interface
    self.amountFen = amountFen
    self.date = date
    self.transactionType = transactionType
  }
}

/// How the cardholder was verified, for the first GENERATE AC (9F34, TVR).
public enum ChipVerification: Sendable, Equatable {
  /// The card checked the PIN itself (VERIFY) and it was right.
  case offlinePIN
  /// The card's PIN is blocked (no tries left): the issuer declines (75).
  case offlinePINBlocked
  /// A PIN block goes online (contactless over the limit).
  case onlinePIN
  case signature
  case none
}

/// The host's answer, as the card needs it for the second GENERATE AC.
public enum ChipHostAnswer: Sendable, Equatable {
  case approved(responseCode: String, field55: [UInt8])
  case declined(responseCode: String)
  case noResponse
}

/// What the core asks of the card reader.
public enum ChipCommand: Sendable, Equatable {
  /// Power the card on, find its applications; with one, start it (SELECT, GET
  /// PROCESSING OPTIONS, READ RECORD, GET DATA 9F17).
  case read(ChipReadRequest)
  /// Start the application the cardholder chose (0-based, in the list's order).
  case choose(Int)
  /// Offline plaintext PIN: VERIFY on the card. The digits go to the card only.
  case verifyPIN(SecretDigits)
  /// The first GENERATE AC (ARQC) and field 55.
  case requestOnline(ChipVerification)
  /// The second GENERATE AC with the host's answer (TC or AAC).
  case complete(ChipHostAnswer)
  /// The exchange is over (cancelled, or done without a cryptogram): power the card off.
  case end
}

/// What a started application gives the terminal.
public struct ChipCardInfo: Sendable, Equatable {
  public var card: CardData
  public var aid: String
  public var label: String
  /// The PIN try counter (9F17), contact only.
  public var pinTriesLeft: Int?
  /// Contactless: what this amount needs.
  public var contactlessCVM: ContactlessCVMDecision?
  public init(
    card: CardData, aid: String, label: String, pinTriesLeft: Int?,
    contactlessCVM: ContactlessCVMDecision? = nil
  ) {
    self.card = card
    self.aid = aid
    self.label = label
    self.pinTriesLeft = pinTriesLeft
    self.contactlessCVM = contactlessCVM
  }
}

/// What a tapped card needs at this amount (`quickpass_limit_fen`).
public enum ContactlessCVMDecision: Sendable, Equatable {
  /// Up to the limit: 免密免签.
  case noCVM
  case onlinePIN
  case signature
  /// Over the limit and the card can do neither: 请插卡 / 请使用其它界面.
  case useAnotherInterface
}

/// Why the chip could not be read or used.
public enum ChipFailure: Sendable, Equatable {
  /// The chip did not answer or answered nonsense: a fallback swipe may follow
  /// (`chip_fallback: after_failure`).
  case readFailed(String)
  /// 卡被锁定.
  case cardBlocked
  /// 应用锁定.
  case applicationBlocked
  /// No UnionPay application the terminal supports.
  case noApplication
  /// Not a contactless card (or not held long enough): nothing answered on the antenna.
  case noContactless
  /// The card itself declined (AAC at the first GENERATE AC).
  case declinedOffline
  /// The card went away mid-exchange.
  case removed

  public var allowsFallback: Bool {
    if case .readFailed = self { return true }
    return false
  }
}

/// The slip's chip lines (field notes §9): AID, application label, TC (or the
/// ARQC of a tap), ATC.
public struct ChipSlipData: Sendable, Equatable, Codable {
  public var aid: String
  public var label: String
  /// "TC", "ARQC" (contactless) or "AAC".
  public var cryptogramName: String
  public var cryptogram: String
  public var atc: String
  /// 免密免签: a tap under the limit, no PIN, no signature.
  public var noCVM: Bool
  public init(
    aid: String, label: String, cryptogramName: String, cryptogram: String, atc: String,
    noCVM: Bool = false
  ) {
    self.aid = aid
    self.label = label
    self.cryptogramName = cryptogramName
    self.cryptogram = cryptogram
    self.atc = atc
    self.noCVM = noCVM
  }
}

/// How the card ended the transaction.
public enum ChipCompletionResult: Sendable, Equatable {
  /// TC (or, contactless, the host's approval stands).
  case approved(ChipSlipData)
  /// The host approved but the card answered AAC: 卡片拒绝, reverse.
  case declinedByCard(ChipSlipData)
  /// The host declined or did not answer; the card answered AAC as asked.
  case declined
  case failed(ChipFailure)
}

/// What the card reader reports.
public enum ChipEvent: Sendable, Equatable {
  /// A card went into the slot.
  case inserted
  /// A card was held to the antenna.
  case tapped
  /// The card left the slot (`<remove>`).
  case removed
  /// More than one application: 应用列表, the labels in priority order.
  case applications([String])
  case started(ChipCardInfo)
  case failed(ChipFailure)
  /// VERIFY's answer.
  case pinVerified(ChipPINResult)
  /// The first GENERATE AC gave an ARQC: field 55 for the request.
  case onlineReady(field55: [UInt8])
  case completed(ChipCompletionResult)
}

public enum ChipPINResult: Sendable, Equatable {
  case verified
  case wrong(triesLeft: Int)
  case blocked
}

/// A chip transaction's data while the flow collects it.
public struct ChipDraft: Sendable, Equatable {
  public var interface: ChipInterface
  public var info: ChipCardInfo?
  /// How the cardholder was verified; set at the PIN step.
  public var verification: ChipVerification = .none
  /// Field 55 of the request, once the card gave its ARQC.
  public var field55: [UInt8]?
  public init(interface: ChipInterface) { self.interface = interface }
}

extension ChipFailure {
  /// What the LCD says.
  public var message: Msg {
    switch self {
    case .readFailed: return .chipFailedNoFallback
    case .cardBlocked: return .cardBlocked
    case .applicationBlocked: return .applicationBlocked
    case .noApplication: return .noApplication
    case .noContactless: return .noContactless
    case .declinedOffline: return .declinedByCardOffline
    case .removed: return .transactionAborted
    }
  }
}

/// The chip transaction the terminal is waiting on the host for.
public struct ActiveChip: Sendable, Equatable {
  public var interface: ChipInterface
  public var verification: ChipVerification
  /// The card left the slot while the request was out: the answer is reversed.
  public var removed = false
  public init(interface: ChipInterface, verification: ChipVerification) {
    self.interface = interface
    self.verification = verification
  }
}

/// Whether a swipe after a failed chip is taken (`chip_fallback` in terminal.yaml).
public enum ChipFallback: String, Sendable, Equatable, CaseIterable {
  /// The 2014 rule: 不支持降级交易.
  case never
  /// A swipe after the chip failed to read, marked fallback (22 = 02x, 60.5 = 2).
  case afterFailure = "after_failure"
}

extension CardData {
  /// A service code starting 2 or 6 marks a chip card (field notes §9).
  public var isChipCard: Bool { serviceCode.first == "2" || serviceCode.first == "6" }
}

extension TerminalState {
  /// Today as YYMMDD in the terminal's time zone (9A).
  public var chipDate: String { zeroPadded(localDay(now) % 1_000_000, width: 6) }
}
