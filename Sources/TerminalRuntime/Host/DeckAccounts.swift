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

extension DeckWallet {
  /// The wallet platform's record of this phone's wallet, for the in-process acquirer.
  public var acquirerWallet: AcquirerWallet {
    let behaviour: AcquirerWallet.Behaviour
    switch self.behaviour {
    case .pays: behaviour = .pays
    case .confirmsOnPhone(let after): behaviour = .confirmsOnPhone(afterSeconds: after)
    case .neverConfirms: behaviour = .neverConfirms
    case .usedOrExpired: behaviour = .usedOrExpired
    }
    return AcquirerWallet(code: code, balanceFen: balanceFen, behaviour: behaviour)
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
