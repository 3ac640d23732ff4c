import Foundation
import Testing

@testable import TerminalCore

/// The ledger's rules (UnionPay practice), kind by kind, and against a sum made here.
@Suite("The batch ledger")
struct BatchLedgerTests {
  static func record(
    _ kind: TransactionKind, _ trace: Int, _ fen: Int64, _ status: TransactionStatus = .approved,
    original: Int? = nil, auth: String? = nil
  ) -> TransactionRecord {
    var r = TransactionRecord(
      trace: trace, batch: 1, kind: kind, amountFen: fen, maskedPAN: "622202******2227",
      expiry: "3012", entryMode: .swipe, operatorNo: "01", startedAt: CoreHarness.morning,
      status: status, original: original.map { OriginalTransaction(trace: $0, batch: 1) })
    r.authCode = auth
    return r
  }

  /// The 8-4 case of the issue: 121.00 of sales and 1.50 refunded is 借记 121.00,
  /// 贷记 1.50, net 119.50 — not 122.50 of "successful" money.
  @Test func salesAndRefundsSitOnTheirSides() {
    let ledger = BatchLedger([
      Self.record(.sale, 1, 10_000), Self.record(.sale, 2, 2_100), Self.record(.refund, 3, 150),
    ])
    #expect(ledger.debit == Totals(count: 2, amountFen: 12_100))
    #expect(ledger.credit == Totals(count: 1, amountFen: 150))
    #expect(ledger.netFen == 11_950)
  }

  @Test func everyKindCountsWhereItsDescriptorSays() {
    let rows = [
      Self.record(.sale, 1, 5_000), Self.record(.sale, 2, 50_000),
      Self.record(.void, 3, 50_000, original: 2), Self.record(.refund, 4, 2_000),
      Self.record(.balance, 5, 0), Self.record(.preAuth, 6, 30_000, auth: "000006"),
      Self.record(.preAuthCompletion, 7, 32_000),
      Self.record(.preAuthCompletionVoid, 8, 32_000, original: 7),
      Self.record(.preAuthCompletionAdvice, 9, 1_000), Self.record(.qr, 10, 2_500),
      Self.record(.qrVoid, 11, 2_500, original: 10), Self.record(.sale, 12, 700, .declined),
      Self.record(.sale, 13, 900, .reversed), Self.record(.sale, 14, 300, .pending),
      Self.record(.refund, 15, 100, .pending), Self.record(.preAuth, 16, 1_000, auth: "000016"),
    ]
    var voidOfHold = Self.record(.preAuthVoid, 17, 1_000)
    voidOfHold.original = OriginalTransaction(date: "1121", authCode: "000016")
    let ledger = BatchLedger(rows + [voidOfHold])
    #expect(
      ledger.entries.map(\.standing) == [
        .success, .voided, .success, .success, .success, .success, .voided, .success, .success,
        .voided, .success, .failed, .failed, .unresolved, .owed, .voided, .success,
      ])
    // 借记: 50.00 + 10.00 (the advice); each void takes its original out.
    #expect(ledger.debit == Totals(count: 2, amountFen: 6_000))
    // 贷记: 20.00 approved and 1.00 owed to the host.
    #expect(ledger.credit == Totals(count: 2, amountFen: 2_100))
    #expect(ledger.failed == Totals(count: 2, amountFen: 1_600))
    #expect(ledger.owedAdvices.map(\.trace) == [15])
    #expect(ledger.totals.counted(.sale) == Totals(count: 2, amountFen: 55_000))
    #expect(ledger.totals.counted(.void) == Totals(count: 1, amountFen: 50_000))
    #expect(ledger.totals.counted(.preAuth) == Totals(), "holds are not money")
    #expect(
      ledger.totals.rows.map(\.kind) == [
        .sale, .void, .refund, .preAuthCompletion, .preAuthCompletionVoid,
        .preAuthCompletionAdvice, .qr, .qrVoid,
      ])
  }

  /// Random batches: the ledger equals a sum made from the rows by hand.
  @Test func randomBatchesAgreeWithASumMadeHere() {
    var rng = LedgerRandom(seed: 20)
    let kinds: [TransactionKind] = [.sale, .refund, .balance, .preAuth, .preAuthCompletion, .qr]
    let statuses: [TransactionStatus] = [
      .approved, .approved, .approved, .declined, .reversed, .pending,
    ]
    for _ in 0..<300 {
      var rows: [TransactionRecord] = []
      for trace in 1...Int.random(in: 1...20, using: &rng) {
        let fen = Int64.random(in: 1...100_000, using: &rng)
        let status = statuses.randomElement(using: &rng)!
        let debits = rows.filter { [.sale, .preAuthCompletion, .qr].contains($0.kind) }
        if Bool.random(using: &rng), let target = debits.randomElement(using: &rng) {
          let kind: TransactionKind =
            target.kind == .sale ? .void : target.kind == .qr ? .qrVoid : .preAuthCompletionVoid
          rows.append(Self.record(kind, trace, target.amountFen, status, original: target.trace))
        } else {
          rows.append(Self.record(kinds.randomElement(using: &rng)!, trace, fen, status))
        }
      }
      var voided = Set<Int>()
      for r in rows where r.original != nil && r.status == .approved {
        if rows.contains(where: { $0.trace == r.original?.trace && $0.status == .approved }) {
          voided.insert(r.original!.trace!)
        }
      }
      var debit: Int64 = 0
      var credit: Int64 = 0
      var failed: Int64 = 0
      for r in rows {
        if r.status == .declined || r.status == .reversed { failed += r.amountFen }
        let money = r.status == .approved || (r.status == .pending && r.kind == .refund)
        if money && [.sale, .preAuthCompletion, .qr].contains(r.kind) && !voided.contains(r.trace) {
          debit += r.amountFen
        }
        if money && r.kind == .refund { credit += r.amountFen }
      }
      let ledger = BatchLedger(rows)
      #expect(ledger.debit.amountFen == debit)
      #expect(ledger.credit.amountFen == credit)
      #expect(ledger.failed.amountFen == failed)
    }
  }
}

struct LedgerRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
