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
  /// The customer's payment code, in place of a card (the `.scanCode` step).
  public var paymentCode: ScannedPaymentCode?

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
    /// A kind that `travelsAsOrder`: its order until paid, failed or closed.
    case order(OrderStage)
  }

  /// The screen a step is on.
  public enum Entry: Sendable, Equatable {
    case supervisorPassword(SecretDigits, notice: Msg?)
    /// 请稍候: the driver checks the supervisor's password (`Effect.checkPassword`).
    case checkingSupervisor
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
    /// 请扫描付款码: the scanner reads the customer's payment code (`Event.codeScanned`).
    case scanCode(notice: Msg?)

    static func first(of step: TransactionStep) -> Entry {
      switch step {
      case .supervisorPassword: return .supervisorPassword(SecretDigits(), notice: nil)
      case .originalTransaction(.byVoucher): return .originalVoucher("", notice: nil)
      case .originalTransaction(.byReferenceAndDate): return .originalReference("", notice: nil)
      case .originalTransaction(.byAuthCode): return .originalAuthCode("", notice: nil)
      case .amount: return .amount(0, notice: nil)
      case .card: return .card(notice: nil)
      case .pin: return .pin(SecretDigits(), notice: nil)
      case .scanCode: return .scanCode(notice: nil)
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
  static func advance(_ draft: TransactionDraft, _ state: inout TerminalState) -> [Effect] {
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
  static func enterStep(
    _ draft: TransactionDraft, _ step: TransactionStep, _ state: inout TerminalState
  ) -> [Effect] {
    state.flow = .transaction(.entering(draft, .first(of: step)))
    guard case .card = step, state.cardInSlot else { return [] }
    return chipEntering(.inserted, draft, .card(notice: nil), &state)
  }

  /// How the cardholder is verified without the PIN screen, or nil when it is shown.
  static func chipSkipsPIN(_ draft: TransactionDraft) -> ChipVerification? {
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

  static func currentStep(_ draft: TransactionDraft, _ state: TerminalState)
    -> TransactionStep?
  {
    let steps = draft.descriptor.steps(for: state.profile)
    return draft.step < steps.count ? steps[draft.step] : nil
  }

  static func enter(_ draft: TransactionDraft, _ entry: Entry, _ state: inout TerminalState) {
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
    case .order(let stage):
      return orderKey(key, stage, &state)
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
  static func finishApproved(_ record: TransactionRecord, _ state: inout TerminalState)
    -> [Effect]
  {
    leave(&state)
    guard record.descriptor.slipTitle != nil else { return [] }
    return Printing.enqueue(.receipt(record, copy: .cardholder), &state)
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
    case .order(let stage):
      return orderIdle(stage, &state)
    }
  }

}
