import Foundation

/// What only a scanned payment (扫码支付, 被扫) has: the scan step, and the order that
/// goes online in place of a card request for a kind whose message `travelsAsOrder`.
///
/// The generic flow does the rest: the amount, the record and its reversal (`go`),
/// the approval (`approve`), the slips and the way back to the menu. When the wallet
/// answers USERPAYING (用户支付中: the customer must confirm on the phone) the
/// terminal asks again every `orderQueryInterval` seconds of its clock (`.tick`,
/// through `TerminalState.timerDue`); `orderConfirmWindow` seconds after the order
/// without a payment, or at the cashier's Cancel, it cancels the order (撤单), says
/// so, and nothing is charged. An order with no answer at all is cancelled too.
extension TransactionFlow {
  /// Seconds between queries of an order the customer has not confirmed yet.
  public static let orderQueryInterval: TimeInterval = 5
  /// Seconds after the order after which an unpaid order is cancelled.
  public static let orderConfirmWindow: TimeInterval = 30

  /// An order as sent: the journal's record of it and when it went out.
  public struct QROrder: Sendable, Equatable {
    public var record: TransactionRecord
    public var number: String
    public var wallet: PaymentCodeKind
    public var sentAt: Date
    /// When the terminal stops waiting for the customer and cancels.
    public var giveUpAt: Date { sentAt.addingTimeInterval(TransactionFlow.orderConfirmWindow) }
  }

  /// Why an order was cancelled.
  public enum OrderCancelReason: Sendable, Equatable {
    /// The cashier pressed Cancel while the customer was confirming.
    case cashier
    /// `orderConfirmWindow` seconds passed without a payment.
    case notConfirmed
    /// The order itself got no answer in time.
    case noReply
  }

  /// Where an order stands until it is paid (`approved`), failed (`declined`) or closed.
  public enum OrderStage: Sendable, Equatable {
    /// 交易处理中: the order is with the host.
    case ordering(QROrder)
    /// 用户支付中: the customer confirms on the phone; the next query goes at `nextQueryAt`.
    case userPaying(QROrder, nextQueryAt: Date)
    /// A query of the order is with the host.
    case querying(QROrder)
    /// 撤单中: the cancel is with the host.
    case cancelling(QROrder, reason: OrderCancelReason)
    /// The order was closed unpaid: nothing was charged.
    case cancelled(TransactionRecord, reason: OrderCancelReason)
    /// The cancel got no answer, or was refused: the order's reversal stays pending
    /// and cancels it before the next online step.
    case cancelUnconfirmed(TransactionRecord)
  }

  // MARK: The scan

  /// 请扫描付款码: a code that is no wallet's is 无效付款码 and nothing is sent.
  static func codeScanned(_ code: String, _ s: State, _ state: inout TerminalState) -> [Effect] {
    guard case .entering(var draft, .scanCode) = s else { return [] }
    guard let wallet = PaymentCodeKind.classify(code) else {
      enter(draft, .scanCode(notice: .invalidPaymentCode), &state)
      return []
    }
    draft.paymentCode = ScannedPaymentCode(code: code, wallet: wallet)
    return advance(draft, &state)
  }

  // MARK: The order

  /// Sends the order for a record `go` has made durable with its reversal.
  static func placeOrder(
    _ record: TransactionRecord, _ code: ScannedPaymentCode, _ state: inout TerminalState
  ) -> Effect {
    let order = QROrder(
      record: record,
      number: record.orderNumber(
        terminalNo: state.profile.terminalNo, timeZone: state.profile.timeZone),
      wallet: code.wallet, sentAt: state.now)
    state.flow = .transaction(.order(.ordering(order)))
    let request = QROrderRequest(
      orderNo: order.number, code: code.code, wallet: code.wallet, amountFen: record.amountFen)
    return HostExchange.send(.qrOrder(request), batch: record.batch, trace: record.trace, &state)
  }

  /// The moment the order wants a `.tick`: its next query.
  static func timerDue(_ stage: OrderStage) -> Date? {
    if case .userPaying(_, let next) = stage { return next }
    return nil
  }

  /// The clock reached `timerDue`: ask again, or give up and cancel.
  static func orderTimer(_ stage: OrderStage, _ state: inout TerminalState) -> [Effect] {
    guard case .userPaying(let order, let next) = stage, state.now >= next else { return [] }
    if state.now >= order.giveUpAt { return cancel(order, .notConfirmed, &state) }
    state.flow = .transaction(.order(.querying(order)))
    return [
      HostExchange.send(
        .qrQuery(orderNo: order.number), batch: order.record.batch, trace: order.record.trace,
        &state)
    ]
  }

  /// The customer has not paid yet: wait for the next query, or cancel at the end.
  private static func keepWaiting(_ order: QROrder, _ state: inout TerminalState) -> [Effect] {
    if state.now >= order.giveUpAt { return cancel(order, .notConfirmed, &state) }
    let next = min(state.now.addingTimeInterval(orderQueryInterval), order.giveUpAt)
    state.flow = .transaction(.order(.userPaying(order, nextQueryAt: next)))
    return []
  }

