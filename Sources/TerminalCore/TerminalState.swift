import Foundation

/// The whole terminal as a value. `reduce` is the only thing that changes it.
///
/// `flow` says which part of the procedure the terminal is in; each flow owns
/// its own states. Around it sits what every flow shares: the journal's
/// counters and open batch, the sign-in, the request awaiting the host and the
/// printer's queue.
public struct TerminalState: Sendable, Equatable {
  public var profile: TerminalProfile
  public var operators: [OperatorRecord]
  public var now: Date
  public var lastActivity: Date
  public var flow: Flow = .power(.off)

  public var signedInOperator: String?
  public var hostOnline = false
  public var batch = 1
  public var lastTrace = 0
  /// Read after power-on's first screens (`Event.openBatchLoaded`), before any key.
  public var openBatch: [TransactionRecord] = []
  public var pendingReversal: ReversalRecord?
  public var operatorLocks: [String: OperatorLockState] = [:]
  /// Slips the journal owes (skipped at a print fault, or lost to a power cut).
  public var owedSlips: [PrintJob] = []
  /// The last batch settled, for 7-5 (重打结算单).
  public var lastSettlement: SettlementReport?
  /// The request whose reply the terminal waits for, and until when.
  public var hostWait: HostWait?
  public var printer = PrinterQueue()
  /// A one-shot line for the next menu screen (sign-in result, settlement done).
  public var banner: [String] = []
  // Chip and contactless
  /// A card sits in the chip slot (inserted and not yet removed).
  public var cardInSlot = false
  /// The chip transaction out with the host, until the card has had its last word.
  public var activeChip: ActiveChip?

  public init(profile: TerminalProfile, operators: [OperatorRecord], now: Date) {
    self.profile = profile
    self.operators = operators
    self.now = now
    self.lastActivity = now
  }

  public var language: Language { profile.language }

  /// Calendar day of a moment in the terminal's time zone, as yyyymmdd.
  public func localDay(_ date: Date) -> Int {
    CivilTime(date, profile.timeZone).dayNumber
  }

  /// A moment's date as MMDD in the terminal's time zone (an original's date, field 13).
  public func monthDay(_ date: Date) -> String {
    zeroPadded(localDay(date) % 10000, width: 4)
  }

  /// The open batch holds a transaction from an earlier day: settle before selling.
  public var needsForcedSettlement: Bool {
    let today = localDay(now)
    return openBatch.contains { localDay($0.startedAt) < today }
  }

  /// The open batch's books: every figure about the batch comes from here.
  public var ledger: BatchLedger { BatchLedger(openBatch) }
  /// The open batch's figures as the settlement counts them.
  public var batchTotals: BatchTotals { ledger.totals }

  public var status: StatusInfo {
    let host: Msg =
      pendingReversal != nil
      ? .reversalPending
      : (signedInOperator == nil ? .notSignedIn : (hostOnline ? .hostOnline : .hostOffline))
    return StatusInfo(
      time: now, operatorNo: signedInOperator, batch: batch, lastVoucher: lastTrace,
      hostState: host.text(language))
  }

  /// The terminal stopped on a self-check or storage fault.
  public var isStopped: Bool {
    switch flow {
    case .power(.selfCheckFailed), .power(.fatal): return true
    case .power, .signIn, .settlement, .menu, .transaction, .reversal, .advice, .management:
      return false
    }
  }

  /// The moment the core wants a `.tick` without a key or a reply: the next query of
  /// a QR order the customer is confirming. Drivers move their clock to it.
  public var timerDue: Date? {
    guard case .transaction(.order(let stage)) = flow else { return nil }
    return TransactionFlow.timerDue(stage)
  }

  /// The operator's record, when configured.
  func operatorRecord(_ number: String) -> OperatorRecord? {
    operators.first { $0.number == number }
  }

  /// Replaces the open batch's copy of `record` (same batch and trace).
  mutating func updateOpenBatch(_ record: TransactionRecord) {
    // From the newest: the record completed is almost always the last one, and a
    // voucher number occurs once in the open batch (the journal's unique index), so
    // this finds the same one as from the oldest without walking the whole batch.
    if let i = openBatch.lastIndex(where: { $0.trace == record.trace && $0.batch == record.batch })
    {
      openBatch[i] = record
    }
  }
}

/// The part of the procedure the terminal is in. Each flow's file is the whole
/// story of that flow: its states, what keys and replies do there, its screens.
public enum Flow: Sendable, Equatable {
  case power(PowerFlow.State)
  case signIn(SignInFlow.State)
  case settlement(SettlementFlow.State)
  case menu(MenuFlow.State)
  case transaction(TransactionFlow.State)
  case reversal(ReversalFlow.State)
  /// Owed advices sent again before going online (AdviceFlow).
  case advice(AdviceFlow.State)
  case management(ManagementFlow.State)
}
