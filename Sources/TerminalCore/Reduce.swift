import CardReader
import Foundation

/// The terminal's one transition function: pure, no I/O, no clock, no randomness.
/// Time arrives as `.tick`; everything the terminal wants done leaves as effects.
public func reduce(_ state: inout TerminalState, _ event: Event) -> [Effect] {
  switch event {
  case .tick(let date):
    state.now = max(state.now, date)
    return Timeouts.apply(&state)
  case .journalFailed(let message):
    state.phase = .fatal(message)
    return []
  case .printFailed(let message):
    state.banner = [Msg.printerFault.text(state.language), message]
    return []
  default:
    state.lastActivity = state.now
  }

  switch (state.phase, event) {
  // Power-on and self-check.
  case (.off, .powerOn(let snapshot)):
    state.batch = snapshot.batch
    state.lastTrace = snapshot.lastTrace
    state.openBatch = snapshot.openBatch
    state.pendingReversal = snapshot.pendingReversal
    state.operatorLocks = snapshot.operatorLocks
    state.unprintedSettlement = snapshot.unprintedSettlement
    state.phase = .selfChecking
    return [.runSelfCheck]
  case (.selfChecking, .selfCheckFinished(let report)):
    state.phase = report.allOK ? .awaitingSignInKey(report) : .selfCheckFailed(report)
    // A settlement slip lost to a power cut prints as soon as the printer is back.
    guard report.allOK, let job = state.unprintedSettlement,
      case .settlement(let settled, _, _) = job
    else { return [] }
    state.unprintedSettlement = nil
    return [.print(job), .journal(.settlementPrinted(batch: settled.batch))]
  case (.awaitingSignInKey, .key):
    state.phase = .operatorNumber(entered: "", notice: nil)
    return []

  // Operator sign-in.
  case (.operatorNumber, .key(let key)), (.operatorPassword, .key(let key)),
    (.supervisorDone, .key(let key)), (.signInFailed, .key(let key)):
    return SignIn.key(key, &state)
  case (.signingIn(let operatorNo), .hostReplied(let response)):
    return SignIn.hostReplied(response, operatorNo: operatorNo, &state)

  // Forced day-end settlement.
  case (.settlementNotice, .key), (.settlementSuccessTotals, .key), (.settlementFailedTotals, .key),
    (.settlementFailed, .key):
    guard case .key(let key) = event else { return [] }
    return Settlement.key(key, &state)
  case (.settling(let printSuccess, let printFailed), .hostReplied(let response)):
    return Settlement.hostReplied(
      response, printSuccess: printSuccess, printFailed: printFailed, &state)

  // Reversal of a sale that never got its reply.
  case (.reversing(let then, let triesLeft), .hostReplied(let response)):
    return Reversal.hostReplied(response, then: then, triesLeft: triesLeft, &state)
  case (.reversalFailed(let then), .key):
    state.phase = then == .settlement ? .settlementNotice : .mainMenu
    return []

  // Sale.
  case (.mainMenu, .key(.digit(1))):
    state.banner = []
    state.phase = .amountEntry(fen: 0, notice: nil)
    return []
  case (.mainMenu, .key(.digit(2))):
    // 重打印: the last approved sale of the open batch, marked as a duplicate.
    guard let last = state.openBatch.last(where: { $0.status == .approved }) else {
      state.banner = [Msg.noTransactionToReprint.text(state.language)]
      return []
    }
    state.banner = []
    state.phase = .reprinting(last)
    return [.print(.reprint(last, copy: .merchant))]
  case (.reprinting(let record), .key(let key)):
    guard key == .enter || key == .cancel else { return [] }
    state.phase = .mainMenu
    return key == .enter ? [.print(.reprint(record, copy: .cardholder))] : []
  case (.amountEntry, .key(let key)), (.awaitingCard, .key(let key)),
    (.confirmingCard, .key(let key)), (.pinEntry, .key(let key)),
    (.approvedPrinting, .key(let key)), (.declined, .key(let key)):
    return Sale.key(key, &state)
  case (.awaitingCard(let amount, _), .cardRead(let result)):
    switch result {
    case .success(let tracks): state.phase = .confirmingCard(amountFen: amount, tracks: tracks)
    case .failure: state.phase = .awaitingCard(amountFen: amount, retry: true)
    }
    return []
  case (.awaitingSaleReply(let record), .hostReplied(let response)):
    return Sale.hostReplied(response, record: record, &state)

  default:
    // Keys and swipes that mean nothing in this phase are ignored, as on the real keypad.
    return []
  }
}

