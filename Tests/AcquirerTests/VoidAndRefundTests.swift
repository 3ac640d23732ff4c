import Acquirer
import Foundation
import TerminalCore
import Testing

/// A card of the deck other than `Cards.good`, with the same PIN.
let otherCard = Cards.limited

@Suite("撤销: the issuer's answer to a void")
struct VoidTests {
  @Test func aVoidGivesTheSaleBackAndTakesItOutOfTheTotals() throws {
    let host = try acquirer()
    let sale = approved(host, saleRequest(Cards.good, amountFen: 5_000, trace: 1))
    let void = approved(host, voidRequest(Cards.good, of: 1, amountFen: 5_000, trace: 2))
    #expect(void.authCode.count == 6 && void.authCode != sale.authCode)
    #expect(void.referenceNo.count == 12 && void.referenceNo != sale.referenceNo)
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(try host.settlementTotals(terminalNo: testTerminal, batch: 1) == AcquirerBatchTotals())

    let books = try host.transactions(terminalNo: testTerminal, batch: 1)
    #expect(books.map(\.kind) == [.sale, .void])
    #expect(books.map(\.status) == [.voided, .approved])
    #expect(books.map(\.amountFen) == [5_000, 5_000])
    #expect(books[1].original == books[0].voucher)
    #expect(books[1].maskedPAN == PANMask.mask(Cards.good))
  }

  @Test func withoutSwipeOrPINTheVoidTakesTheSalesCard() throws {
    let host = try acquirer()
    _ = approved(host, saleRequest(Cards.good, amountFen: 5_000, trace: 1))
    let reply = transactionReply(host, voidRequest("", of: 1, trace: 2, pin: nil))
    #expect(reply?.responseCode == .approved)
    #expect(reply?.issuer == "中国银行")
    #expect(try host.balance(pan: Cards.good) == 100_000)
  }

  @Test func aVoidNeedsTheSalesCardAndItsFullAmount() throws {
    let host = try acquirer()
    _ = approved(host, saleRequest(Cards.good, amountFen: 5_000, trace: 1))
    #expect(code(host, voidRequest(otherCard, of: 1, amountFen: 5_000, trace: 2)) == "25")
    #expect(code(host, voidRequest(Cards.good, of: 1, amountFen: 4_999, trace: 3)) == "13")
    #expect(try host.balance(pan: Cards.good) == 95_000)
    #expect(try host.balance(pan: otherCard) == 500_000)
    #expect(code(host, voidRequest(Cards.good, of: 1, amountFen: 5_000, trace: 4)) == "00")
  }

  @Test func onlyAnApprovedSaleOfTheOpenBatchStillStandingCanBeVoided() throws {
    let host = try acquirer()
    _ = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1))
    #expect(code(host, saleRequest(Cards.poor, amountFen: 9_000, trace: 2)) == "51")
    _ = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 3))
    _ = send(host, reversalRequest(Cards.good, amountFen: 1_000, trace: 3))
    _ = approved(host, preAuthRequest(Cards.good, amountFen: 1_000, trace: 4))

    #expect(code(host, voidRequest(Cards.good, of: 99, amountFen: 1_000, trace: 10)) == "25")
    #expect(code(host, voidRequest(Cards.poor, of: 2, amountFen: 9_000, trace: 11)) == "25")
    #expect(code(host, voidRequest(Cards.good, of: 3, amountFen: 1_000, trace: 12)) == "25")
    #expect(code(host, voidRequest(Cards.good, of: 4, amountFen: 1_000, trace: 13)) == "25")
    #expect(code(host, voidRequest(Cards.good, of: 1, amountFen: 1_000, trace: 14)) == "00")
    // Voided already; nor is the void itself a sale.
    #expect(code(host, voidRequest(Cards.good, of: 1, amountFen: 1_000, trace: 15)) == "25")
    #expect(code(host, voidRequest(Cards.good, of: 14, amountFen: 1_000, trace: 16)) == "25")
    #expect(try host.balance(pan: Cards.good) == 100_000)
  }

  @Test func aSaleOfASettledBatchIsNotVoidedButRefunded() throws {
    let host = try acquirer()
    let sale = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1))
    _ = send(host, settleRequest(batch: 1, count: 1, amountFen: 1_000))
    let void = transactionRequest(
      .void, Cards.good, amountFen: 1_000, trace: 2, batch: 2,
      original: OriginalTransaction(trace: 1, batch: 1))
    #expect(code(host, void) == "25")
    #expect(
      code(
        host,
        refundRequest(Cards.good, reference: sale.referenceNo, amountFen: 1_000, trace: 3, batch: 2)
      )
        == "00")
    #expect(try host.balance(pan: Cards.good) == 100_000)
  }

  @Test func aWrongPINOnAVoidCountsAsOnASale() throws {
    let host = try acquirer()
    _ = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1))
    #expect(
      code(host, voidRequest(Cards.good, of: 1, amountFen: 1_000, trace: 2, pin: "9999")) == "55")
    #expect(try host.wrongPINCount(pan: Cards.good) == 1)
    #expect(try host.balance(pan: Cards.good) == 99_000)
  }

  @Test func aSalePartlyRefundedCannotBeVoided() throws {
    let host = try acquirer()
    let sale = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1))
    _ = approved(
      host, refundRequest(Cards.good, reference: sale.referenceNo, amountFen: 100, trace: 2))
    #expect(code(host, voidRequest(Cards.good, of: 1, amountFen: 1_000, trace: 3)) == "25")
    #expect(try host.balance(pan: Cards.good) == 99_100)
  }
}

