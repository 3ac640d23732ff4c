import Foundation

/// What the LCD shows at each state of a transaction.
extension TransactionFlow {
  // MARK: Screens

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    func t(_ m: Msg) -> String { m.text(l) }
    func amountLine(_ fen: Int64?) -> [Screen.Line] {
      fen.map { [Screen.Line(t(.amount) + " " + Money.format(fen: $0))] } ?? []
    }
    func notices(_ m: Msg?) -> [Screen.Line] { m.map { [.init(t($0))] } ?? [] }
    switch s {
    case .entering(let draft, let entry):
      let title = t(draft.descriptor.screenTitle)
      switch entry {
      case .supervisorPassword(let entered, let notice):
        return Screen(
          title: title, lines: [.init(t(.supervisorPassword))] + notices(notice),
          field: .init(display: entered.masked, masked: true))
      case .checkingSupervisor:
        return Screen(
          title: title,
          lines: [.init(t(.supervisorPassword)), .init(t(.pleaseWait), align: .center)])
      case .originalVoucher(let entered, let notice):
        return Screen(
          title: title, lines: [.init(t(.originalVoucher))] + notices(notice),
          field: .init(display: entered, masked: false))
      case .confirmOriginal(let original):
        return Screen(
          title: title,
          lines: [
            .init(t(.checkOriginal)),
            .init(t(.voucherNo) + " " + SequenceNumber.format(original.trace)),
            // A QR payment shows its masked payment code.
            .init(
              t(original.entryMode == .qrCode ? .paymentCodeLabel : .cardNo) + " "
                + original.maskedPAN),
          ] + amountLine(original.amountFen),
          footer: t(.confirmCancel))
      case .originalReference(let entered, let notice):
        return Screen(
          title: title, lines: [.init(t(.originalReference))] + notices(notice),
          field: .init(display: entered, masked: false))
      case .originalDate(_, let entered, let notice):
        return Screen(
          title: title, lines: [.init(t(.originalDate))] + notices(notice),
          field: .init(display: entered, masked: false))
      case .originalAuthCode(let entered, let notice):
        return Screen(
          title: title, lines: [.init(t(.originalAuthCode))] + notices(notice),
          field: .init(display: entered, masked: false))
      case .amount(let fen, let notice):
        return Screen(
          title: title, lines: [.init(t(draft.descriptor.amountPrompt))] + notices(notice),
          field: .init(display: Money.format(fen: fen), masked: false))
      case .card(let notice):
        return Screen(
          title: title,
          lines: amountLine(draft.amountFen)
            + (notice == .swipeError
              ? [.init(t(.swipeError), align: .center)]
              : notices(notice).map { .init($0.text, align: .center) } + [
                .init(t(.swipeCard), align: .center)
              ]))
      case .chipReading(let interface):
        // 请勿拔卡 while the card is in the slot; a tap is read in one go.
        return Screen(
          title: title,
          lines: amountLine(draft.amountFen) + [.init(t(.chipReading), align: .center)]
            + (interface == .contact ? [.init(t(.doNotRemoveCard), align: .center)] : []))
      case .chooseApplication(let labels, let notice):
        return Screen(
          title: t(.applicationList),
          lines: labels.prefix(5).enumerated().map { .init("\($0.offset + 1) \($0.element)") }
            + notices(notice))
      case .chipWorking:
        return Screen(
          title: title,
          lines: amountLine(draft.amountFen) + [.init(t(.processing), align: .center)]
            + (draft.chip?.interface == .contact
              ? [.init(t(.doNotRemoveCard), align: .center)] : []))
      case .confirmCard(let card):
        return Screen(
          title: title,
          lines: amountLine(draft.amountFen) + [
            .init(t(.checkCardNo)), .init(card.pan, align: .right),
          ],
          footer: t(.confirmCancel))
      case .scanCode(let notice):
        return Screen(
          title: title,
          lines: amountLine(draft.amountFen)
            + notices(notice).map { .init($0.text, align: .center) }
            + [.init(t(.scanPaymentCode), align: .center)],
          footer: t(.cancelToGoBack))
      case .pin(let pin, let notice):
        var lines = amountLine(draft.amountFen) + [.init(t(.enterPIN))]
        if draft.card?.pinIsOptional == true { lines.append(.init(t(.pinOptionalHint))) }
        if draft.chip?.interface == .contact, let left = draft.chip?.info?.pinTriesLeft {
          lines.append(.init(t(.pinTriesLeft(left))))
        }
        lines += notices(notice)
        return Screen(
          title: title, lines: lines, field: .init(display: pin.masked, masked: true))
      }
    case .awaitingReply(let record):
      return Screen(
        title: t(record.descriptor.screenTitle),
        lines: amountLine(record.amountFen) + .waiting(.processing, state))
    case .approved(let record, let copy):
      // A wallet's order says 支付成功 and the wallet; a card's approval, its auth code.
      let order = record.descriptor.message.travelsAsOrder
      var lines: [Screen.Line] = [.init(t(order ? .paymentReceived : .approved), align: .center)]
      lines += amountLine(record.amountFen)
      if !order {
        lines.append(.init(t(.authNo) + " " + (record.authCode ?? "")))
      } else if let wallet = record.wallet {
        lines.append(.init(t(.paidWith(wallet))))
      }
      lines.append(.init(t(copy.merchantCopyMessage)))
      if state.cardInSlot { lines.append(.init(t(.removeCard), align: .center)) }
      return Screen(
        title: t(record.descriptor.screenTitle), lines: lines,
        footer: copy == .printing
          ? nil : t(copy == .none ? .pressAnyKeyToReturn : .enterToPrintNext))
    case .balance(let record, let balance):
      return Screen(
        title: t(record.descriptor.screenTitle),
        lines: [
          .init(t(.approved), align: .center), .init(t(.availableBalance)),
          .init(balance.map { "RMB " + Money.format(fen: $0) } ?? "--", align: .right),
        ],
        footer: t(.pressAnyKeyToReturn))
    case .declined(let record, let code):
      // A wallet's order that failed says 支付失败 and for how much.
      let order = record.descriptor.message.travelsAsOrder
      return Screen(
        title: t(record.descriptor.screenTitle),
        lines: [.init(t(order ? .paymentFailed : .declined), align: .center)]
          + (order ? amountLine(record.amountFen) : [])
          + [.init(code.rawValue + " " + code.message(l))]
          + (state.cardInSlot ? [.init(t(.removeCard), align: .center)] : []),
        footer: t(.pressAnyKeyToReturn))
    case .completingChip(let record, _):
      return Screen(
        title: t(record.descriptor.screenTitle),
        lines: amountLine(record.amountFen) + [.init(t(.processing), align: .center)]
          + (state.activeChip?.interface == .contact
            ? [.init(t(.doNotRemoveCard), align: .center)] : []))
    case .ended(let kind, let reason, let reversed):
      var lines: [Screen.Line] = [.init(t(reason), align: .center)]
      if reversed { lines.append(.init(t(.transactionReversed), align: .center)) }
      if state.cardInSlot { lines.append(.init(t(.removeCard), align: .center)) }
      return Screen(title: t(.title(kind)), lines: lines, footer: t(.pressAnyKeyToReturn))
    case .removeCard(let notice):
      return Screen(
        title: "",
        lines: notices(notice).map { .init($0.text, align: .center) } + [
          .init(t(.removeCard), align: .center)
        ])
    case .timedOut(let record):
      var lines: [Screen.Line] = [.init(t(.transactionTimedOut), align: .center)]
      lines += amountLine(record.amountFen)
      if record.descriptor.reversible { lines.append(.init(t(.reversalPending))) }
      if record.descriptor.noReply == .resendAdvice { lines.append(.init(t(.adviceOwed))) }
      return Screen(
        title: t(record.descriptor.screenTitle), lines: lines, footer: t(.pressAnyKeyToReturn))
    case .order(let stage):
      return orderScreen(stage, state)
    }
  }

  /// An order's screens, from 交易处理中 to 订单已撤销.
  static func orderScreen(_ stage: OrderStage, _ state: TerminalState) -> Screen {
    func t(_ m: Msg) -> String { m.text(state.language) }
    func amountLine(_ record: TransactionRecord) -> Screen.Line {
      Screen.Line(t(.amount) + " " + Money.format(fen: record.amountFen))
    }
    switch stage {
    case .ordering(let order):
      return Screen(
        title: t(order.record.descriptor.screenTitle),
        lines: [amountLine(order.record), .init(t(.wallet(order.wallet)))]
          + .waiting(.processing, state))
    case .userPaying(let order, _), .querying(let order):
      let left = max(0, Int(order.giveUpAt.timeIntervalSince(state.now).rounded(.up)))
      return Screen(
        title: t(order.record.descriptor.screenTitle),
        lines: [
          amountLine(order.record), .init(t(.wallet(order.wallet))),
          .init(t(.userPaying), align: .center), .init(t(.confirmOnPhone), align: .center),
          .init(t(.secondsLeft(left)), align: .center),
        ],
        footer: t(.cancelToCancelOrder))
    case .cancelling(let order, _):
      return Screen(
        title: t(order.record.descriptor.screenTitle),
        lines: [amountLine(order.record)] + .waiting(.cancellingOrder, state))
    case .cancelled(let record, let reason):
      return Screen(
        title: t(record.descriptor.screenTitle),
        lines: [
          .init(t(.orderCancelled), align: .center), amountLine(record),
          .init(t(.cancelReason(reason))), .init(t(.customerNotCharged)),
        ],
        footer: t(.pressAnyKeyToReturn))
    case .cancelUnconfirmed(let record):
      return Screen(
        title: t(record.descriptor.screenTitle),
        lines: [
          .init(t(.cancelUnconfirmed), align: .center), amountLine(record),
          .init(t(.reversalPending)),
        ],
        footer: t(.pressAnyKeyToReturn))
    }
  }
}
