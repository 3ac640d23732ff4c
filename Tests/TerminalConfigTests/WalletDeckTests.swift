import Foundation
import TerminalCore
import Testing

@testable import TerminalConfig

/// deck.yaml's `wallets:` (the phones of 扫一扫): the shipped ones, and every
/// mistake named as file:line: field.
@Suite struct WalletDeckTests {
  @Test func theShippedPhonesCoverEveryOutcome() throws {
    let wallets = try ConfigLoader.load(directory: configDirectory).wallets
    #expect(wallets.map(\.position) == Array(1...6))
    #expect(wallets.map(\.kind) == [.wechat, .alipay, .wechat, .alipay, .wechat, .unionPayQR])
    #expect(
      wallets.map(\.behaviour) == [
        .pays, .confirmsOnPhone(afterSeconds: 10), .neverConfirms, .pays, .usedOrExpired, .pays,
      ])
    #expect(wallets[3].balanceFen == 1000)
    for wallet in wallets {
      #expect(PaymentCodeKind.classify(wallet.code) == wallet.kind)
      #expect(DisplayWidth.of(wallet.label) <= 32)
    }
  }

  @Test func aCodeThatIsNoWalletsIsNamedWithItsLine() throws {
    let (e, text) = try loadError(
      "deck.yaml",
      edit: replacing("code: \"134502000000000001\"", "code: \"164502000000000001\""))
    #expect(e.line == lineNumber(of: "code: \"164502000000000001\"", in: text))
    #expect(e.field == "wallets[1].code")
    #expect(e.problem.contains("is no wallet's payment code"))
  }

  @Test func anUnknownBehaviourIsNamed() throws {
    let (e, text) = try loadError(
      "deck.yaml", edit: replacing("behaviour: never_confirms", "behaviour: sometimes"))
    #expect(e.line == lineNumber(of: "behaviour: sometimes", in: text))
    #expect(e.field == "wallets[3].behaviour")
    #expect(
      e.problem
        == "\"sometimes\" is not one of: pays, confirms_on_phone, never_confirms, used_or_expired")
  }

  @Test func confirmAfterBelongsToAPhoneThatConfirms() throws {
    let (e, _) = try loadError(
      "deck.yaml",
      edit: replacing(
        "behaviour: never_confirms", "behaviour: never_confirms\n    confirm_after_s: 5"))
    #expect(e.field == "wallets[3].confirm_after_s")
    #expect(e.problem.contains("only a wallet whose behaviour is confirms_on_phone"))
  }

  @Test func twoPhonesWithOneCodeAreRefused() throws {
    let (e, _) = try loadError(
      "deck.yaml",
      edit: replacing("code: \"134502000000000003\"", "code: \"134502000000000001\""))
    #expect(e.field == "wallets[3].code")
    #expect(e.problem == "the same code as wallet 1")
  }

  @Test func aMissingBalanceAndAnUnknownKeyAreNamed() throws {
    let (missing, _) = try loadError(
      "deck.yaml", edit: replacing("    balance_fen: 1000\n", ""))
    #expect(missing.field == "wallets[4].balance_fen")
    let (unknown, _) = try loadError(
      "deck.yaml",
      edit: replacing("behaviour: used_or_expired", "behaviour: used_or_expired\n    pin: \"1234\"")
    )
    #expect(unknown.field == "wallets[5].pin")
  }
}
