/// One card account as the issuer holds it. The runtime builds these from the
/// trainer's deck; the acquirer knows nothing of config files or card readers.
public struct AcquirerAccount: Sendable, Equatable {
  public enum Status: Sendable, Equatable, CaseIterable {
    case normal
    case lost  // 41
    case stolen  // 43
    case restricted  // 62
  }

  public enum Kind: Sendable, Equatable, CaseIterable { case debit, credit }

  public var pan: String
  public var expiry: String  // YYMM
  public var status: Status
  /// The issuer's record of the PIN; nil: the card is not PIN-checked.
  public var pin: String?
  /// The cardholder may skip the PIN (no PIN block is then not a 55).
  public var pinOptional: Bool
  /// The opening balance (or credit); the state file's balance wins once the
  /// issuer has seen the card.
  public var balanceFen: Int64
  /// Per-transaction limit: larger amounts answer 61.
  public var limitFen: Int64?
  /// The issuing bank's name for the slip.
  public var issuer: String
  public var kind: Kind

  public init(
    pan: String, expiry: String, status: Status = .normal, pin: String?,
    pinOptional: Bool = false, balanceFen: Int64, limitFen: Int64? = nil, issuer: String,
    kind: Kind = .debit
  ) {
    self.pan = pan
    self.expiry = expiry
    self.status = status
    self.pin = pin
    self.pinOptional = pinOptional
    self.balanceFen = balanceFen
    self.limitFen = limitFen
    self.issuer = issuer
    self.kind = kind
  }
}

/// What the simulated host does to requests, to rehearse the unhappy paths.
public enum AcquirerFault: Sendable, Equatable, CaseIterable {
  case none
  /// Financial transactions answer 98; nothing is debited.
  case issuerTimeout
  /// Financial transactions answer 96, nothing is debited; reversals are refused.
  case failure
  /// Financial transactions are processed (and debited when approved) but the
  /// reply is lost: the terminal's timeout makes it reverse.
  case noReply
}
