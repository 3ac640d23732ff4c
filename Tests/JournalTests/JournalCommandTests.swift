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

    try journal.apply(.beginTransaction(record, reversal: reversal))
    var snap = try journal.snapshot()
    #expect(snap.lastTrace == 1)
    #expect(snap.openBatch == [record])
    #expect(snap.pendingReversal == reversal)

    let done = completed(record)
    try journal.apply(.completeTransaction(done))
    snap = try journal.snapshot()
    #expect(snap.lastTrace == 1)
    #expect(snap.openBatch == [done])
    #expect(snap.openBatch.first?.status == .approved)
    #expect(snap.openBatch.first?.authCode == "000001")
    #expect(snap.pendingReversal == nil)
  }

  @Test func aDeclinedReplyAlsoDeletesTheReversal() throws {
    let journal = try TerminalJournal.inMemory()
    let done = try journalSale(journal, trace: 7, code: .insufficientFunds)
    let snap = try journal.snapshot()
    #expect(snap.openBatch == [done])
    #expect(snap.openBatch.first?.status == .declined)
    #expect(snap.pendingReversal == nil)
  }

  @Test func theOpenBatchListsSalesOldestFirst() throws {
    let journal = try TerminalJournal.inMemory()
    let a = try journalSale(journal, trace: 3, amountFen: 100)
    let b = try journalSale(journal, trace: 4, amountFen: 200, code: .incorrectPIN)
    let c = try journalSale(journal, trace: 5, amountFen: 300)
    let snap = try journal.snapshot()
    #expect(snap.openBatch == [a, b, c])
    #expect(snap.lastTrace == 5)
  }

  @Test func completingAnUnknownSaleThrows() throws {
    let journal = try TerminalJournal.inMemory()
    let (record, _) = pendingSale(trace: 9)
    #expect(throws: JournalError.self) {
      try journal.apply(.completeTransaction(completed(record)))
    }
  }

  @Test func aVoucherNumberIsUsedOnlyOnceInTheOpenBatch() throws {
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 12)
    let (again, reversal) = pendingSale(trace: 12)
    #expect(throws: JournalError.self) {
      try journal.apply(.beginTransaction(again, reversal: reversal))
    }
    #expect(try journal.snapshot().openBatch.count == 1)
  }

  @Test func theReversalLivesUntilTheHostAcceptsIt() throws {
    let journal = try TerminalJournal.inMemory()
    let (record, reversal) = pendingSale(trace: 21)
    try journal.apply(.beginTransaction(record, reversal: reversal))
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
    try journal.apply(.beginTransaction(r1, reversal: v1))
    try journal.apply(.beginTransaction(r2, reversal: v2))
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
  /// A report of approved sales and failed transactions (a kind with none has no entry).
  func report(batch: Int, sales: Totals, failed: Totals) -> SettlementReport {
    SettlementReport(
      batch: batch, settledAt: t0 + 3600, operatorNo: "01",
      totals: BatchTotals(byKind: sales.count == 0 ? [:] : [.sale: sales], failed: failed),
      balanced: true)
  }

  @Test func closingTheBatchStoresTheReportAndOpensTheNext() throws {
    let journal = try TerminalJournal.inMemory()
    let a = try journalSale(journal, trace: 1, amountFen: 1000)
    let b = try journalSale(journal, trace: 2, amountFen: 2000, code: .insufficientFunds)
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
    let a = try journalSale(journal, trace: 1, amountFen: 1000)
    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant)))
    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .cardholder)))
    let b = try journalSale(journal, trace: 2, amountFen: 2000, code: .insufficientFunds)
    let settled = report(
      batch: 1, sales: Totals(count: 1, amountFen: 1000), failed: Totals(count: 1, amountFen: 2000))

    try journal.apply(
      .closeBatch(settled, nextBatch: 2, printSuccessDetail: false, printFailedDetail: true))
    #expect(
      try journal.snapshot().owedSlips == [
        // The list carries the batch; the printer lists its failed ones.
        .settlement(settled, successDetail: nil, failedDetail: [a, b])
      ])

    try journal.apply(.slipPrinted(.settlement(batch: 1)))
    #expect(try journal.snapshot().owedSlips.isEmpty)
    #expect(try journal.allTransactions() == [a, b])
  }

  @Test func aSuccessDetailListsTheTransactionsOfThatBatchOnly() throws {
    let journal = try TerminalJournal.inMemory()
    let a = try journalSale(journal, trace: 1, amountFen: 1000)
    let b = try journalSale(journal, trace: 2, code: .insufficientFunds)
    let settled = report(
      batch: 1, sales: Totals(count: 1, amountFen: 1000), failed: Totals(count: 1, amountFen: 5000))
    try journal.apply(.closeBatch(settled, nextBatch: 2, printSuccessDetail: true))
    let c = try journalSale(journal, trace: 3, batch: 2)

    let settlementJobs = try journal.snapshot().owedSlips.filter {
      if case .settlement = $0 { return true } else { return false }
    }
    #expect(settlementJobs == [.settlement(settled, successDetail: [a, b], failedDetail: nil)])
    #expect(try journal.snapshot().openBatch == [c])
  }

  @Test func everyUnprintedSettlementIsOwedOldestFirstAmongTheReceipts() throws {
    let journal = try TerminalJournal.inMemory()
    let a = try journalSale(journal, trace: 1)  // completed at t0 + 2
    let first = report(batch: 1, sales: Totals(count: 1, amountFen: 5000), failed: Totals())
    try journal.apply(.closeBatch(first, nextBatch: 2))
    // The second batch settles an hour after the sale in it.
    let (record, reversal) = pendingSale(trace: 2, batch: 2, at: t0 + 7200)
    try journal.apply(.beginTransaction(record, reversal: reversal))
    let b = completed(record, at: t0 + 7202)
    try journal.apply(.completeTransaction(b))
    var second = report(batch: 2, sales: Totals(count: 1, amountFen: 5000), failed: Totals())
    second.settledAt = t0 + 10_800
    try journal.apply(.closeBatch(second, nextBatch: 3))

    #expect(
      try journal.snapshot().owedSlips
        == receipts(a) + [.settlement(first, successDetail: nil, failedDetail: nil)]
        + receipts(b) + [.settlement(second, successDetail: nil, failedDetail: nil)])
  }

  @Test func settlementTotalsRoundTripPerKind() throws {
    let journal = try TerminalJournal.inMemory()
    let settled = SettlementReport(
      batch: 1, settledAt: t0 + 3600, operatorNo: "02",
      totals: BatchTotals(
        byKind: [
          .sale: Totals(count: 3, amountFen: 30_000),
          .void: Totals(count: 1, amountFen: 5000),
          .refund: Totals(count: 2, amountFen: 1234),
          .preAuthCompletion: Totals(count: 1, amountFen: 8800),
        ],
        failed: Totals(count: 4, amountFen: 999)),
      balanced: false)
    try journal.apply(.closeBatch(settled, nextBatch: 2))
    #expect(try journal.settlements() == [settled])
    #expect(
      try journal.snapshot().owedSlips == [
        .settlement(settled, successDetail: nil, failedDetail: nil)
      ])
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
      try journal.apply(.beginTransaction(record, reversal: reversal))
    }
    #expect(try journal.snapshot() == JournalSnapshot())
  }

  @Test func aReversalWithAnUnmaskedPANIsRefused() throws {
    let journal = try TerminalJournal.inMemory()
    let (record, masked) = pendingSale(trace: 1)
    var reversal = masked
    reversal.maskedPAN = "6222 0212 3456 7890"
    #expect(throws: JournalError.self) {
      try journal.apply(.beginTransaction(record, reversal: reversal))
    }
    #expect(try journal.snapshot() == JournalSnapshot())
  }

  @Test func aMaskedPANIsStoredAsGiven() throws {
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 1)
    #expect(try journal.allTransactions().map(\.maskedPAN) == ["622202*********0123"])
  }
}