enum SignIn {
  static func key(_ key: Key, _ state: inout TerminalState) -> [Effect] {
    switch state.phase {
    case .supervisorDone, .signInFailed:
      state.phase = .operatorNumber(entered: "", notice: nil)
      return []
    case .operatorNumber(var entered, _):
      switch key {
      case .digit(let d):
        if entered.count < 2 { entered += String(d) }
        state.phase = .operatorNumber(entered: entered, notice: nil)
      case .backspace:
        state.phase = .operatorNumber(entered: String(entered.dropLast()), notice: nil)
      case .cancel:
        state.phase = .operatorNumber(entered: "", notice: nil)
      case .enter:
        guard let op = state.operators.first(where: { $0.number == entered }) else {
          state.phase = .operatorNumber(entered: "", notice: .noSuchOperator)
          return []
        }
        if op.role == .cashier, state.operatorLocks[op.number]?.locked == true {
          state.phase = .operatorNumber(entered: "", notice: .operatorLocked)
          return []
        }
        state.phase = .operatorPassword(operatorNo: op.number, entered: SecretDigits(), notice: nil)
      }
      return []
    case .operatorPassword(let no, var entered, _):
      switch key {
      case .digit(let d):
        entered.append(d, max: 6)
        state.phase = .operatorPassword(operatorNo: no, entered: entered, notice: nil)
        return []
      case .backspace:
        entered.removeLast()
        state.phase = .operatorPassword(operatorNo: no, entered: entered, notice: nil)
        return []
      case .cancel:
        state.phase = .operatorNumber(entered: "", notice: nil)
        return []
      case .enter:
        return checkPassword(operatorNo: no, entered: entered, &state)
      }
    default:
      return []
    }
  }

  private static func checkPassword(
    operatorNo: String, entered: SecretDigits, _ state: inout TerminalState
  ) -> [Effect] {
    guard let op = state.operators.first(where: { $0.number == operatorNo }) else { return [] }
    var lock = state.operatorLocks[operatorNo] ?? OperatorLockState()
    guard PasswordHash.verify(password: entered.plainText, record: op) else {
      lock.failedAttempts += 1
      // The supervisor is never locked out: nobody could unlock the terminal.
      if lock.failedAttempts >= 3 && op.role == .cashier { lock.locked = true }
      state.operatorLocks[operatorNo] = lock
      state.phase =
        lock.locked
        ? .operatorNumber(entered: "", notice: .passwordTriesExceeded)
        : .operatorPassword(operatorNo: operatorNo, entered: SecretDigits(), notice: .wrongPassword)
      return [.journal(.setOperatorLock(operatorNo: operatorNo, state: lock))]
    }
    var effects: [Effect] = []
    if lock != OperatorLockState() {
      state.operatorLocks[operatorNo] = OperatorLockState()
      effects.append(.journal(.setOperatorLock(operatorNo: operatorNo, state: OperatorLockState())))
    }
    if op.role == .supervisor {
      let unlocked = state.operatorLocks.filter { $0.value.locked }.keys.sorted()
      for no in unlocked {
        state.operatorLocks[no] = OperatorLockState()
        effects.append(.journal(.setOperatorLock(operatorNo: no, state: OperatorLockState())))
      }
      state.phase = .supervisorDone(unlocked: unlocked)
      return effects
    }
    state.phase = .signingIn(operatorNo: operatorNo)
    effects.append(
      .host(
        .signIn(
          terminalNo: state.profile.terminalNo, merchantNo: state.profile.merchantNo,
          operatorNo: operatorNo, time: state.now)))
    return effects
  }

