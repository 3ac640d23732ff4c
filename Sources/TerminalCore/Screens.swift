import Foundation

extension TerminalState {
  /// What the LCD shows now. Every string comes from `Msg` or is data (amounts, numbers).
  public var screen: Screen {
    let l = language
    func t(_ m: Msg) -> String { m.text(l) }
    func line(_ m: Msg, _ align: Screen.Align = .left) -> Screen.Line { .init(t(m), align: align) }
    let amountLine = { (fen: Int64) in Screen.Line(t(.amount) + " " + Money.format(fen: fen)) }

    switch phase {
    case .off:
      return Screen(title: "")
    case .selfChecking:
      return Screen(title: t(.selfCheckTitle), lines: [line(.selfChecking, .center)])
    case .selfCheckFailed(let report):
      var lines = [line(.selfCheckFailed, .center)]
      for item in report.items where !item.ok {
        lines.append(.init(t(.module(item.module)) + " " + t(.fault)))
        if let advice = item.advice { lines.append(.init(advice)) }
      }
      return Screen(title: t(.selfCheckTitle), lines: lines, footer: t(.selfCheckStopped))
    case .fatal(let message):
      return Screen(title: t(.selfCheckTitle), lines: [line(.storageFault), .init(message)])
    case .awaitingSignInKey(let report):
      // One module per row, its status at the right edge.
      let rows = report.items.map { item -> Screen.Line in
        let status = t(item.ok ? .ok : .fault)
        return .init(
          DisplayWidth.pad(t(.module(item.module)), to: LCD.columns - DisplayWidth.of(status))
            + status)
      }
      return Screen(title: t(.selfCheckPassed), lines: rows, footer: t(.pressAnyKeyToSignIn))
    case .operatorNumber(let entered, let notice):
      return Screen(
        title: t(.signInTitle), lines: [line(.operatorNo)] + (notice.map { [line($0)] } ?? []),
        field: .init(display: entered, masked: false))
    case .operatorPassword(let no, let entered, let notice):
      return Screen(
        title: t(.signInTitle),
        lines: [.init(t(.operatorNo) + " " + no), line(.password)]
          + (notice.map { [line($0)] } ?? []),
        field: .init(display: entered.masked, masked: true))
    case .supervisorDone(let unlocked):
      let body: [Screen.Line] =
        unlocked.isEmpty
        ? [line(.noneLocked)] : [line(.unlocked), .init(unlocked.joined(separator: " "))]
      return Screen(
        title: t(.signInTitle), lines: [line(.supervisorSignedIn)] + body,
        footer: t(.pressAnyKeyToReturn))
    case .signingIn:
      return Screen(title: t(.signInTitle), lines: [line(.signingInOnline, .center)])
    case .signInFailed(let code):
      return Screen(
        title: t(.signInTitle),
        lines: [line(.signInFailed), .init(code + " " + ResponseCode.message(code, l))],
        footer: t(.pressAnyKeyToReturn))
    case .settlementNotice:
      return Screen(
        title: t(.forcedSettlementTitle),
        lines: banner.map { .init($0) } + [line(.unsettledFromEarlierDay)],
        footer: t(.pressAnyKeyToSettle))
    case .settlementSuccessTotals:
      return totalsScreen(.successfulTransactions, successTotals)
    case .settlementFailedTotals:
      return totalsScreen(.failedTransactions, failedTotals)
    case .settling:
      return Screen(title: t(.forcedSettlementTitle), lines: [line(.settling, .center)])
    case .settlementFailed(let code):
      return Screen(
        title: t(.forcedSettlementTitle),
        lines: [line(.settlementFailed), .init(code + " " + ResponseCode.message(code, l))],
        footer: t(.pressAnyKeyToSettle))
    case .mainMenu:
      return Screen(
        title: t(.mainMenuTitle),
        lines: [line(.menuSale), line(.menuReprint)] + banner.map { .init($0) })
    case .amountEntry(let fen, let notice):
      return Screen(
        title: t(.saleTitle), lines: [line(.enterAmount)] + (notice.map { [line($0)] } ?? []),
        field: .init(display: Money.format(fen: fen), masked: false))
    case .awaitingCard(let fen, let retry):
      return Screen(
        title: t(.saleTitle),
        lines: [amountLine(fen), line(retry ? .swipeError : .swipeCard, .center)],
        footer: nil)
    case .confirmingCard(let fen, let tracks):
      // The one screen that shows the full card number: the cashier checks it against the card.
      return Screen(
        title: t(.saleTitle),
        lines: [amountLine(fen), line(.checkCardNo), .init(tracks.track2.pan, align: .right)],
        footer: t(.confirmCancel))
    case .pinEntry(let fen, let tracks, let pin, let notice):
      var lines = [amountLine(fen), line(.enterPIN)]
      if TerminalState.pinIsOptional(tracks) { lines.append(line(.pinOptionalHint)) }
      if let notice { lines.append(line(notice)) }
      return Screen(
        title: t(.saleTitle), lines: lines, field: .init(display: pin.masked, masked: true))
    case .reversing:
      return Screen(title: t(.saleTitle), lines: [line(.reversing, .center)])
    case .reversalFailed:
      return Screen(
        title: t(.saleTitle), lines: [line(.reversalFailedManual)], footer: t(.pressAnyKeyToReturn))
    case .awaitingSaleReply(let record):
      return Screen(
        title: t(.saleTitle), lines: [amountLine(record.amountFen), line(.processing, .center)])
    case .approvedPrinting(let record):
      return Screen(
        title: t(.saleTitle),
        lines: [
          line(.approved, .center), amountLine(record.amountFen),
          .init(t(.authNo) + " " + (record.authCode ?? "")), line(.merchantCopyPrinted),
        ],
        footer: t(.enterToPrintNext))
    case .reprinting(let record):
      return Screen(
        title: t(.reprintTitle),
        lines: [
          line(.reprinting), .init(t(.amount) + " " + Money.format(fen: record.amountFen)),
          line(.merchantCopyPrinted),
        ],
        footer: t(.enterToPrintNext))
    case .declined(let code):
      var lines = [line(.declined, .center), .init(code + " " + ResponseCode.message(code, l))]
      if code == "68" { lines.append(line(.reversalPending)) }
      return Screen(title: t(.saleTitle), lines: lines, footer: t(.pressAnyKeyToReturn))
    }
  }

  private func totalsScreen(_ heading: Msg, _ totals: Totals) -> Screen {
    let l = language
    return Screen(
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
