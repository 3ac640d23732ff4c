/// 8-5 锁定终端: the terminal shows it is locked and asks for the signed-in
/// operator's password (masked). Only a password unlocks it: keys, cards and idle
/// time do nothing else.
///
/// - The signed-in operator's password unlocks, back to the main menu.
/// - The supervisor's password (00) unlocks too: the operator may have left.
/// - A wrong password counts against the operator as a wrong sign-in does: the
///   third in a row locks the operator (`OperatorLockState`, kept by the journal),
///   and from then on only the supervisor's password unlocks the terminal (which
///   also lifts the operator's lock, as the supervisor's sign-in does).
/// - Cancel clears what was typed. A power cut ends the lock as it ends the
///   sign-in: the next operator signs in afresh.
public enum TerminalLock {
  public enum State: Sendable, Equatable {
    case entering(operatorNo: String, entered: SecretDigits, notice: Msg?)
    /// 请稍候: the driver checks the password (`Effect.checkPassword`).
    case checking(operatorNo: String)
  }

  /// The longest password there is: the supervisor's six digits.
  static let maxDigits = 6

  static func start(_ state: inout TerminalState) -> [Effect] {
    let no = state.signedInOperator ?? OperatorAdmin.supervisorNo(state)
    state.flow = .management(
      .locked(.entering(operatorNo: no, entered: SecretDigits(), notice: nil)))
    return []
  }

  /// The operator has had three wrong passwords: only the supervisor unlocks now.
  static func onlySupervisorUnlocks(_ operatorNo: String, _ state: TerminalState) -> Bool {
    state.operatorRecord(operatorNo)?.role != .cashier
      || state.operatorLocks[operatorNo]?.locked == true
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .checking:
      return []
    case .entering(let no, var entered, let notice):
      switch key.edit(&entered, max: maxDigits) {
      case .edited: break
      case .cancel:
        entered = SecretDigits()
      case .enter:
        guard !entered.isEmpty else { return [] }
        return unlock(no, entered, &state)
      }
      state.flow = .management(
        .locked(.entering(operatorNo: no, entered: entered, notice: entered.isEmpty ? notice : nil))
      )
      return []
    }
  }

  /// The driver checks the password: the operator's own (unless only the
  /// supervisor unlocks now), then any supervisor's.
  private static func unlock(_ no: String, _ entered: SecretDigits, _ state: inout TerminalState)
    -> [Effect]
  {
    let own = onlySupervisorUnlocks(no, state) ? [] : state.operatorRecord(no).map { [$0] } ?? []
    state.flow = .management(.locked(.checking(operatorNo: no)))
    return [
      .checkPassword(
        PasswordCheck(
          .unlock(operatorNo: no), password: entered,
          candidates: own + state.operators.filter { $0.role == .supervisor }))
    ]
  }

  static func checked(_ result: PasswordCheck.Result, _ s: State, _ state: inout TerminalState)
    -> [Effect]
  {
    guard case .checking(let no) = s, result.purpose == .unlock(operatorNo: no) else { return [] }
    var lock = state.operatorLocks[no] ?? OperatorLockState()
    guard result.matched != nil else {
      guard state.operatorRecord(no)?.role == .cashier, !lock.locked else {
        state.flow = .management(
          .locked(.entering(operatorNo: no, entered: SecretDigits(), notice: .wrongPassword)))
        return []
      }
      lock.failedAttempts += 1
      if lock.failedAttempts >= 3 { lock.locked = true }
      state.operatorLocks[no] = lock
      state.flow = .management(
        .locked(
          .entering(
            operatorNo: no, entered: SecretDigits(),
            notice: lock.locked ? .passwordTriesExceeded : .wrongPassword)))
      return [.journal(.setOperatorLock(operatorNo: no, state: lock))]
    }
    state.flow = .menu(.main)
    guard lock != OperatorLockState() else { return [] }
    state.operatorLocks[no] = OperatorLockState()
    return [.journal(.setOperatorLock(operatorNo: no, state: OperatorLockState()))]
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    switch s {
    case .checking(let no):
      return Screen(
        title: Msg.terminalLocked.text(l),
        lines: [
          .init(Msg.operatorNo.text(l) + " " + no), .init(Msg.pleaseWait.text(l), align: .center),
        ])
    case .entering(let no, let entered, let notice):
      let ask: Msg =
        onlySupervisorUnlocks(no, state) ? .supervisorUnlocks : .operatorPasswordToUnlock(no)
      return Screen(
        title: Msg.terminalLocked.text(l),
        lines: [.init(Msg.operatorNo.text(l) + " " + no), .init(ask.text(l))]
          + (notice.map { [.init($0.text(l))] } ?? []),
        field: .init(display: entered.masked, masked: true))
    }
  }
}
