import Foundation
import Journal
import TerminalCore
import Testing

@Suite("Journal commands, one transaction each")
struct JournalCommandTests {
  @Test func aFreshJournalStartsAtBatchOneWithNoVoucherUsed() throws {
    let journal = try TerminalJournal.inMemory()
    #expect(try journal.snapshot() == JournalSnapshot(batch: 1, lastTrace: 0))
  }

  @Test func aSaleBeginsPendingWithItsReversalThenCompletes() throws {
    let journal = try TerminalJournal.inMemory()
    let (record, reversal) = pendingSale(trace: 1)

    try journal.apply(.beginSale(record, reversal))
    var snap = try journal.snapshot()
    #expect(snap.lastTrace == 1)
    #expect(snap.openBatch == [record])
    #expect(snap.pendingReversal == reversal)

    let done = completed(record)
    try journal.apply(.completeSale(done))
    snap = try journal.snapshot()
    #expect(snap.lastTrace == 1)
    #expect(snap.openBatch == [done])
    #expect(snap.openBatch.first?.status == .approved)
    #expect(snap.openBatch.first?.authCode == "000001")
    #expect(snap.pendingReversal == nil)
  }

  @Test func aDeclinedReplyAlsoDeletesTheReversal() throws {
    let journal = try TerminalJournal.inMemory()
    let done = try journalSale(journal, trace: 7, code: "51")
    let snap = try journal.snapshot()
    #expect(snap.openBatch == [done])
    #expect(snap.openBatch.first?.status == .declined)
    #expect(snap.pendingReversal == nil)
  }

  @Test func theOpenBatchListsSalesOldestFirst() throws {
    let journal = try TerminalJournal.inMemory()
    let a = try journalSale(journal, trace: 3, amountFen: 100)
    let b = try journalSale(journal, trace: 4, amountFen: 200, code: "55")
    let c = try journalSale(journal, trace: 5, amountFen: 300)
    let snap = try journal.snapshot()
    #expect(snap.openBatch == [a, b, c])
    #expect(snap.lastTrace == 5)
  }

  @Test func completingAnUnknownSaleThrows() throws {
    let journal = try TerminalJournal.inMemory()
    let (record, _) = pendingSale(trace: 9)
    #expect(throws: JournalError.self) { try journal.apply(.completeSale(completed(record))) }
  }

