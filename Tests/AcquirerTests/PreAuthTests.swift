import Acquirer
import Foundation
import TerminalCore
import Testing

let thirtyDays: TimeInterval = 30 * 86_400

@Suite("预授权: holds, their voids and completions")
struct PreAuthTests {
  @Test func aPreAuthorisationHoldsTheAmountAndASaleMaySpendOnlyTheRest() throws {
    let host = try acquirer()
    let reply = transactionReply(host, preAuthRequest(Cards.poor, amountFen: 600, trace: 1))
    #expect(reply?.responseCode == .approved)
    #expect(reply?.authCode?.count == 6)
    #expect(reply?.referenceNo?.count == 12)
    #expect(try host.balance(pan: Cards.poor) == 1_000, "no money moves")
    #expect(try host.availableBalance(pan: Cards.poor, at: noon) == 400)
    let holds = try host.holds(pan: Cards.poor, at: noon)
    #expect(holds.map(\.amountFen) == [600])
    #expect(holds.first?.authCode == reply?.authCode)
    #expect(holds.first?.placedAt == noon)
    #expect(holds.first?.expiresAt == noon + thirtyDays)

    #expect(code(host, saleRequest(Cards.poor, amountFen: 401, trace: 2)) == "51")
    #expect(code(host, preAuthRequest(Cards.poor, amountFen: 401, trace: 3)) == "51")
    #expect(code(host, saleRequest(Cards.poor, amountFen: 400, trace: 4)) == "00")
    #expect(try host.availableBalance(pan: Cards.poor, at: noon) == 0)
    #expect(
      try host.settlementTotals(terminalNo: testTerminal, batch: 1).debit
        == Totals(count: 1, amountFen: 400))
  }

  @Test func aPreAuthorisationAsksForThePINAndKeepsTheLimit() throws {
    let host = try acquirer()
    #expect(code(host, preAuthRequest(Cards.good, amountFen: 100, trace: 1, pin: nil)) == "55")
    #expect(code(host, preAuthRequest(Cards.good, amountFen: 100, trace: 2, pin: "9999")) == "55")
    #expect(code(host, preAuthRequest(Cards.limited, amountFen: 100_001, trace: 3)) == "61")
    #expect(try host.holds(pan: Cards.good, at: noon) == [])
    #expect(try host.holds(pan: Cards.limited, at: noon) == [])
  }

  @Test func aBalanceInquiryShowsWhatTheCardMaySpend() throws {
    let host = try acquirer()
    _ = approved(host, preAuthRequest(Cards.good, amountFen: 30_000, trace: 1))
    let reply = transactionReply(host, balanceRequest(Cards.good, trace: 2))
    #expect(reply?.responseCode == .approved)
    #expect(reply?.balanceFen == 70_000)
    #expect(reply?.authCode?.count == 6)
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(code(host, balanceRequest(Cards.good, trace: 3, pin: "9999")) == "55")
    #expect(code(host, balanceRequest(Cards.good, trace: 4, pin: nil)) == "55")
    #expect(transactionReply(host, balanceRequest(Cards.good, trace: 5))?.balanceFen == 70_000)
  }

  @Test func aPreAuthorisationVoidReleasesTheHoldForItsExactAmount() throws {
    let host = try acquirer()
    let preAuth = approved(host, preAuthRequest(Cards.good, amountFen: 20_000, trace: 1))
    let auth = preAuth.authCode
    #expect(
      code(host, holdRequest(.preAuthVoid, Cards.good, authCode: auth, amountFen: 19_999, trace: 2))
        == "13")
    #expect(
      code(
        host, holdRequest(.preAuthVoid, Cards.good, authCode: "999999", amountFen: 20_000, trace: 3)
      ) == "25")
    #expect(
      code(
        host,
        holdRequest(
          .preAuthVoid, Cards.good, authCode: auth, date: "0614", amountFen: 20_000, trace: 4))
        == "25")
    #expect(
      code(host, holdRequest(.preAuthVoid, otherCard, authCode: auth, amountFen: 20_000, trace: 5))
        == "25")
    #expect(try host.availableBalance(pan: Cards.good, at: noon) == 80_000)

    // The PIN is checked when the cardholder entered one, and need not be.
    #expect(
      code(
        host,
        holdRequest(
          .preAuthVoid, Cards.good, authCode: auth, amountFen: 20_000, trace: 6, pin: "0000"))
        == "55")
    #expect(
      code(
        host,
        holdRequest(.preAuthVoid, Cards.good, authCode: auth, amountFen: 20_000, trace: 7, pin: nil)
      )
        == "00")
    #expect(try host.holds(pan: Cards.good, at: noon) == [])
    #expect(try host.availableBalance(pan: Cards.good, at: noon) == 100_000)
    #expect(
      code(host, holdRequest(.preAuthVoid, Cards.good, authCode: auth, amountFen: 20_000, trace: 8))
        == "25")
    #expect(
      try host.transactions(terminalNo: testTerminal, batch: 1).filter { $0.status == .approved }
        .map(\.kind)
        == [.preAuthVoid])
  }

  @Test func aCompletionTakesUpTo115PercentOfTheHoldAndReleasesIt() throws {
    let host = try acquirer()
    let auth = approved(host, preAuthRequest(Cards.good, amountFen: 10_000, trace: 1)).authCode
    #expect(
      code(
        host,
        holdRequest(.preAuthCompletion, Cards.good, authCode: auth, amountFen: 11_501, trace: 2))
        == "13")
    #expect(try host.holds(pan: Cards.good, at: noon).map(\.amountFen) == [10_000])
    #expect(
      code(
        host,
        holdRequest(.preAuthCompletion, Cards.good, authCode: auth, amountFen: 11_500, trace: 3))
        == "00")
    #expect(try host.balance(pan: Cards.good) == 88_500)
    #expect(try host.holds(pan: Cards.good, at: noon) == [])
    #expect(try host.availableBalance(pan: Cards.good, at: noon) == 88_500)
    // A hold completes once.
    #expect(
      code(
        host, holdRequest(.preAuthCompletion, Cards.good, authCode: auth, amountFen: 100, trace: 4))
        == "25")
    #expect(
      try host.approvedTotals(terminalNo: testTerminal, batch: 1)
        == Totals(count: 1, amountFen: 11_500))
    #expect(
      try host.transactions(terminalNo: testTerminal, batch: 1).map(\.status) == [
        .completed, .approved,
      ])
  }

  @Test func aCompletionMayBeLessThanTheHold() throws {
    let host = try acquirer()
    let auth = approved(host, preAuthRequest(Cards.good, amountFen: 10_000, trace: 1)).authCode
    #expect(
      code(
        host,
        holdRequest(
          .preAuthCompletion, Cards.good, authCode: auth, amountFen: 7_000, trace: 2, pin: nil))
        == "00")
    #expect(try host.availableBalance(pan: Cards.good, at: noon) == 93_000)
  }

  @Test func aCompletionTheCardCannotCoverAnswers51() throws {
    let host = try acquirer()
    let auth = approved(host, preAuthRequest(Cards.poor, amountFen: 1_000, trace: 1)).authCode
    #expect(
      code(
        host,
        holdRequest(.preAuthCompletion, Cards.poor, authCode: auth, amountFen: 1_150, trace: 2))
        == "51")
    #expect(try host.holds(pan: Cards.poor, at: noon).map(\.amountFen) == [1_000])
    #expect(
      code(
        host,
        holdRequest(.preAuthCompletion, Cards.poor, authCode: auth, amountFen: 1_000, trace: 3))
        == "00")
    #expect(try host.balance(pan: Cards.poor) == 0)
  }

  /// 预授权完成撤销 gives the money back and the pre-authorisation holds again.
  @Test func aCompletionVoidRestoresTheHold() throws {
    let host = try acquirer()
    let auth = approved(host, preAuthRequest(Cards.good, amountFen: 10_000, trace: 1)).authCode
    _ = approved(
      host, holdRequest(.preAuthCompletion, Cards.good, authCode: auth, amountFen: 9_000, trace: 2))
    #expect(
      code(
        host,
        voidRequest(Cards.good, of: 2, amountFen: 8_000, trace: 3, kind: .preAuthCompletionVoid))
        == "13")
    #expect(
      code(
        host,
        voidRequest(Cards.good, of: 1, amountFen: 10_000, trace: 4, kind: .preAuthCompletionVoid))
        == "25")
    #expect(
      code(
        host,
        voidRequest("", of: 2, amountFen: 9_000, trace: 5, pin: nil, kind: .preAuthCompletionVoid))
        == "00")
    #expect(try host.balance(pan: Cards.good) == 100_000)
    let holds = try host.holds(pan: Cards.good, at: noon)
    #expect(holds.map(\.amountFen) == [10_000])
    #expect(holds.first?.expiresAt == noon + thirtyDays, "the pre-authorisation's own expiry")
    #expect(try host.approvedTotals(terminalNo: testTerminal, batch: 1) == Totals())
    // The hold may be completed again.
    #expect(
      code(
        host,
        holdRequest(.preAuthCompletion, Cards.good, authCode: auth, amountFen: 10_000, trace: 6))
        == "00")
    #expect(try host.balance(pan: Cards.good) == 90_000)
  }

  @Test func aHoldExpiresThirtyDaysAfterThePreAuthorisation() throws {
    let host = try acquirer()
    let auth = approved(host, preAuthRequest(Cards.good, amountFen: 40_000, trace: 1)).authCode
    let lastMoment = noon + thirtyDays - 1
    let expired = noon + thirtyDays
    #expect(try host.availableBalance(pan: Cards.good, at: lastMoment) == 60_000)
    #expect(try host.availableBalance(pan: Cards.good, at: expired) == 100_000)
    #expect(try host.holds(pan: Cards.good, at: expired) == [])
    #expect(
      transactionReply(host, balanceRequest(Cards.good, trace: 2, at: expired))?.balanceFen
        == 100_000)
    #expect(code(host, saleRequest(Cards.good, amountFen: 100_000, trace: 3, at: expired)) == "00")
    #expect(
      code(
        host,
        holdRequest(
          .preAuthCompletion, Cards.good, authCode: auth, amountFen: 100, trace: 4, at: expired))
        == "25")
    #expect(
      code(
        host,
        holdRequest(
          .preAuthVoid, Cards.good, authCode: auth, amountFen: 40_000, trace: 5, at: expired))
        == "25")
  }
}

