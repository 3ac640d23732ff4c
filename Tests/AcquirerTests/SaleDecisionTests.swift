import Acquirer
import Foundation
import TerminalCore
import Testing

@Suite("The issuer's answer to a sale")
struct SaleDecisionTests {
  @Test func aGoodCardWithTheRightPINIsApprovedAndDebited() throws {
    let host = try acquirer()
    let response = send(host, saleRequest(Cards.good, amountFen: 5000))
    guard case .transaction(let reply) = response else {
      Issue.record("expected a transaction reply, got \(String(describing: response))")
      return
    }
    #expect(reply.responseCode == .approved)
    #expect(reply.authCode?.count == 6)
    #expect(reply.referenceNo?.count == 12)
    #expect(reply.referenceNo?.allSatisfy(\.isNumber) == true)
    #expect(reply.issuer == "中国银行")
    #expect(try host.balance(pan: Cards.good) == 95_000)
  }

  @Test func authCodesAndReferencesAreSequentialAndDistinct() throws {
    let host = try acquirer()
    let first = send(host, saleRequest(Cards.good, trace: 1))
    let second = send(host, saleRequest(Cards.good, trace: 2))
    #expect(
      first
        == .transaction(
          TransactionReply(
            responseCode: .approved, authCode: "000001", referenceNo: "000000000001",
            issuer: "中国银行")))
    #expect(
      second
        == .transaction(
          TransactionReply(
            responseCode: .approved, authCode: "000002", referenceNo: "000000000002",
            issuer: "中国银行")))
  }

  @Test func unknownOrMisprintedCardNumbersAnswer14() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.stranger)) == "14")
    #expect(code(host, saleRequest(Cards.badCheckDigit)) == "14")
  }

  @Test(arguments: [(Cards.lost, "41"), (Cards.stolen, "43"), (Cards.restricted, "62")])
  func aCardsStatusDeclinesIt(pan: String, expected: String) throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(pan)) == expected)
    #expect(try host.balance(pan: pan) == 100_000)
  }

  @Test func theStatusIsCheckedBeforeThePIN() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.lost, pin: "9999")) == "41")
    #expect(try host.wrongPINCount(pan: Cards.lost) == 0)
  }

  @Test func expiryIsCheckedBeforeThePIN() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.expiresMay, pin: "9999")) == "54")
    #expect(try host.wrongPINCount(pan: Cards.expiresMay) == 0)
  }

  @Test func thePINIsCheckedBeforeTheAmount() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.poor, amountFen: 900_000, pin: "9999")) == "55")
  }

  @Test func theLimitIsCheckedBeforeTheBalance() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.limited, amountFen: 600_000)) == "61")
  }

  @Test func aDuplicateIsCaughtBeforeTheCardIsLookedAt() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, trace: 8)) == "00")
    #expect(code(host, saleRequest(Cards.good, trace: 8, pin: "9999")) == "94")
    #expect(try host.wrongPINCount(pan: Cards.good) == 0)
  }

  @Test func anExpiredCardAnswers54() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.expiresMay)) == "54")
    // Good through the last day of its month…
    #expect(code(host, saleRequest(Cards.expiresJune, trace: 2)) == "00")
  }

  @Test func expiryFollowsTheAcquirersTimeZone() throws {
    // 2024-06-30 17:00 UTC is already 1 July 01:00 in Beijing.
    let lateJune = Date(timeIntervalSince1970: 1_719_766_800)
    let inBeijing = try acquirer()
    #expect(code(inBeijing, saleRequest(Cards.expiresJune, at: lateJune)) == "54")
    let inUTC = try SimulatedAcquirer(
      accounts: accounts, fault: .none, statePath: nil, timeZone: TimeZone(identifier: "UTC")!)
    #expect(code(inUTC, saleRequest(Cards.expiresJune, at: lateJune)) == "00")
  }

  @Test func noPINOnACardThatNeedsOneAnswers55WithoutCounting() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, pin: nil)) == "55")
    #expect(try host.wrongPINCount(pan: Cards.good) == 0)
    #expect(try host.balance(pan: Cards.good) == 100_000)
  }

  @Test func aCardWithoutPINIsApprovedWithoutOne() throws {
    let host = try acquirer()
    let reply = transactionReply(host, saleRequest(Cards.noPIN, pin: nil))
    #expect(reply?.responseCode == .approved)
    #expect(reply?.issuer == "工商银行")
  }

  @Test func aWrongPINAnswers55AndTheThirdInARowAnswers75() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, trace: 1, pin: "4321")) == "55")
    #expect(code(host, saleRequest(Cards.good, trace: 2, pin: "0000")) == "55")
    #expect(try host.wrongPINCount(pan: Cards.good) == 2)
    #expect(code(host, saleRequest(Cards.good, trace: 3, pin: "1111")) == "75")
    // Locked: even the right PIN answers 75 now.
    #expect(code(host, saleRequest(Cards.good, trace: 4, pin: "1234")) == "75")
    #expect(try host.wrongPINCount(pan: Cards.good) == 3)
    #expect(try host.balance(pan: Cards.good) == 100_000)
  }

  @Test func theRightPINResetsTheCountBeforeTheLimit() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, trace: 1, pin: "4321")) == "55")
    #expect(code(host, saleRequest(Cards.good, trace: 2, pin: "4321")) == "55")
    #expect(code(host, saleRequest(Cards.good, trace: 3, pin: "1234")) == "00")
    #expect(try host.wrongPINCount(pan: Cards.good) == 0)
    #expect(code(host, saleRequest(Cards.good, trace: 4, pin: "4321")) == "55")
  }

  @Test func aMalformedPINBlockIsAWrongPIN() throws {
    let host = try acquirer()
    let request = saleRequest(
      Cards.good, amountFen: 100, pinBlock: PINBlock(bytes: [0xFF, 1, 2, 3, 4, 5, 6, 7]))
    #expect(code(host, request) == "55")
    #expect(try host.wrongPINCount(pan: Cards.good) == 1)
  }

  @Test func anAmountOverTheCardsLimitAnswers61() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.limited, amountFen: 100_001)) == "61")
    #expect(try host.balance(pan: Cards.limited) == 500_000)
    #expect(code(host, saleRequest(Cards.limited, amountFen: 100_000, trace: 2)) == "00")
    #expect(try host.balance(pan: Cards.limited) == 400_000)
  }

  @Test func anAmountOverTheBalanceAnswers51() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.poor, amountFen: 1_001)) == "51")
    #expect(try host.balance(pan: Cards.poor) == 1_000)
    #expect(code(host, saleRequest(Cards.poor, amountFen: 1_000, trace: 2)) == "00")
    #expect(try host.balance(pan: Cards.poor) == 0)
    #expect(code(host, saleRequest(Cards.poor, amountFen: 1, trace: 3)) == "51")
  }

  @Test func aZeroAmountAnswers13() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, amountFen: 0)) == "13")
  }

  @Test func theSameVoucherTwiceAnswers94AndDebitsOnce() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, trace: 8)) == "00")
    #expect(code(host, saleRequest(Cards.good, trace: 8)) == "94")
    #expect(try host.balance(pan: Cards.good) == 95_000)
    // The same voucher number from another terminal, or in another batch, is not a duplicate.
    #expect(code(host, saleRequest(Cards.good, trace: 8, terminalNo: "87654321")) == "00")
    #expect(code(host, saleRequest(Cards.good, trace: 8, batch: 2)) == "00")
  }

  @Test func aDeclinedVoucherMayBeRetried() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, trace: 8, pin: "9999")) == "55")
    #expect(code(host, saleRequest(Cards.good, trace: 8)) == "00")
  }
}

