/// 8-6 操作员管理, behind the supervisor's password: 1 增加操作员 (a number 01–99
/// not yet used, a 4-digit password keyed twice), 2 删除操作员 (not 00, not the one
/// signed in, after a confirmation), 3 修改操作员密码 (4 digits keyed twice; 00 here
/// changes the supervisor's), 4 修改主管密码 (6 digits keyed twice). UnionPay's
/// 其它-2 修改主管密码 is the same change on its own, behind the same password.
///
/// Cancel goes back one level: from the supervisor's password to the menu it was
/// chosen from, from the operators menu to the management menu, and from any step
/// of a function to the operators menu (UnionPay's 其它-2: to 其它).
///
/// The supervisor's password is checked, and a new password hashed (PBKDF2 at full
/// strength, a new salt), by the driver (`Effect.checkPassword`,
/// `Effect.hashPassword`) while 请稍候 shows; a new password leaves the core only
/// as that hash, in `JournalCommand.saveOperator`.
public enum OperatorAdmin {
  /// Where the function was chosen, and where it returns.
  public enum Origin: Sendable, Equatable {
    /// 8-6: the operators menu.
    case operatorsMenu
    /// UnionPay 8-2: 其它.
    case otherMenu
  }

  public enum Task: Sendable, Equatable {
    case add, delete, changePassword, supervisorPassword
  }

  public enum State: Sendable, Equatable {
    case supervisorCheck(Origin, entered: SecretDigits, notice: Msg?)
    /// 请稍候: the driver checks the supervisor's password.
    case checkingSupervisor(Origin)
    /// The operators menu; `notice` says how the last function ended.
    case menu(notice: Msg?)
    /// Add, delete or change: which operator.
    case operatorNumber(Task, entered: String, notice: Msg?)
    case confirmDelete(operatorNo: String)
    case newPassword(Origin, Task, operatorNo: String, entered: SecretDigits, notice: Msg?)
    case repeatPassword(
      Origin, Task, operatorNo: String, first: SecretDigits, entered: SecretDigits)
    /// 请稍候: the driver hashes the new password.
    case saving(Origin, Task, operatorNo: String)
  }

  static let cashierDigits = 4
  static let supervisorDigits = 6

  static func supervisorNo(_ state: TerminalState) -> String {
    state.operators.first { $0.role == .supervisor }?.number ?? "00"
  }

  static func start(from origin: Origin, _ state: inout TerminalState) -> [Effect] {
    state.flow = .management(
      .operators(.supervisorCheck(origin, entered: SecretDigits(), notice: nil)))
    return []
  }

  /// The menus of the operators menu, in key order.
  static let entries: [(UInt8, Task, Msg)] = [
    (1, .add, .addOperator), (2, .delete, .deleteOperator),
    (3, .changePassword, .changeOperatorPassword),
    (4, .supervisorPassword, .menuAction(.supervisorPassword)),
  ]

  private static func go(_ s: State, _ state: inout TerminalState) {
    state.flow = .management(.operators(s))
  }

