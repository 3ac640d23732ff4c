/// The menus: the main menu and its submenus as data (`MenuLayout`), and the
/// print menu's own screens (reprints by voucher, the reprint in progress).
public enum MenuFlow {
  public enum State: Sendable, Equatable {
    case main
    case submenu(Submenu)
    /// A transaction's merchant copy printed again; Enter prints the cardholder copy.
    case reprinting(TransactionRecord, merchantCopy: CopyStatus)
    /// 7-2: the voucher number of the slip to print again.
    case reprintVoucher(entered: String, notice: Msg?)
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .main:
      return choose(key, in: nil, &state)
    case .submenu(let menu):
      // Cancel goes back one level.
      if key == .cancel {
        state.banner = []
        state.flow = .menu(.main)
        return []
      }
      return choose(key, in: menu, &state)
    case .reprinting(let record, let copy):
      guard copy != .printing, key == .enter || key == .cancel else { return [] }
      state.flow = .menu(.main)
      return key == .enter
        ? Printing.enqueue(.receipt(record, copy: .cardholder, duplicate: true), &state) : []
    case .reprintVoucher(var entered, _):
      switch key.edit(&entered, max: 6) {
      case .edited:
        state.flow = .menu(.reprintVoucher(entered: entered, notice: nil))
        return []
      case .cancel:
        state.flow = .menu(.submenu(.print))
        return []
      case .enter:
        guard let trace = Int(entered),
          let record = state.openBatch.last(where: {
            $0.trace == trace && $0.status == .approved && $0.descriptor.slipTitle != nil
          })
        else {
          state.flow = .menu(.reprintVoucher(entered: "", notice: .noSuchVoucher))
          return []
        }
        return reprint(record, &state)
      }
    }
  }

  /// A digit that names an entry of the menu on screen runs it; others are ignored.
  private static func choose(_ key: Key, in menu: Submenu?, _ state: inout TerminalState)
    -> [Effect]
  {
    guard case .digit(let d) = key,
      let entry = state.profile.menuLayout.entries(menu).first(where: { $0.number == d })
    else { return [] }
    state.banner = []
    return run(entry.action, &state)
  }

  static func run(_ action: MenuAction, _ state: inout TerminalState) -> [Effect] {
    switch action {
    case .transaction(let kind):
      return TransactionFlow.start(kind, &state)
    case .submenu(let menu):
      state.flow = .menu(.submenu(menu))
      return []
    case .reprintLast:
      return reprintLast(&state)
    case .reprintByVoucher:
      state.flow = .menu(.reprintVoucher(entered: "", notice: nil))
      return []
    case .printDetail:
      state.flow = .menu(.main)
      return Printing.enqueue(
        .detailList(batch: state.batch, records: state.openBatch, printedAt: state.now), &state)
    case .printTotals:
      state.flow = .menu(.main)
      return Printing.enqueue(
        .totals(batch: state.batch, totals: state.batchTotals, printedAt: state.now), &state)
    case .reprintSettlement:
      state.flow = .menu(.main)
      guard let report = state.lastSettlement else {
        state.banner = [Msg.noSettlementToReprint.text(state.language)]
        return []
      }
      return Printing.enqueue(.settlementCopy(report), &state)
    case .signIn:
      state.flow = .signIn(.operatorNumber(entered: "", notice: nil))
      return []
    case .signOff:
      return SignInFlow.signOff(&state)
    case .settle:
      return SettlementFlow.start(manual: true, &state)
    case .inquiry, .lock, .operators, .supervisorPassword:
      return ManagementFlow.start(action, &state)
    }
  }

  /// Owed slips print as the originals they are; with none owed, the last
  /// approved transaction with a slip prints again marked 重打印/DUPLICATED.
  private static func reprintLast(_ state: inout TerminalState) -> [Effect] {
    state.flow = .menu(.main)
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
    return reprint(last, &state)
  }

  private static func reprint(_ record: TransactionRecord, _ state: inout TerminalState)
    -> [Effect]
  {
    state.banner = []
    state.flow = .menu(.reprinting(record, merchantCopy: .printing))
    return Printing.enqueue(.receipt(record, copy: .merchant, duplicate: true), &state)
  }

  static func printFinished(
    _ job: PrintJob, _ outcome: PrintOutcome, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    switch s {
    case .main, .submenu, .reprintVoucher:
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
    case .submenu, .reprinting, .reprintVoucher:
      state.flow = .menu(.main)
      return []
    }
  }

  // MARK: Screens

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    let banner = state.banner.map { Screen.Line($0) }
    switch s {
    case .main:
      return Screen(
        title: Msg.mainMenuTitle.text(l),
        lines: entryLines(state.profile.menuLayout.entries(nil), l) + banner)
    case .submenu(let menu):
      return Screen(
        title: Msg.submenuTitle(menu).text(l),
        lines: entryLines(state.profile.menuLayout.entries(menu), l) + banner)
    case .reprinting(let record, let copy):
      return Screen(
        title: Msg.reprintTitle.text(l),
        lines: [
          .init(Msg.reprintingVoucher(SequenceNumber.format(record.trace)).text(l)),
          .init(Msg.amount.text(l) + " " + Money.format(fen: record.amountFen)),
          .init(copy.merchantCopyMessage.text(l)),
        ],
        footer: copy == .printing ? nil : Msg.enterToPrintNext.text(l))
    case .reprintVoucher(let entered, let notice):
      return Screen(
        title: Msg.reprintTitle.text(l),
        lines: [.init(Msg.voucherToReprint.text(l))] + (notice.map { [.init($0.text(l))] } ?? []),
        field: .init(display: entered, masked: false))
    }
  }

  /// Two columns when every entry fits half the LCD (as real terminals show
  /// their main menu), else one per row.
  static func entryLines(_ entries: [MenuEntry], _ l: Language) -> [Screen.Line] {
    let texts = entries.map { "\($0.number)." + $0.title.text(l) }
    let half = LCD.columns / 2
    guard texts.allSatisfy({ DisplayWidth.of($0) < half }) else {
      return texts.map { Screen.Line($0) }
    }
    return stride(from: 0, to: texts.count, by: 2).map { i in
      let right = i + 1 < texts.count ? texts[i + 1] : ""
      return Screen.Line(DisplayWidth.pad(texts[i], to: half) + right)
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