@Suite("退货: the issuer's answer to a refund")
struct RefundTests {
  @Test func partAndThenTheRestOfASaleMayBeRefundedButNoMore() throws {
    let host = try acquirer()
    let sale = approved(host, saleRequest(Cards.good, amountFen: 5_000, trace: 1))
    #expect(
      code(host, refundRequest(Cards.good, reference: sale.referenceNo, amountFen: 2_000, trace: 2))
        == "00")
    #expect(try host.balance(pan: Cards.good) == 97_000)
    #expect(
      code(host, refundRequest(Cards.good, reference: sale.referenceNo, amountFen: 3_001, trace: 3))
        == "13")
    #expect(try host.balance(pan: Cards.good) == 97_000)
    #expect(
      code(host, refundRequest(Cards.good, reference: sale.referenceNo, amountFen: 3_000, trace: 4))
        == "00")
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(
      code(host, refundRequest(Cards.good, reference: sale.referenceNo, amountFen: 1, trace: 5))
        == "13")

    #expect(
      try host.settlementTotals(terminalNo: testTerminal, batch: 1)
        == AcquirerBatchTotals(
          debit: Totals(count: 1, amountFen: 5_000), credit: Totals(count: 2, amountFen: 5_000)))
    let refunds = try host.transactions(terminalNo: testTerminal, batch: 1).filter {
      $0.kind == .refund
    }
    #expect(refunds.map(\.trace) == [2, 4])
    #expect(refunds.allSatisfy { $0.original?.trace == 1 && $0.status == .approved })
  }

  @Test func aRefundNamesTheSaleByReferenceDateAndCard() throws {
    let host = try acquirer()
    let sale = approved(host, saleRequest(Cards.good, amountFen: 5_000, trace: 1))
    #expect(
      code(host, refundRequest(Cards.good, reference: "999999999999", amountFen: 100, trace: 2))
        == "25")
    #expect(code(host, refundRequest(Cards.good, reference: nil, amountFen: 100, trace: 3)) == "25")
    #expect(
      code(
        host,
        refundRequest(
          Cards.good, reference: sale.referenceNo, date: "0616", amountFen: 100, trace: 4))
        == "25")
    #expect(
      code(host, refundRequest(otherCard, reference: sale.referenceNo, amountFen: 100, trace: 5))
        == "25")
    #expect(try host.balance(pan: Cards.good) == 95_000)
    #expect(try host.balance(pan: otherCard) == 500_000)
  }

  /// 00:30 on 16 June in Beijing is still 15 June in UTC: the date is the terminal's.
  @Test func theOriginalDateIsTheTerminalsLocalDate() throws {
    let host = try acquirer()
    let justAfterMidnight = noon + 12.5 * 3600
    let sale = approved(
      host, saleRequest(Cards.good, amountFen: 5_000, trace: 1, at: justAfterMidnight))
    #expect(
      code(
        host,
        refundRequest(
          Cards.good, reference: sale.referenceNo, date: "0615", amountFen: 100, trace: 2))
        == "25")
    #expect(
      code(
        host,
        refundRequest(
          Cards.good, reference: sale.referenceNo, date: "0616", amountFen: 100, trace: 3))
        == "00")
  }

  @Test func aVoidedOrReversedSaleOrAnotherKindCannotBeRefunded() throws {
    let host = try acquirer()
    let voided = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1))
    _ = approved(host, voidRequest(Cards.good, of: 1, amountFen: 1_000, trace: 2))
    let reversed = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 3))
    _ = send(host, reversalRequest(Cards.good, amountFen: 1_000, trace: 3))
    let preAuth = approved(host, preAuthRequest(Cards.good, amountFen: 1_000, trace: 4))
    for (trace, reference) in [
      (10, voided.referenceNo), (11, reversed.referenceNo), (12, preAuth.referenceNo),
    ] {
      #expect(
        code(host, refundRequest(Cards.good, reference: reference, amountFen: 1_000, trace: trace))
          == "25")
    }
    #expect(try host.balance(pan: Cards.good) == 100_000)
  }

  @Test func aRefundNeedsNoPINAndMayComeDaysLaterInAnotherBatch() throws {
    let host = try acquirer()
    let sale = approved(host, saleRequest(Cards.good, amountFen: 5_000, trace: 1))
    _ = send(host, settleRequest(batch: 1, count: 1, amountFen: 5_000))
    let threeDaysLater = noon + 3 * 86_400
    let request = refundRequest(
      Cards.good, reference: sale.referenceNo, date: "0615", amountFen: 5_000, trace: 1, batch: 2,
      at: threeDaysLater)
    #expect(code(host, request) == "00")
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(
      try host.settlementTotals(terminalNo: testTerminal, batch: 2)
        == AcquirerBatchTotals(credit: Totals(count: 1, amountFen: 5_000)))
  }
}