  static func hostReplied(
    _ response: HostResponse, operatorNo: String, _ state: inout TerminalState
  )
    -> [Effect]
  {
    guard case .signedIn(let batch, let hostTime) = response else {
      state.hostOnline = false
      state.phase = .signInFailed(code: "96")
      return []
    }
    var effects: [Effect] = []
    state.signedInOperator = operatorNo
    state.hostOnline = true
    // The host's batch number holds unless the open batch already has transactions.
    if state.openBatch.isEmpty && batch != state.batch {
      state.batch = batch
      effects.append(.journal(.setBatch(batch)))
    }
    let lang = state.language
    state.banner = [
      Msg.signInOK.text(lang) + " " + Msg.batchNo.text(lang) + SequenceNumber.format(state.batch),
      Msg.hostTime.text(lang) + Formats.time(hostTime, state.profile.timeZone),
    ]
    state.phase = state.needsForcedSettlement ? .settlementNotice : .mainMenu
    return effects
  }
}

enum Settlement {
  static func key(_ key: Key, _ state: inout TerminalState) -> [Effect] {
    switch state.phase {
    case .settlementNotice, .settlementFailed:
      if state.pendingReversal != nil {
        return Reversal.start(then: .settlement, &state)
      }
      state.phase = .settlementSuccessTotals
      return []
    case .settlementSuccessTotals:
      guard key == .enter || key == .cancel else { return [] }
      state.phase = .settlementFailedTotals(printSuccess: key == .enter)
      return []
    case .settlementFailedTotals(let printSuccess):
      guard key == .enter || key == .cancel else { return [] }
      state.phase = .settling(printSuccess: printSuccess, printFailed: key == .enter)
      return [
        .host(
          .settle(
            terminalNo: state.profile.terminalNo, merchantNo: state.profile.merchantNo,
            batch: state.batch, sales: state.successTotals, time: state.now))
      ]
    default:
      return []
    }
  }

  static func hostReplied(
    _ response: HostResponse, printSuccess: Bool, printFailed: Bool, _ state: inout TerminalState
  ) -> [Effect] {
    guard case .settled(let balanced, let nextBatch) = response else {
      state.phase = .settlementFailed(code: "96")
      return []
    }
    let report = SettlementReport(
      batch: state.batch, settledAt: state.now, operatorNo: state.signedInOperator ?? "",
      sales: state.successTotals, failed: state.failedTotals, balanced: balanced)
    let success = state.openBatch.filter { $0.status == .approved }
    let failed = state.openBatch.filter { $0.status == .declined || $0.status == .reversed }
    state.batch = nextBatch
    state.openBatch = []
    state.banner = [Msg.settlementDone.text(state.language)]
    state.phase = .mainMenu
    // The batch is closed in the journal before the slip prints; the journal knows the
    // slip is owed until it has printed.
    return [
      .journal(
        .closeBatch(
          report, nextBatch: nextBatch, printSuccessDetail: printSuccess,
          printFailedDetail: printFailed)),
      .print(
        .settlement(
          report, successDetail: printSuccess ? success : nil,
          failedDetail: printFailed ? failed : nil)),
      .journal(.settlementPrinted(batch: report.batch)),
    ]
  }
}

enum Reversal {
  static let triesPerRound = 3

  static func start(then: OnlineStep, _ state: inout TerminalState) -> [Effect] {
    guard let reversal = state.pendingReversal else { return [] }
    state.phase = .reversing(then: then, triesLeft: triesPerRound)
    return [request(reversal, state)]
  }

