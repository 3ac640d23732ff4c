import Acquirer
import TerminalConfig

extension DeckCard {
  /// The issuer's record of this deck card, for the in-process acquirer.
  public var acquirerAccount: AcquirerAccount {
    AcquirerAccount(
      pan: pan, expiry: expiry, status: status.acquirerStatus, pin: pin, pinOptional: pinOptional,
      balanceFen: balanceFen, limitFen: limitFen, issuer: issuer,
      kind: kind == .credit ? .credit : .debit)
  }
}

extension CardStatus {
  var acquirerStatus: AcquirerAccount.Status {
    switch self {
    case .normal: return .normal
    case .lost: return .lost
    case .stolen: return .stolen
    case .restricted: return .restricted
    }
  }
}

extension HostFaultMode {
  public var acquirerFault: AcquirerFault {
    switch self {
    case .none: return .none
    case .issuerTimeout: return .issuerTimeout
    case .failure: return .failure
    case .noReply: return .noReply
    }
  }
}
