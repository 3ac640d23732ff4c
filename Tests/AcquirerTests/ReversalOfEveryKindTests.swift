import Foundation
import GRDB
import StateFiles
import TerminalCore
import Testing

@testable import Acquirer

@Suite("冲正 of every reversible kind")
struct ReversalOfEveryKindTests {
  func reverse(
    _ host: SimulatedAcquirer, _ kind: TransactionKind, trace: Int, pan: String = Cards.good
  ) -> HostReplyBody? {
    send(host, reversalRequest(pan, trace: trace, kind: kind))
  }

  func statuses(_ host: SimulatedAcquirer) throws -> [AcquirerTransaction.Status] {
    try host.transactions(terminalNo: testTerminal, batch: 1).map(\.status)
  }

  @Test func reversingAVoidMakesTheSaleStandAndPaidAgain() throws {
    let host = try acquirer()
    _ = approved(host, saleRequest(Cards.good, amountFen: 3_000, trace: 1))
    _ = approved(host, voidRequest(Cards.good, of: 1, amountFen: 3_000, trace: 2))
    #expect(reverse(host, .void, trace: 2) == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.good) == 97_000)
    #expect(try statuses(host) == [.approved, .reversed])
    #expect(
      try host.approvedTotals(terminalNo: testTerminal, batch: 1)
        == Totals(count: 1, amountFen: 3_000))
    // Once only.
    #expect(reverse(host, .void, trace: 2) == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.good) == 97_000)
    // The sale may be voided again by a new voucher.
    #expect(code(host, voidRequest(Cards.good, of: 1, amountFen: 3_000, trace: 3)) == "00")
    #expect(try host.balance(pan: Cards.good) == 100_000)
  }

  @Test func reversingAPreAuthorisationTakesItsHoldOff() throws {
    let host = try acquirer()
    let auth = approved(host, preAuthRequest(Cards.good, amountFen: 8_000, trace: 1)).authCode
    #expect(reverse(host, .preAuth, trace: 1) == .reversal(accepted: true))
    #expect(try host.holds(pan: Cards.good, at: noon) == [])
    #expect(
      code(
        host,
        holdRequest(.preAuthCompletion, Cards.good, authCode: auth, amountFen: 8_000, trace: 2))
        == "25")
  }

  @Test func reversingAPreAuthorisationVoidPutsTheHoldBack() throws {
    let host = try acquirer()
    let auth = approved(host, preAuthRequest(Cards.good, amountFen: 8_000, trace: 1)).authCode
    _ = approved(
      host, holdRequest(.preAuthVoid, Cards.good, authCode: auth, amountFen: 8_000, trace: 2))
    #expect(reverse(host, .preAuthVoid, trace: 2) == .reversal(accepted: true))
    #expect(try host.holds(pan: Cards.good, at: noon).map(\.amountFen) == [8_000])
    #expect(try host.availableBalance(pan: Cards.good, at: noon) == 92_000)
  }

  @Test func reversingACompletionGivesTheMoneyBackAndPutsTheHoldBack() throws {
    let host = try acquirer()
    let auth = approved(host, preAuthRequest(Cards.good, amountFen: 8_000, trace: 1)).authCode
    _ = approved(
      host, holdRequest(.preAuthCompletion, Cards.good, authCode: auth, amountFen: 9_000, trace: 2))
    #expect(reverse(host, .preAuthCompletion, trace: 2) == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.good) == 100_000)
    #expect(try host.holds(pan: Cards.good, at: noon).map(\.amountFen) == [8_000])
    #expect(try host.approvedTotals(terminalNo: testTerminal, batch: 1) == Totals())
    #expect(try statuses(host) == [.approved, .reversed])
  }

  @Test func reversingACompletionVoidTakesTheMoneyAgainAndReleasesTheHoldAgain() throws {
    let host = try acquirer()
    let auth = approved(host, preAuthRequest(Cards.good, amountFen: 8_000, trace: 1)).authCode
    _ = approved(
      host, holdRequest(.preAuthCompletion, Cards.good, authCode: auth, amountFen: 9_000, trace: 2))
    _ = approved(
      host, voidRequest(Cards.good, of: 2, amountFen: 9_000, trace: 3, kind: .preAuthCompletionVoid)
    )
    #expect(try host.holds(pan: Cards.good, at: noon).map(\.amountFen) == [8_000])
    #expect(reverse(host, .preAuthCompletionVoid, trace: 3) == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.good) == 91_000)
    #expect(try host.holds(pan: Cards.good, at: noon) == [])
    #expect(try statuses(host) == [.completed, .approved, .reversed])
    #expect(
      try host.approvedTotals(terminalNo: testTerminal, batch: 1)
        == Totals(count: 1, amountFen: 9_000))
  }

  @Test func refundsAndBalanceInquiriesAreNotReversed() throws {
    let host = try acquirer()
    let sale = approved(host, saleRequest(Cards.good, amountFen: 3_000, trace: 1))
    _ = approved(
      host, refundRequest(Cards.good, reference: sale.referenceNo, amountFen: 1_000, trace: 2))
    _ = approved(host, balanceRequest(Cards.good, trace: 3))
    #expect(reverse(host, .refund, trace: 2) == .reversal(accepted: true))
    #expect(reverse(host, .balance, trace: 3) == .reversal(accepted: true))
    #expect(try host.balance(pan: Cards.good) == 98_000)
    #expect(try statuses(host) == [.approved, .approved, .approved])
  }

  @Test(arguments: [
    TransactionKind.void, .preAuth, .preAuthVoid, .preAuthCompletion, .preAuthCompletionVoid,
  ])
  func aCentreFailureRefusesTheReversalOfEveryKind(kind: TransactionKind) throws {
    let host = try acquirer(fault: .failure)
    #expect(reverse(host, kind, trace: 1) == .reversal(accepted: false))
  }
}

