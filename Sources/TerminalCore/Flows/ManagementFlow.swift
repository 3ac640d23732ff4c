/// The supervisor's and the operator's management functions behind the
/// management menu: 交易查询 (browse the open batch, `BatchInquiry`), 锁定终端
/// (lock, `TerminalLock`), 操作员管理 (operators, `OperatorAdmin`) and UnionPay's
/// 修改主管密码 (the supervisor's password, also `OperatorAdmin`).
///
/// None of them talks to the host. Passwords are typed into masked fields and
/// leave the core only as PBKDF2 hashes in journal commands.
public enum ManagementFlow {
  public enum State: Sendable, Equatable {
    /// 8-3 交易查询.
    case inquiry(BatchInquiry.State)
    /// 8-5 锁定终端: only a password leaves it; idle time does not.
    case locked(TerminalLock.State)
    /// 8-6 操作员管理 and UnionPay 8-2 修改主管密码.
    case operators(OperatorAdmin.State)
  }

  static func start(_ action: MenuAction, _ state: inout TerminalState) -> [Effect] {
    switch action {
    case .inquiry:
      return BatchInquiry.start(&state)
    case .lock:
      return TerminalLock.start(&state)
    case .operators:
      return OperatorAdmin.start(from: .operatorsMenu, &state)
    case .supervisorPassword:
      return OperatorAdmin.start(from: .otherMenu, &state)
    case .transaction, .submenu, .reprintLast, .reprintByVoucher, .printDetail, .printTotals,
      .reprintSettlement, .signIn, .signOff, .settle:
      // Not a management function: MenuFlow runs these itself.
      return []
    }
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .inquiry(let s): return BatchInquiry.key(key, s, &state)
    case .locked(let s): return TerminalLock.key(key, s, &state)
    case .operators(let s): return OperatorAdmin.key(key, s, &state)
    }
  }

  static func idle(_ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .inquiry, .operators:
      // What was typed (a password too) is dropped with the screen.
      state.flow = .menu(.main)
      return []
    case .locked:
      // A locked terminal stays locked however long it waits.
      return []
    }
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    switch s {
    case .inquiry(let s): return BatchInquiry.screen(s, state)
    case .locked(let s): return TerminalLock.screen(s, state)
    case .operators(let s): return OperatorAdmin.screen(s, state)
    }
  }
}