@Suite("Slip copies are owed until printed")
struct JournalOwedReceiptTests {
  @Test func anApprovedTransactionOwesBothCopiesUntilEachHasPrinted() throws {
    let journal = try TerminalJournal.inMemory()
    let (record, reversal) = pendingSale(trace: 1)
    try journal.apply(.beginTransaction(record, reversal: reversal))
    // Nothing to print while the reply is awaited.
    #expect(try journal.snapshot().owedSlips.isEmpty)

    let done = completed(record)
    try journal.apply(.completeTransaction(done))
    #expect(try journal.snapshot().owedSlips == receipts(done))

    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant)))
    #expect(try journal.snapshot().owedSlips == [.receipt(done, copy: .cardholder)])
    // A repeated report of the same copy changes nothing.
    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant)))
    #expect(try journal.snapshot().owedSlips == [.receipt(done, copy: .cardholder)])

    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .cardholder)))
    #expect(try journal.snapshot().owedSlips.isEmpty)
  }

  @Test func declinedAndReversedTransactionsOweNothing() throws {
    let journal = try TerminalJournal.inMemory()
    try journalSale(journal, trace: 1, code: .insufficientFunds)
    let (record, reversal) = pendingSale(trace: 2)
    try journal.apply(.beginTransaction(record, reversal: reversal))
    try journal.apply(.reversalDone(trace: 2, batch: 1))
    let snap = try journal.snapshot()
    #expect(snap.openBatch.map(\.status) == [.declined, .reversed])
    #expect(snap.owedSlips.isEmpty)
  }

  @Test func aKindWithoutASlipOwesNothing() throws {
    let journal = try TerminalJournal.inMemory()
    let balance = try journalTransaction(journal, .balance, trace: 1, amountFen: 0)
    let snap = try journal.snapshot()
    #expect(snap.openBatch == [balance])
    #expect(snap.owedSlips.isEmpty)
  }

  @Test func copiesAreOwedInTheOrderTheTransactionsCompleted() throws {
    let journal = try TerminalJournal.inMemory()
    let a = try journalSale(journal, trace: 1)
    let b = try journalTransaction(
      journal, .void, trace: 2, original: OriginalTransaction(trace: 1, batch: 1))
    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .cardholder)))
    #expect(
      try journal.snapshot().owedSlips
        == [.receipt(a, copy: .merchant)] + receipts(b))
  }

  @Test func owedCopiesSurviveAReopen() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("journal.sqlite")
    var journal = try TerminalJournal(path: path)
    let done = try journalSale(journal, trace: 1)
    try journal.apply(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant)))
    try journal.close()

    journal = try TerminalJournal(path: path)
    #expect(try journal.snapshot().owedSlips == [.receipt(done, copy: .cardholder)])
    try journal.close()
  }
}

