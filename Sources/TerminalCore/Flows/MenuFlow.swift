/// The main menu: the transaction kinds on offer, then 重打印 (print): owed
/// slips first, else the last transaction again as a duplicate.
public enum MenuFlow {
  public enum State: Sendable, Equatable {
    case main
    /// The last transaction's merchant copy printed again; Enter prints the cardholder copy.
    case reprinting(TransactionRecord, merchantCopy: CopyStatus)
  }

  /// The menu's key for printing, after the kinds on offer.
  static var printItem: UInt8 { UInt8(TransactionKind.offered.count + 1) }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .main:
      guard case .digit(let d) = key else { return [] }
      if d >= 1, Int(d) <= TransactionKind.offered.count {
        state.banner = []
        return TransactionFlow.start(TransactionKind.offered[Int(d) - 1], &state)
      }
      if d == printItem { return print(&state) }
      return []
    case .reprinting(let record, let copy):
      guard copy != .printing, key == .enter || key == .cancel else { return [] }
      state.flow = .menu(.main)
      return key == .enter
        ? Printing.enqueue(.receipt(record, copy: .cardholder, duplicate: true), &state) : []
    }
  }

  /// Owed slips print as the originals they are; with none owed, the last
  /// approved transaction with a slip prints again marked 重打印/DUPLICATED.
  private static func print(_ state: inout TerminalState) -> [Effect] {
    if !state.owedSlips.isEmpty {
      state.banner = [Msg.printingOwed(state.owedSlips.count).text(state.language)]
      var effects: [Effect] = []
      for job in state.owedSlips where !state.printer.jobs.contains(job) {
        effects += Printing.enqueue(job, &state)
      }
      return effects
    }
    guard
      let last = state.openBatch.last(where: {
        $0.status == .approved && $0.descriptor.slipTitle != nil
      })
    else {
      state.banner = [Msg.noTransactionToReprint.text(state.language)]
      return []
    }
    state.banner = []
    state.flow = .menu(.reprinting(last, merchantCopy: .printing))
    return Printing.enqueue(.receipt(last, copy: .merchant, duplicate: true), &state)
  }

  static func printFinished(
    _ job: PrintJob, _ outcome: PrintOutcome, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    switch s {
    case .main:
      return []
    case .reprinting(let record, _):
      guard job == .receipt(record, copy: .merchant, duplicate: true) else { return [] }
      state.flow = .menu(.reprinting(record, merchantCopy: outcome == .printed ? .printed : .owed))
      return []
    }
  }

  static func idle(_ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .main:
      return []
    case .reprinting:
      state.flow = .menu(.main)
      return []
    }
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    switch s {
    case .main:
      let items = TransactionKind.offered.enumerated().map { i, kind in
        Screen.Line("\(i + 1)." + Msg.menuItem(kind).text(l))
      }
      return Screen(
        title: Msg.mainMenuTitle.text(l),
        lines: items + [.init("\(printItem)." + Msg.menuReprint.text(l))]
          + state.banner.map { .init($0) })
    case .reprinting(let record, let copy):
      return Screen(
        title: Msg.reprintTitle.text(l),
        lines: [
          .init(Msg.reprinting.text(l)),
          .init(Msg.amount.text(l) + " " + Money.format(fen: record.amountFen)),
          .init(copy.merchantCopyMessage.text(l)),
        ],
        footer: copy == .printing ? nil : Msg.enterToPrintNext.text(l))
    }
  }
}

/// Where a transaction's merchant copy stands.
public enum CopyStatus: Sendable, Equatable {
  case printing
  case printed
  /// Skipped at a print fault: the journal owes it.
  case owed
  /// The kind prints no slip.
  case none

  var merchantCopyMessage: Msg {
    switch self {
    case .printing: return .printingMerchantCopy
    case .printed: return .merchantCopyPrinted
    case .owed: return .merchantCopyOwed
    case .none: return .noSlip
    }
  }
}