@Suite("Host faults for training")
struct HostFaultTests {
  @Test func anIssuerTimeoutAnswers98AndDebitsNothing() throws {
    let host = try acquirer(fault: .issuerTimeout)
    #expect(code(host, saleRequest(Cards.good)) == "98")
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(host.ping())
  }

  @Test func aCentreFailureAnswers96AndRefusesReversals() throws {
    let host = try acquirer(fault: .failure)
    #expect(code(host, saleRequest(Cards.good)) == "96")
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(send(host, reversalRequest(Cards.good)) == .reversal(accepted: false))
    #expect(host.ping(), "the link is up: the trainee meets the failure at the counter")
  }

  @Test func aLostReplyStillDebitsAndTheReversalGivesItBack() throws {
    let host = try acquirer(fault: .noReply)
    let sale = saleRequest(Cards.good, amountFen: 7_000, trace: 5)
    #expect(replies(host, sale).isEmpty, "reply is never called")
    #expect(try host.balance(pan: Cards.good) == 93_000)
    #expect(
      try host.approvedTotals(terminalNo: testTerminal, batch: 1)
        == Totals(count: 1, amountFen: 7_000))

    // The reversal names the sale by the same envelope, and is answered.
    let reversal = reversalRequest(Cards.good, amountFen: 7_000, trace: 5)
    #expect(reversal.envelope == sale.envelope)
    #expect(
      replies(host, reversal)
        == [
          HostReply(
            envelope: sale.envelope, type: .reversal(.sale), body: .reversal(accepted: true))
        ])
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(try host.approvedTotals(terminalNo: testTerminal, batch: 1) == Totals())
  }

  @Test func theFaultCanChangeWhileRunning() throws {
    let host = try acquirer()
    host.fault = .issuerTimeout
    #expect(code(host, saleRequest(Cards.good, trace: 1)) == "98")
    host.fault = .none
    #expect(code(host, saleRequest(Cards.good, trace: 2)) == "00")
  }

  @Test func signInAndSettlementIgnoreFaults() throws {
    let host = try acquirer(fault: .failure)
    #expect(send(host, signInRequest()) == .signedIn(batch: 1, hostTime: noon))
    #expect(
      send(host, settleRequest(batch: 1, count: 0, amountFen: 0))
        == .settled(balanced: true, nextBatch: 2))
  }
}

