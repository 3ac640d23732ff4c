/// Reversal (冲正) of a transaction whose reply never came: sent before the
/// next online step, tried three times, and if it still fails the cashier is
/// told to handle it by hand; the journal keeps it for next time.
public enum ReversalFlow {
  /// What goes online once the reversal is through.
  public enum OnlineStep: Sendable, Equatable {
    case transaction(TransactionDraft)
    case settlement
    /// Nothing follows: the transaction stopped after it was sent (交易中止, 卡片拒绝)
    /// and the reversal undoes it; the screen then says why.
    case notice(TransactionKind, Msg)
  }

  public enum State: Sendable, Equatable {
    case reversing(then: OnlineStep, triesLeft: Int)
    case failed(then: OnlineStep)
  }

  static let triesPerRound = 3

  static func start(then: OnlineStep, _ state: inout TerminalState) -> [Effect] {
    guard let reversal = state.pendingReversal else { return [] }
    state.flow = .reversal(.reversing(then: then, triesLeft: triesPerRound))
    return [request(reversal, &state)]
  }

  private static func request(_ reversal: ReversalRecord, _ state: inout TerminalState) -> Effect {
    HostExchange.send(.reversal(reversal), batch: reversal.batch, trace: reversal.trace, &state)
  }

  /// Any key on the failure screen goes on; while the reversal is out, keys wait.
  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    moveOn(s, &state)
  }

  /// An idle failure screen goes on by itself, as a key would.
  static func idle(_ s: State, _ state: inout TerminalState) -> [Effect] {
    moveOn(s, &state)
  }

  private static func moveOn(_ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .reversing:
      return []
    case .failed(let then):
      state.flow = resumeAfterFailure(then)
      return []
    }
  }

  private static func resumeAfterFailure(_ then: OnlineStep) -> Flow {
    switch then {
    case .settlement: return .settlement(.notice)
    case .transaction: return .menu(.main)
    case .notice(let kind, let reason):
      return .transaction(.ended(kind, reason: reason, reversed: false))
    }
  }

  static func host(_ outcome: HostAnswer<Bool>, _ s: State, _ state: inout TerminalState)
    -> [Effect]
  {
    guard case .reversing(let then, let triesLeft) = s, var reversal = state.pendingReversal
    else { return [] }
    if outcome == .replied(true) {
      state.pendingReversal = nil
      state.hostOnline = true
      if let i = state.openBatch.firstIndex(where: {
        $0.trace == reversal.trace && $0.batch == reversal.batch
      }) {
        state.openBatch[i].status = .reversed
      }
      let done: [Effect] = [.journal(.reversalDone(trace: reversal.trace, batch: reversal.batch))]
      // Advices owed to the host go next, then what the reversal held back.
      return done + AdviceFlow.start(then: then, &state)
    }
    // Refused, or no answer in time: count the attempt and try again.
    if outcome == .timedOut { state.hostOnline = false }
    reversal.attempts += 1
    state.pendingReversal = reversal
    var effects: [Effect] = [
      .journal(
        .reversalAttemptFailed(
          trace: reversal.trace, batch: reversal.batch, attempts: reversal.attempts))
    ]
    if triesLeft > 1 {
      state.flow = .reversal(.reversing(then: then, triesLeft: triesLeft - 1))
      effects.append(request(reversal, &state))
    } else {
      state.hostOnline = false
      state.flow = .reversal(.failed(then: then))
    }
    return effects
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    let title = title(s, l)
    switch s {
    case .reversing:
      return Screen(title: title, lines: .waiting(.reversing, state))
    case .failed:
      return Screen(
        title: title, lines: [.init(Msg.reversalFailedManual.text(l))],
        footer: Msg.pressAnyKeyToReturn.text(l))
    }
  }

  /// The title of what the reversal clears the way for.
  private static func title(_ s: State, _ l: Language) -> String {
    let then: OnlineStep
    switch s {
    case .reversing(let t, _), .failed(let t): then = t
    }
    switch then {
    case .transaction(let draft): return Msg.title(draft.kind).text(l)
    case .notice(let kind, _): return Msg.title(kind).text(l)
    case .settlement: return Msg.forcedSettlementTitle.text(l)
    }
  }
}