  private static func cancel(
    _ order: QROrder, _ reason: OrderCancelReason, _ state: inout TerminalState
  ) -> [Effect] {
    state.flow = .transaction(.order(.cancelling(order, reason: reason)))
    return [
      HostExchange.send(
        .qrCancel(orderNo: order.number), batch: order.record.batch, trace: order.record.trace,
        &state)
    ]
  }

  /// Only Cancel does anything while the customer confirms; an end screen goes back.
  static func orderKey(_ key: Key, _ stage: OrderStage, _ state: inout TerminalState) -> [Effect] {
    switch stage {
    case .userPaying(let order, _):
      return key == .cancel ? cancel(order, .cashier, &state) : []
    case .ordering, .querying, .cancelling:
      // 交易处理中: the keypad waits for the host.
      return []
    case .cancelled, .cancelUnconfirmed:
      leave(&state)
      return []
    }
  }

  static func orderIdle(_ stage: OrderStage, _ state: inout TerminalState) -> [Effect] {
    switch stage {
    case .ordering, .userPaying, .querying, .cancelling:
      // The host's timeout and the query timer govern these.
      return []
    case .cancelled, .cancelUnconfirmed:
      leave(&state)
      return []
    }
  }

  // MARK: The host

  static func orderReplied(
    _ outcome: HostAnswer<QRReply>, _ stage: OrderStage, _ state: inout TerminalState
  ) -> [Effect] {
    switch stage {
    case .ordering(let order), .querying(let order):
      switch outcome {
      case .replied(.order(let reply)):
        state.hostOnline = true
        let code: ResponseCode
        switch reply.status {
        case .userPaying: return keepWaiting(order, &state)
        case .paid: code = .approved
        case .failed(let failed): code = failed
        }
        // Paid or failed for good: the generic approval records it and prints.
        return approve(
          order.record,
          TransactionReply(
            responseCode: code, authCode: reply.authCode, referenceNo: reply.referenceNo),
          &state)
      case .timedOut, .replied(.cancelled):
        // A lost answer to the order leaves its fate unknown, so it
        // is cancelled; a lost answer to a query is asked again.
        state.hostOnline = false
        guard case .querying = stage else { return cancel(order, .noReply, &state) }
        return keepWaiting(order, &state)
      }
    case .cancelling(let order, let reason):
      guard outcome == .replied(.cancelled(accepted: true)) else {
        // Refused or unanswered: the order stays open in the journal with its
        // reversal, which goes out (and cancels it) before the next online step.
        if outcome == .timedOut { state.hostOnline = false }
        state.flow = .transaction(.order(.cancelUnconfirmed(order.record)))
        return []
      }
      state.hostOnline = true
      var done = order.record
      done.completedAt = state.now
      done.status = .declined
      done.responseCode = .orderCancelled
      state.flow = .transaction(.order(.cancelled(done, reason: reason)))
      return complete(done, &state)
    case .userPaying, .cancelled, .cancelUnconfirmed:
      return []
    }
  }

  /// What is left undone when input ends here.
  static func unfinished(_ stage: OrderStage) -> Msg? {
    switch stage {
    case .ordering(let order), .userPaying(let order, _), .querying(let order),
      .cancelling(let order, _):
      return .unfinishedQROrder(SequenceNumber.format(order.record.trace))
    case .cancelled, .cancelUnconfirmed:
      return nil
    }
  }
}

/// A payment code read off the customer's phone. Held in memory only, until the
/// order is sent; the journal keeps it masked.
public struct ScannedPaymentCode: Sendable, Equatable {
  public var code: String
  public var wallet: PaymentCodeKind
}

extension TransactionRecord {
  /// The wallet of a QR payment (or of its void): the journal keeps its name as the issuer.
  public var wallet: PaymentCodeKind? {
    guard entryMode == .qrCode else { return nil }
    return PaymentCodeKind.allCases.first { $0.displayName == issuer }
  }

  /// The terminal's order number: date YYMMDD, terminal number, voucher number (20
  /// digits), unique per terminal as long as fewer than a million vouchers a day.
  /// Derived from the record, so the slip and the host agree on it without storing it.
  public func orderNumber(terminalNo: String, timeZone: TimeZone) -> String {
    let c = CivilTime(startedAt, timeZone)
    let day = CivilTime.two(c.year % 100) + CivilTime.two(c.month) + CivilTime.two(c.day)
    return day + terminalNo + SequenceNumber.format(trace)
  }
}

extension TerminalState {
  /// 请扫描付款码: a scanned code now is taken.
  public var isAskingForPaymentCode: Bool {
    guard case .transaction(.entering(_, .scanCode)) = flow else { return false }
    return true
  }
}
