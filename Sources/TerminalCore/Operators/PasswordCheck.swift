/// A password typed at the terminal, for the driver to check against operator
/// records. PBKDF2 takes tens of milliseconds a try, so `reduce` never runs it:
/// the flow asks with `Effect.checkPassword`, shows 请稍候 while the check is out
/// (keys are ignored meanwhile), and goes on when `Event.passwordChecked` answers.
public struct PasswordCheck: Sendable, Equatable, CustomStringConvertible {
  /// Who asked: the state waiting for the answer takes only its own.
  public enum Purpose: Sendable, Equatable {
    /// 签到: the operator's own password.
    case signIn(operatorNo: String)
    /// A transaction's supervisor password step (void, refund, …).
    case transactionSupervisor
    /// 8-6 操作员管理 or UnionPay 8-2 修改主管密码, behind the supervisor's password.
    case operatorAdmin(OperatorAdmin.Origin)
    /// 8-5 锁定终端: the operator's password, or a supervisor's.
    case unlock(operatorNo: String)
  }

  /// The driver's answer.
  public struct Result: Sendable, Equatable {
    public var purpose: Purpose
    /// The number of the first candidate the password is; nil when it is none of them.
    public var matched: String?
    /// With `upgradesWeakHash`: the matched record re-hashed at full strength
    /// when its hash was weak (legacy, or PBKDF2 below the minimum count).
    public var upgraded: OperatorRecord?

    public init(purpose: Purpose, matched: String?, upgraded: OperatorRecord? = nil) {
      self.purpose = purpose
      self.matched = matched
      self.upgraded = upgraded
    }
  }

  public var purpose: Purpose
  /// Never in clear in a description (`SecretDigits` is redacted).
  public var password: SecretDigits
  /// The records the password may be, tried in order.
  public var candidates: [OperatorRecord]
  /// Only a sign-in replaces a weak hash (from the password just verified).
  public var upgradesWeakHash: Bool

  public init(
    _ purpose: Purpose, password: SecretDigits, candidates: [OperatorRecord],
    upgradesWeakHash: Bool = false
  ) {
    self.purpose = purpose
    self.password = password
    self.candidates = candidates
    self.upgradesWeakHash = upgradesWeakHash
  }

  public var description: String {
    "PasswordCheck(\(purpose), \(password), candidates: \(candidates.map(\.number)))"
  }
}

/// A new password set at the terminal (8-6, 8-2), for the driver to hash: PBKDF2
/// at full strength with a fresh salt, both outside `reduce` (the core reads no
/// randomness either). `Event.passwordHashed` brings the record back.
public struct NewPassword: Sendable, Equatable, CustomStringConvertible {
  public var operatorNo: String
  public var role: OperatorRole
  /// Never in clear in a description (`SecretDigits` is redacted).
  public var password: SecretDigits

  /// The driver's answer: the record to save, or nil when no hash could be made
  /// (no entropy for a salt, or the cipher library failed): the old password stays.
  public struct Result: Sendable, Equatable {
    public var operatorNo: String
    public var record: OperatorRecord?
    public init(operatorNo: String, record: OperatorRecord?) {
      self.operatorNo = operatorNo
      self.record = record
    }
  }

  public init(operatorNo: String, role: OperatorRole, password: SecretDigits) {
    self.operatorNo = operatorNo
    self.role = role
    self.password = password
  }

  public var description: String { "NewPassword(\(operatorNo), \(role), \(password))" }
}
