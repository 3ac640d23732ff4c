import Foundation

/// 8-3 交易查询: the open batch, newest first, one transaction a screen (voucher,
/// kind, amount, masked card, status with the auth code, time). Enter shows the
/// next (older) one, Backspace the previous (newer) one, Cancel goes back to the
/// management menu. Digits key a voucher number; Enter then jumps to it, and
/// Backspace takes back the last digit.
public enum BatchInquiry {
  public enum State: Sendable, Equatable {
    /// The open batch holds nothing: any key goes back.
    case empty
    /// `index` counts from the newest transaction (0); `entered` is a voucher
    /// number being keyed.
    case showing(index: Int, entered: String, notice: Msg?)
  }

  static func start(_ state: inout TerminalState) -> [Effect] {
    state.flow = .management(
      .inquiry(state.openBatch.isEmpty ? .empty : .showing(index: 0, entered: "", notice: nil)))
    return []
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .empty:
      state.flow = .menu(.submenu(.management))
      return []
    case .showing(let index, let entered, _):
      func show(_ index: Int, _ entered: String = "", _ notice: Msg? = nil) {
        state.flow = .management(.inquiry(.showing(index: index, entered: entered, notice: notice)))
      }
      let count = state.openBatch.count
      switch key {
      case .cancel:
        state.flow = .menu(.submenu(.management))
      case .digit,
        .backspace where !entered.isEmpty:
        var text = entered
        _ = key.edit(&text, max: 6)
        show(index, text)
      case .backspace:
        index > 0 ? show(index - 1) : show(index, "", .noNewerTransaction)
      case .enter where entered.isEmpty:
        index + 1 < count ? show(index + 1) : show(index, "", .noOlderTransaction)
      case .enter:
        // Voucher numbers are unique in the open batch; leading zeros are optional.
        let newestFirst = Array(state.openBatch.reversed())
        guard let trace = Int(entered),
          let found = newestFirst.firstIndex(where: { $0.trace == trace })
        else {
          show(index, "", .noSuchVoucher)
          return []
        }
        show(found)
      }
      return []
    }
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    func t(_ m: Msg) -> String { m.text(l) }
    switch s {
    case .empty:
      return Screen(
        title: t(.menuAction(.inquiry)), lines: [.init(t(.noTransactionsInBatch), align: .center)],
        footer: t(.pressAnyKeyToReturn))
    case .showing(let index, let entered, let notice):
      let newestFirst = Array(state.openBatch.reversed())
      guard newestFirst.indices.contains(index) else {
        return Screen(title: t(.menuAction(.inquiry)), footer: t(.pressAnyKeyToReturn))
      }
      let r = newestFirst[index]
      let lines: [Screen.Line] = [
        .init(t(.voucherNo) + SequenceNumber.format(r.trace)),
        .init(t(.menuItem(r.kind))),
        .init(t(.amount) + Money.format(fen: r.amountFen)),
        .init(t(.cardNo) + r.maskedPAN),
        .init(status(r, state)),
        .init(notice.map(t) ?? t(.timeLabel) + time(r.completedAt ?? r.startedAt, state)),
      ]
      return Screen(
        title: t(.inquiryTitle(index + 1, newestFirst.count)), lines: lines,
        field: entered.isEmpty ? nil : .init(display: entered, masked: false),
        footer: t(.inquiryKeys))
    }
  }

  /// Approved (with its auth code), voided, declined (with its code and what it
  /// means), reversed, owed to the host (an advice unanswered) or still waiting.
  /// The standing is the ledger's, as every list shows it.
  static func status(_ r: TransactionRecord, _ state: TerminalState) -> String {
    let l = state.language
    switch state.ledger.standing(of: r) ?? .unresolved {
    case .voided:
      return Msg.transactionVoided.text(l)
    case .success:
      return Msg.approved.text(l) + (r.authCode.map { " " + Msg.authNo.text(l) + $0 } ?? "")
    case .failed where r.status == .reversed:
      return Msg.transactionReversed.text(l)
    case .failed:
      guard let code = r.responseCode else { return Msg.declined.text(l) }
      // The code and its message; without the word 交易失败 when both would not fit.
      let full = Msg.declined.text(l) + " " + code.rawValue + " " + code.message(l)
      return DisplayWidth.of(full) <= LCD.columns ? full : code.rawValue + " " + code.message(l)
    case .owed:
      return Msg.transactionOwed.text(l)
    case .unresolved:
      return Msg.transactionPending.text(l)
    }
  }

  /// MM-DD HH:MM:SS in the terminal's time zone.
  static func time(_ date: Date, _ state: TerminalState) -> String {
    let c = CivilTime(date, state.profile.timeZone)
    return CivilTime.two(c.month) + "-" + CivilTime.two(c.day) + " " + c.timeText
  }
}
