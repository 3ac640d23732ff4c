/// The supervisor's and the operator's management functions behind the
/// management menu: 交易查询 (browse the open batch), 锁定终端 (lock), 操作员管理
/// (operators) and 修改主管密码 (the supervisor's password).
public enum ManagementFlow {
  public enum State: Sendable, Equatable {
    // Placeholder until the management functions land (issue 8, in progress).
    case pending(MenuAction)
  }

  static func start(_ action: MenuAction, _ state: inout TerminalState) -> [Effect] {
    state.flow = .management(.pending(action))
    return []
  }

  static func key(_ key: Key, _ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .pending:
      state.flow = .menu(.submenu(.management))
      return []
    }
  }

  static func idle(_ s: State, _ state: inout TerminalState) -> [Effect] {
    switch s {
    case .pending:
      state.flow = .menu(.main)
      return []
    }
  }

  static func screen(_ s: State, _ state: TerminalState) -> Screen {
    switch s {
    case .pending(let action):
      return Screen(title: Msg.menuAction(action).text(state.language))
    }
  }
}