  /// Back to where the function was chosen, saying how it ended.
  private static func finish(_ origin: Origin, _ notice: Msg?, _ state: inout TerminalState) {
    switch origin {
    case .operatorsMenu:
      go(.menu(notice: notice), &state)
    case .otherMenu:
      state.banner = notice.map { [$0.text(state.language)] } ?? []
      state.flow = .menu(.submenu(.other))
    }
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .checkingSupervisor, .saving:
      // The driver is checking or hashing: keys wait for its answer.
      return []

    case .supervisorCheck(let origin, var entered, _):
      switch key.edit(&entered, max: supervisorDigits) {
      case .edited: break
      case .cancel:
        state.flow = .menu(.submenu(origin == .operatorsMenu ? .management : .other))
        return []
      case .enter:
        go(.checkingSupervisor(origin), &state)
        return [
          .checkPassword(
            PasswordCheck(
              .operatorAdmin(origin), password: entered,
              candidates: state.operators.filter { $0.role == .supervisor }))
        ]
      }
      go(.supervisorCheck(origin, entered: entered, notice: nil), &state)
      return []

    case .menu:
      switch key {
      case .cancel:
        state.flow = .menu(.submenu(.management))
      case .digit(let d):
        guard let task = entries.first(where: { $0.0 == d })?.1 else { return [] }
        go(
          task == .supervisorPassword
            ? askNewPassword(.operatorsMenu, task, supervisorNo(state))
            : .operatorNumber(task, entered: "", notice: nil), &state)
      case .enter, .backspace:
        return []
      }
      return []

    case .operatorNumber(let task, var entered, _):
      switch key.edit(&entered, max: 2) {
      case .edited:
        go(.operatorNumber(task, entered: entered, notice: nil), &state)
      case .cancel:
        go(.menu(notice: nil), &state)
      case .enter:
        switch check(task, entered, state) {
        case .refused(let notice):
          go(.operatorNumber(task, entered: "", notice: notice), &state)
        case .next(let next):
          go(next, &state)
        }
      }
      return []

    case .confirmDelete(let no):
      switch key {
      case .enter:
        state.operators.removeAll { $0.number == no }
        state.operatorLocks[no] = nil
        go(.menu(notice: .operatorDeleted(no)), &state)
        return [.journal(.deleteOperator(operatorNo: no))]
      case .cancel:
        go(.menu(notice: nil), &state)
        return []
      case .digit, .backspace:
        return []
      }

    case .newPassword(let origin, let task, let no, var entered, _):
      switch key.edit(&entered, max: digits(task)) {
      case .edited: break
      case .cancel:
        finish(origin, nil, &state)
        return []
      case .enter:
        guard entered.count == digits(task) else {
          go(
            .newPassword(
              origin, task, operatorNo: no, entered: SecretDigits(),
              notice: .digitsNeeded(digits(task))), &state)
          return []
        }
        go(
          .repeatPassword(origin, task, operatorNo: no, first: entered, entered: SecretDigits()),
          &state)
        return []
      }
      go(.newPassword(origin, task, operatorNo: no, entered: entered, notice: nil), &state)
      return []

    case .repeatPassword(let origin, let task, let no, let first, var entered):
      switch key.edit(&entered, max: digits(task)) {
      case .edited: break
      case .cancel:
        finish(origin, nil, &state)
        return []
      case .enter:
        guard entered == first else {
          go(
            .newPassword(
              origin, task, operatorNo: no, entered: SecretDigits(), notice: .passwordsDiffer),
            &state)
          return []
        }
        return save(origin, task, no, entered, &state)
      }
      go(.repeatPassword(origin, task, operatorNo: no, first: first, entered: entered), &state)
      return []
    }
  }

  /// The driver's answer on the supervisor's password.
  static func checked(_ result: PasswordCheck.Result, _ s: State, _ state: inout TerminalState)
    -> [Effect]
  {
    guard case .checkingSupervisor(let origin) = s, result.purpose == .operatorAdmin(origin) else {
      return []
    }
    guard result.matched != nil else {
      go(.supervisorCheck(origin, entered: SecretDigits(), notice: .wrongPassword), &state)
      return []
    }
    switch origin {
    case .operatorsMenu:
      go(.menu(notice: nil), &state)
    case .otherMenu:
      go(askNewPassword(origin, .supervisorPassword, supervisorNo(state)), &state)
    }
    return []
  }

  private enum Checked {
    case refused(Msg)
    case next(State)
  }

  /// The operator number keyed for `task`, checked before anything else is asked.
  private static func check(_ task: Task, _ entered: String, _ state: TerminalState) -> Checked {
    guard entered.count == 2 else { return .refused(.digitsNeeded(2)) }
    let existing = state.operatorRecord(entered)
    switch task {
    case .add:
      guard entered != "00" else { return .refused(.operatorNumberRange) }
      guard existing == nil else { return .refused(.operatorExists) }
      return .next(askNewPassword(.operatorsMenu, .add, entered))
    case .delete:
      guard let existing else { return .refused(.noSuchOperator) }
      guard existing.role == .cashier else { return .refused(.cannotDeleteSupervisor) }
      guard entered != state.signedInOperator else { return .refused(.cannotDeleteSignedIn) }
      return .next(.confirmDelete(operatorNo: entered))
    case .changePassword, .supervisorPassword:
      guard let existing else { return .refused(.noSuchOperator) }
      // 00 here is the supervisor's password, with its six digits.
      let task: Task = existing.role == .supervisor ? .supervisorPassword : .changePassword
      return .next(askNewPassword(.operatorsMenu, task, entered))
    }
  }

  private static func askNewPassword(_ origin: Origin, _ task: Task, _ no: String) -> State {
    .newPassword(origin, task, operatorNo: no, entered: SecretDigits(), notice: nil)
  }

  static func digits(_ task: Task) -> Int {
    task == .supervisorPassword ? supervisorDigits : cashierDigits
  }

  private static func save(
    _ origin: Origin, _ task: Task, _ no: String, _ password: SecretDigits,
    _ state: inout TerminalState
  ) -> [Effect] {
    let role: OperatorRole = task == .supervisorPassword ? .supervisor : .cashier
    go(.saving(origin, task, operatorNo: no), &state)
    return [.hashPassword(NewPassword(operatorNo: no, role: role, password: password))]
  }

  /// The driver's answer with the new password's record: saved, or the old stays.
  static func hashed(_ result: NewPassword.Result, _ s: State, _ state: inout TerminalState)
    -> [Effect]
  {
    guard case .saving(let origin, let task, let no) = s, result.operatorNo == no else {
      return []
    }
    guard let record = result.record else {
      finish(origin, .passwordNotSaved, &state)
      return []
    }
    state.operators = OperatorRoster.apply([.saved(record)], to: state.operators)
    state.operatorLocks[no] = nil
    let done: Msg
    switch task {
    case .add: done = .operatorAdded(no)
    case .changePassword, .delete: done = .operatorPasswordChanged(no)
    case .supervisorPassword: done = .supervisorPasswordChanged
    }
    finish(origin, done, &state)
    return [.journal(.saveOperator(record))]
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    let l = state.language
    func t(_ m: Msg) -> String { m.text(l) }
    func notices(_ m: Msg?) -> [Screen.Line] { m.map { [.init(t($0))] } ?? [] }
    switch s {
    case .supervisorCheck(let origin, let entered, let notice):
      return Screen(
        title: t(.menuAction(origin == .operatorsMenu ? .operators : .supervisorPassword)),
        lines: [.init(t(.supervisorPassword))] + notices(notice),
        field: .init(display: entered.masked, masked: true))
    case .checkingSupervisor(let origin):
      return Screen(
        title: t(.menuAction(origin == .operatorsMenu ? .operators : .supervisorPassword)),
        lines: [.init(t(.supervisorPassword)), .init(t(.pleaseWait), align: .center)])
    case .saving(let origin, let task, let no):
      return Screen(
        title: t(origin == .otherMenu ? .menuAction(.supervisorPassword) : title(task)),
        lines: [.init(t(.operatorNo) + " " + no), .init(t(.pleaseWait), align: .center)])
    case .menu(let notice):
      return Screen(
        title: t(.menuAction(.operators)),
        lines: entries.map { .init("\($0.0)." + t($0.2)) } + notices(notice))
    case .operatorNumber(let task, let entered, let notice):
      return Screen(
        title: t(title(task)),
        lines: [.init(t(task == .add ? .newOperatorNo : .operatorNo))] + notices(notice),
        field: .init(display: entered, masked: false))
    case .confirmDelete(let no):
      return Screen(
        title: t(.deleteOperator), lines: [.init(t(.confirmDeleteOperator(no)))],
        footer: t(.confirmCancel))
    case .newPassword(let origin, let task, let no, let entered, let notice):
      return Screen(
        title: t(origin == .otherMenu ? .menuAction(.supervisorPassword) : title(task)),
        lines: [.init(t(.operatorNo) + " " + no), .init(t(.newPassword(digits(task))))]
          + notices(notice),
        field: .init(display: entered.masked, masked: true))
    case .repeatPassword(let origin, let task, let no, _, let entered):
      return Screen(
        title: t(origin == .otherMenu ? .menuAction(.supervisorPassword) : title(task)),
        lines: [.init(t(.operatorNo) + " " + no), .init(t(.passwordAgain))],
        field: .init(display: entered.masked, masked: true))
    }
  }

  private static func title(_ task: Task) -> Msg {
    switch task {
    case .add: return .addOperator
    case .delete: return .deleteOperator
    case .changePassword: return .changeOperatorPassword
    case .supervisorPassword: return .menuAction(.supervisorPassword)
    }
  }
}
