/// Advices owed to the host (通知类: a refund, a completion advice, 0220) whose reply
/// never came: never reversed, sent again with their own batch and voucher number
/// before the next online step and before settlement, up to three times a round, as
/// UnionPay terminals do. The host books an advice once and answers a repeat with
/// the same approval. The journal keeps only the masked card number, so the resend
/// carries no field 2: the host takes the card from the original the advice names.
public enum AdviceFlow {
  public enum State: Sendable, Equatable {
    case resending(TransactionRecord, then: ReversalFlow.OnlineStep, triesLeft: Int)
  }

  static let triesPerRound = 3

  /// Clears the way for `then`: a pending reversal first, then each owed advice,
  /// then `then` itself.
  static func start(then: ReversalFlow.OnlineStep, _ state: inout TerminalState) -> [Effect] {
    if state.pendingReversal != nil { return ReversalFlow.start(then: then, &state) }
    guard let owed = BatchLedger.firstOwedAdvice(state.openBatch) else {
      return resume(then, &state)
    }
    state.flow = .advice(.resending(owed, then: then, triesLeft: triesPerRound))
    return [request(owed, &state)]
  }

  /// The advice as it first went, from what the journal kept: same kind, amount,
  /// original, batch and voucher number; no card number, no track, no PIN.
  private static func request(_ r: TransactionRecord, _ state: inout TerminalState) -> Effect {
    let request = TransactionRequest(
      kind: r.kind, message: r.descriptor.message, amountFen: r.amountFen, pan: "",
      expiry: r.expiry, serviceCode: "", entryMode: r.entryMode, pinBlock: PINBlock(bytes: []),
      original: r.original)
    return HostExchange.send(.transaction(request), batch: r.batch, trace: r.trace, &state)
  }

  /// Goes on to what the advices (and any reversal) held back.
  static func resume(_ then: ReversalFlow.OnlineStep, _ state: inout TerminalState) -> [Effect] {
    switch then {
    case .transaction(let draft): return TransactionFlow.go(draft, &state)
    case .settlement:
      state.flow = .settlement(.successTotals)
      return []
    case .notice(let kind, let reason):
      state.flow = .transaction(.ended(kind, reason: reason, reversed: true))
      return []
    }
  }

  /// Keys wait while the advice is out.
  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] { [] }

  static func host(
    _ outcome: HostAnswer<TransactionReply>, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    guard case .resending(let record, let then, let triesLeft) = s else { return [] }
    switch outcome {
    case .replied(let reply):
      state.hostOnline = true
      let done = record.answered(by: reply, at: state.now)
      state.updateOpenBatch(done)
      // Its slip was never printed (the reply never came): an approval owes both copies.
      var effects: [Effect] = [.journal(.completeTransaction(done))]
      if done.status == .approved, done.descriptor.slipTitle != nil {
        state.owedSlips += [
          .receipt(done, copy: .merchant), .receipt(done, copy: .cardholder),
        ]
      }
      effects += [
        .note("advice \(SequenceNumber.format(done.trace)) resent: \(reply.responseCode.rawValue)")
      ]
      return effects + start(then: then, &state)
    case .timedOut:
      state.hostOnline = false
      if triesLeft > 1 {
        state.flow = .advice(.resending(record, then: then, triesLeft: triesLeft - 1))
        return [request(record, &state)]
      }
      // Still unanswered: it stays owed and goes again next time. Settlement goes
      // on with it counted; an unbalanced batch uploads it.
      return [.note("advice \(SequenceNumber.format(record.trace)) still unanswered")]
        + skipAdvices(then, &state)
    }
  }

  /// After a round without an answer the cashier is not held up: the owed advices
  /// wait for the next online step.
  private static func skipAdvices(_ then: ReversalFlow.OnlineStep, _ state: inout TerminalState)
    -> [Effect]
  {
    resume(then, &state)
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    switch s {
    case .resending(let record, _, _):
      return Screen(title: Msg.title(record.kind).text(l), lines: .waiting(.resendingAdvice, state))
    }
  }
}
