/// An operator as changed at the terminal (8-6 操作员管理, UnionPay 8-2 修改主管密码):
/// the journal keeps one per operator number, the newest winning, and power-on
/// applies them over the configured operators (`OperatorRoster.apply`). Once an
/// operator has been changed at the terminal, the journal is where that operator
/// lives; `Config/operators.yaml` only seeds a new journal.
public enum OperatorChange: Codable, Sendable, Equatable {
  /// Added, or given a new password: the whole record, hashed (PBKDF2, a new salt).
  case saved(OperatorRecord)
  /// Deleted at the terminal: gone even if the config still lists the number.
  case deleted(operatorNo: String)

  public var operatorNo: String {
    switch self {
    case .saved(let record): return record.number
    case .deleted(let no): return no
    }
  }
}

public enum OperatorRoster {
  /// The operators to sign in against: `base` (the configured ones with their
  /// upgraded hashes) with the terminal's changes laid over it, ordered by number.
  public static func apply(_ changes: [OperatorChange], to base: [OperatorRecord])
    -> [OperatorRecord]
  {
    var byNumber: [String: OperatorRecord] = [:]
    for record in base { byNumber[record.number] = record }
    for change in changes {
      switch change {
      case .saved(let record): byNumber[record.number] = record
      case .deleted(let no): byNumber[no] = nil
      }
    }
    return byNumber.values.sorted { $0.number < $1.number }
  }

  /// The configured operators, each replaced by the hash upgraded at sign-in that
  /// stands for it (same number; the driver passes only upgrades of the very entry
  /// configured, `PasswordHash.standingUpgrades`). The role stays the config's.
  public static func upgraded(_ configured: [OperatorRecord], by upgrades: [OperatorRecord])
    -> [OperatorRecord]
  {
    configured.map { entry in
      guard var upgrade = upgrades.first(where: { $0.number == entry.number }) else {
        return entry
      }
      upgrade.role = entry.role
      return upgrade
    }
  }
}
