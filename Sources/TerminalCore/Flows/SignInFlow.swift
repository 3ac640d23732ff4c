/// Operator sign-in: number, password (three wrong ones lock a cashier; the
/// supervisor's sign-in unlocks them), then the online sign-in that gives the
/// batch number and the host's time.
public enum SignInFlow {
  public enum State: Sendable, Equatable {
    case operatorNumber(entered: String, notice: Msg?)
    case operatorPassword(operatorNo: String, entered: SecretDigits, notice: Msg?)
    /// 请稍候: the driver checks the password (`Effect.checkPassword`).
    case checkingPassword(operatorNo: String)
    /// A cashier locked after three wrong passwords; only the supervisor's sign-in unlocks.
    case locked(operatorNo: String, justNow: Bool)
    case supervisorDone(unlocked: [String])
    case signingIn(operatorNo: String)
    case signInFailed(code: ResponseCode)
    /// 8-2 签退: the host is told (0820), then the terminal waits for a sign-in.
    case signingOff(operatorNo: String)
    case signedOff
  }

  /// 8-2: sign the operator off at the host; whatever it answers, the operator is off.
  static func signOff(_ state: inout TerminalState) -> [Effect] {
    let operatorNo = state.signedInOperator ?? ""
    state.flow = .signIn(.signingOff(operatorNo: operatorNo))
    return [
      HostExchange.send(
        .signOff(operatorNo: operatorNo), batch: state.batch, trace: state.lastTrace, &state)
    ]
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .supervisorDone, .signInFailed, .signedOff:
      state.flow = .signIn(.operatorNumber(entered: "", notice: nil))
      return []
    case .signingIn, .signingOff, .checkingPassword:
      // The host (or the password check) has the keypad's attention until it answers.
      return []
    case .locked:
      // Only Enter or Cancel leave, so a password typed on after the lock
      // (`01<enter>0000<enter>`) cannot become another operator's number.
      guard key == .enter || key == .cancel else { return [] }
      state.flow = .signIn(.operatorNumber(entered: "", notice: nil))
      return []
    case .operatorNumber(var entered, _):
      switch key.edit(&entered, max: 2) {
      case .edited:
        state.flow = .signIn(.operatorNumber(entered: entered, notice: nil))
      case .cancel:
        // From the management menu's 签到, Cancel goes back while the operator stays signed in.
        state.flow =
          state.signedInOperator != nil
          ? .menu(.submenu(.management)) : .signIn(.operatorNumber(entered: "", notice: nil))
      case .enter:
        guard let op = state.operatorRecord(entered) else {
          state.flow = .signIn(.operatorNumber(entered: "", notice: .noSuchOperator))
          return []
        }
        if op.role == .cashier, state.operatorLocks[op.number]?.locked == true {
          state.flow = .signIn(.locked(operatorNo: op.number, justNow: false))
          return []
        }
        state.flow = .signIn(
          .operatorPassword(operatorNo: op.number, entered: SecretDigits(), notice: nil))
      }
      return []
    case .operatorPassword(let no, var entered, _):
      switch key.edit(&entered, max: 6) {
      case .edited:
        state.flow = .signIn(.operatorPassword(operatorNo: no, entered: entered, notice: nil))
        return []
      case .cancel:
        state.flow = .signIn(.operatorNumber(entered: "", notice: nil))
        return []
      case .enter:
        return checkPassword(operatorNo: no, entered: entered, &state)
      }
    }
  }

  /// The driver checks the password; a weak hash it verifies comes back upgraded.
  private static func checkPassword(
    operatorNo: String, entered: SecretDigits, _ state: inout TerminalState
  ) -> [Effect] {
    guard let op = state.operatorRecord(operatorNo) else { return [] }
    state.flow = .signIn(.checkingPassword(operatorNo: operatorNo))
    return [
      .checkPassword(
        PasswordCheck(
          .signIn(operatorNo: operatorNo), password: entered, candidates: [op],
          upgradesWeakHash: true))
    ]
  }

  static func passwordChecked(
    _ result: PasswordCheck.Result, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    guard case .checkingPassword(let operatorNo) = s,
      result.purpose == .signIn(operatorNo: operatorNo), let op = state.operatorRecord(operatorNo)
    else { return [] }
    var lock = state.operatorLocks[operatorNo] ?? OperatorLockState()
    guard result.matched == op.number else {
      lock.failedAttempts += 1
      // The supervisor is never locked out: nobody could unlock the terminal.
      if lock.failedAttempts >= 3 && op.role == .cashier { lock.locked = true }
      state.operatorLocks[operatorNo] = lock
      state.flow =
        lock.locked
        ? .signIn(.locked(operatorNo: operatorNo, justNow: true))
        : .signIn(
          .operatorPassword(operatorNo: operatorNo, entered: SecretDigits(), notice: .wrongPassword)
        )
      return [.journal(.setOperatorLock(operatorNo: operatorNo, state: lock))]
    }
    var effects: [Effect] = []
    // A legacy hash (or PBKDF2 below the minimum count) is replaced now, from the
    // password just verified; the journal keeps it, and power-on puts it back.
    if let upgraded = result.upgraded, upgraded.number == operatorNo {
      if let i = state.operators.firstIndex(where: { $0.number == operatorNo }) {
        state.operators[i] = upgraded
      }
      effects.append(.journal(.upgradeOperatorHash(upgraded)))
    }
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
      state.flow = .signIn(.supervisorDone(unlocked: unlocked))
      return effects
    }
    state.flow = .signIn(.signingIn(operatorNo: operatorNo))
    effects.append(
      HostExchange.send(
        .signIn(operatorNo: operatorNo), batch: state.batch, trace: state.lastTrace, &state))
    return effects
  }

  static func host(
    _ outcome: HostAnswer<SignInReply>, _ s: State, _ state: inout TerminalState
  ) -> [Effect] {
    if case .signingOff = s {
      // Signed off either way: the host forgets the operator, or will at the next sign-in.
      if case .replied(.signedOff) = outcome { state.hostOnline = true }
      state.signedInOperator = nil
      state.banner = []
      state.flow = .signIn(.signedOff)
      return []
    }
    guard case .signingIn(let operatorNo) = s else { return [] }
    switch outcome {
    case .replied(.signedIn(let batch, let hostTime)):
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
      state.flow = state.needsForcedSettlement ? .settlement(.notice) : .menu(.main)
      return effects
    case .replied(.signedOff):
      // A sign-off's answer to a sign-in: the centre failing.
      state.hostOnline = false
      state.flow = .signIn(.signInFailed(code: .systemFault))
      return []
    case .timedOut:
      state.hostOnline = false
      state.flow = .signIn(.signInFailed(code: .timedOut))
      return []
    }
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    func t(_ m: Msg) -> String { m.text(l) }
    func notices(_ m: Msg?) -> [Screen.Line] { m.map { [.init(t($0))] } ?? [] }
    switch s {
    case .operatorNumber(let entered, let notice):
      return Screen(
        title: t(.signInTitle), lines: [.init(t(.operatorNo))] + notices(notice),
        field: .init(display: entered, masked: false))
    case .operatorPassword(let no, let entered, let notice):
      return Screen(
        title: t(.signInTitle),
        lines: [.init(t(.operatorNo) + " " + no), .init(t(.password))] + notices(notice),
        field: .init(display: entered.masked, masked: true))
    case .locked(let no, let justNow):
      return Screen(
        title: t(.signInTitle),
        lines: (justNow ? [.init(t(.passwordTriesExceeded))] : []) + [
          .init(t(.operatorNo) + " " + no), .init(t(.operatorLocked)), .init(t(.askSupervisor)),
        ],
        footer: t(.enterToGoBack))
    case .supervisorDone(let unlocked):
      let body: [Screen.Line] =
        unlocked.isEmpty
        ? [.init(t(.noneLocked))] : [.init(t(.unlocked)), .init(unlocked.joined(separator: " "))]
      return Screen(
        title: t(.signInTitle), lines: [.init(t(.supervisorSignedIn))] + body,
        footer: t(.pressAnyKeyToReturn))
    case .checkingPassword(let no):
      return Screen(
        title: t(.signInTitle),
        lines: [.init(t(.operatorNo) + " " + no), .init(t(.pleaseWait), align: .center)])
    case .signingIn:
      return Screen(title: t(.signInTitle), lines: .waiting(.signingInOnline, state))
    case .signingOff:
      return Screen(title: t(.signInTitle), lines: .waiting(.signingOff, state))
    case .signedOff:
      return Screen(
        title: t(.signInTitle), lines: [.init(t(.signedOff), align: .center)],
        footer: t(.pressAnyKeyToSignIn))
    case .signInFailed(let code):
      return Screen(
        title: t(.signInTitle),
        lines: [.init(t(.signInFailed)), .init(code.rawValue + " " + code.message(l))],
        footer: t(.pressAnyKeyToReturn))
    }
  }
}
