import CardReader
import TerminalCore

extension CardTracks {
  /// What the terminal learns from a decoded swipe.
  var cardData: CardData {
    CardData(
      pan: track2.pan, expiry: track2.expiry, serviceCode: track2.serviceCode,
      holderName: track1?.name, entryMode: .swipe)
  }
}
