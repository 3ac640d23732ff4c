import TerminalCore

/// The driver's side of the core's password effects: the PBKDF2 work that stays
/// out of `reduce` (`Effect.checkPassword`, `Effect.hashPassword`), answered as
/// `Event.passwordChecked` and `Event.passwordHashed`.
public struct PasswordWorker: Sendable {
  /// Salts for passwords set at the terminal.
  public var salts: SaltSource

  public init(salts: SaltSource = SaltSource()) { self.salts = salts }

  /// Tries the candidates in order; the first the password is answers. A weak hash
  /// that matches is re-hashed when the check asks (`PasswordHash.upgraded`).
  public static func check(_ check: PasswordCheck) -> PasswordCheck.Result {
    let password = check.password.plainText
    guard
      let match = check.candidates.first(where: {
        PasswordHash.verify(password: password, record: $0)
      })
    else { return PasswordCheck.Result(purpose: check.purpose, matched: nil) }
    let upgraded =
      check.upgradesWeakHash && PasswordHash.needsUpgrade(match)
      ? PasswordHash.upgraded(match, password: password) : nil
    return PasswordCheck.Result(purpose: check.purpose, matched: match.number, upgraded: upgraded)
  }

  /// A new PBKDF2 record (`PasswordHash.defaultIterations`) with the next salt;
  /// none without entropy or when the cipher library fails.
  public mutating func hash(_ request: NewPassword) -> NewPassword.Result {
    guard let salt = salts.next(),
      let hash = try? PasswordHash.hash(password: request.password.plainText, saltHex: salt)
    else { return NewPassword.Result(operatorNo: request.operatorNo, record: nil) }
    return NewPassword.Result(
      operatorNo: request.operatorNo,
      record: OperatorRecord(
        number: request.operatorNo, role: request.role, salt: salt, passwordHash: hash,
        scheme: .pbkdf2SHA256(iterations: PasswordHash.defaultIterations)))
  }
}