  private static func request(_ reversal: ReversalRecord, _ state: TerminalState) -> Effect {
    .host(
      .reversal(
        terminalNo: state.profile.terminalNo, merchantNo: state.profile.merchantNo, reversal,
        time: state.now))
  }

  static func hostReplied(
    _ response: HostResponse, then: OnlineStep, triesLeft: Int, _ state: inout TerminalState
  ) -> [Effect] {
    guard var reversal = state.pendingReversal else { return [] }
    if response == .reversal(accepted: true) {
      state.pendingReversal = nil
      state.hostOnline = true
      if let i = state.openBatch.firstIndex(where: {
        $0.trace == reversal.trace && $0.batch == reversal.batch
      }) {
        state.openBatch[i].status = .reversed
      }
      var effects: [Effect] = [
        .journal(.reversalDone(trace: reversal.trace, batch: reversal.batch))
      ]
      switch then {
      case .sale(let draft): effects += Sale.send(draft, &state)
      case .settlement: state.phase = .settlementSuccessTotals
      }
      return effects
    }
    reversal.attempts += 1
    state.pendingReversal = reversal
    var effects: [Effect] = [
      .journal(
        .reversalAttemptFailed(
          trace: reversal.trace, batch: reversal.batch, attempts: reversal.attempts))
    ]
    if triesLeft > 1 {
      state.phase = .reversing(then: then, triesLeft: triesLeft - 1)
      effects.append(request(reversal, state))
    } else {
      state.hostOnline = false
      state.phase = .reversalFailed(then: then)
    }
    return effects
  }
}

enum Sale {
  static func key(_ key: Key, _ state: inout TerminalState) -> [Effect] {
    switch state.phase {
    case .amountEntry(let fen, _):
      switch key {
      case .digit(let d):
        let next = fen * 10 + Int64(d)
        // A digit that would pass the maximum is refused; the amount stays.
        if next <= state.profile.maxAmountFen { state.phase = .amountEntry(fen: next, notice: nil) }
      case .backspace: state.phase = .amountEntry(fen: fen / 10, notice: nil)
      case .cancel: state.phase = .mainMenu
      case .enter:
        state.phase =
          fen == 0
          ? .amountEntry(fen: 0, notice: .amountZero) : .awaitingCard(amountFen: fen, retry: false)
      }
      return []
    case .awaitingCard:
      if key == .cancel { state.phase = .mainMenu }
      return []
    case .confirmingCard(let amount, let tracks):
      if key == .enter {
        state.phase = .pinEntry(amountFen: amount, tracks: tracks, pin: SecretDigits(), notice: nil)
      } else if key == .cancel {
        state.phase = .mainMenu
      }
      return []
    case .pinEntry(let amount, let tracks, var pin, _):
      switch key {
      case .digit(let d):
        pin.append(d, max: 6)
        state.phase = .pinEntry(amountFen: amount, tracks: tracks, pin: pin, notice: nil)
      case .backspace:
        pin.removeLast()
        state.phase = .pinEntry(amountFen: amount, tracks: tracks, pin: pin, notice: nil)
      case .cancel:
        state.phase = .mainMenu
      case .enter:
        if pin.isEmpty && !TerminalState.pinIsOptional(tracks) {
          state.phase = .pinEntry(amountFen: amount, tracks: tracks, pin: pin, notice: .enterPIN)
          return []
        }
        if !pin.isEmpty && pin.count < 4 {
          state.phase = .pinEntry(amountFen: amount, tracks: tracks, pin: pin, notice: .pinTooShort)
          return []
        }
        let draft = SaleDraft(
          amountFen: amount, tracks: tracks,
          pinBlock: PINBlock.format0(pin: pin.digits, pan: tracks.track2.pan))
        if state.pendingReversal != nil { return Reversal.start(then: .sale(draft), &state) }
        return send(draft, &state)
      }
      return []
    case .approvedPrinting(let record):
      guard key == .enter || key == .cancel else { return [] }
      state.phase = .mainMenu
      return [.print(.saleSlip(record, copy: .cardholder))]
    case .declined:
      state.phase = .mainMenu
      return []
    default:
      return []
    }
  }

