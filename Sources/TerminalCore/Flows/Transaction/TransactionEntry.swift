import Foundation

/// The keypad steps: the supervisor's password, the original, the amount, the PIN.
extension TransactionFlow {
  static func entryKey(
    _ key: Key, _ draft: TransactionDraft, _ entry: Entry, _ state: inout TerminalState
  ) -> [Effect] {
    var draft = draft
    // The password check is out with the driver: every key waits, Cancel too.
    if entry == .checkingSupervisor { return [] }
    // Cancel leaves the transaction from any step; nothing was recorded.
    if key == .cancel {
      leave(&state, notice: .transactionCancelled)
      return draft.chip != nil ? [.chip(.end)] : []
    }
    switch entry {
    case .supervisorPassword(var entered, _):
      guard key.edit(&entered, max: 6) == .enter else {
        enter(draft, .supervisorPassword(entered, notice: nil), &state)
        return []
      }
      enter(draft, .checkingSupervisor, &state)
      return [
        .checkPassword(
          PasswordCheck(
            .transactionSupervisor, password: entered,
            candidates: state.operators.filter { $0.role == .supervisor }))
      ]

    case .checkingSupervisor:
      return []

    case .originalVoucher(var entered, _):
      guard key.edit(&entered, max: 6) == .enter else {
        enter(draft, .originalVoucher(entered, notice: nil), &state)
        return []
      }
      switch lookUpVoucher(entered, for: draft.descriptor, state) {
      case .success(let original):
        enter(draft, .confirmOriginal(original), &state)
      case .failure(let refusal):
        enter(draft, .originalVoucher("", notice: refusal.message), &state)
      }
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

    case .originalReference(var entered, _):
      guard key.edit(&entered, max: referenceDigits) == .enter else {
        enter(draft, .originalReference(entered, notice: nil), &state)
        return []
      }
      guard entered.count == referenceDigits else {
        enter(draft, .originalReference(entered, notice: .digitsNeeded(referenceDigits)), &state)
        return []
      }
      enter(
        draft, .originalDate(OriginalTransaction(referenceNo: entered), "", notice: nil), &state)
      return []

    case .originalAuthCode(var entered, _):
      guard key.edit(&entered, max: authCodeDigits) == .enter else {
        enter(draft, .originalAuthCode(entered, notice: nil), &state)
        return []
      }
      guard entered.count == authCodeDigits else {
        enter(draft, .originalAuthCode(entered, notice: .digitsNeeded(authCodeDigits)), &state)
        return []
      }
      enter(draft, .originalDate(OriginalTransaction(authCode: entered), "", notice: nil), &state)
      return []

    case .originalDate(var original, var entered, _):
      guard key.edit(&entered, max: dateDigits) == .enter else {
        enter(draft, .originalDate(original, entered, notice: nil), &state)
        return []
      }
      guard entered.count == dateDigits, isMonthDay(entered) else {
        enter(draft, .originalDate(original, entered, notice: .invalidDate), &state)
        return []
      }
      original.date = entered
      draft.original = original
      return advance(draft, &state)

    case .amount(var fen, _):
      guard key.edit(amount: &fen, max: state.profile.maxAmountFen) == .enter else {
        enter(draft, .amount(fen, notice: nil), &state)
        return []
      }
      guard fen > 0 else {
        enter(draft, .amount(0, notice: .amountZero), &state)
        return []
      }
      draft.amountFen = fen
      return advance(draft, &state)

    case .card, .chipReading, .chipWorking, .scanCode:
      // The card and the code are the readers' business; the keypad only cancels here.
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
      guard key.edit(&pin, max: maxPINDigits) == .enter else {
        enter(draft, .pin(pin, notice: nil), &state)
        return []
      }
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
      return .failure(used && descriptor.settledOriginalAsksForRefund ? .alreadySettled : .unknown)
    }
    guard original.kind == descriptor.voids || descriptor.voidsAlso[original.kind] != nil else {
      return .failure(.wrongKind(descriptor.voids ?? original.kind))
    }
    guard original.status == .approved else { return .failure(.notApproved) }
    if state.ledger.standing(of: original) == .voided {
      return .failure(.alreadyVoided)
    }
    return .success(original)
  }

  static func isMonthDay(_ mmdd: String) -> Bool {
    guard let n = Int(mmdd) else { return false }
    return (1...12).contains(n / 100) && (1...31).contains(n % 100)
  }

  /// The driver's answer on the supervisor's password: the next step, or try again.
  static func supervisorChecked(
    _ result: PasswordCheck.Result, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    guard case .entering(let draft, .checkingSupervisor) = s,
      result.purpose == .transactionSupervisor
    else { return [] }
    guard result.matched != nil else {
      enter(draft, .supervisorPassword(SecretDigits(), notice: .wrongPassword), &state)
      return []
    }
    return advance(draft, &state)
  }
}
