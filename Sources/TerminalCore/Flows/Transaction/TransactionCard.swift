import Foundation

/// A swiped card, and the check of a card read by any means.
extension TransactionFlow {
  // MARK: The card

  static func cardRead(_ result: CardReadResult, _ s: State, _ state: inout TerminalState)
    -> [Effect]
  {
    guard case .entering(var draft, let entry) = s else { return [] }
    switch entry {
    case .card:
      guard case .success(var card) = result else {
        enter(draft, .card(notice: .swipeError), &state)
        return []
      }
      // Since 2014 a chip card may not be swiped (请插IC卡); with `chip_fallback:
      // after_failure`, a swipe after its chip failed is taken, marked fallback.
      if card.isChipCard {
        guard draft.chipFailed else {
          enter(draft, .card(notice: .insertChipCard), &state)
          return []
        }
        guard state.profile.chipFallback == .afterFailure else {
          enter(draft, .card(notice: .noFallback), &state)
          return []
        }
        draft.fallback = true
        card.entryMode = .swipe
      }
      return accept(card, draft, &state)
    case .supervisorPassword, .checkingSupervisor, .originalVoucher, .confirmOriginal,
      .originalReference,
      .originalAuthCode, .originalDate, .amount, .confirmCard, .pin, .chipReading,
      .chooseApplication, .chipWorking, .scanCode:
      // Not asking for a card now.
      return []
    }
  }

  /// The card read (swiped, inserted or tapped) goes through the step's check.
  static func accept(
    _ card: CardData, _ draft: TransactionDraft, _ state: inout TerminalState
  )
    -> [Effect]
  {
    var draft = draft
    switch currentStep(draft, state) {
    case .card(.cashier):
      // A tap goes straight on, as a QuickPass payment does.
      guard card.entryMode == .contactless else {
        enter(draft, .confirmCard(card), &state)
        return []
      }
    case .card(.matchesOriginal):
      guard card.maskedPAN == draft.originalRecord?.maskedPAN else {
        enter(draft, .card(notice: .cardMismatch), &state)
        return []
      }
    case .card(.none), .supervisorPassword, .originalTransaction, .amount, .pin, .scanCode, nil:
      break
    }
    draft.card = card
    return advance(draft, &state)
  }

}