@Suite("Settlement, batch upload and sign-off for every kind")
struct SettlementOfEveryKindTests {
  @Test func salesAndCompletionsAreDebitsRefundsCreditsAndTheRestCountNowhere() throws {
    let host = try acquirer()
    let sale = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1))
    _ = approved(host, saleRequest(Cards.good, amountFen: 2_000, trace: 2))
    _ = approved(host, voidRequest(Cards.good, of: 2, amountFen: 2_000, trace: 3))
    _ = approved(
      host, refundRequest(Cards.good, reference: sale.referenceNo, amountFen: 400, trace: 4))
    let auth = approved(host, preAuthRequest(Cards.good, amountFen: 5_000, trace: 5)).authCode
    _ = approved(
      host, holdRequest(.preAuthCompletion, Cards.good, authCode: auth, amountFen: 5_500, trace: 6))
    _ = approved(host, preAuthRequest(Cards.good, amountFen: 700, trace: 7))
    _ = approved(host, balanceRequest(Cards.good, trace: 8))

    let expected = AcquirerBatchTotals(
      debit: Totals(count: 2, amountFen: 6_500), credit: Totals(count: 1, amountFen: 400))
    #expect(try host.settlementTotals(terminalNo: testTerminal, batch: 1) == expected)
    #expect(
      send(host, settleRequest(batch: 1, count: 2, amountFen: 6_500, credit: expected.credit))
        == .settled(balanced: true, nextBatch: 2))
  }

  @Test func aCreditSideTheHostDidNotBookIsUnbalanced() throws {
    let host = try acquirer()
    _ = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1))
    #expect(
      send(
        host,
        settleRequest(
          batch: 1, count: 1, amountFen: 1_000, credit: Totals(count: 1, amountFen: 1_000)))
        == .settled(balanced: false, nextBatch: 2))
  }

  @Test func theBatchUploadIsRecordedAndMovesNoMoney() throws {
    let host = try acquirer()
    _ = approved(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1))
    #expect(
      send(host, settleRequest(batch: 1, count: 1, amountFen: 900))
        == .settled(balanced: false, nextBatch: 2))
    let record = TransactionRecord(
      trace: 1, batch: 1, kind: .sale, amountFen: 1_000, maskedPAN: PANMask.mask(Cards.good),
      expiry: "3012", entryMode: .swipe, operatorNo: "01", startedAt: noon, status: .approved,
      responseCode: .approved, authCode: "000001", referenceNo: "000000000001")
    let item = HostRequest(
      envelope: envelope(trace: 100, batch: 1),
      body: .batchUpload(BatchUploadItem(record), sent: 0),
      time: noon + 3_700)
    let end = HostRequest(
      envelope: envelope(trace: 101, batch: 1), body: .batchUpload(nil, sent: 1), time: noon + 3_710
    )
    #expect(
      try host.batchUpload(terminalNo: testTerminal, batch: 1)
        == AcquirerBatchUpload(items: [], endCount: nil))
    #expect(send(host, item) == .uploaded)
    #expect(send(host, end) == .uploaded)

    let upload = try host.batchUpload(terminalNo: testTerminal, batch: 1)
    #expect(upload.endCount == 1)
    #expect(upload.items.count == 1)
    #expect(upload.items.first?.kind == .sale)
    #expect(upload.items.first?.trace == 1)
    #expect(upload.items.first?.amountFen == 1_000)
    #expect(upload.items.first?.maskedPAN == PANMask.mask(Cards.good))
    #expect(upload.items.first?.referenceNo == "000000000001")
    #expect(upload.items.first?.time == noon)
    #expect(try host.balance(pan: Cards.good) == 99_000)
    #expect(try host.currentBatch(terminalNo: testTerminal) == 2)
  }

  @Test func signOffIsAnswered() throws {
    let host = try acquirer(fault: .failure)
    let request = HostRequest(
      envelope: envelope(trace: 5), body: .signOff(operatorNo: "01"), time: noon)
    #expect(replies(host, request) == [HostReply(to: request, .signedOff)])
  }
}

