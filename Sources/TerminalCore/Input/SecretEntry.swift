/// A secret typed into the masked field on screen (a PIN or an operator's
/// password), written without its digits: a recording holds no secret, yet a
/// replay types the same entry.
///
/// Each token replaces whatever the masked field holds (as Backspaces would),
/// then types its digits; Enter or Cancel remain keys of their own:
/// - `<pin>`: the PIN the deck holds for the card in play;
/// - `<password NN>`: operator NN's password, from the trainer's passwords file
///   given at replay (`--passwords FILE`, lines `01 0000`); `<password>`: the
///   password of the operator the field asks for;
/// - `<masked N>`: N digits that are not the secret the field asks for (a wrong
///   PIN or password, or what stands for a half-typed entry; 0 empties the field).
public enum SecretEntry: Equatable, Sendable {
  case pin
  case password(operatorNo: String?)
  case masked(digits: Int)

  /// The most digits `<masked N>` takes (a deck PIN has at most 12).
  public static let maximumMaskedDigits = 12
}

/// Why a secret token typed nothing (reported as `[input] …`, like other ignored input).
public struct SecretEntryProblem: Error, Equatable, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// The trainer's operator passwords for a replay: one operator a line,
/// `NN PASSWORD` (`01 0000`), `#` comments and blank lines ignored. The
/// configuration keeps only salted hashes, so a replay of `<password NN>` needs
/// the password from the trainer.
public enum OperatorPasswords {
  public struct Malformed: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var problem: String
    public var description: String { "line \(line): \(problem)" }
  }

  /// Operator number → password. Errors name the line, never echo a password.
  public static func parse(_ text: String) throws -> [String: String] {
    var out: [String: String] = [:]
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line =
        raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
        ?? ""
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      if fields.isEmpty { continue }
      guard fields.count == 2 else {
        throw Malformed(
          line: i + 1, problem: "expected an operator number and a password (`01 0000`)")
      }
      let number = String(fields[0])
      let password = String(fields[1])
      guard number.count == 2, number.allSatisfy(\.isASCIIDigit) else {
        throw Malformed(line: i + 1, problem: "the operator number must be two digits")
      }
      guard !password.isEmpty, password.count <= 12, password.allSatisfy(\.isASCIIDigit) else {
        throw Malformed(line: i + 1, problem: "the password of operator \(number) must be digits")
      }
      guard out[number] == nil else {
        throw Malformed(line: i + 1, problem: "operator \(number) is listed twice")
      }
      out[number] = password
    }
    return out
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension TerminalState {
  /// The masked field taking keys now: what it asks for and what it holds.
  private enum SecretField {
    case pin(SecretDigits, pan: String?)
    case password(SecretDigits, operatorNo: String)
    /// A password being set for operator NN (8-6): `<password NN>` types the one the
    /// trainer's passwords file gives NN; `first` is the entry it must repeat.
    case newPassword(SecretDigits, operatorNo: String, first: SecretDigits?)
  }

  private var secretField: SecretField? {
    // A print fault holds the keypad: no field takes keys then.
    guard printer.fault == nil else { return nil }
    switch flow {
    case .signIn(.operatorPassword(let no, let entered, _)):
      return .password(entered, operatorNo: no)
    case .transaction(.entering(_, .supervisorPassword(let entered, _))):
      // Any supervisor's password passes; the configuration allows one, 00.
      let no = operators.first { $0.role == .supervisor }?.number ?? "00"
      return .password(entered, operatorNo: no)
    case .transaction(.entering(let draft, .pin(let pin, _))):
      return .pin(pin, pan: draft.card?.pan)
    case .management(.locked(.entering(let no, let entered, _))):
      // The operator's password, or the supervisor's once the operator is locked out.
      return .password(
        entered,
        operatorNo: TerminalLock.onlySupervisorUnlocks(no, self)
          ? OperatorAdmin.supervisorNo(self) : no)
    case .management(.operators(.supervisorCheck(_, let entered, _))):
      return .password(entered, operatorNo: OperatorAdmin.supervisorNo(self))
    case .management(.operators(.newPassword(_, _, let no, let entered, _))):
      return .newPassword(entered, operatorNo: no, first: nil)
    case .management(.operators(.repeatPassword(_, _, let no, let first, let entered))):
      return .newPassword(entered, operatorNo: no, first: first)
    default:
      return nil
    }
  }

  /// The PIN pad waits for the cardholder: a PIN screen with nothing typed yet.
  public var awaitsCardholderPIN: Bool {
    guard case .pin(let entered, _) = secretField else { return false }
    return entered.isEmpty
  }

  /// The masked field on screen written as a recording writes it (nil when no
  /// PIN or password field takes keys): `<pin>` when it holds the deck's PIN of
  /// the card in play, `<password NN>` when it holds operator NN's password,
  /// else `<masked N>`. `pinOf` gives the deck's PIN of a card number;
  /// `isPassword` checks a password against an operator's record (PBKDF2: the
  /// driver's, never the core's).
  public func maskedEntry(
    pinOf: (String) -> String?, isPassword: (String, OperatorRecord) -> Bool
  ) -> SecretEntry? {
    switch secretField {
    case nil:
      return nil
    case .pin(let entered, let pan):
      let pin = pan.flatMap(pinOf)
      return pin != nil && entered.plainText == pin ? .pin : .masked(digits: entered.count)
    case .password(let entered, let no):
      if !entered.isEmpty, matches(entered.plainText, of: no, isPassword) {
        return .password(operatorNo: no)
      }
      return .masked(digits: entered.count)
    case .newPassword(let entered, let no, let first):
      // Recorded as NN's password (the replay's passwords file gives the new one),
      // unless it is a repeat that differs from the first entry.
      guard !entered.isEmpty, first == nil || first == entered else {
        return .masked(digits: entered.count)
      }
      return .password(operatorNo: no)
    }
  }

  /// The keys that put `entry` into the masked field on screen: a Backspace for
  /// every digit it holds, then the secret's digits. `passwords` is the
  /// trainer's operator → password list.
  public func keys(
    for entry: SecretEntry, pinOf: (String) -> String?,
    isPassword: (String, OperatorRecord) -> Bool, passwords: [String: String]
  ) -> Result<[Key], SecretEntryProblem> {
    guard let field = secretField else {
      return .failure(SecretEntryProblem("no PIN or password field takes keys now"))
    }
    let digits: String
    let held: Int
    switch (entry, field) {
    case (.pin, .pin(let entered, let pan)):
      guard let pin = pan.flatMap(pinOf) else {
        return .failure(SecretEntryProblem("the deck holds no PIN for the card in play"))
      }
      digits = pin
      held = entered.count
    case (.password(let asked), .password(let entered, let no)):
      let number = asked ?? no
      guard let password = passwords[number] else {
        return .failure(
          SecretEntryProblem(
            "no password for operator \(number): replay with --passwords FILE (lines `\(number) PASSWORD`)"
          ))
      }
      digits = password
      held = entered.count
    case (.masked(let n), .pin(let entered, let pan)):
      let pin = pan.flatMap(pinOf)
      digits = Self.standIn(n) { $0 != pin }
      held = entered.count
    case (.masked(let n), .password(let entered, let no)):
      digits = Self.standIn(n) { !matches($0, of: no, isPassword) }
      held = entered.count
    case (.password(let asked), .newPassword(let entered, let no, _)):
      let number = asked ?? no
      guard let password = passwords[number] else {
        return .failure(
          SecretEntryProblem(
            "no password for operator \(number): replay with --passwords FILE (lines `\(number) PASSWORD`)"
          ))
      }
      digits = password
      held = entered.count
    case (.masked(let n), .newPassword(let entered, _, let first)):
      digits = Self.standIn(n) { $0 != first?.plainText }
      held = entered.count
    case (.pin, .password), (.pin, .newPassword):
      return .failure(SecretEntryProblem("the field on screen asks for a password, not a PIN"))
    case (.password, .pin):
      return .failure(SecretEntryProblem("the field on screen asks for a PIN, not a password"))
    }
    return .success(
      Array(repeating: Key.backspace, count: held)
        + digits.compactMap { $0.wholeNumberValue.map { Key.digit(UInt8($0)) } })
  }

  private func matches(
    _ text: String, of operatorNo: String, _ verify: (String, OperatorRecord) -> Bool
  ) -> Bool {
    guard let record = operatorRecord(operatorNo) else { return false }
    return verify(text, record)
  }

  /// `n` digits that `acceptable` takes: 00…0, else 11…1, … (one of the first
  /// two always passes: a field has one secret).
  private static func standIn(_ n: Int, _ acceptable: (String) -> Bool) -> String {
    for d in 0...9 {
      let candidate = String(repeating: Character(String(d)), count: n)
      if acceptable(candidate) { return candidate }
    }
    return String(repeating: "0", count: n)
  }
}
