import TerminalConfig

// TEMPORARY until the deck's printed_* fields land.
extension DeckCard {
  var printedPAN: String { pan }
  var printedName: String { name }
  var printedExpiry: String { expiry }
}