  /// Assigns the voucher number, makes the sale and its reversal durable, then sends it.
  static func send(_ draft: SaleDraft, _ state: inout TerminalState) -> [Effect] {
    let trace = SequenceNumber.next(after: state.lastTrace)
    let pan = draft.tracks.track2.pan
    let record = TransactionRecord(
      trace: trace, batch: state.batch, kind: .sale, amountFen: draft.amountFen,
      maskedPAN: PANMask.mask(pan), expiry: draft.tracks.track2.expiry, entryMode: "S",
      operatorNo: state.signedInOperator ?? "", startedAt: state.now, status: .pending)
    let reversal = ReversalRecord(
      trace: trace, batch: state.batch, amountFen: draft.amountFen, maskedPAN: record.maskedPAN,
      originalTime: state.now)
    state.lastTrace = trace
    state.openBatch.append(record)
    state.pendingReversal = reversal
    state.phase = .awaitingSaleReply(record)
    let request = SaleRequest(
      terminalNo: state.profile.terminalNo, merchantNo: state.profile.merchantNo, trace: trace,
      batch: state.batch, amountFen: draft.amountFen, pan: pan, expiry: draft.tracks.track2.expiry,
      serviceCode: draft.tracks.track2.serviceCode, pinBlock: draft.pinBlock, time: state.now)
    return [.journal(.beginSale(record, reversal)), .host(.sale(request))]
  }

  static func hostReplied(
    _ response: HostResponse, record: TransactionRecord, _ state: inout TerminalState
  ) -> [Effect] {
    guard case .sale(let reply) = response else {
      // No reply: the reversal record stays; it goes out before the next online transaction.
      state.hostOnline = false
      state.phase = .declined(code: "68")
      return []
    }
    state.hostOnline = true
    var done = record
    done.status = reply.responseCode == "00" ? .approved : .declined
    done.responseCode = reply.responseCode
    done.authCode = reply.authCode
    done.referenceNo = reply.referenceNo
    done.issuer = reply.issuer
    done.completedAt = state.now
    if let i = state.openBatch.firstIndex(where: {
      $0.trace == done.trace && $0.batch == done.batch
    }) {
      state.openBatch[i] = done
    }
    state.pendingReversal = nil
    guard done.status == .approved else {
      state.phase = .declined(code: reply.responseCode)
      return [.journal(.completeSale(done))]
    }
    state.phase = .approvedPrinting(done)
    // Committed before the merchant copy prints.
    return [.journal(.completeSale(done)), .print(.saleSlip(done, copy: .merchant))]
  }
}

enum Timeouts {
  /// Idle screens of a sale go back to the menu; an unprinted cardholder copy prints first.
  static func apply(_ state: inout TerminalState) -> [Effect] {
    guard state.now.timeIntervalSince(state.lastActivity) >= state.profile.idleTimeoutSeconds
    else { return [] }
    switch state.phase {
    case .amountEntry, .awaitingCard, .confirmingCard, .pinEntry, .declined, .reprinting:
      state.phase = .mainMenu
      state.lastActivity = state.now
      return []
    case .reversalFailed(let then):
      state.phase = then == .settlement ? .settlementNotice : .mainMenu
      state.lastActivity = state.now
      return []
    case .approvedPrinting(let record):
      state.phase = .mainMenu
      state.lastActivity = state.now
      return [.print(.saleSlip(record, copy: .cardholder))]
    default:
      return []
    }
  }
}

enum Formats {
  static func time(_ date: Date, _ tz: TimeZone) -> String {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = tz
    let c = cal.dateComponents([.hour, .minute, .second], from: date)
    return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
  }
}