@Suite("Every kind is journalled")
struct JournalKindTests {
  @Test func aReversalKeepsItsKind() throws {
    let journal = try TerminalJournal.inMemory()
    let (void, voidReversal) = pending(
      .void, trace: 1, original: OriginalTransaction(trace: 9, batch: 1))
    let (auth, authReversal) = pending(.preAuth, trace: 2)
    #expect(voidReversal?.kind == .void)
    try journal.apply(.beginTransaction(void, reversal: voidReversal))
    try journal.apply(.beginTransaction(auth, reversal: authReversal))
    #expect(try journal.snapshot().pendingReversal == voidReversal)
    #expect(try journal.pendingReversals().map(\.kind) == [.void, .preAuth])
    try journal.apply(.reversalDone(trace: 1, batch: 1))
    #expect(try journal.snapshot().pendingReversal == authReversal)
  }

  @Test func aKindThatIsNotReversedBeginsWithoutAReversal() throws {
    let journal = try TerminalJournal.inMemory()
    let original = OriginalTransaction(referenceNo: "093000000001", date: "1121")
    let (refund, reversal) = pending(.refund, trace: 5, amountFen: 1234, original: original)
    #expect(reversal == nil)
    try journal.apply(.beginTransaction(refund, reversal: nil))
    var snap = try journal.snapshot()
    #expect(snap.lastTrace == 5)
    #expect(snap.openBatch == [refund])
    #expect(snap.pendingReversal == nil)

    let done = completed(refund)
    try journal.apply(.completeTransaction(done))
    snap = try journal.snapshot()
    #expect(snap.openBatch == [done])
    #expect(snap.openBatch.first?.original == original)
    #expect(snap.owedSlips == receipts(done))
  }

  @Test func everyFieldOfEveryKindRoundTrips() throws {
    let journal = try TerminalJournal.inMemory()
    var written: [TransactionRecord] = []
    for (i, kind) in TransactionKind.allCases.enumerated() {
      let (begun, reversal) = pending(
        kind, trace: i + 1, amountFen: Int64(100 * (i + 1)),
        original: OriginalTransaction(
          trace: 7, batch: 1, referenceNo: "000000000007", date: "0615", authCode: "A1B2C3"))
      var record = begun
      record.entryMode = EntryMode.allCases[i % EntryMode.allCases.count]
      try journal.apply(.beginTransaction(record, reversal: reversal))
      var done = completed(record, code: i == 2 ? ResponseCode("A0") : .approved)
      done.completedAt = t0 + 0.125
      try journal.apply(.completeTransaction(done))
      written.append(done)
    }
    #expect(try journal.allTransactions() == written)
    #expect(try journal.allTransactions()[2].responseCode?.rawValue == "A0")
  }

  @Test func aReversalForAnotherTransactionIsRefused() throws {
    let journal = try TerminalJournal.inMemory()
    let (record, _) = pending(.void, trace: 1)
    let (_, other) = pending(.void, trace: 2)
    #expect(throws: JournalError.self) {
      try journal.apply(.beginTransaction(record, reversal: other))
    }
    #expect(try journal.snapshot() == JournalSnapshot())
  }
}
