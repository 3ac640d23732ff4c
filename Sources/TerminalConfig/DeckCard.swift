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
