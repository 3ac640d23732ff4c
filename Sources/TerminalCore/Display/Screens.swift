import Foundation

extension TerminalState {
  /// What the LCD shows now: a print fault over whatever flow is running, else
  /// the flow's own screen. Every string comes from `Msg` or is data.
  public var screen: Screen {
    if let fault = printer.fault { return Printing.faultScreen(fault, self) }
    switch flow {
    case .power(let s): return PowerFlow.screen(s, self)
    case .signIn(let s): return SignInFlow.screen(s, self)
    case .settlement(let s): return SettlementFlow.screen(s, self)
    case .menu(let s): return MenuFlow.screen(s, self)
    case .transaction(let s): return TransactionFlow.screen(s, self)
    case .reversal(let s): return ReversalFlow.screen(s, self)
    case .advice(let s): return AdviceFlow.screen(s, self)
    case .management(let s): return ManagementFlow.screen(s, self)
    }
  }

  /// nil when the terminal is at rest; otherwise what was left unfinished and
  /// how the journal treats it (for the end of a scripted run and the quit dialog).
  public var unfinishedBusiness: String? {
    unfinishedMessage?.text(language)
  }

  private var unfinishedMessage: Msg? {
    if let fault = printer.fault, fault.job.slipID != nil { return .unfinishedPrint }
    switch flow {
    case .power, .signIn, .menu, .management:
      return nil
    case .settlement:
      return .unfinishedSettlement
    case .reversal, .advice:
      return .unfinishedReversal
    case .transaction(let s):
      switch s {
      case .entering(let draft, _):
        return .unfinishedEntry(draft.kind)
      case .awaitingReply(let r):
        return .unfinishedSent(r.kind, SequenceNumber.format(r.trace))
      case .approved(let r, _):
        guard r.descriptor.slipTitle != nil else { return nil }
        return .unfinishedCardholderCopy(r.kind, SequenceNumber.format(r.trace))
      case .completingChip(let r, _):
        return .unfinishedSent(r.kind, SequenceNumber.format(r.trace))
      case .order(let stage):
        return TransactionFlow.unfinished(stage)
      case .balance, .declined, .timedOut, .ended, .removeCard:
        return nil
      }
    }
  }
}