@Suite("Books kept before every kind was decided")
struct OlderBooksTests {
  /// A file as the release before wrote it (migrations v1 and v2): one sale standing,
  /// one reversed. It opens, and its sales are known to every kind.
  @Test func salesOfAnOlderFileCanBeVoidedRefundedAndRecognised() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("acquirer.sqlite")
    do {
      let queue = try DatabaseQueue(path: path.path)
      try AcquirerStore.migrator.migrate(queue, upTo: "v2")
      try queue.write { db in
        try db.execute(
          sql: """
            INSERT INTO cards (pan, balance_fen, wrong_pin_count) VALUES (?, 90000, 0);
            INSERT INTO counters (id, auth_seq, ref_seq) VALUES (1, 3, 3)
              ON CONFLICT(id) DO UPDATE SET auth_seq = 3, ref_seq = 3;
            INSERT INTO terminals (terminal_no, batch) VALUES (?, 1);
            INSERT INTO sales VALUES (?, 1, 1, ?, 6000, '000001', '000000000001', 0);
            INSERT INTO sales VALUES (?, 1, 2, ?, 4000, '000002', '000000000002', 1);
            INSERT INTO sales VALUES (?, 1, 3, ?, 4000, '000003', '000000000003', 0);
            """,
          arguments: [
            Cards.good, testTerminal, testTerminal, Cards.good, testTerminal, Cards.good,
            testTerminal, Cards.good,
          ])
      }
      try queue.close()
    }

    let host = try acquirer(statePath: path)
    #expect(try readOnly(path, IdentityTable.untrackedTables) == [])
    let books = try host.transactions(terminalNo: testTerminal, batch: 1)
    #expect(books.map(\.kind) == [.sale, .sale, .sale])
    #expect(books.map(\.status) == [.approved, .reversed, .approved])
    #expect(books.map(\.time) == [nil, nil, nil])
    #expect(try host.balance(pan: Cards.good) == 90_000)
    #expect(
      try host.approvedTotals(terminalNo: testTerminal, batch: 1)
        == Totals(count: 2, amountFen: 10_000))

    #expect(code(host, saleRequest(Cards.good, trace: 1)) == "94")
    // Its date was not kept: the reference and card name it.
    #expect(
      code(
        host,
        refundRequest(
          Cards.good, reference: "000000000001", date: "0101", amountFen: 6_000, trace: 4)) == "00")
    #expect(
      code(host, refundRequest(Cards.good, reference: "000000000002", amountFen: 100, trace: 5))
        == "25")
    #expect(code(host, voidRequest(Cards.good, of: 3, amountFen: 4_000, trace: 6)) == "00")
    #expect(try host.balance(pan: Cards.good) == 100_000)
    // The sequences run on.
    let next = approved(host, saleRequest(Cards.good, amountFen: 1, trace: 7))
    #expect(next.authCode == "000006")
    #expect(next.referenceNo == "000000000006")
  }
}
