import Foundation

/// The terminal's one transition function: pure, no I/O, no clock, no randomness.
/// Time arrives as `.tick`; everything the terminal wants done leaves as effects,
/// and every effect's outcome comes back as an event.
///
/// Read it as the table of contents: each event goes to the one place that
/// handles it, and keys and cards go to the flow the terminal is in.
public func reduce(_ state: inout TerminalState, _ event: Event) -> [Effect] {
  switch event {
  case .tick(let date):
    state.now = max(state.now, date)
    return Timeouts.apply(&state)
  case .journalWritten:
    // Durable, as asked; the driver runs nothing after a write that failed.
    return []
  case .journalFailed(let message):
    state.hostWait = nil
    state.flow = .power(.fatal(message))
    return []
  case .printed(let job):
    return Printing.printed(job, &state)
  case .printFailed(let job, let reason):
    return Printing.failed(job, reason: reason, &state)
  case .hostReplied(let reply):
    return HostExchange.replied(reply, &state)
  case .powerOn(let snapshot):
    state.lastActivity = state.now
    return PowerFlow.powerOn(snapshot, &state)
  case .selfCheckFinished(let report):
    state.lastActivity = state.now
    return PowerFlow.selfCheckFinished(report, &state)
  case .openBatchLoaded(let records):
    // The journal is the record: it already holds whatever this session did before.
    state.openBatch = records
    return []
  case .key(let key):
    state.lastActivity = state.now
    // A print fault takes the keypad until the cashier retries or skips.
    if state.printer.fault != nil { return Printing.key(key, &state) }
    switch state.flow {
    case .power(let s): return PowerFlow.key(key, s, &state)
    case .signIn(let s): return SignInFlow.key(key, s, &state)
    case .settlement(let s): return SettlementFlow.key(key, s, &state)
    case .menu(let s): return MenuFlow.key(key, s, &state)
    case .transaction(let s): return TransactionFlow.key(key, s, &state)
    case .reversal(let s): return ReversalFlow.key(key, s, &state)
    case .advice(let s): return AdviceFlow.key(key, s, &state)
    case .management(let s): return ManagementFlow.key(key, s, &state)
    }
  case .chip(let chipEvent):
    state.lastActivity = state.now
    if chipEvent == .inserted { state.cardInSlot = true }
    if chipEvent == .removed { state.cardInSlot = false }
    switch state.flow {
    case .transaction(let s): return TransactionFlow.chip(chipEvent, s, &state)
    case .power, .signIn, .settlement, .menu, .reversal, .advice, .management:
      // No transaction asks for the card: it just sits in the slot (or was waved).
      return []
    }
  case .cardRead(let result):
    state.lastActivity = state.now
    switch state.flow {
    case .transaction(let s): return TransactionFlow.cardRead(result, s, &state)
    case .power, .signIn, .settlement, .menu, .reversal, .advice, .management:
      // A swipe with no transaction asking for a card: the reader's beep, nothing else.
      return []
    }
  case .passwordChecked(let result):
    return PasswordAnswers.checked(result, &state)
  case .passwordHashed(let result):
    guard case .management(.operators(let s)) = state.flow else { return [] }
    return OperatorAdmin.hashed(result, s, &state)
  case .codeScanned(let code):
    state.lastActivity = state.now
    // Only a transaction's 请扫描付款码 takes a code; elsewhere the scanner just beeps.
    guard state.printer.fault == nil, case .transaction(let s) = state.flow else { return [] }
    return TransactionFlow.codeScanned(code, s, &state)
  }
}

/// Where an online step stands when its reply arrives or its time runs out.
public enum HostOutcome: Sendable, Equatable {
  case replied(HostReplyBody)
  case timedOut
}

enum Timeouts {
  static func apply(_ state: inout TerminalState) -> [Effect] {
    if let wait = state.hostWait, state.now >= wait.deadline {
      state.hostWait = nil
      return HostExchange.deliver(.timedOut, &state)
    }
    if state.hostWait == nil, let due = state.timerDue, state.now >= due,
      case .transaction(.order(let stage)) = state.flow
    {
      return TransactionFlow.orderTimer(stage, &state)
    }
    guard state.hostWait == nil, state.printer.fault == nil,
      state.now.timeIntervalSince(state.lastActivity) >= state.profile.idleTimeoutSeconds
    else { return [] }
    let effects: [Effect]
    switch state.flow {
    case .power, .signIn, .settlement, .advice:
      // Sign-in and settlement wait (an advice waits for its reply) for the cashier however long it takes.
      return []
    case .menu(let s): effects = MenuFlow.idle(s, &state)
    case .transaction(let s): effects = TransactionFlow.idle(s, &state)
    case .reversal(let s): effects = ReversalFlow.idle(s, &state)
    case .management(let s): effects = ManagementFlow.idle(s, &state)
    }
    state.lastActivity = state.now
    return effects
  }
}

enum Formats {
  static func time(_ date: Date, _ tz: TimeZone) -> String {
    CivilTime(date, tz).timeText
  }
}
