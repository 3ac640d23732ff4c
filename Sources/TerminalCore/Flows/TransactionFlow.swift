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
  /// The chip or contactless exchange under way (nil for a swipe).
  public var chip: ChipDraft?
  /// The chip failed to be read in this transaction: with `chip_fallback:
  /// after_failure` a swipe of the chip card is taken, marked fallback.
  public var chipFailed = false
  /// A chip card swiped after its chip failed (field 22 = 02x, 60.5 = 2).
  public var fallback = false

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
    // Chip and contactless
    /// The host approved; the card gives its TC (second GENERATE AC) before the
    /// terminal calls it done.
    case completingChip(TransactionRecord, TransactionReply)
    /// Stopped after the card was read: 交易中止 (card removed), 卡片拒绝 (AAC after
    /// approval), 卡被锁定 …; `reversed` when what was sent has been reversed.
    case ended(TransactionKind, reason: Msg, reversed: Bool)
    /// 请拔卡: the transaction is over and the chip card is still in the slot.
    case removeCard(notice: Msg?)
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
    // Chip and contactless
    /// 读卡中 请勿拔卡: the driver talks to the card.
    case chipReading(ChipInterface)
    /// 应用列表: the cardholder picks an application with a digit.
    case chooseApplication([String], notice: Msg?)
    /// VERIFY or the first GENERATE AC under way (请勿拔卡).
    case chipWorking

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
    return enterStep(draft, first, &state)
  }

  /// The step after the current one, or the request once every step is done.
  private static func advance(_ draft: TransactionDraft, _ state: inout TerminalState) -> [Effect] {
    var draft = draft
    let steps = draft.descriptor.steps(for: state.profile)
    draft.step += 1
    // A tap under the limit (or one the card verifies by signature) asks no PIN; a
    // chip whose PIN tries have run out cannot take one: the issuer declines (75).
    while draft.step < steps.count, steps[draft.step] == .pin, let skip = chipSkipsPIN(draft) {
      draft.chip?.verification = skip
      draft.step += 1
    }
    guard draft.step < steps.count else { return send(draft, &state) }
    return enterStep(draft, steps[draft.step], &state)
  }

  /// A step's first screen. A card already in the chip slot when the card is asked
  /// for is read at once, as if inserted now.
  private static func enterStep(
    _ draft: TransactionDraft, _ step: TransactionStep, _ state: inout TerminalState
  ) -> [Effect] {
    state.flow = .transaction(.entering(draft, .first(of: step)))
    guard case .card = step, state.cardInSlot else { return [] }
    return chipEntering(.inserted, draft, .card(notice: nil), &state)
  }

  /// How the cardholder is verified without the PIN screen, or nil when it is shown.
  private static func chipSkipsPIN(_ draft: TransactionDraft) -> ChipVerification? {
    guard let chip = draft.chip, let info = chip.info else { return nil }
    switch chip.interface {
    case .contact:
      return info.pinTriesLeft == 0 ? .offlinePINBlocked : nil
    case .contactless:
      switch info.contactlessCVM {
      case .noCVM?, nil: return ChipVerification.none
      case .signature?: return .signature
      case .onlinePIN?, .useAnotherInterface?: return nil
      }
    }
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
    case .balance, .declined, .timedOut, .ended:
      leave(&state)
      return []
    case .completingChip, .removeCard:
      // The card is talking, or must be taken out first.
      return []
    }
  }

  /// Back to the menu, through 请拔卡 while a chip card is still in the slot.
  static func leave(_ state: inout TerminalState, notice: Msg? = nil) {
    state.activeChip = nil
    if state.cardInSlot {
      state.flow = .transaction(.removeCard(notice: notice))
    } else {
      if let notice { state.banner = [notice.text(state.language)] }
      state.flow = .menu(.main)
    }
  }

  /// Leaves for the menu; the cardholder copy prints on the way.
  private static func finishApproved(_ record: TransactionRecord, _ state: inout TerminalState)
    -> [Effect]
  {
    leave(&state)
    guard record.descriptor.slipTitle != nil else { return [] }
    return Printing.enqueue(.receipt(record, copy: .cardholder), &state)
  }

  private static func entryKey(
    _ key: Key, _ draft: TransactionDraft, _ entry: Entry, _ state: inout TerminalState
  ) -> [Effect] {
    var draft = draft
    // Cancel leaves the transaction from any step; nothing was recorded.
    if key == .cancel {
      leave(&state, notice: .transactionCancelled)
      return draft.chip != nil ? [.chip(.end)] : []
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

    case .card, .chipReading, .chipWorking:
      // The card is the reader's business; the keypad only cancels here.
      return []

    case .chooseApplication(let labels, _):
      guard case .digit(let d) = key else { return [] }
      guard d >= 1, Int(d) <= labels.count else {
        enter(draft, .chooseApplication(labels, notice: .chooseByDigit(labels.count)), &state)
        return []
      }
      enter(draft, .chipReading(draft.chip?.interface ?? .contact), &state)
      return [.chip(.choose(Int(d) - 1))]

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
        if var chip = draft.chip {
          switch chip.interface {
          case .contact:
            // The card checks the PIN itself (offline plaintext PIN): the digits go
            // to the card through the driver, never into a request.
            guard !pin.isEmpty else {
              chip.verification = .none
              draft.chip = chip
              return advance(draft, &state)
            }
            enter(draft, .chipWorking, &state)
            return [.chip(.verifyPIN(pin))]
          case .contactless:
            chip.verification = pin.isEmpty ? .none : .onlinePIN
            draft.chip = chip
          }
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
      guard case .success(var card) = result else {
        enter(draft, .card(notice: .swipeError), &state)
        return []
      }
      // Since 2014 a chip card may not be swiped (请插IC卡); with `chip_fallback:
      // after_failure`, a swipe after its chip failed is taken, marked fallback.
      if card.isChipCard {
        guard draft.chipFailed else {
          enter(draft, .card(notice: .insertChipCard), &state)
          return []
        }
        guard state.profile.chipFallback == .afterFailure else {
          enter(draft, .card(notice: .noFallback), &state)
          return []
        }
        draft.fallback = true
        card.entryMode = .swipe
      }
      return accept(card, draft, &state)
    case .supervisorPassword, .originalVoucher, .confirmOriginal, .originalReference,
      .originalAuthCode, .originalDate, .amount, .confirmCard, .pin, .chipReading,
      .chooseApplication, .chipWorking:
      // Not asking for a card now.
      return []
    }
  }

  /// The card read (swiped, inserted or tapped) goes through the step's check.
  private static func accept(
    _ card: CardData, _ draft: TransactionDraft, _ state: inout TerminalState
  )
    -> [Effect]
  {
    var draft = draft
    switch currentStep(draft, state) {
    case .card(.cashier):
      // A tap goes straight on, as a QuickPass payment does.
      guard card.entryMode == .contactless else {
        enter(draft, .confirmCard(card), &state)
        return []
      }
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
  }

  // MARK: The chip

  /// The card reader's report on the chip or the antenna.
  static func chip(_ event: ChipEvent, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .entering(let draft, let entry):
      return chipEntering(event, draft, entry, &state)
    case .awaitingReply:
      // Pulled while the host is deciding: whatever it answers is reversed.
      if event == .removed, state.activeChip?.interface == .contact {
        state.activeChip?.removed = true
      }
      return []
    case .completingChip(let record, let reply):
      guard case .completed(let result) = event else { return [] }
      return chipCompleted(result, record, reply, &state)
    case .removeCard(let notice):
      guard event == .removed else { return [] }
      if let notice { state.banner = [notice.text(state.language)] }
      state.flow = .menu(.main)
      return []
    case .approved, .balance, .declined, .timedOut, .ended:
      return []
    }
  }

  private static func chipEntering(
    _ event: ChipEvent, _ draft: TransactionDraft, _ entry: Entry, _ state: inout TerminalState
  ) -> [Effect] {
    var draft = draft
    switch (entry, event) {
    case (.card, .inserted), (.card, .tapped):
      let interface: ChipInterface = event == .inserted ? .contact : .contactless
      draft.chip = ChipDraft(interface: interface)
      enter(draft, .chipReading(interface), &state)
      return [
        .chip(
          .read(
            ChipReadRequest(
              interface: interface, amountFen: draft.amountFen ?? 0, date: state.chipDate,
              transactionType: draft.descriptor.chipTransactionType ?? 0x00)))
      ]
    case (.chipReading, .applications(let labels)):
      enter(draft, .chooseApplication(labels, notice: nil), &state)
      return []
    case (.chipReading, .started(let info)), (.chooseApplication, .started(let info)):
      draft.chip?.info = info
      if info.contactlessCVM == .useAnotherInterface {
        draft.chip = nil
        enter(draft, .card(notice: .useOtherInterface), &state)
        return [.chip(.end)]
      }
      return accept(info.card, draft, &state)
    case (.chipReading, .failed(let failure)), (.chooseApplication, .failed(let failure)),
      (.chipWorking, .failed(let failure)):
      let interface = draft.chip?.interface ?? .contact
      draft.chip = nil
      if failure == .declinedOffline || failure == .removed || entry == .chipWorking {
        state.flow = .transaction(.ended(draft.kind, reason: failure.message, reversed: false))
        return [.chip(.end)]
      }
      if interface == .contact && failure.allowsFallback { draft.chipFailed = true }
      let notice: Msg =
        failure.allowsFallback && interface == .contact
        ? (state.profile.chipFallback == .afterFailure ? .chipFailedSwipe : .chipFailedNoFallback)
        : failure.message
      enter(draft, .card(notice: notice), &state)
      return [.chip(.end)]
    case (.chipWorking, .pinVerified(let result)):
      switch result {
      case .verified:
        draft.chip?.verification = .offlinePIN
        return advance(draft, &state)
      case .wrong(let left):
        draft.chip?.info?.pinTriesLeft = left
        enter(draft, .pin(SecretDigits(), notice: .pinWrong), &state)
        return []
      case .blocked:
        draft.chip?.info?.pinTriesLeft = 0
        draft.chip?.verification = .offlinePINBlocked
        return advance(draft, &state)
      }
    case (.chipWorking, .onlineReady(let field55)):
      draft.chip?.field55 = field55
      return send(draft, &state)
    case (_, .removed):
      // Taken out before the end: 交易中止. Nothing was sent yet.
      guard draft.chip?.interface == .contact else { return [] }
      state.flow = .transaction(.ended(draft.kind, reason: .transactionAborted, reversed: false))
      return [.chip(.end)]
    default:
      return []
    }
  }

  /// The card's last word after the host approved.
  private static func chipCompleted(
    _ result: ChipCompletionResult, _ record: TransactionRecord, _ reply: TransactionReply,
    _ state: inout TerminalState
  ) -> [Effect] {
    switch result {
    case .approved(var slip):
      slip.noCVM =
        state.activeChip?.verification == ChipVerification.none
        && state.activeChip?.interface == .contactless
      var done = record
      done.chip = slip
      state.activeChip = nil
      return approve(done, reply, &state)
    case .declinedByCard, .declined, .failed:
      // 卡片拒绝 (AAC after approval) or the card went away: the approval is reversed now.
      let reason: Msg
      if case .declinedByCard = result {
        reason = .cardDeclined
      } else {
        reason = .transactionAborted
      }
      state.activeChip = nil
      return undoApproval(record, reply, reason: reason, &state)
    }
  }

  /// The host approved but the card cannot confirm it (pulled, or AAC): a reversible
  /// kind is reversed at once; one that moved nothing (a balance inquiry) is recorded
  /// as declined.
  private static func undoApproval(
    _ record: TransactionRecord, _ reply: TransactionReply, reason: Msg,
    _ state: inout TerminalState
  ) -> [Effect] {
    if let pending = state.pendingReversal, pending.trace == record.trace,
      pending.batch == record.batch
    {
      return ReversalFlow.start(then: .notice(record.kind, reason), &state)
    }
    var done = record
    done.status = .declined
    done.responseCode = reply.responseCode
    done.completedAt = state.now
    state.updateOpenBatch(done)
    state.flow = .transaction(.ended(record.kind, reason: reason, reversed: false))
    return [.journal(.completeTransaction(done))]
  }

  // MARK: Online

  static func send(_ draft: TransactionDraft, _ state: inout TerminalState) -> [Effect] {
    // A chip transaction asks the card for its ARQC (first GENERATE AC) first; a
    // kind without a cryptogram only read the card (simplified flow).
    if let chip = draft.chip, chip.field55 == nil {
      guard draft.descriptor.chipTransactionType != nil else {
        var draft = draft
        draft.chip = nil
        return [.chip(.end)] + send(draft, &state)
      }
      enter(draft, .chipWorking, &state)
      return [.chip(.requestOnline(chip.verification))]
    }
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
    state.activeChip = draft.chip.map {
      ActiveChip(interface: $0.interface, verification: $0.verification)
    }
    var request = TransactionRequest(
      kind: draft.kind, message: descriptor.message, amountFen: amount, pan: card.pan,
      expiry: card.expiry, serviceCode: card.serviceCode, entryMode: card.entryMode,
      pinBlock: draft.pinBlock, original: draft.original)
    request.field55 = draft.chip?.field55
    request.fallback = draft.fallback
    request.pinVerifiedByCard = draft.chip?.verification == .offlinePIN
    request.panSequence = draft.chip != nil ? card.panSequence : nil
    return [
      .journal(.beginTransaction(record, reversal: reversal)),
      HostExchange.send(.transaction(request), batch: record.batch, trace: trace, &state),
    ]
  }

  static func host(_ outcome: HostOutcome, _ s: State, _ state: inout TerminalState) -> [Effect] {
    guard case .awaitingReply(let record) = s else { return [] }
    switch outcome {
    case .replied(.transaction(let reply)) where state.activeChip != nil:
      state.hostOnline = true
      return chipReplied(reply, record, &state)
    case .replied(.transaction(let reply)):
      state.hostOnline = true
      return approve(record, reply, &state)
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
      let chip = state.activeChip
      state.activeChip = nil
      guard let chip, chip.interface == .contact, !chip.removed else { return [] }
      return [.chip(.complete(.noResponse))]
    }
  }

  /// A chip transaction's reply: an approval waits for the card's TC; a card pulled
  /// meanwhile makes it a reversal at once.
  private static func chipReplied(
    _ reply: TransactionReply, _ record: TransactionRecord, _ state: inout TerminalState
  ) -> [Effect] {
    let chip = state.activeChip
    guard reply.responseCode.isApproval else {
      state.activeChip = nil
      let effects = approve(record, reply, &state)
      guard let chip, chip.interface == .contact, !chip.removed else { return effects }
      return effects + [.chip(.complete(.declined(responseCode: reply.responseCode.rawValue)))]
    }
    if chip?.removed == true {
      state.activeChip = nil
      return undoApproval(record, reply, reason: .transactionAborted, &state)
    }
    state.flow = .transaction(.completingChip(record, reply))
    return [
      .chip(
        .complete(
          .approved(responseCode: reply.responseCode.rawValue, field55: reply.field55 ?? [])))
    ]
  }

  /// The host's answer made final: recorded, then the merchant copy.
  private static func approve(
    _ record: TransactionRecord, _ reply: TransactionReply, _ state: inout TerminalState
  ) -> [Effect] {
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
    case .entering(let draft, _):
      // An unfinished entry left standing: say why the terminal went back.
      leave(&state, notice: .transactionTimedOut)
      return draft.chip != nil ? [.chip(.end)] : []
    case .balance, .declined, .timedOut, .ended:
      leave(&state)
      return []
    case .awaitingReply, .completingChip, .removeCard:
      // The host timeout governs this wait; the card must be taken out.
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
      var lines: [Screen.Line] = [.init(t(.approved), align: .center)]
      lines += amountLine(record.amountFen)
      lines.append(.init(t(.authNo) + " " + (record.authCode ?? "")))
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
      return Screen(
        title: t(record.descriptor.screenTitle),
        lines: [.init(t(.declined), align: .center), .init(code.rawValue + " " + code.message(l))]
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
      return Screen(
        title: t(record.descriptor.screenTitle), lines: lines, footer: t(.pressAnyKeyToReturn))
    }
  }
}
