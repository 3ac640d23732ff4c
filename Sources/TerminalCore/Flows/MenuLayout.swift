/// Which terminal's menus the keypad follows (`menu:` in terminal.yaml). The
/// numbers are a public contract for scripts: README, "The menus".
public enum MenuLayout: String, Sendable, Equatable, CaseIterable {
  /// Lakala's countertop terminal: 1 消费, 2 扫一扫, 3 撤销, 4 退货,
  /// 5 余额查询, 6 预授权, 7 打印, 8 管理.
  case lakala
  /// The classic UnionPay bank terminal (field notes §6): 1 消费, 2 撤销, 3 退货,
  /// 4 预授权, 5 离线 (reserved), 6 打印, 7 管理, 8 其它.
  case unionpay
}

/// A menu below the main one.
public enum Submenu: Sendable, Equatable {
  case preAuth, print, management
  /// UnionPay's 其它: balance and the supervisor's password.
  case other
}

/// What choosing a menu entry does.
public enum MenuAction: Sendable, Equatable {
  case transaction(TransactionKind)
  case submenu(Submenu)
  /// 重打最后一笔: owed slips first, else the last slip again.
  case reprintLast
  /// 重打任意一笔: any slip of the open batch, by voucher.
  case reprintByVoucher
  case printDetail
  case printTotals
  case reprintSettlement
  case signIn
  case signOff
  /// 交易查询: browse the open batch.
  case inquiry
  case settle
  case lock
  /// 操作员管理 (supervisor).
  case operators
  /// 修改主管密码 (UnionPay's 其它 menu).
  case supervisorPassword
}

public struct MenuEntry: Sendable, Equatable {
  public var number: UInt8
  public var action: MenuAction
  public init(_ number: UInt8, _ action: MenuAction) {
    self.number = number
    self.action = action
  }

  /// The entry's name on the LCD.
  public var title: Msg {
    switch action {
    case .transaction(let kind): return .menuItem(kind)
    case .submenu(let menu): return .submenuTitle(menu)
    case .reprintLast, .reprintByVoucher, .printDetail, .printTotals, .reprintSettlement,
      .signIn, .signOff, .inquiry, .settle, .lock, .operators, .supervisorPassword:
      return .menuAction(action)
    }
  }
}

extension MenuLayout {
  /// The entries of the main menu (nil) or a submenu, in key order.
  public func entries(_ menu: Submenu?) -> [MenuEntry] {
    switch (self, menu) {
    case (.lakala, nil):
      return [
        MenuEntry(1, .transaction(.sale)), MenuEntry(2, .transaction(.qr)),
        MenuEntry(3, .transaction(.void)),
        MenuEntry(4, .transaction(.refund)), MenuEntry(5, .transaction(.balance)),
        MenuEntry(6, .submenu(.preAuth)), MenuEntry(7, .submenu(.print)),
        MenuEntry(8, .submenu(.management)),
      ]
    case (.unionpay, nil):
      return [
        MenuEntry(1, .transaction(.sale)), MenuEntry(2, .transaction(.void)),
        MenuEntry(3, .transaction(.refund)), MenuEntry(4, .submenu(.preAuth)),
        MenuEntry(6, .submenu(.print)), MenuEntry(7, .submenu(.management)),
        MenuEntry(8, .submenu(.other)),
      ]
    case (.lakala, .preAuth?):
      // The completion advice came last, after the four the Lakala menu has always had.
      return [
        MenuEntry(1, .transaction(.preAuth)), MenuEntry(2, .transaction(.preAuthVoid)),
        MenuEntry(3, .transaction(.preAuthCompletion)),
        MenuEntry(4, .transaction(.preAuthCompletionVoid)),
        MenuEntry(5, .transaction(.preAuthCompletionAdvice)),
      ]
    case (.unionpay, .preAuth?):
      // The standard UnionPay terminal's order: the hold, its completion (request,
      // then advice), then the two voids.
      return [
        MenuEntry(1, .transaction(.preAuth)), MenuEntry(2, .transaction(.preAuthCompletion)),
        MenuEntry(3, .transaction(.preAuthCompletionAdvice)),
        MenuEntry(4, .transaction(.preAuthVoid)),
        MenuEntry(5, .transaction(.preAuthCompletionVoid)),
      ]
    case (_, .print?):
      return [
        MenuEntry(1, .reprintLast), MenuEntry(2, .reprintByVoucher), MenuEntry(3, .printDetail),
        MenuEntry(4, .printTotals), MenuEntry(5, .reprintSettlement),
      ]
    case (_, .management?):
      return [
        MenuEntry(1, .signIn), MenuEntry(2, .signOff), MenuEntry(3, .inquiry),
        MenuEntry(4, .settle), MenuEntry(5, .lock), MenuEntry(6, .operators),
      ]
    case (_, .other?):
      return [MenuEntry(1, .transaction(.balance)), MenuEntry(2, .supervisorPassword)]
    }
  }
}
