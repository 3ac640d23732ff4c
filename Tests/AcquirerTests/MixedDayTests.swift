import Acquirer
import Foundation
import TerminalCore
import Testing

/// What the issuer's books say about one card at one moment.
struct CardBooks: Equatable, CustomStringConvertible {
  var balance: Int64
  var available: Int64
  var holds: [Int64]
  var description: String { "balance \(balance), available \(available), holds \(holds)" }
}

/// One terminal's day at the counter, every kind against the same card, the books
/// checked after each step; then the next month, when the hold has expired.
@Suite("The books after a mixed day")
struct MixedDayTests {
  let card = Cards.good  // opens with 1000.00

  func books(_ host: SimulatedAcquirer, at time: Date) throws -> CardBooks {
    CardBooks(
      balance: try #require(try host.balance(pan: card)),
      available: try #require(try host.availableBalance(pan: card, at: time)),
      holds: try host.holds(pan: card, at: time).map(\.amountFen))
  }

  @Test func balancesHoldsAndTotalsStayConsistentAcrossEveryKind() throws {
    let host = try acquirer()
    var clock = noon
    /// Sends one request a minute after the last and checks the card's books after it.
    func step(
      _ make: (Date) -> HostRequest, answers expected: String, then after: CardBooks,
      _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> TransactionReply? {
      clock += 60
      let reply = transactionReply(host, make(clock))
      #expect(reply?.responseCode.rawValue == expected, comment, sourceLocation: sourceLocation)
      #expect(try books(host, at: clock) == after, comment, sourceLocation: sourceLocation)
      return reply
    }

    // The morning: two sales, the second keyed wrong and voided.
    let sale1 = try step(
      { saleRequest(card, amountFen: 10_000, trace: 1, at: $0) }, answers: "00",
      then: CardBooks(balance: 90_000, available: 90_000, holds: []), "sale 100.00")
    _ = try step(
      { saleRequest(card, amountFen: 20_000, trace: 2, at: $0) }, answers: "00",
      then: CardBooks(balance: 70_000, available: 70_000, holds: []), "sale 200.00")
    _ = try step(
      { voidRequest("", of: 2, amountFen: 20_000, trace: 3, pin: nil, at: $0) }, answers: "00",
      then: CardBooks(balance: 90_000, available: 90_000, holds: []), "void of voucher 2")

    // A customer brings back part of the first sale, then more, then tries too much.
    let reference = try #require(sale1?.referenceNo)
    _ = try step(
      { refundRequest(card, reference: reference, amountFen: 3_000, trace: 4, at: $0) },
      answers: "00", then: CardBooks(balance: 93_000, available: 93_000, holds: []),
      "refund 30.00")
    _ = try step(
      { refundRequest(card, reference: reference, amountFen: 4_000, trace: 5, at: $0) },
      answers: "00", then: CardBooks(balance: 97_000, available: 97_000, holds: []),
      "refund 40.00 more")
    _ = try step(
      { refundRequest(card, reference: reference, amountFen: 3_001, trace: 6, at: $0) },
      answers: "13", then: CardBooks(balance: 97_000, available: 97_000, holds: []),
      "refund over what is left (30.00)")

    // A hotel guest: a pre-authorisation, the balance, a completion refused and one taken.
    let auth = try #require(
      try step(
        { preAuthRequest(card, amountFen: 20_000, trace: 7, at: $0) }, answers: "00",
        then: CardBooks(balance: 97_000, available: 77_000, holds: [20_000]), "pre-auth 200.00"
      )?.authCode)
    let inquiry = try step(
      { balanceRequest(card, trace: 8, at: $0) }, answers: "00",
      then: CardBooks(balance: 97_000, available: 77_000, holds: [20_000]), "balance inquiry")
    #expect(inquiry?.balanceFen == 77_000, "the inquiry shows the hold")
    _ = try step(
      {
        holdRequest(.preAuthCompletion, card, authCode: auth, amountFen: 23_001, trace: 9, at: $0)
      },
      answers: "13", then: CardBooks(balance: 97_000, available: 77_000, holds: [20_000]),
      "completion over 115%")
    _ = try step(
      {
        holdRequest(.preAuthCompletion, card, authCode: auth, amountFen: 23_000, trace: 10, at: $0)
      },
      answers: "00", then: CardBooks(balance: 74_000, available: 74_000, holds: []),
      "completion of 115%")
    _ = try step(
      {
        voidRequest(
          card, of: 10, amountFen: 23_000, trace: 11, at: $0, kind: .preAuthCompletionVoid)
      },
      answers: "00", then: CardBooks(balance: 97_000, available: 77_000, holds: [20_000]),
      "completion void: money back, hold restored")

    // A second pre-authorisation, cancelled.
    let auth2 = try #require(
      try step(
        { preAuthRequest(card, amountFen: 5_000, trace: 12, at: $0) }, answers: "00",
        then: CardBooks(balance: 97_000, available: 72_000, holds: [20_000, 5_000]),
        "pre-auth 50.00")?.authCode)
    _ = try step(
      { holdRequest(.preAuthVoid, card, authCode: auth2, amountFen: 5_000, trace: 13, at: $0) },
      answers: "00", then: CardBooks(balance: 97_000, available: 77_000, holds: [20_000]),
      "pre-auth void")

