import Foundation

/// What a transaction has collected so far. Holds the full PAN and the PIN
/// block in memory only, until the request is sent.
public struct TransactionDraft: Sendable, Equatable {
  public var kind: TransactionKind
  /// Which of the kind's steps (with the settings applied) is on screen.
  public var step = 0
  public var amountFen: Int64?
  public var card: CardData?
  public var pinBlock = PINBlock(bytes: [])
  public var original: OriginalTransaction?
  /// The open batch's record of the original, for a void (its card must match).
  public var originalRecord: TransactionRecord?

  public init(kind: TransactionKind) { self.kind = kind }
  public var descriptor: TransactionDescriptor { kind.descriptor }
}

/// One generic transaction: collect the steps the kind's descriptor lists, send
/// it (after any pending reversal), take the answer, print the slips.
public enum TransactionFlow {
  public enum State: Sendable, Equatable {
    case entering(TransactionDraft, Entry)
    case awaitingReply(TransactionRecord)
    case approved(TransactionRecord, merchantCopy: CopyStatus)
    /// A balance inquiry's answer: what the card can spend.
    case balance(TransactionRecord, balanceFen: Int64?)
    case declined(TransactionRecord, code: ResponseCode)
    /// No reply in time: the reversal waits for the next online transaction.
    case timedOut(TransactionRecord)
  }

  /// The screen a step is on.
  public enum Entry: Sendable, Equatable {
    case supervisorPassword(SecretDigits, notice: Msg?)
    case originalVoucher(String, notice: Msg?)
    /// The original found by its voucher: amount, card and voucher for the cashier to confirm.
    case confirmOriginal(TransactionRecord)
    case originalReference(String, notice: Msg?)
    case originalAuthCode(String, notice: Msg?)
    /// The original's date MMDD, after its reference number or its auth code.
    case originalDate(OriginalTransaction, String, notice: Msg?)
    case amount(Int64, notice: Msg?)
    case card(notice: Msg?)
    /// The one screen that shows the full card number: the cashier checks it against the card.
    case confirmCard(CardData)
    case pin(SecretDigits, notice: Msg?)

    static func first(of step: TransactionStep) -> Entry {
      switch step {
      case .supervisorPassword: return .supervisorPassword(SecretDigits(), notice: nil)
      case .originalTransaction(.byVoucher): return .originalVoucher("", notice: nil)
      case .originalTransaction(.byReferenceAndDate): return .originalReference("", notice: nil)
      case .originalTransaction(.byAuthCode): return .originalAuthCode("", notice: nil)
      case .amount: return .amount(0, notice: nil)
      case .card: return .card(notice: nil)
      case .pin: return .pin(SecretDigits(), notice: nil)
      }
    }
  }

  /// ISO 9564 PINs are 4 to 12 digits; the deck allows the same.
  static let maxPINDigits = 12
  static let referenceDigits = 12
  static let dateDigits = 4
  static let authCodeDigits = 6

  /// Starts `kind` at its first step.
  static func start(_ kind: TransactionKind, _ state: inout TerminalState) -> [Effect] {
    let draft = TransactionDraft(kind: kind)
    guard let first = draft.descriptor.steps(for: state.profile).first else {
      return send(draft, &state)
    }
    state.flow = .transaction(.entering(draft, .first(of: first)))
    return []
  }

  /// The step after the current one, or the request once every step is done.
  private static func advance(_ draft: TransactionDraft, _ state: inout TerminalState) -> [Effect] {
    var draft = draft
    let steps = draft.descriptor.steps(for: state.profile)
    draft.step += 1
    guard draft.step < steps.count else { return send(draft, &state) }
    state.flow = .transaction(.entering(draft, .first(of: steps[draft.step])))
    return []
  }

  private static func currentStep(_ draft: TransactionDraft, _ state: TerminalState)
    -> TransactionStep?
  {
    let steps = draft.descriptor.steps(for: state.profile)
    return draft.step < steps.count ? steps[draft.step] : nil
  }

