import Foundation

/// 扫一扫 (lakala's 2): the merchant scans the customer's payment code (被扫).
///
/// amount → 请扫描付款码 → the code is scanned (`Event.codeScanned`) → 交易处理中 →
/// 支付成功 and the slips. A code that is no wallet's is 无效付款码 and nothing is
/// sent. When the wallet answers USERPAYING (用户支付中: the customer must confirm on
/// the phone) the terminal asks again every `queryInterval` seconds of its clock
/// (`.tick`, through `TerminalState.timerDue`); `confirmWindow` seconds after the order
/// without a payment, or at the cashier's Cancel, it cancels the order (撤单), says
/// so, and nothing is charged. An order with no answer at all is cancelled too.
///
/// The journal keeps the payment as a `.qr` transaction: the masked payment code in
/// place of the card number, entry mode Q, the wallet (微信/支付宝/银联二维码) as
/// its issuer. The order number is derived from the record (`orderNumber`), so the
/// slip and the host agree on it without storing it.
public enum QRPaymentFlow {
  /// Seconds between queries of an order the customer has not confirmed yet.
  public static let queryInterval: TimeInterval = 5
  /// Seconds after the order after which an unpaid order is cancelled.
  public static let confirmWindow: TimeInterval = 30

  /// An order as sent: the journal's record of it and when it went out.
  public struct Order: Sendable, Equatable {
    public var record: TransactionRecord
    public var orderNo: String
    public var wallet: PaymentCodeKind
    public var sentAt: Date
    /// When the terminal stops waiting for the customer and cancels.
    public var giveUpAt: Date { sentAt.addingTimeInterval(QRPaymentFlow.confirmWindow) }
  }

  /// What the customer's phone showed, before the order goes out (a pending
  /// reversal goes first). The code is held in memory only.
  public struct Scanned: Sendable, Equatable {
    public var amountFen: Int64
    public var code: String
    public var wallet: PaymentCodeKind
  }

  /// Why an order was cancelled.
  public enum CancelReason: Sendable, Equatable {
    /// The cashier pressed Cancel while the customer was confirming.
    case cashier
    /// `confirmWindow` seconds passed without a payment.
    case notConfirmed
    /// The order itself got no answer in time.
    case noReply
  }

  public enum State: Sendable, Equatable {
    case amount(Int64, notice: Msg?)
    /// 请扫描付款码.
    case scan(amountFen: Int64, notice: Msg?)
    /// 交易处理中: the order is with the host.
    case ordering(Order)
    /// 用户支付中: the customer confirms on the phone; the next query goes at `nextQueryAt`.
    case userPaying(Order, nextQueryAt: Date)
    /// A query of the order is with the host.
    case querying(Order)
    /// 撤单中: the cancel is with the host.
    case cancelling(Order, reason: CancelReason)
    case paid(TransactionRecord, merchantCopy: CopyStatus)
    case failed(TransactionRecord, code: ResponseCode)
    /// The order was closed unpaid: nothing was charged.
    case cancelled(TransactionRecord, reason: CancelReason)
    /// The cancel got no answer, or was refused: the order's reversal stays pending
    /// and cancels it before the next online step.
    case cancelUnconfirmed(TransactionRecord)
  }

  static func start(_ state: inout TerminalState) -> [Effect] {
    state.flow = .qr(.amount(0, notice: nil))
    return []
  }

  /// The terminal's order number: date YYMMDD, terminal number, voucher number (20
  /// digits), unique per terminal as long as fewer than a million vouchers a day.
  public static func orderNumber(
    _ record: TransactionRecord, terminalNo: String, timeZone: TimeZone
  ) -> String {
    let c = CivilTime(record.startedAt, timeZone)
    let day = CivilTime.two(c.year % 100) + CivilTime.two(c.month) + CivilTime.two(c.day)
    return day + terminalNo + SequenceNumber.format(record.trace)
  }

  /// The moment the flow wants a `.tick`: the next query of an unconfirmed order.
  static func timerDue(_ s: State) -> Date? {
    if case .userPaying(_, let next) = s { return next }
    return nil
  }