    // A sale voided, the void's reply lost and reversed; the sale resent by mistake.
    _ = try step(
      { saleRequest(card, amountFen: 1_000, trace: 14, at: $0) }, answers: "00",
      then: CardBooks(balance: 96_000, available: 76_000, holds: [20_000]), "sale 10.00")
    _ = try step(
      { voidRequest(card, of: 14, amountFen: 1_000, trace: 15, at: $0) }, answers: "00",
      then: CardBooks(balance: 97_000, available: 77_000, holds: [20_000]), "void of voucher 14")
    #expect(
      send(host, reversalRequest(card, amountFen: 1_000, trace: 15, kind: .void))
        == .reversal(accepted: true))
    #expect(
      try books(host, at: clock) == CardBooks(balance: 96_000, available: 76_000, holds: [20_000]),
      "the void reversed: the sale stands")
    _ = try step(
      { saleRequest(card, amountFen: 1_000, trace: 14, at: $0) }, answers: "94",
      then: CardBooks(balance: 96_000, available: 76_000, holds: [20_000]), "duplicate")

    // The host's record of the batch, as the terminal's journal should read it.
    let day1 = try host.transactions(terminalNo: testTerminal, batch: 1)
    #expect(day1.map(\.trace) == [1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 14, 15])
    #expect(
      day1.map(\.kind) == [
        .sale, .sale, .void, .refund, .refund, .preAuth, .balance, .preAuthCompletion,
        .preAuthCompletionVoid, .preAuth, .preAuthVoid, .sale, .void,
      ])
    #expect(
      day1.map(\.status) == [
        .approved, .voided, .approved, .approved, .approved, .approved, .approved, .voided,
        .approved, .voided, .approved, .approved, .reversed,
      ])
    #expect(
      day1.map(\.amountFen) == [
        10_000, 20_000, 20_000, 3_000, 4_000, 20_000, 0, 23_000, 23_000, 5_000, 5_000, 1_000,
        1_000,
      ])
    #expect(Set(day1.map(\.referenceNo)).count == day1.count, "every approval its own reference")
    #expect(Set(day1.map(\.authCode)).count == day1.count, "every approval its own auth code")

    // Settlement: sales 1 and 14 on the debit side, the two refunds on the credit side.
    let hostTotals = AcquirerBatchTotals(
      debit: Totals(count: 2, amountFen: 11_000), credit: Totals(count: 2, amountFen: 7_000))
    #expect(try host.settlementTotals(terminalNo: testTerminal, batch: 1) == hostTotals)
    #expect(
      send(host, settleRequest(batch: 1, count: 2, amountFen: 11_000, credit: hostTotals.credit))
        == .settled(balanced: true, nextBatch: 2))

    // A month later (16 July): the first hold has expired on its own.
    clock = noon + 31 * 86_400
    #expect(
      try books(host, at: noon + 30 * 86_400 - 1)
        == CardBooks(balance: 96_000, available: 76_000, holds: [20_000]), "the hold's last second")
    #expect(try books(host, at: clock) == CardBooks(balance: 96_000, available: 96_000, holds: []))
    _ = try step(
      {
        holdRequest(
          .preAuthCompletion, card, authCode: auth, amountFen: 20_000, trace: 1, batch: 2, at: $0)
      },
      answers: "25", then: CardBooks(balance: 96_000, available: 96_000, holds: []),
      "completion of an expired hold")
    _ = try step(
      {
        refundRequest(
          card, reference: reference, date: "0615", amountFen: 3_000, trace: 2, batch: 2, at: $0)
      }, answers: "00", then: CardBooks(balance: 99_000, available: 99_000, holds: []),
      "the last 30.00 of sale 1 refunded a month later")

    // The terminal lost that refund: unbalanced, the batch uploaded, the batch moves on.
    #expect(
      send(host, settleRequest(batch: 2, count: 0, amountFen: 0))
        == .settled(balanced: false, nextBatch: 3))
    #expect(try books(host, at: clock) == CardBooks(balance: 99_000, available: 99_000, holds: []))
    #expect(
      try host.settlementTotals(terminalNo: testTerminal, batch: 2)
        == AcquirerBatchTotals(credit: Totals(count: 1, amountFen: 3_000)))
  }
}
