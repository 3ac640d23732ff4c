import Foundation

/// The EMV exchange with a card in the slot or on the antenna.
extension TransactionFlow {
  // MARK: The chip

  /// The card reader's report on the chip or the antenna.
  static func chip(_ event: ChipEvent, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .entering(let draft, let entry):
      return chipEntering(event, draft, entry, &state)
    case .awaitingReply:
      // Pulled while the host is deciding: whatever it answers is reversed.
      if event == .removed, state.activeChip?.interface == .contact {
        state.activeChip?.removed = true
      }
      return []
    case .completingChip(let record, let reply):
      guard case .completed(let result) = event else { return [] }
      return chipCompleted(result, record, reply, &state)
    case .removeCard(let notice):
      guard event == .removed else { return [] }
      if let notice { state.banner = [notice.text(state.language)] }
      state.flow = .menu(.main)
      return []
    case .approved, .balance, .declined, .timedOut, .ended, .order:
      return []
    }
  }

  static func chipEntering(
    _ event: ChipEvent, _ draft: TransactionDraft, _ entry: Entry, _ state: inout TerminalState
  ) -> [Effect] {
    var draft = draft
    switch (entry, event) {
    case (.card, .inserted), (.card, .tapped):
      let interface: ChipInterface = event == .inserted ? .contact : .contactless
      draft.chip = ChipDraft(interface: interface)
      enter(draft, .chipReading(interface), &state)
      return [
        .chip(
          .read(
            ChipReadRequest(
              interface: interface, amountFen: draft.amountFen ?? 0, date: state.chipDate,
              transactionType: draft.descriptor.chipTransactionType ?? 0x00)))
      ]
    case (.chipReading, .applications(let labels)):
      enter(draft, .chooseApplication(labels, notice: nil), &state)
      return []
    case (.chipReading, .started(let info)), (.chooseApplication, .started(let info)):
      draft.chip?.info = info
      if info.contactlessCVM == .useAnotherInterface {
        draft.chip = nil
        enter(draft, .card(notice: .useOtherInterface), &state)
        return [.chip(.end)]
      }
      return accept(info.card, draft, &state)
    case (.chipReading, .failed(let failure)), (.chooseApplication, .failed(let failure)),
      (.chipWorking, .failed(let failure)):
      let interface = draft.chip?.interface ?? .contact
      draft.chip = nil
      if failure == .declinedOffline || failure == .removed || entry == .chipWorking {
        state.flow = .transaction(.ended(draft.kind, reason: failure.message, reversed: false))
        return [.chip(.end)]
      }
      if interface == .contact && failure.allowsFallback { draft.chipFailed = true }
      let notice: Msg =
        failure.allowsFallback && interface == .contact
        ? (state.profile.chipFallback == .afterFailure ? .chipFailedSwipe : .chipFailedNoFallback)
        : failure.message
      enter(draft, .card(notice: notice), &state)
      return [.chip(.end)]
    case (.chipWorking, .pinVerified(let result)):
      switch result {
      case .verified:
        draft.chip?.verification = .offlinePIN
        return advance(draft, &state)
      case .wrong(let left):
        draft.chip?.info?.pinTriesLeft = left
        enter(draft, .pin(SecretDigits(), notice: .pinWrong), &state)
        return []
      case .blocked:
        draft.chip?.info?.pinTriesLeft = 0
        draft.chip?.verification = .offlinePINBlocked
        return advance(draft, &state)
      }
    case (.chipWorking, .onlineReady(let field55)):
      draft.chip?.field55 = field55
      return send(draft, &state)
    case (_, .removed):
      // Taken out before the end: 交易中止. Nothing was sent yet.
      guard draft.chip?.interface == .contact else { return [] }
      state.flow = .transaction(.ended(draft.kind, reason: .transactionAborted, reversed: false))
      return [.chip(.end)]
    default:
      return []
    }
  }

  /// The card's last word after the host approved.
  static func chipCompleted(
    _ result: ChipCompletionResult, _ record: TransactionRecord, _ reply: TransactionReply,
    _ state: inout TerminalState
  ) -> [Effect] {
    switch result {
    case .approved(var slip):
      slip.noCVM =
        state.activeChip?.verification == ChipVerification.none
        && state.activeChip?.interface == .contactless
      var done = record
      done.chip = slip
      state.activeChip = nil
      return approve(done, reply, &state)
    case .declinedByCard, .declined, .failed:
      // 卡片拒绝 (AAC after approval) or the card went away: the approval is reversed now.
      let reason: Msg
      if case .declinedByCard = result {
        reason = .cardDeclined
      } else {
        reason = .transactionAborted
      }
      state.activeChip = nil
      return undoApproval(record, reply, reason: reason, &state)
    }
  }

  /// The host approved but the card cannot confirm it (pulled, or AAC): a reversible
  /// kind is reversed at once; one that moved nothing (a balance inquiry) is recorded
  /// as declined.
  static func undoApproval(
    _ record: TransactionRecord, _ reply: TransactionReply, reason: Msg,
    _ state: inout TerminalState
  ) -> [Effect] {
    if let pending = state.pendingReversal, pending.trace == record.trace,
      pending.batch == record.batch
    {
      return ReversalFlow.start(then: .notice(record.kind, reason), &state)
    }
    var done = record
    done.status = .declined
    done.responseCode = reply.responseCode
    done.completedAt = state.now
    state.updateOpenBatch(done)
    state.flow = .transaction(.ended(record.kind, reason: reason, reversed: false))
    return [.journal(.completeTransaction(done))]
  }

}