  @Test func aVoucherNumberIsUsedOnlyOnceInTheOpenBatch() throws {
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 12)
    let (again, reversal) = pendingSale(trace: 12)
    #expect(throws: JournalError.self) { try journal.apply(.beginSale(again, reversal)) }
    #expect(try journal.snapshot().openBatch.count == 1)
  }

  @Test func theReversalLivesUntilTheHostAcceptsIt() throws {
    let journal = try TerminalJournal.inMemory()
    let (record, reversal) = pendingSale(trace: 21)
    try journal.apply(.beginSale(record, reversal))
    // No reply came: the terminal tries to reverse, and fails twice.
    try journal.apply(.reversalAttemptFailed(trace: 21, batch: 1, attempts: 1))
    #expect(try journal.snapshot().pendingReversal?.attempts == 1)
    try journal.apply(.reversalAttemptFailed(trace: 21, batch: 1, attempts: 2))
    var snap = try journal.snapshot()
    #expect(snap.pendingReversal?.attempts == 2)
    #expect(snap.openBatch.first?.status == .pending)

    try journal.apply(.reversalDone(trace: 21, batch: 1))
    snap = try journal.snapshot()
    #expect(snap.pendingReversal == nil)
    #expect(snap.openBatch.map(\.status) == [.reversed])

    // Applying it again (a resumed driver) changes nothing.
    try journal.apply(.reversalDone(trace: 21, batch: 1))
    #expect(try journal.snapshot() == snap)
  }

  @Test func twoPendingReversalsAreServedOldestFirst() throws {
    let journal = try TerminalJournal.inMemory()
    let (r1, v1) = pendingSale(trace: 1)
    let (r2, v2) = pendingSale(trace: 2)
    try journal.apply(.beginSale(r1, v1))
    try journal.apply(.beginSale(r2, v2))
    #expect(try journal.snapshot().pendingReversal == v1)
    #expect(try journal.pendingReversals() == [v1, v2])
    try journal.apply(.reversalDone(trace: 1, batch: 1))
    #expect(try journal.snapshot().pendingReversal == v2)
  }

  @Test func setBatchTakesTheHostsNumberOnlyWhileTheOpenBatchIsEmpty() throws {
    let journal = try TerminalJournal.inMemory()
    try journal.apply(.setBatch(42))
    #expect(try journal.snapshot().batch == 42)

    try journalSale(journal, trace: 1, batch: 42)
    try journal.apply(.setBatch(43))
    let snap = try journal.snapshot()
    #expect(snap.batch == 42)
    #expect(snap.openBatch.map(\.batch) == [42])
  }

  @Test func setBatchRefusesANumberOutOfRange() throws {
    let journal = try TerminalJournal.inMemory()
    #expect(throws: JournalError.self) { try journal.apply(.setBatch(0)) }
    #expect(throws: JournalError.self) { try journal.apply(.setBatch(1_000_000)) }
    #expect(try journal.snapshot().batch == 1)
  }

  @Test func operatorLocksAreUpserted() throws {
    let journal = try TerminalJournal.inMemory()
    try journal.apply(.setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 1)))
    try journal.apply(
      .setOperatorLock(operatorNo: "02", state: .init(failedAttempts: 3, locked: true)))
    try journal.apply(.setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 2)))
    #expect(
      try journal.snapshot().operatorLocks == [
        "01": OperatorLockState(failedAttempts: 2, locked: false),
        "02": OperatorLockState(failedAttempts: 3, locked: true),
      ])
  }
}

@Suite("Settlement closes the batch")
struct JournalSettlementTests {
  func report(batch: Int, sales: Totals, failed: Totals) -> SettlementReport {
    SettlementReport(
      batch: batch, settledAt: t0 + 3600, operatorNo: "01", sales: sales, failed: failed,
      balanced: true)
  }

  @Test func closingTheBatchStoresTheReportAndOpensTheNext() throws {
    let journal = try TerminalJournal.inMemory()
    let a = try journalSale(journal, trace: 1, amountFen: 1000)
    let b = try journalSale(journal, trace: 2, amountFen: 2000, code: "51")
    let settled = report(
      batch: 1, sales: Totals(count: 1, amountFen: 1000), failed: Totals(count: 1, amountFen: 2000))

    try journal.apply(.closeBatch(settled, nextBatch: 2))
    let snap = try journal.snapshot()
    #expect(snap.batch == 2)
    #expect(snap.lastTrace == 2)  // voucher numbers run on across batches
    #expect(snap.openBatch.isEmpty)
    #expect(try journal.settlements() == [settled])
    #expect(try journal.allTransactions() == [a, b])
  }

  @Test func aSettlementSlipIsOwedUntilItHasPrinted() throws {
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 1, amountFen: 1000)
    let b = try journalSale(journal, trace: 2, amountFen: 2000, code: "51")
    let settled = report(
      batch: 1, sales: Totals(count: 1, amountFen: 1000), failed: Totals(count: 1, amountFen: 2000))