  // MARK: Keys

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .amount(var fen, _):
      switch key.edit(amount: &fen, max: state.profile.maxAmountFen) {
      case .edited:
        state.flow = .qr(.amount(fen, notice: nil))
      case .enter:
        state.flow = .qr(
          fen > 0 ? .scan(amountFen: fen, notice: nil) : .amount(0, notice: .amountZero))
      case .cancel:
        return cancelEntry(&state)
      }
      return []
    case .scan:
      // The scanner reads the code; the keypad only cancels here.
      return key == .cancel ? cancelEntry(&state) : []
    case .ordering, .querying, .cancelling:
      // 交易处理中: the keypad waits for the host.
      return []
    case .userPaying(let order, _):
      return key == .cancel ? cancel(order, .cashier, &state) : []
    case .paid(let record, let copy):
      guard copy != .printing, key == .enter || key == .cancel else { return [] }
      return finishPaid(record, &state)
    case .failed, .cancelled, .cancelUnconfirmed:
      state.flow = .menu(.main)
      return []
    }
  }

  private static func cancelEntry(_ state: inout TerminalState) -> [Effect] {
    state.banner = [Msg.transactionCancelled.text(state.language)]
    state.flow = .menu(.main)
    return []
  }

  private static func finishPaid(_ record: TransactionRecord, _ state: inout TerminalState)
    -> [Effect]
  {
    state.flow = .menu(.main)
    return Printing.enqueue(.receipt(record, copy: .cardholder), &state)
  }

  // MARK: The scan

  static func scanned(_ code: String, _ s: State, _ state: inout TerminalState) -> [Effect] {
    guard case .scan(let amount, _) = s else { return [] }
    guard let wallet = PaymentCodeKind.classify(code) else {
      state.flow = .qr(.scan(amountFen: amount, notice: .invalidPaymentCode))
      return []
    }
    let scanned = Scanned(amountFen: amount, code: code, wallet: wallet)
    if state.pendingReversal != nil {
      return ReversalFlow.start(then: .qrPayment(scanned), &state)
    }
    return order(scanned, &state)
  }

  /// Assigns the voucher number, makes the pending transaction durable, sends the order.
  static func order(_ scanned: Scanned, _ state: inout TerminalState) -> [Effect] {
    let trace = SequenceNumber.next(after: state.lastTrace)
    let record = TransactionRecord(
      trace: trace, batch: state.batch, kind: .qr, amountFen: scanned.amountFen,
      maskedPAN: PANMask.mask(scanned.code), expiry: "", entryMode: .qrCode,
      operatorNo: state.signedInOperator ?? "", startedAt: state.now, status: .pending,
      issuer: scanned.wallet.displayName)
    let orderNo = orderNumber(
      record, terminalNo: state.profile.terminalNo, timeZone: state.profile.timeZone)
    // Kept until the order's fate is known: sent as a reversal (the platform cancels the
    // order) if the terminal loses track of it.
    let reversal = ReversalRecord(
      kind: .qr, trace: trace, batch: state.batch, amountFen: scanned.amountFen,
      maskedPAN: record.maskedPAN, originalTime: state.now)
    state.lastTrace = trace
    state.openBatch.append(record)
    state.pendingReversal = reversal
    let order = Order(record: record, orderNo: orderNo, wallet: scanned.wallet, sentAt: state.now)
    state.flow = .qr(.ordering(order))
    let request = QROrderRequest(
      orderNo: orderNo, code: scanned.code, wallet: scanned.wallet, amountFen: scanned.amountFen)
    return [
      .journal(.beginTransaction(record, reversal: reversal)),
      HostExchange.send(.qrOrder(request), batch: record.batch, trace: trace, &state),
    ]
  }

  // MARK: Time

  /// The clock reached `timerDue`: ask again, or give up and cancel.
  static func timer(_ s: State, _ state: inout TerminalState) -> [Effect] {
    guard case .userPaying(let order, let next) = s, state.now >= next else { return [] }
    if state.now >= order.giveUpAt { return cancel(order, .notConfirmed, &state) }
    state.flow = .qr(.querying(order))
    return [
      HostExchange.send(
        .qrQuery(orderNo: order.orderNo), batch: order.record.batch, trace: order.record.trace,
        &state)
    ]
  }

  /// The customer has not paid yet: wait for the next query, or cancel at the end.
  private static func keepWaiting(_ order: Order, _ state: inout TerminalState) -> [Effect] {
    if state.now >= order.giveUpAt { return cancel(order, .notConfirmed, &state) }
    let next = min(state.now.addingTimeInterval(queryInterval), order.giveUpAt)
    state.flow = .qr(.userPaying(order, nextQueryAt: next))
    return []
  }

  private static func cancel(_ order: Order, _ reason: CancelReason, _ state: inout TerminalState)
    -> [Effect]
  {
    state.flow = .qr(.cancelling(order, reason: reason))
    return [
      HostExchange.send(
        .qrCancel(orderNo: order.orderNo), batch: order.record.batch, trace: order.record.trace,
        &state)
    ]
  }

  // MARK: The host

  static func host(_ outcome: HostAnswer<QRReply>, _ s: State, _ state: inout TerminalState)
    -> [Effect]
  {
    switch s {
    case .ordering(let order), .querying(let order):
      let asked: Bool
      if case .querying = s { asked = true } else { asked = false }
      switch outcome {
      case .replied(.order(let reply)):
        state.hostOnline = true
        switch reply.status {
        case .paid: return complete(order, reply, &state)
        case .failed(let code): return complete(order, reply, code: code, &state)
        case .userPaying: return keepWaiting(order, &state)
        }
      case .timedOut, .replied(.cancelled):
        // A lost answer to the order leaves its fate unknown, so it
        // is cancelled; a lost answer to a query is asked again.
        state.hostOnline = false
        return asked ? keepWaiting(order, &state) : cancel(order, .noReply, &state)
      }
    case .cancelling(let order, let reason):
      guard outcome == .replied(.cancelled(accepted: true)) else {
        // Refused or unanswered: the order stays open in the journal with its
        // reversal, which goes out (and cancels it) before the next online step.
        if outcome == .timedOut { state.hostOnline = false }
        state.flow = .qr(.cancelUnconfirmed(order.record))
        return []
      }
      state.hostOnline = true
      var done = order.record
      done.completedAt = state.now
      done.status = .declined
      done.responseCode = .orderCancelled
      state.flow = .qr(.cancelled(done, reason: reason))
      return settle(done, &state)
    case .amount, .scan, .userPaying, .paid, .failed, .cancelled, .cancelUnconfirmed:
      return []
    }
  }

  /// The order's answer is final: paid (the merchant copy prints) or failed.
  private static func complete(
    _ order: Order, _ reply: QROrderReply, code: ResponseCode = .approved,
    _ state: inout TerminalState
  ) -> [Effect] {
    var done = order.record
    done.status = code.isApproval ? .approved : .declined
    done.responseCode = code
    done.authCode = reply.authCode
    done.referenceNo = reply.referenceNo
    done.completedAt = state.now
    let complete = settle(done, &state)
    guard done.status == .approved else {
      state.flow = .qr(.failed(done, code: code))
      return complete
    }
    state.flow = .qr(.paid(done, merchantCopy: .printing))
    return complete + Printing.enqueue(.receipt(done, copy: .merchant), &state)
  }

  /// The order's fate is known: the record is complete and its reversal no longer needed.
  private static func settle(_ done: TransactionRecord, _ state: inout TerminalState) -> [Effect] {
    state.updateOpenBatch(done)
    if state.pendingReversal?.trace == done.trace && state.pendingReversal?.batch == done.batch {
      state.pendingReversal = nil
    }
    return [.journal(.completeTransaction(done))]
  }

  static func printFinished(
    _ job: PrintJob, _ outcome: PrintOutcome, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    guard case .paid(let record, .printing) = s, job == .receipt(record, copy: .merchant)
    else { return [] }
    state.flow = .qr(.paid(record, merchantCopy: outcome == .printed ? .printed : .owed))
    return []
  }

  static func idle(_ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .amount, .scan:
      state.banner = [Msg.transactionTimedOut.text(state.language)]
      state.flow = .menu(.main)
      return []
    case .ordering, .userPaying, .querying, .cancelling:
      // The host's timeout and the query timer govern these.
      return []
    case .paid(let record, let copy):
      guard copy != .printing else { return [] }
      return finishPaid(record, &state)
    case .failed, .cancelled, .cancelUnconfirmed:
      state.flow = .menu(.main)
      return []
    }
  }

  /// What is left undone when input ends here.
  static func unfinished(_ s: State) -> Msg? {
    switch s {
    case .amount, .scan:
      return .unfinishedEntry(.qr)
    case .ordering(let order), .userPaying(let order, _), .querying(let order),
      .cancelling(let order, _):
      return .unfinishedQROrder(SequenceNumber.format(order.record.trace))
    case .paid(let record, _):
      return .unfinishedCardholderCopy(.qr, SequenceNumber.format(record.trace))
    case .failed, .cancelled, .cancelUnconfirmed:
      return nil
    }
  }

  // MARK: Screens

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    func t(_ m: Msg) -> String { m.text(l) }
    let title = t(.title(.qr))
    func amountLine(_ fen: Int64) -> Screen.Line {
      Screen.Line(t(.amount) + " " + Money.format(fen: fen))
    }
    switch s {
    case .amount(let fen, let notice):
      return Screen(
        title: title, lines: [.init(t(.enterAmount))] + (notice.map { [.init(t($0))] } ?? []),
        field: .init(display: Money.format(fen: fen), masked: false))
    case .scan(let fen, let notice):
      return Screen(
        title: title,
        lines: [amountLine(fen)] + (notice.map { [.init(t($0), align: .center)] } ?? [])
          + [.init(t(.scanPaymentCode), align: .center)],
        footer: t(.cancelToGoBack))
    case .ordering(let order):
      return Screen(
        title: title,
        lines: [amountLine(order.record.amountFen), .init(t(.wallet(order.wallet)))]
          + .waiting(.processing, state))
    case .userPaying(let order, _), .querying(let order):
      let left = max(0, Int(order.giveUpAt.timeIntervalSince(state.now).rounded(.up)))
      return Screen(
        title: title,
        lines: [
          amountLine(order.record.amountFen), .init(t(.wallet(order.wallet))),
          .init(t(.userPaying), align: .center), .init(t(.confirmOnPhone), align: .center),
          .init(t(.secondsLeft(left)), align: .center),
        ],
        footer: t(.cancelToCancelOrder))
    case .cancelling(let order, _):
      return Screen(
        title: title,
        lines: [amountLine(order.record.amountFen)] + .waiting(.cancellingOrder, state))
    case .paid(let record, let copy):
      var lines: [Screen.Line] = [.init(t(.paymentReceived), align: .center)]
      lines.append(amountLine(record.amountFen))
      if let wallet = record.wallet { lines.append(.init(t(.paidWith(wallet)))) }
      lines.append(.init(t(copy.merchantCopyMessage)))
      return Screen(
        title: title, lines: lines,
        footer: copy == .printing ? nil : t(.enterToPrintNext))
    case .failed(let record, let code):
      return Screen(
        title: title,
        lines: [
          .init(t(.paymentFailed), align: .center), amountLine(record.amountFen),
          .init(code.rawValue + " " + code.message(l)),
        ],
        footer: t(.pressAnyKeyToReturn))
    case .cancelled(let record, let reason):
      return Screen(
        title: title,
        lines: [
          .init(t(.orderCancelled), align: .center), amountLine(record.amountFen),
          .init(t(.cancelReason(reason))), .init(t(.customerNotCharged)),
        ],
        footer: t(.pressAnyKeyToReturn))
    case .cancelUnconfirmed(let record):
      return Screen(
        title: title,
        lines: [
          .init(t(.cancelUnconfirmed), align: .center), amountLine(record.amountFen),
          .init(t(.reversalPending)),
        ],
        footer: t(.pressAnyKeyToReturn))
    }
  }
}

extension TransactionRecord {
  /// The wallet of a QR payment (or of its void): the journal keeps its name as the issuer.
  public var wallet: PaymentCodeKind? {
    guard entryMode == .qrCode else { return nil }
    return PaymentCodeKind.allCases.first { $0.displayName == issuer }
  }
}
