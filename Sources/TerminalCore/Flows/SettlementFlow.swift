/// The forced day-end settlement (终端隔日强制结算): the successful totals, then
/// the failed ones (each with "print the detail list?"), then the host
/// compares totals, the batch closes and the settlement slip prints.
public enum SettlementFlow {
  public enum State: Sendable, Equatable {
    case notice
    case successTotals
    case failedTotals(printSuccess: Bool)
    case settling(printSuccess: Bool, printFailed: Bool)
    case failed(code: ResponseCode)
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .notice, .failed:
      // A reversal left over goes out first: the host must see the batch as we do.
      if state.pendingReversal != nil { return ReversalFlow.start(then: .settlement, &state) }
      state.flow = .settlement(.successTotals)
      return []
    case .successTotals:
      guard let choice = yesNo(key) else { return [] }
      state.flow = .settlement(.failedTotals(printSuccess: choice))
      return []
    case .failedTotals(let printSuccess):
      guard let choice = yesNo(key) else { return [] }
      state.flow = .settlement(.settling(printSuccess: printSuccess, printFailed: choice))
      let totals = state.batchTotals
      return [
        HostExchange.send(
          .settlement(debit: totals.debit, credit: totals.credit), batch: state.batch,
          trace: state.lastTrace, &state)
      ]
    case .settling:
      // Waiting for the host.
      return []
    }
  }

  /// Enter = yes, Cancel = no, anything else is not an answer.
  private static func yesNo(_ key: Key) -> Bool? {
    switch key {
    case .enter: return true
    case .cancel: return false
    case .digit, .backspace: return nil
    }
  }

  static func host(_ outcome: HostOutcome, _ s: State, _ state: inout TerminalState) -> [Effect] {
    guard case .settling(let printSuccess, let printFailed) = s else { return [] }
    switch outcome {
    case .replied(.settled(let balanced, let nextBatch)):
      let report = SettlementReport(
        batch: state.batch, settledAt: state.now, operatorNo: state.signedInOperator ?? "",
        totals: state.batchTotals, balanced: balanced)
      let counted = state.openBatch.filter { $0.descriptor.settlementSide != .none }
      let success = counted.filter { $0.status == .approved }
      let failed = counted.filter { $0.status == .declined || $0.status == .reversed }
      state.hostOnline = true
      state.batch = nextBatch
      state.openBatch = []
      state.banner = [Msg.settlementDone.text(state.language)]
      state.flow = .menu(.main)
      // The batch is closed in the journal before the slip prints; the journal owes
      // the slip until the printer reports it printed.
      return [
        .journal(
          .closeBatch(
            report, nextBatch: nextBatch, printSuccessDetail: printSuccess,
            printFailedDetail: printFailed))
      ]
        + Printing.enqueue(
          .settlement(
            report, successDetail: printSuccess ? success : nil,
            failedDetail: printFailed ? failed : nil), &state)
    case .replied(.signedIn), .replied(.transaction), .replied(.reversal), .replied(.signedOff),
      .replied(.uploaded):
      state.flow = .settlement(.failed(code: .systemFault))
      return []
    case .timedOut:
      state.hostOnline = false
      state.flow = .settlement(.failed(code: .timedOut))
      return []
    }
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    func t(_ m: Msg) -> String { m.text(l) }
    switch s {
    case .notice:
      return Screen(
        title: t(.forcedSettlementTitle),
        lines: state.banner.map { .init($0) } + [.init(t(.unsettledFromEarlierDay))],
        footer: t(.pressAnyKeyToSettle))
    case .successTotals:
      return totalsScreen(.successfulTransactions, state.batchTotals.allApproved, l)
    case .failedTotals:
      return totalsScreen(.failedTransactions, state.batchTotals.failed, l)
    case .settling:
      return Screen(title: t(.forcedSettlementTitle), lines: .waiting(.settling, state))
    case .failed(let code):
      return Screen(
        title: t(.forcedSettlementTitle),
        lines: [.init(t(.settlementFailed)), .init(code.rawValue + " " + code.message(l))],
        footer: t(.pressAnyKeyToSettle))
    }
  }

  private static func totalsScreen(_ heading: Msg, _ totals: Totals, _ l: Language) -> Screen {
    Screen(
      title: Msg.forcedSettlementTitle.text(l),
      lines: [
        .init(heading.text(l)),
        .init(Msg.count.text(l) + " " + String(totals.count)),
        .init(Msg.amount.text(l) + " " + Money.format(fen: totals.amountFen)),
        .init(Msg.printDetail.text(l)),
      ],
      footer: Msg.enterYesCancelNo.text(l))
  }
}