@Suite("Every kind that presents a card meets the card checks")
struct EveryKindCardTests {
  static let presentingACard = TransactionKind.allCases

  @Test(arguments: presentingACard)
  func unknownLostStolenRestrictedAndExpiredCards(kind: TransactionKind) throws {
    let host = try acquirer()
    for (trace, (pan, expected)) in [
      (Cards.stranger, "14"), (Cards.badCheckDigit, "14"), (Cards.lost, "41"), (Cards.stolen, "43"),
      (Cards.restricted, "62"), (Cards.expiresMay, "54"),
    ].enumerated() {
      #expect(
        code(host, transactionRequest(kind, pan, amountFen: 100, trace: trace + 1)) == expected,
        "\(pan)")
    }
  }

  @Test(arguments: presentingACard)
  func aCardLockedByWrongPINsAnswers75WhenItsPINIsEntered(kind: TransactionKind) throws {
    let host = try acquirer()
    for trace in 1...3 { _ = code(host, saleRequest(Cards.good, trace: trace, pin: "0000")) }
    #expect(try host.wrongPINCount(pan: Cards.good) == 3)
    #expect(code(host, transactionRequest(kind, Cards.good, amountFen: 100, trace: 4)) == "75")
  }

  @Test(arguments: TransactionKind.allCases.filter { $0 != .balance })
  func aZeroAmountAnswers13(kind: TransactionKind) throws {
    let host = try acquirer()
    #expect(code(host, transactionRequest(kind, Cards.good, amountFen: 0)) == "13")
  }

  @Test(arguments: TransactionKind.allCases)
  func faultsApplyToEveryKind(kind: TransactionKind) throws {
    let host = try acquirer(fault: .issuerTimeout)
    #expect(code(host, transactionRequest(kind, Cards.good, amountFen: 100)) == "98")
    host.fault = .failure
    #expect(code(host, transactionRequest(kind, Cards.good, amountFen: 100, trace: 2)) == "96")
    #expect(try host.transactions(terminalNo: testTerminal, batch: 1) == [])
  }

  @Test func aLostReplyStillBooksAHoldAndItsReversalTakesItOff() throws {
    let host = try acquirer(fault: .noReply)
    #expect(replies(host, preAuthRequest(Cards.good, amountFen: 5_000, trace: 1)).isEmpty)
    #expect(try host.holds(pan: Cards.good, at: noon).map(\.amountFen) == [5_000])
    #expect(
      send(host, reversalRequest(Cards.good, amountFen: 5_000, trace: 1, kind: .preAuth))
        == .reversal(accepted: true))
    #expect(try host.holds(pan: Cards.good, at: noon) == [])
  }

  @Test(arguments: TransactionKind.allCases)
  func aRepeatedVoucherAnswers94(kind: TransactionKind) throws {
    let host = try acquirer()
    _ = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1))
    #expect(code(host, transactionRequest(kind, Cards.good, amountFen: 1_000, trace: 1)) == "94")
    #expect(try host.balance(pan: Cards.good) == 99_000)
  }
}
