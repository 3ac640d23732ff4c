/// Settlement, forced at the day's first sign-in (终端隔日强制结算) or chosen from
/// the management menu (8-4): the successful totals, then the failed ones (each
/// with "print the detail list?"), then the host compares totals (field 48). When
/// they disagree the batch is uploaded transaction by transaction (批上送). Then
/// the batch closes and the settlement slip prints.
public enum SettlementFlow {
  public enum State: Sendable, Equatable {
    case notice
    /// 8-4: Enter settles, Cancel goes back.
    case manualNotice
    case successTotals
    case failedTotals(printSuccess: Bool)
    case settling(printSuccess: Bool, printFailed: Bool)
    /// 对账不平: `sent` of the batch's transactions are uploaded (0320); the batch
    /// end follows the last.
    case uploading(Closing, sent: Int)
    case failed(code: ResponseCode)
  }

  /// A settlement the host has answered: what closes the batch once the upload is done.
  public struct Closing: Sendable, Equatable {
    public var report: SettlementReport
    public var nextBatch: Int
    public var printSuccess: Bool
    public var printFailed: Bool
    /// The transactions the batch upload repeats to the host.
    public var uploads: [TransactionRecord]
  }

  /// 8-4: manual settlement, with the same screens as the forced one.
  static func start(manual: Bool, _ state: inout TerminalState) -> [Effect] {
    state.flow = .settlement(manual ? .manualNotice : .notice)
    return []
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .manualNotice:
      if key == .cancel {
        state.flow = .menu(.submenu(.management))
        return []
      }
      guard key == .enter else { return [] }
      return AdviceFlow.start(then: .settlement, &state)
    case .failed where key == .cancel && !state.needsForcedSettlement:
      // A manual settlement that failed may wait; a forced one may not.
      state.flow = .menu(.submenu(.management))
      return []
    case .notice, .failed:
      // A reversal left over, then the advices owed, go out first: the host must
      // see the batch as we do.
      return AdviceFlow.start(then: .settlement, &state)
    case .successTotals:
      guard let choice = yesNo(key) else { return [] }
      state.flow = .settlement(.failedTotals(printSuccess: choice))
      return []
    case .failedTotals(let printSuccess):
      guard let choice = yesNo(key) else { return [] }
      state.flow = .settlement(.settling(printSuccess: printSuccess, printFailed: choice))
      let ledger = state.ledger
      return [
        HostExchange.send(
          .settlement(debit: ledger.debit, credit: ledger.credit), batch: state.batch,
          trace: state.lastTrace, &state)
      ]
    case .settling, .uploading:
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

  static func host(
    _ outcome: HostAnswer<SettlementReply>, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    switch s {
    case .settling(let printSuccess, let printFailed):
      switch outcome {
      case .replied(.settled(let balanced, let nextBatch)):
        state.hostOnline = true
        let ledger = state.ledger
        let report = SettlementReport(
          batch: state.batch, settledAt: state.now, operatorNo: state.signedInOperator ?? "",
          totals: ledger.totals, balanced: balanced)
        // The upload repeats what the batch counts, advices still owed included.
        let closing = Closing(
          report: report, nextBatch: nextBatch, printSuccess: printSuccess,
          printFailed: printFailed,
          uploads: balanced ? [] : uploads(ledger))
        return balanced ? close(closing, &state) : upload(closing, sent: 0, &state)
      case .replied(.uploaded):
        state.flow = .settlement(.failed(code: .systemFault))
        return []
      case .timedOut:
        state.hostOnline = false
        state.flow = .settlement(.failed(code: .timedOut))
        return []
      }
    case .uploading(let closing, let sent):
      switch outcome {
      case .replied(.uploaded):
        // The batch end (sent == count) was the last message: the batch closes.
        if sent > closing.uploads.count { return close(closing, &state) }
        return upload(closing, sent: sent, &state)
      case .replied(.settled), .timedOut:
        // The host has settled the batch already; an upload it did not take is
        // noted, and the batch closes as the host's answer said.
        state.hostOnline = outcome != .timedOut
        return [.note("batch upload stopped after \(sent - 1) of \(closing.uploads.count)")]
          + close(closing, &state)
      }
    case .notice, .manualNotice, .successTotals, .failedTotals, .failed:
      return []
    }
  }

  /// What the batch upload repeats (field notes §8): the money transactions still
  /// standing, an advice still owed to the host among them. A void, a voided sale, a
  /// balance enquiry and a pre-authorisation move no money and are not uploaded.
  static func uploads(_ ledger: BatchLedger) -> [TransactionRecord] {
    ledger.successes.filter {
      $0.standing != .voided && $0.record.descriptor.ledgerSide.movesMoney
    }.map(\.record)
  }

  /// Sends the next upload: transaction `sent` (0-based), or the batch end after the last.
  private static func upload(_ closing: Closing, sent: Int, _ state: inout TerminalState)
    -> [Effect]
  {
    let item = sent < closing.uploads.count ? BatchUploadItem(closing.uploads[sent]) : nil
    state.flow = .settlement(.uploading(closing, sent: sent + 1))
    return [
      HostExchange.send(
        .batchUpload(item, sent: min(sent, closing.uploads.count)), batch: state.batch,
        trace: state.lastTrace, &state)
    ]
  }

  /// Closes the batch in the journal, then prints the settlement slip; the journal
  /// owes the slip until the printer reports it printed.
  private static func close(_ closing: Closing, _ state: inout TerminalState) -> [Effect] {
    let batch = state.openBatch
    let report = closing.report
    state.batch = closing.nextBatch
    state.openBatch = []
    state.lastSettlement = report
    let l = state.language
    state.banner = [
      Msg.settlementDone.text(l) + " " + (report.balanced ? Msg.balanced : .unbalanced).text(l)
    ]
    state.flow = .menu(.main)
    return [
      .journal(
        .closeBatch(
          report, nextBatch: closing.nextBatch, printSuccessDetail: closing.printSuccess,
          printFailedDetail: closing.printFailed))
    ]
      + Printing.enqueue(
        .settlement(
          report, successDetail: closing.printSuccess ? batch : nil,
          failedDetail: closing.printFailed ? batch : nil), &state)
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    func t(_ m: Msg) -> String { m.text(l) }
    let title = t(state.needsForcedSettlement ? .forcedSettlementTitle : .manualSettlementTitle)
    switch s {
    case .manualNotice:
      return Screen(
        title: title, lines: [.init(t(.successfulTransactions))] + ledgerLines(state.ledger, l),
        footer: t(.pressEnterToSettle))
    case .notice:
      return Screen(
        title: t(.forcedSettlementTitle),
        lines: state.banner.map { .init($0) } + [.init(t(.unsettledFromEarlierDay))],
        footer: t(.pressAnyKeyToSettle))
    case .successTotals:
      return Screen(
        title: title,
        lines: [.init(t(.successfulTransactions))] + ledgerLines(state.ledger, l)
          + [.init(t(.printDetail))],
        footer: t(.enterYesCancelNo))
    case .failedTotals:
      return totalsScreen(title, .failedTransactions, state.ledger.failed, l)
    case .settling:
      return Screen(title: title, lines: .waiting(.settling, state))
    case .uploading(let closing, let sent):
      let total = closing.uploads.count
      return Screen(
        title: title,
        lines: [.init(t(.unbalanced), align: .center)]
          + .waiting(.uploadingBatch(min(sent, total), total), state))
    case .failed(let code):
      return Screen(
        title: title,
        lines: [.init(t(.settlementFailed)), .init(code.rawValue + " " + code.message(l))],
        footer: t(.pressAnyKeyToSettle))
    }
  }

  private static func totalsScreen(
    _ title: String, _ heading: Msg, _ totals: Totals, _ l: Language
  ) -> Screen {
    Screen(
      title: title,
      lines: [
        .init(heading.text(l)),
        .init(Msg.count.text(l) + " " + String(totals.count)),
        .init(Msg.amount.text(l) + " " + Money.format(fen: totals.amountFen)),
        .init(Msg.printDetail.text(l)),
      ],
      footer: Msg.enterYesCancelNo.text(l))
  }

  /// 借记, 贷记 and 净额 of the batch on 24 columns: name, count, amount aligned.
  static func ledgerLines(_ ledger: BatchLedger, _ l: Language) -> [Screen.Line] {
    func row(_ name: Msg, _ count: Int?, _ fen: Int64) -> Screen.Line {
      let head =
        DisplayWidth.pad(name.text(l), to: 6)
        + DisplayWidth.padLeft(count.map(String.init) ?? "", to: 5)
      return .init(head + DisplayWidth.padLeft(Money.format(fen: fen), to: LCD.columns - 11))
    }
    return [
      row(.debitTotal, ledger.debit.count, ledger.debit.amountFen),
      row(.creditTotal, ledger.credit.count, ledger.credit.amountFen),
      row(.netTotal, nil, ledger.netFen),
    ]
  }
}