@Suite("Reversal (冲正)")
struct ReversalTests {
  @Test func aReversalRestoresTheBalanceOnce() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, amountFen: 2_500, trace: 3)) == "00")
    #expect(
      send(host, reversalRequest(Cards.good, amountFen: 2_500, trace: 3))
        == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(
      send(host, reversalRequest(Cards.good, amountFen: 2_500, trace: 3))
        == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.good) == 100_000)
  }

  @Test func aReversalOfASaleThatNeverArrivedIsAccepted() throws {
    let host = try acquirer()
    #expect(send(host, reversalRequest(Cards.good, trace: 77)) == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.good) == 100_000)
  }

  @Test func aReversalOfADeclinedSaleChangesNothing() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.poor, amountFen: 5_000, trace: 4)) == "51")
    #expect(
      send(host, reversalRequest(Cards.poor, amountFen: 5_000, trace: 4))
        == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.poor) == 1_000)
  }
}

@Suite("The host link")
struct HostLinkTests {
  @Test func everyReplyEchoesItsRequestsEnvelopeAndType() throws {
    let host = try acquirer()
    let requests = [
      signInRequest(),
      saleRequest(Cards.good, trace: 7, batch: 1),
      saleRequest(Cards.stranger, trace: 8, batch: 1),
      reversalRequest(Cards.good, trace: 7, batch: 1),
      settleRequest(batch: 1, count: 0, amountFen: 0),
    ]
    for request in requests {
      let got = replies(host, request)
      #expect(got.count == 1, "\(request.type)")
      #expect(got.first?.envelope == request.envelope, "\(request.type)")
      #expect(got.first?.type == request.type, "\(request.type)")
    }
  }

  @Test func theReplyIsGivenBeforeSendReturns() throws {
    let host = try acquirer()
    let got = Replies()
    host.send(saleRequest(Cards.good)) { got.append($0) }
    #expect(got.all.count == 1)
  }

  @Test(
    arguments: TransactionKind.allCases.filter {
      $0.descriptor.steps.contains { step in
        if case .originalTransaction = step { return true } else { return false }
      }
    })
  func aKindThatNamesNoOriginalAnswers25AndChangesNothing(kind: TransactionKind) throws {
    let host = try acquirer()
    let request = transactionRequest(kind, Cards.good, amountFen: 1_000)
    let got = replies(host, request)
    #expect(
      got
        == [
          HostReply(
            envelope: request.envelope, type: .transaction(kind),
            body: .transaction(TransactionReply(responseCode: .noOriginal)))
        ])
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(try host.transactions(terminalNo: testTerminal, batch: 1) == [])
  }

  @Test func aLostReplyLosesOnlyFinancialTransactions() throws {
    let host = try acquirer(fault: .noReply)
    #expect(replies(host, transactionRequest(.balance, Cards.good)).isEmpty)
    #expect(send(host, signInRequest()) == .signedIn(batch: 1, hostTime: noon))
    #expect(send(host, reversalRequest(Cards.good, trace: 3)) == .reversal(accepted: true))
    #expect(
      send(host, settleRequest(batch: 1, count: 0, amountFen: 0))
        == .settled(balanced: true, nextBatch: 2))
  }

  @Test func aReversalOfAnotherKindLeavesTheSaleWithThatTraceAlone() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, amountFen: 2_000, trace: 4)) == "00")
    let voidReversal = HostRequest(
      envelope: envelope(trace: 4),
      body: .reversal(
        ReversalRecord(
          kind: .void, trace: 4, batch: 1, amountFen: 2_000, maskedPAN: PANMask.mask(Cards.good),
          originalTime: noon)),
      time: noon + 30)
    #expect(send(host, voidReversal) == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.good) == 98_000)
  }
}