    try journal.apply(
      .closeBatch(settled, nextBatch: 2, printSuccessDetail: false, printFailedDetail: true))
    #expect(
      try journal.snapshot().unprintedSettlement
        == .settlement(settled, successDetail: nil, failedDetail: [b]))

    try journal.apply(.settlementPrinted(batch: 1))
    #expect(try journal.snapshot().unprintedSettlement == nil)
  }

  @Test func closingTheSameBatchTwiceChangesNothing() throws {
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 1, amountFen: 1000)
    let settled = report(batch: 1, sales: Totals(count: 1, amountFen: 1000), failed: Totals())
    try journal.apply(.closeBatch(settled, nextBatch: 2))
    let after = try journal.snapshot()

    try journal.apply(.closeBatch(settled, nextBatch: 2))
    #expect(try journal.snapshot() == after)
    #expect(try journal.settlements().count == 1)

    // Even after a new sale in batch 2, a replay of batch 1's close is harmless.
    let c = try journalSale(journal, trace: 2, batch: 2)
    try journal.apply(.closeBatch(settled, nextBatch: 2))
    let snap = try journal.snapshot()
    #expect(snap.batch == 2)
    #expect(snap.openBatch == [c])
    #expect(try journal.settlements().count == 1)
  }

  @Test func theNextBatchCanBeSettledInItsTurn() throws {
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 1)
    try journal.apply(
      .closeBatch(
        report(batch: 1, sales: Totals(count: 1, amountFen: 5000), failed: Totals()), nextBatch: 2))
    try journalSale(journal, trace: 2, batch: 2)
    try journal.apply(
      .closeBatch(
        report(batch: 2, sales: Totals(count: 1, amountFen: 5000), failed: Totals()), nextBatch: 3))
    #expect(try journal.settlements().map(\.batch) == [1, 2])
    #expect(try journal.snapshot().batch == 3)
    #expect(try journal.snapshot().openBatch.isEmpty)
  }

  @Test func voucherNumberOneIsUsableAgainAfterTheWrap() throws {
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 999_998)
    try journalSale(journal, trace: 999_999)
    let last = try journal.snapshot().lastTrace
    #expect(last == 999_999)
    let next = SequenceNumber.next(after: last)
    #expect(next == 1)
    try journalSale(journal, trace: next)
    let snap = try journal.snapshot()
    #expect(snap.lastTrace == 1)
    #expect(snap.openBatch.map(\.trace) == [999_998, 999_999, 1])
  }

  @Test func aSettledBatchFreesItsVoucherNumbers() throws {
    // After a wrap and a settlement, batch 1 can come round again without clashing.
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 5, batch: 1)
    try journal.apply(
      .closeBatch(
        report(batch: 1, sales: Totals(count: 1, amountFen: 5000), failed: Totals()), nextBatch: 2))
    try journal.apply(
      .closeBatch(report(batch: 2, sales: Totals(), failed: Totals()), nextBatch: 1))
    try journalSale(journal, trace: 5, batch: 1)
    #expect(try journal.snapshot().openBatch.map(\.trace) == [5])
    #expect(try journal.allTransactions().count == 2)
  }
}

@Suite("Secrets never reach the journal")
struct JournalSecretTests {
  @Test func aSaleWithAnUnmaskedPANIsRefusedAndNothingIsWritten() throws {
    let journal = try TerminalJournal.inMemory()
    var (record, reversal) = pendingSale(trace: 1)
    record.maskedPAN = fullPAN
    #expect(throws: JournalError.refusedSecret("transaction 1/1: PAN field is not masked")) {
      try journal.apply(.beginSale(record, reversal))
    }
    #expect(try journal.snapshot() == JournalSnapshot())
  }

  @Test func aReversalWithAnUnmaskedPANIsRefused() throws {
    let journal = try TerminalJournal.inMemory()
    let (record, masked) = pendingSale(trace: 1)
    var reversal = masked
    reversal.maskedPAN = "6222 0212 3456 7890"
    #expect(throws: JournalError.self) { try journal.apply(.beginSale(record, reversal)) }
    #expect(try journal.snapshot() == JournalSnapshot())
  }

  @Test func aMaskedPANIsStoredAsGiven() throws {
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 1)
    #expect(try journal.allTransactions().map(\.maskedPAN) == ["622202*********0123"])
  }
}
