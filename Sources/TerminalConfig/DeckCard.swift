import CardReader
import Foundation
import TerminalCore

public enum CardStatus: String, Sendable, Equatable, CaseIterable {
  case normal, lost, stolen, restricted
}

public enum CardKind: String, Sendable, Equatable, CaseIterable { case debit, credit }

/// One card of the trainer's test deck (Config/deck.yaml). `position` is the
/// number used to swipe it (1-based, file order).
public struct DeckCard: Sendable, Equatable {
  public var position: Int
  public var label: String
  public var pan: String
  public var expiry: String  // YYMM
  public var serviceCode: String
  public var name: String  // SURNAME/GIVEN, track 1
  public var issuer: String
  public var kind: CardKind
  public var pin: String?  // the issuer's record of the PIN; nil with pinOptional
  public var pinOptional: Bool
  public var balanceFen: Int64
  public var limitFen: Int64?  // per-transaction limit → 61
  public var status: CardStatus
  public var readerProfile: ChannelProfile
  /// The card's chip (IC) and antenna; nil for a magstripe-only card.
  public var chip: DeckChip? = nil
  /// What is embossed and printed on the card's face, which the cashier compares with
  /// the number on screen. The stripe's values unless the deck says otherwise (a
  /// counterfeit: `printed_pan`, `printed_name`, `printed_expiry`).
  public var printedPAN: String
  public var printedName: String
  public var printedExpiry: String

  public init(
    position: Int, label: String, pan: String, expiry: String, serviceCode: String,
    name: String, issuer: String, kind: CardKind, pin: String?, pinOptional: Bool,
    balanceFen: Int64, limitFen: Int64?, status: CardStatus, readerProfile: ChannelProfile
  ) {
    self.position = position
    self.label = label
    self.pan = pan
    self.expiry = expiry
    self.serviceCode = serviceCode
    self.name = name
    self.issuer = issuer
    self.kind = kind
    self.pin = pin
    self.pinOptional = pinOptional
    self.balanceFen = balanceFen
    self.limitFen = limitFen
    self.status = status
    self.readerProfile = readerProfile
    printedPAN = pan
    printedName = name
    printedExpiry = expiry
  }

  /// The faces the tray shows: stripe, chip, contactless.
  public var faces: [String] {
    ["stripe"] + (chip != nil ? ["chip"] : []) + (chip?.contactless == true ? ["contactless"] : [])
  }

  /// What the terminal reads off this card when it is swiped.
  public var cardData: CardData {
    CardData(
      pan: pan, expiry: expiry, serviceCode: serviceCode, holderName: name, entryMode: .swipe)
  }

  /// The stripe the audio reader encodes.
  public var tracks: CardTracks {
    CardTracks(
      track1: Track1(pan: pan, name: name, expiry: expiry, serviceCode: serviceCode),
      track2: Track2(pan: pan, expiry: expiry, serviceCode: serviceCode))
  }
}

/// A deck card's chip, as deck.yaml's `chip:` describes it. The runtime personalises
/// a simulated ICC from it (the `Chip` module).
public struct DeckChip: Sendable, Equatable {
  public enum Application: String, Sendable, Equatable, CaseIterable {
    case debit, credit
    case quasiCredit = "quasi_credit"
  }
  public enum Condition: String, Sendable, Equatable, CaseIterable {
    /// Answers as it should.
    case working
    /// Dead: no answer to reset.
    case mute
    /// Answers to reset, then 6F00 to every command.
    case faulty
  }
  public enum ContactlessCVM: String, Sendable, Equatable, CaseIterable {
    case onlinePIN = "online_pin"
    case signature
    case none
  }
  /// In priority order (the first is priority 1).
  public var applications: [Application]
  public var contactless: Bool
  /// What a tap over `quickpass_limit_fen` asks for.
  public var contactlessCVM: ContactlessCVM
  public var condition: Condition
  /// 卡被锁定: SELECT answers 6A81.
  public var blocked: Bool
  /// The PIN try counter a fresh card starts with (its limit is 3); 0 = exhausted.
  public var pinTriesLeft: Int
  /// The card answers AAC at the second GENERATE AC although the host approved.
  public var declinesAfterApproval: Bool

  public init(
    applications: [Application], contactless: Bool = false,
    contactlessCVM: ContactlessCVM = .onlinePIN, condition: Condition = .working,
    blocked: Bool = false, pinTriesLeft: Int = 3, declinesAfterApproval: Bool = false
  ) {
    self.applications = applications
    self.contactless = contactless
    self.contactlessCVM = contactlessCVM
    self.condition = condition
    self.blocked = blocked
    self.pinTriesLeft = pinTriesLeft
    self.declinesAfterApproval = declinesAfterApproval
  }
}