  private static func enter(_ draft: TransactionDraft, _ entry: Entry, _ state: inout TerminalState)
  {
    state.flow = .transaction(.entering(draft, entry))
  }

  // MARK: Keys

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .entering(let draft, let entry):
      return entryKey(key, draft, entry, &state)
    case .awaitingReply:
      // 交易处理中: the keypad waits for the host.
      return []
    case .approved(let record, let copy):
      guard copy != .printing, key == .enter || key == .cancel else { return [] }
      return finishApproved(record, &state)
    case .balance, .declined, .timedOut:
      state.flow = .menu(.main)
      return []
    }
  }

  /// Leaves for the menu; the cardholder copy prints on the way.
  private static func finishApproved(_ record: TransactionRecord, _ state: inout TerminalState)
    -> [Effect]
  {
    state.flow = .menu(.main)
    guard record.descriptor.slipTitle != nil else { return [] }
    return Printing.enqueue(.receipt(record, copy: .cardholder), &state)
  }

  private static func entryKey(
    _ key: Key, _ draft: TransactionDraft, _ entry: Entry, _ state: inout TerminalState
  ) -> [Effect] {
    var draft = draft
    // Cancel leaves the transaction from any step; nothing was recorded.
    if key == .cancel {
      state.banner = [Msg.transactionCancelled.text(state.language)]
      state.flow = .menu(.main)
      return []
    }
    switch entry {
    case .supervisorPassword(var entered, _):
      switch key {
      case .digit(let d): entered.append(d, max: 6)
      case .backspace: entered.removeLast()
      case .enter:
        let ok = state.operators.contains {
          $0.role == .supervisor && PasswordHash.verify(password: entered.plainText, record: $0)
        }
        guard ok else {
          enter(draft, .supervisorPassword(SecretDigits(), notice: .wrongPassword), &state)
          return []
        }
        return advance(draft, &state)
      case .cancel: return []
      }
      enter(draft, .supervisorPassword(entered, notice: nil), &state)
      return []

    case .originalVoucher(let entered, _):
      guard let text = digits(key, entered, max: 6) else {
        switch lookUpVoucher(entered, for: draft.descriptor, state) {
        case .success(let original):
          enter(draft, .confirmOriginal(original), &state)
        case .failure(let refusal):
          enter(draft, .originalVoucher("", notice: refusal.message), &state)
        }
        return []
      }
      enter(draft, .originalVoucher(text, notice: nil), &state)
      return []

    case .confirmOriginal(let original):
      guard key == .enter else { return [] }
      // 3 撤销 of a QR payment runs 扫码撤销 from here: no card, no PIN.
      if original.kind != draft.descriptor.voids,
        let kind = draft.descriptor.voidsAlso[original.kind]
      {
        draft.kind = kind
      }
      draft.original = OriginalTransaction(
        trace: original.trace, batch: original.batch, referenceNo: original.referenceNo,
        date: state.monthDay(original.startedAt), authCode: original.authCode)
      draft.originalRecord = original
      draft.amountFen = original.amountFen
      return advance(draft, &state)

    case .originalReference(let entered, _):
      guard let text = digits(key, entered, max: referenceDigits) else {
        guard entered.count == referenceDigits else {
          enter(draft, .originalReference(entered, notice: .digitsNeeded(referenceDigits)), &state)
          return []
        }
        enter(
          draft, .originalDate(OriginalTransaction(referenceNo: entered), "", notice: nil), &state)
        return []
      }
      enter(draft, .originalReference(text, notice: nil), &state)
      return []

    case .originalAuthCode(let entered, _):
      guard let text = digits(key, entered, max: authCodeDigits) else {
        guard entered.count == authCodeDigits else {
          enter(draft, .originalAuthCode(entered, notice: .digitsNeeded(authCodeDigits)), &state)
          return []
        }
        enter(draft, .originalDate(OriginalTransaction(authCode: entered), "", notice: nil), &state)
        return []
      }
      enter(draft, .originalAuthCode(text, notice: nil), &state)
      return []

    case .originalDate(var original, let entered, _):
      guard let text = digits(key, entered, max: dateDigits) else {
        guard entered.count == dateDigits, isMonthDay(entered) else {
          enter(draft, .originalDate(original, entered, notice: .invalidDate), &state)
          return []
        }
        original.date = entered
        draft.original = original
        return advance(draft, &state)
      }
      enter(draft, .originalDate(original, text, notice: nil), &state)
      return []

    case .amount(let fen, _):
      switch key {
      case .digit(let d):
        let next = fen * 10 + Int64(d)
        // A digit that would pass the maximum is refused; the amount stays.
        enter(draft, .amount(next <= state.profile.maxAmountFen ? next : fen, notice: nil), &state)
      case .backspace:
        enter(draft, .amount(fen / 10, notice: nil), &state)
      case .enter:
        guard fen > 0 else {
          enter(draft, .amount(0, notice: .amountZero), &state)
          return []
        }
        draft.amountFen = fen
        return advance(draft, &state)
      case .cancel:
        return []
      }
      return []

    case .card:
      // The card is the reader's business; the keypad only cancels here.
      return []

    case .confirmCard(let card):
      guard key == .enter else { return [] }
      draft.card = card
      return advance(draft, &state)

    case .pin(var pin, _):
      switch key {
      case .digit(let d): pin.append(d, max: maxPINDigits)
      case .backspace: pin.removeLast()
      case .cancel: return []
      case .enter:
        let card = draft.card
        if pin.isEmpty && !(card?.pinIsOptional ?? false) {
          enter(draft, .pin(pin, notice: .pinRequired), &state)
          return []
        }
        if !pin.isEmpty && pin.count < 4 {
          enter(draft, .pin(pin, notice: .pinTooShort), &state)
          return []
        }
        draft.pinBlock = PINBlock.format0(pin: pin.digits, pan: card?.pan ?? "")
        return advance(draft, &state)
      }
      enter(draft, .pin(pin, notice: nil), &state)
      return []
    }
  }

  /// Why a voucher cannot be voided, said before anything is sent.
  enum VoucherRefusal: Error, Equatable {
    case unknown, alreadySettled, notApproved, alreadyVoided
    case wrongKind(TransactionKind)

    var message: Msg {
      switch self {
      case .unknown, .notApproved: return .response(.noOriginal)
      case .alreadySettled: return .alreadySettled
      case .alreadyVoided: return .alreadyVoided
      case .wrongKind(let kind): return .cannotVoid(kind)
      }
    }
  }

  /// The open batch's transaction with this voucher number, if this kind can void it.
  static func lookUpVoucher(
    _ entered: String, for descriptor: TransactionDescriptor, _ state: TerminalState
  ) -> Result<TransactionRecord, VoucherRefusal> {
    guard let trace = Int(entered), trace > 0 else { return .failure(.unknown) }
    guard let original = state.openBatch.last(where: { $0.trace == trace }) else {
      // Vouchers count up across batches: a used number not in the open batch was settled.
      let used = trace <= state.lastTrace
      return .failure(used && descriptor.voids == .sale ? .alreadySettled : .unknown)
    }
    guard original.kind == descriptor.voids || descriptor.voidsAlso[original.kind] != nil else {
      return .failure(.wrongKind(descriptor.voids ?? original.kind))
    }
    guard original.status == .approved else { return .failure(.notApproved) }
    if BatchTotals.voidedTraces(state.openBatch).contains(original.trace) {
      return .failure(.alreadyVoided)
    }
    return .success(original)
  }

  /// A digit field's next text, or nil when the key is Enter (the caller checks the field).
  private static func digits(_ key: Key, _ entered: String, max: Int) -> String? {
    switch key {
    case .digit(let d): return entered.count < max ? entered + String(d) : entered
    case .backspace: return String(entered.dropLast())
    case .enter, .cancel: return nil
    }
  }

  private static func isMonthDay(_ mmdd: String) -> Bool {
    guard let n = Int(mmdd) else { return false }
    return (1...12).contains(n / 100) && (1...31).contains(n % 100)
  }

  // MARK: The card

  static func cardRead(_ result: CardReadResult, _ s: State, _ state: inout TerminalState)
    -> [Effect]
  {
    guard case .entering(var draft, let entry) = s else { return [] }
    switch entry {
    case .card:
      guard case .success(let card) = result else {
        enter(draft, .card(notice: .swipeError), &state)
        return []
      }
      switch currentStep(draft, state) {
      case .card(.cashier):
        enter(draft, .confirmCard(card), &state)
        return []
      case .card(.matchesOriginal):
        guard card.maskedPAN == draft.originalRecord?.maskedPAN else {
          enter(draft, .card(notice: .cardMismatch), &state)
          return []
        }
      case .card(.none), .supervisorPassword, .originalTransaction, .amount, .pin, nil:
        break
      }
      draft.card = card
      return advance(draft, &state)
    case .supervisorPassword, .originalVoucher, .confirmOriginal, .originalReference,
      .originalAuthCode, .originalDate, .amount, .confirmCard, .pin:
      // Not asking for a card now.
      return []
    }
  }

  // MARK: Online

  static func send(_ draft: TransactionDraft, _ state: inout TerminalState) -> [Effect] {
    if state.pendingReversal != nil {
      return ReversalFlow.start(then: .transaction(draft), &state)
    }
    return go(draft, &state)
  }

  /// Assigns the voucher number, makes the transaction and its reversal durable,
  /// then sends it.
  static func go(_ draft: TransactionDraft, _ state: inout TerminalState) -> [Effect] {
    let descriptor = draft.descriptor
    let trace = SequenceNumber.next(after: state.lastTrace)
    let card = draft.card ?? CardData(pan: "", expiry: "", serviceCode: "")
    let amount = draft.amountFen ?? 0
    var record = TransactionRecord(
      trace: trace, batch: state.batch, kind: draft.kind, amountFen: amount,
      maskedPAN: card.maskedPAN, expiry: card.expiry, entryMode: card.entryMode,
      operatorNo: state.signedInOperator ?? "", startedAt: state.now, status: .pending,
      original: draft.original)
    // A QR payment's void presents no card: it shows the original's masked payment
    // code and wallet (the host refunds that wallet).
    if descriptor.voids == .qr, let original = draft.originalRecord {
      record.maskedPAN = original.maskedPAN
      record.entryMode = original.entryMode
      record.issuer = original.issuer
    }
    let reversal =
      descriptor.reversible
      ? ReversalRecord(
        kind: draft.kind, trace: trace, batch: state.batch, amountFen: amount,
        maskedPAN: record.maskedPAN, originalTime: state.now) : nil
    state.lastTrace = trace
    state.openBatch.append(record)
    if let reversal { state.pendingReversal = reversal }
    state.flow = .transaction(.awaitingReply(record))
    let request = TransactionRequest(
      kind: draft.kind, message: descriptor.message, amountFen: amount, pan: card.pan,
      expiry: card.expiry, serviceCode: card.serviceCode, entryMode: card.entryMode,
      pinBlock: draft.pinBlock, original: draft.original)
    return [
      .journal(.beginTransaction(record, reversal: reversal)),
      HostExchange.send(.transaction(request), batch: record.batch, trace: trace, &state),
    ]
  }

  static func host(_ outcome: HostOutcome, _ s: State, _ state: inout TerminalState) -> [Effect] {
    guard case .awaitingReply(let record) = s else { return [] }
    switch outcome {
    case .replied(.transaction(let reply)):
      state.hostOnline = true
      var done = record
      done.status = reply.responseCode.isApproval ? .approved : .declined
      done.responseCode = reply.responseCode
      done.authCode = reply.authCode
      done.referenceNo = reply.referenceNo
      done.issuer = reply.issuer ?? record.issuer
      done.completedAt = state.now
      state.updateOpenBatch(done)
      if state.pendingReversal?.trace == done.trace && state.pendingReversal?.batch == done.batch {
        state.pendingReversal = nil
      }
      // Committed before the merchant copy prints.
      let complete: [Effect] = [.journal(.completeTransaction(done))]
      guard done.status == .approved else {
        state.flow = .transaction(.declined(done, code: reply.responseCode))
        return complete
      }
      guard done.descriptor.slipTitle != nil else {
        state.flow = .transaction(.balance(done, balanceFen: reply.balanceFen))
        return complete
      }
      state.flow = .transaction(.approved(done, merchantCopy: .printing))
      return complete + Printing.enqueue(.receipt(done, copy: .merchant), &state)
    case .replied(.signedIn), .replied(.reversal), .replied(.settled), .replied(.signedOff),
      .replied(.uploaded), .replied(.qrOrder), .replied(.qrCancelled):
      // Replies are matched by type, so this cannot happen; were it to, the wait
      // is over without an answer, which is a timeout.
      state.hostOnline = false
      state.flow = .transaction(.timedOut(record))
      return []
    case .timedOut:
      // The reversal record stays; it goes out before the next online transaction.
      state.hostOnline = false
      state.flow = .transaction(.timedOut(record))
      return []
    }
  }

  static func printFinished(
    _ job: PrintJob, _ outcome: PrintOutcome, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    guard case .approved(let record, .printing) = s, job == .receipt(record, copy: .merchant)
    else { return [] }
    state.flow = .transaction(
      .approved(record, merchantCopy: outcome == .printed ? .printed : .owed))
    return []
  }

  static func idle(_ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .entering:
      // An unfinished entry left standing: say why the terminal went back.
      state.banner = [Msg.transactionTimedOut.text(state.language)]
      state.flow = .menu(.main)
      return []
    case .balance, .declined, .timedOut:
      state.flow = .menu(.main)
      return []
    case .awaitingReply:
      // The host timeout governs this wait.
      return []
    case .approved(let record, let copy):
      // An unprinted cardholder copy prints before the terminal goes back to the menu.
      guard copy != .printing else { return [] }
      return finishApproved(record, &state)
    }
  }

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
      case .confirmCard(let card):
        return Screen(
          title: title,
          lines: amountLine(draft.amountFen) + [
            .init(t(.checkCardNo)), .init(card.pan, align: .right),
          ],
          footer: t(.confirmCancel))
      case .pin(let pin, let notice):
        var lines = amountLine(draft.amountFen) + [.init(t(.enterPIN))]
        if draft.card?.pinIsOptional == true { lines.append(.init(t(.pinOptionalHint))) }
        lines += notices(notice)
        return Screen(
          title: title, lines: lines, field: .init(display: pin.masked, masked: true))
      }
    case .awaitingReply(let record):
      return Screen(
        title: t(record.descriptor.screenTitle),
        lines: amountLine(record.amountFen) + .waiting(.processing, state))
    case .approved(let record, let copy):
      var lines: [Screen.Line] = [.init(t(.approved), align: .center)]
      lines += amountLine(record.amountFen)
      lines.append(.init(t(.authNo) + " " + (record.authCode ?? "")))
      lines.append(.init(t(copy.merchantCopyMessage)))
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
      return Screen(
        title: t(record.descriptor.screenTitle),
        lines: [.init(t(.declined), align: .center), .init(code.rawValue + " " + code.message(l))],
        footer: t(.pressAnyKeyToReturn))
    case .timedOut(let record):
      var lines: [Screen.Line] = [.init(t(.transactionTimedOut), align: .center)]
      lines += amountLine(record.amountFen)
      if record.descriptor.reversible { lines.append(.init(t(.reversalPending))) }
      return Screen(
        title: t(record.descriptor.screenTitle), lines: lines, footer: t(.pressAnyKeyToReturn))
    }
  }
}
