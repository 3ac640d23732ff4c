import Foundation

/// The one request the terminal waits for, and the moment it gives up on it.
public struct HostWait: Sendable, Equatable {
  public var envelope: HostEnvelope
  public var type: HostMessageType
  public var deadline: Date
}

/// Sending to the host and accepting its replies: every request carries the
/// terminal, merchant, batch and trace; a reply that does not echo the awaited
/// request's is dropped with a note; the core owns the timeout.
enum HostExchange {
  /// The request as an effect; the terminal now waits for its reply.
  static func send(
    _ body: HostRequestBody, batch: Int, trace: Int, _ state: inout TerminalState
  ) -> Effect {
    let request = HostRequest(
      envelope: HostEnvelope(
        terminalNo: state.profile.terminalNo, merchantNo: state.profile.merchantNo, batch: batch,
        trace: trace),
      body: body, time: state.now)
    state.hostWait = HostWait(
      envelope: request.envelope, type: request.type,
      deadline: state.now.addingTimeInterval(state.profile.hostTimeoutSeconds))
    return .host(request)
  }

  static func replied(_ reply: HostReply, _ state: inout TerminalState) -> [Effect] {
    guard let wait = state.hostWait, wait.envelope == reply.envelope, wait.type == reply.type
    else {
      let e = reply.envelope
      return [
        .note(
          "host reply dropped: \(describe(reply.type)) for terminal \(e.terminalNo) batch \(SequenceNumber.format(e.batch)) trace \(SequenceNumber.format(e.trace)) is not the request awaited"
        )
      ]
    }
    state.hostWait = nil
    state.lastActivity = state.now
    return deliver(.replied(reply.body), &state)
  }

  /// Hands the outcome to the flow that went online, as that flow's own answer: a
  /// flow hears only the replies to the requests it sends.
  static func deliver(_ outcome: HostOutcome, _ state: inout TerminalState) -> [Effect] {
    switch state.flow {
    case .signIn(let s):
      return hand(outcome, \.signInReply) { SignInFlow.host($0, s, &state) }
    case .settlement(let s):
      return hand(outcome, \.settlementReply) { SettlementFlow.host($0, s, &state) }
    case .transaction(.order(let stage)):
      return hand(outcome, \.qrReply) { TransactionFlow.orderReplied($0, stage, &state) }
    case .transaction(let s):
      return hand(outcome, \.transactionReply) { TransactionFlow.host($0, s, &state) }
    case .reversal(let s):
      return hand(outcome, \.reversalAccepted) { ReversalFlow.host($0, s, &state) }
    case .advice(let s):
      return hand(outcome, \.transactionReply) { AdviceFlow.host($0, s, &state) }
    case .power, .menu, .management:
      // None goes online; a wait cannot belong to them.
      return []
    }
  }

  /// Replies are matched to the awaited request by type, so a reply of another flow's
  /// kind cannot arrive; were it to, the flow has had no answer, and a note says so.
  private static func hand<Reply>(
    _ outcome: HostOutcome, _ pick: (HostReplyBody) -> Reply?,
    to flow: (HostAnswer<Reply>) -> [Effect]
  ) -> [Effect] {
    switch outcome {
    case .timedOut: return flow(.timedOut)
    case .replied(let body):
      guard let reply = pick(body) else {
        return [.note("host reply dropped: it answers another flow's request")] + flow(.timedOut)
      }
      return flow(.replied(reply))
    }
  }

  /// Whole seconds left before the terminal gives up, for the waiting screens.
  static func secondsLeft(_ state: TerminalState) -> Int? {
    guard let wait = state.hostWait else { return nil }
    return max(0, Int(wait.deadline.timeIntervalSince(state.now).rounded(.up)))
  }

  private static func describe(_ type: HostMessageType) -> String {
    switch type {
    case .signIn: return "sign-in"
    case .signOff: return "sign-off"
    case .batchUpload: return "batch upload"
    case .transaction(let kind): return kind.rawValue
    case .reversal(let kind): return "reversal of \(kind.rawValue)"
    case .settlement: return "settlement"
    case .qrOrder: return "QR order"
    case .qrQuery: return "QR order query"
    case .qrCancel: return "QR order cancel"
    }
  }
}

/// A flow's own answer from the host: the reply to the request it sent, or none in
/// time.
public enum HostAnswer<Reply: Sendable & Equatable>: Sendable, Equatable {
  case replied(Reply)
  case timedOut
}

extension [Screen.Line] {
  /// `交易处理中...` with the seconds left, as one centred block.
  static func waiting(_ what: Msg, _ state: TerminalState) -> [Screen.Line] {
    let l = state.language
    var lines = [Screen.Line(what.text(l), align: .center)]
    if let left = HostExchange.secondsLeft(state) {
      lines.append(Screen.Line(Msg.secondsLeft(left).text(l), align: .center))
    }
    return lines
  }
}
