import Foundation
import TerminalCore

/// How a wallet's customer behaves when the cashier scans the code (deck.yaml
/// `behaviour:`).
public enum WalletBehaviour: Sendable, Equatable {
  /// `pays`: paid at once (51 when the balance is short).
  case pays
  /// `confirms_on_phone`: USERPAYING; the customer confirms `confirm_after_s`
  /// seconds after the order (10 unless given).
  case confirmsOnPhone(afterSeconds: Double)
  /// `never_confirms`: USERPAYING; the terminal cancels the order after 30 s.
  case neverConfirms
  /// `used_or_expired`: the code was used already or has expired (Q1).
  case usedOrExpired

  /// The names deck.yaml accepts.
  static let names = ["pays", "confirms_on_phone", "never_confirms", "used_or_expired"]
}

/// One phone of the trainer's deck: a wallet's payment code (付款码), the money in
/// the wallet and how its customer behaves. `position` is its place in the tray's
/// phones (1-based, file order).
public struct DeckWallet: Sendable, Equatable {
  public var position: Int
  public var label: String
  public var code: String
  public var kind: PaymentCodeKind
  public var balanceFen: Int64
  public var behaviour: WalletBehaviour

  public init(
    position: Int, label: String, code: String, kind: PaymentCodeKind, balanceFen: Int64,
    behaviour: WalletBehaviour
  ) {
    self.position = position
    self.label = label
    self.code = code
    self.kind = kind
    self.balanceFen = balanceFen
    self.behaviour = behaviour
  }
}

extension DeckFile {
  static let walletKeys = ["label", "code", "balance_fen", "behaviour", "confirm_after_s"]

  /// deck.yaml's `wallets:` (optional; none when absent).
  static func parseWallets(_ root: ConfigNode) throws(ConfigError) -> [DeckWallet] {
    let m = try root.mapping(keys: rootKeys)
    guard let list = m.optional("wallets") else { return [] }
    var wallets: [DeckWallet] = []
    var codes: [String: Int] = [:]
    for (index, item) in try list.list().enumerated() {
      let wallet = try parseWallet(item, position: index + 1)
      if let other = codes[wallet.code] {
        throw try item.mapping(keys: walletKeys).required("code")
          .error("the same code as wallet \(other)")
      }
      codes[wallet.code] = wallet.position
      wallets.append(wallet)
    }
    return wallets
  }

  static func parseWallet(_ item: ConfigNode, position: Int) throws(ConfigError) -> DeckWallet {
    let w = try item.mapping(keys: walletKeys)
    let codeNode = try w.required("code")
    let code = try codeNode.digits(16...24)
    guard let kind = PaymentCodeKind.classify(code) else {
      throw codeNode.error(
        "\"\(code)\" is no wallet's payment code: WeChat is 18 digits starting 10–15, Alipay 16–24 digits starting 25–30, UnionPay QR 19 digits starting 62"
      )
    }
    let balance = try w.required("balance_fen").integer(0...99_999_999_999)
    let behaviourNode = try w.required("behaviour")
    let name = try behaviourNode.text()
    let afterNode = w.optional("confirm_after_s")
    let behaviour: WalletBehaviour
    switch name {
    case "pays": behaviour = .pays
    case "confirms_on_phone":
      behaviour = .confirmsOnPhone(afterSeconds: try afterNode?.number(0...3600) ?? 10)
    case "never_confirms": behaviour = .neverConfirms
    case "used_or_expired": behaviour = .usedOrExpired
    default:
      throw behaviourNode.error(
        "\"\(name)\" is not one of: \(WalletBehaviour.names.joined(separator: ", "))")
    }
    if let afterNode, name != "confirms_on_phone" {
      throw afterNode.error("only a wallet whose behaviour is confirms_on_phone confirms later")
    }
    let label =
      try w.optional("label")?.label(maxColumns: 32) ?? "\(kind.displayName) \(name)"
    return DeckWallet(
      position: position, label: label, code: code, kind: kind, balanceFen: balance,
      behaviour: behaviour)
  }
}
