import Foundation

/// Going online: the voucher number, the record and its reversal, the request (or,
/// for a kind that `travelsAsOrder`, the order: TransactionQROrder.swift), the reply.
extension TransactionFlow {
  // MARK: Online

  static func send(_ draft: TransactionDraft, _ state: inout TerminalState) -> [Effect] {
    // A chip transaction asks the card for its ARQC (first GENERATE AC) first; a
    // kind without a cryptogram only read the card (simplified flow).
    if let chip = draft.chip, chip.field55 == nil {
      guard draft.descriptor.chipTransactionType != nil else {
        var draft = draft
        draft.chip = nil
        return [.chip(.end)] + send(draft, &state)
      }
      enter(draft, .chipWorking, &state)
      return [.chip(.requestOnline(chip.verification))]
    }
    // A pending reversal, then any advice owed to the host, go out first.
    return AdviceFlow.start(then: .transaction(draft), &state)
  }

  /// Assigns the voucher number, makes the transaction and its reversal durable,
  /// then sends it.
  static func go(_ draft: TransactionDraft, _ state: inout TerminalState) -> [Effect] {
    let descriptor = draft.descriptor
    let trace = SequenceNumber.next(after: state.lastTrace)
    let card = draft.card ?? CardData(pan: "", expiry: "", serviceCode: "")
    let amount = draft.amountFen ?? 0
    var record = TransactionRecord(
      trace: trace, batch: state.batch, kind: draft.kind, amountFen: amount,
      maskedPAN: card.maskedPAN, expiry: card.expiry, entryMode: card.entryMode,
      operatorNo: state.signedInOperator ?? "", startedAt: state.now, status: .pending,
      original: draft.original)
    if let code = draft.paymentCode {
      // A payment code in place of a card: masked the same way, its wallet the issuer.
      record.maskedPAN = PANMask.mask(code.code)
      record.entryMode = .qrCode
      record.issuer = code.wallet.displayName
    } else if descriptor.message.scannedCode, let original = draft.originalRecord {
      // A QR payment's void presents no card: it shows the original's masked payment
      // code and wallet (the host refunds that wallet).
      record.maskedPAN = original.maskedPAN
      record.entryMode = original.entryMode
      record.issuer = original.issuer
    }
    let reversal =
      descriptor.reversible
      ? ReversalRecord(
        kind: draft.kind, trace: trace, batch: state.batch, amountFen: amount,
        maskedPAN: record.maskedPAN, originalTime: state.now) : nil
    state.lastTrace = trace
    state.openBatch.append(record)
    if let reversal { state.pendingReversal = reversal }
    let begin = Effect.journal(.beginTransaction(record, reversal: reversal))
    if descriptor.message.travelsAsOrder, let code = draft.paymentCode {
      return [begin, placeOrder(record, code, &state)]
    }
    state.flow = .transaction(.awaitingReply(record))
    state.activeChip = draft.chip.map {
      ActiveChip(interface: $0.interface, verification: $0.verification)
    }
    var request = TransactionRequest(
      kind: draft.kind, message: descriptor.message, amountFen: amount, pan: card.pan,
      expiry: card.expiry, serviceCode: card.serviceCode, entryMode: card.entryMode,
      pinBlock: draft.pinBlock, original: draft.original)
    request.field55 = draft.chip?.field55
    request.fallback = draft.fallback
    request.pinVerifiedByCard = draft.chip?.verification == .offlinePIN
    request.panSequence = draft.chip != nil ? card.panSequence : nil
    return [
      begin, HostExchange.send(.transaction(request), batch: record.batch, trace: trace, &state),
    ]
  }

  static func host(
    _ outcome: HostAnswer<TransactionReply>, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    guard case .awaitingReply(let record) = s else { return [] }
    switch outcome {
    case .replied(let reply) where state.activeChip != nil:
      state.hostOnline = true
      return chipReplied(reply, record, &state)
    case .replied(let reply):
      state.hostOnline = true
      return approve(record, reply, &state)
    case .timedOut:
      // The reversal record stays; it goes out before the next online transaction.
      state.hostOnline = false
      state.flow = .transaction(.timedOut(record))
      let chip = state.activeChip
      state.activeChip = nil
      guard let chip, chip.interface == .contact, !chip.removed else { return [] }
      return [.chip(.complete(.noResponse))]
    }
  }

  /// A chip transaction's reply: an approval waits for the card's TC; a card pulled
  /// meanwhile makes it a reversal at once.
  static func chipReplied(
    _ reply: TransactionReply, _ record: TransactionRecord, _ state: inout TerminalState
  ) -> [Effect] {
    let chip = state.activeChip
    guard reply.responseCode.isApproval else {
      state.activeChip = nil
      let effects = approve(record, reply, &state)
      guard let chip, chip.interface == .contact, !chip.removed else { return effects }
      return effects + [.chip(.complete(.declined(responseCode: reply.responseCode.rawValue)))]
    }
    if chip?.removed == true {
      state.activeChip = nil
      return undoApproval(record, reply, reason: .transactionAborted, &state)
    }
    state.flow = .transaction(.completingChip(record, reply))
    return [
      .chip(
        .complete(
          .approved(responseCode: reply.responseCode.rawValue, field55: reply.field55 ?? [])))
    ]
  }

  /// The host's answer made final: recorded, then the merchant copy.
  static func approve(
    _ record: TransactionRecord, _ reply: TransactionReply, _ state: inout TerminalState
  ) -> [Effect] {
    let done = record.answered(by: reply, at: state.now)
    // Committed before the merchant copy prints.
    let recorded = complete(done, &state)
    guard done.status == .approved else {
      state.flow = .transaction(.declined(done, code: reply.responseCode))
      return recorded
    }
    guard done.descriptor.slipTitle != nil else {
      state.flow = .transaction(.balance(done, balanceFen: reply.balanceFen))
      return recorded
    }
    state.flow = .transaction(.approved(done, merchantCopy: .printing))
    return recorded + Printing.enqueue(.receipt(done, copy: .merchant), &state)
  }

  /// The transaction's fate is known: the record is complete and its reversal no
  /// longer needed.
  static func complete(_ done: TransactionRecord, _ state: inout TerminalState) -> [Effect] {
    state.updateOpenBatch(done)
    if state.pendingReversal?.trace == done.trace && state.pendingReversal?.batch == done.batch {
      state.pendingReversal = nil
    }
    return [.journal(.completeTransaction(done))]
  }

  static func printFinished(
    _ job: PrintJob, _ outcome: PrintOutcome, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    guard case .approved(let record, .printing) = s, job == .receipt(record, copy: .merchant)
    else { return [] }
    state.flow = .transaction(
      .approved(record, merchantCopy: outcome == .printed ? .printed : .owed))
    return []
  }
}

extension TransactionRecord {
  /// The record as the host's answer leaves it: approved or declined, with the
  /// answer's code, authorisation, reference and issuer.
  func answered(by reply: TransactionReply, at time: Date) -> TransactionRecord {
    var done = self
    done.status = reply.responseCode.isApproval ? .approved : .declined
    done.responseCode = reply.responseCode
    done.authCode = reply.authCode
    done.referenceNo = reply.referenceNo
    done.issuer = reply.issuer ?? issuer
    done.completedAt = time
    return done
  }
}
