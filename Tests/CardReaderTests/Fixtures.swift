import CardReader
import Foundation

/// Deck-like cards: UnionPay PANs (62…, 16–19 digits, Luhn-valid) and one track-2-only card.
enum Fixtures {
  static func pan(_ body: String) -> String { body + String(Luhn.checkDigit(for: body)) }

  static let pan16 = pan("622202100112345")
  static let pan19 = pan("621700123456789012")
  static let pan17 = pan("6225880112345678")

  static let card16 = CardTracks(
    track1: Track1(pan: pan16, name: "ZHANG/SAN", expiry: "2812", serviceCode: "201"),
    track2: Track2(pan: pan16, expiry: "2812", serviceCode: "201"))
  static let card19 = CardTracks(
    track1: Track1(
      pan: pan19, name: "OUYANG/XIAOMING", expiry: "3006", serviceCode: "220",
      discretionary: "0000123"),
    track2: Track2(pan: pan19, expiry: "3006", serviceCode: "220", discretionary: "00001234"))
  static let track2Only = CardTracks(
    track1: nil, track2: Track2(pan: pan17, expiry: "2701", serviceCode: "101"))

  static let cards = [card16, card19, track2Only]
}
