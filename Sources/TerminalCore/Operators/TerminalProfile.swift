import Foundation

public enum Language: String, Sendable, Equatable, Codable, CaseIterable {
  case zh, en
}

/// The terminal's identity and limits, as configured (Config/terminal.yaml).
public struct TerminalProfile: Sendable, Equatable {
  public var merchantName: String
  public var merchantNo: String  // 15 digits
  public var terminalNo: String  // 8 digits
  public var acquirerName: String  // 收单行 on the slip
  public var timeZone: TimeZone
  public var language: Language
  public var maxAmountFen: Int64  // at most 999_999_999 (9,999,999.99)
  public var idleTimeoutSeconds: Double
  /// How long the terminal waits for a host reply before it gives up (交易超时).
  public var hostTimeoutSeconds: Double
  /// Slips carry 测试/TESTING,凭证无效 when true.
  public var trainingMode: Bool
  /// Which terminal's main menu the keypad follows.
  public var menuLayout: MenuLayout
  /// A void (and a completion void) asks for the card, and for the PIN.
  public var voidRequiresSwipe: Bool
  public var voidRequiresPIN: Bool
  /// A swipe after the chip failed (`chip_fallback`).
  public var chipFallback: ChipFallback = .never
  /// The contactless no-PIN-no-signature limit (`quickpass_limit_fen`).
  public var quickPassLimitFen: Int64 = 100_000

  public init(
    merchantName: String, merchantNo: String, terminalNo: String, acquirerName: String,
    timeZone: TimeZone, language: Language = .zh, maxAmountFen: Int64 = 999_999_999,
    idleTimeoutSeconds: Double = 60, hostTimeoutSeconds: Double = 60, trainingMode: Bool = true,
    menuLayout: MenuLayout = .lakala, voidRequiresSwipe: Bool = true, voidRequiresPIN: Bool = true
  ) {
    self.merchantName = merchantName
    self.merchantNo = merchantNo
    self.terminalNo = terminalNo
    self.acquirerName = acquirerName
    self.timeZone = timeZone
    self.language = language
    self.maxAmountFen = maxAmountFen
    self.idleTimeoutSeconds = idleTimeoutSeconds
    self.hostTimeoutSeconds = hostTimeoutSeconds
    self.trainingMode = trainingMode
    self.menuLayout = menuLayout
    self.voidRequiresSwipe = voidRequiresSwipe
    self.voidRequiresPIN = voidRequiresPIN
  }
}

public enum OperatorRole: String, Sendable, Equatable, Codable {
  case cashier  // two-digit number, four-digit password
  case supervisor  // 00, six-digit password
}

/// How an operator's password hash was made; stored with the hash (see `PasswordHash`).
public enum PasswordScheme: Sendable, Equatable, Hashable, Codable {
  /// The first release's salted SHA-256, 1,000 rounds: still verified, replaced at
  /// the next successful sign-in.
  case legacySHA256
  /// PBKDF2-HMAC-SHA256 with this many iterations.
  case pbkdf2SHA256(iterations: Int)
}

/// A configured operator; the password only as a salted hash (see `PasswordHash`).
public struct OperatorRecord: Sendable, Equatable, Codable {
  public var number: String
  public var role: OperatorRole
  public var salt: String  // hex, used as written
  public var passwordHash: String  // 64 hex digits
  public var scheme: PasswordScheme
  /// Set only on a hash upgraded at sign-in (kept by the journal): the fingerprint
  /// of the configured entry it stands in for (`PasswordHash.fingerprint`), so a
  /// password changed in the config later wins over it. Nil for a configured entry.
  public var supersedes: String?

  public init(
    number: String, role: OperatorRole, salt: String, passwordHash: String,
    scheme: PasswordScheme, supersedes: String? = nil
  ) {
    self.number = number
    self.role = role
    self.salt = salt
    self.passwordHash = passwordHash
    self.scheme = scheme
    self.supersedes = supersedes
  }
}
