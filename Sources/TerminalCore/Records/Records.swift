import Foundation

/// Where a transaction stands in the journal.
public enum TransactionStatus: String, Codable, Sendable, Equatable {
  /// Sent (or about to be sent) to the host; its reversal record exists.
  case pending
  case approved
  case declined
  /// Reversed after no reply; counts as failed at settlement.
  case reversed
}

/// One transaction as the journal keeps it. Never holds the PIN, the PIN block,
/// track data or the full PAN.
public struct TransactionRecord: Codable, Sendable, Equatable {
  public var trace: Int  // voucher number 1...999999
  public var batch: Int  // 1...999999
  public var kind: TransactionKind
  public var amountFen: Int64
  public var maskedPAN: String  // first 6, last 4
  public var expiry: String  // YYMM
  public var entryMode: EntryMode
  public var operatorNo: String
  public var startedAt: Date
  public var status: TransactionStatus
  public var responseCode: ResponseCode?
  public var authCode: String?
  public var referenceNo: String?
  public var issuer: String?
  public var completedAt: Date?
  /// The transaction this one refers to (void, refund, completion); nil for a sale.
  public var original: OriginalTransaction?
  /// The chip lines of the slip (AID, label, TC, ATC), for an inserted or tapped card.
  public var chip: ChipSlipData?

  public init(
    trace: Int, batch: Int, kind: TransactionKind, amountFen: Int64, maskedPAN: String,
    expiry: String, entryMode: EntryMode, operatorNo: String, startedAt: Date,
    status: TransactionStatus, responseCode: ResponseCode? = nil, authCode: String? = nil,
    referenceNo: String? = nil, issuer: String? = nil, completedAt: Date? = nil,
    original: OriginalTransaction? = nil
  ) {
    self.trace = trace
    self.batch = batch
    self.kind = kind
    self.amountFen = amountFen
    self.maskedPAN = maskedPAN
    self.expiry = expiry
    self.entryMode = entryMode
    self.operatorNo = operatorNo
    self.startedAt = startedAt
    self.status = status
    self.responseCode = responseCode
    self.authCode = authCode
    self.referenceNo = referenceNo
    self.issuer = issuer
    self.completedAt = completedAt
    self.original = original
  }

  public var descriptor: TransactionDescriptor { kind.descriptor }
}

/// How a transaction names the one it refers to: whichever of these its kind's
/// lookup gave (voucher and batch in the open batch; reference and date; auth code).
public struct OriginalTransaction: Codable, Sendable, Equatable {
  public var trace: Int?
  public var batch: Int?
  public var referenceNo: String?
  public var date: String?  // MMDD
  public var authCode: String?
  public init(
    trace: Int? = nil, batch: Int? = nil, referenceNo: String? = nil, date: String? = nil,
    authCode: String? = nil
  ) {
    self.trace = trace
    self.batch = batch
    self.referenceNo = referenceNo
    self.date = date
    self.authCode = authCode
  }
}

/// Saved before a reversible transaction is sent, deleted when its reply
/// arrives (冲正). Carries no PIN and no track data.
public struct ReversalRecord: Codable, Sendable, Equatable {
  public var kind: TransactionKind
  public var trace: Int
  public var batch: Int
  public var amountFen: Int64
  public var maskedPAN: String
  public var originalTime: Date
  public var attempts: Int

  public init(
    kind: TransactionKind = .sale, trace: Int, batch: Int, amountFen: Int64, maskedPAN: String,
    originalTime: Date, attempts: Int = 0
  ) {
    self.kind = kind
    self.trace = trace
    self.batch = batch
    self.amountFen = amountFen
    self.maskedPAN = maskedPAN
    self.originalTime = originalTime
    self.attempts = attempts
  }
}

/// An operator's persisted sign-in state.
public struct OperatorLockState: Codable, Sendable, Equatable {
  public var failedAttempts: Int
  public var locked: Bool
  public init(failedAttempts: Int = 0, locked: Bool = false) {
    self.failedAttempts = failedAttempts
    self.locked = locked
  }
}

/// What the journal hands the core at power-on.
public struct JournalSnapshot: Codable, Sendable, Equatable {
  /// The open batch's number.
  public var batch: Int
  /// The last voucher number used (0 when none yet); the next is last+1, wrapping 999999 → 1.
  public var lastTrace: Int
  /// Every transaction of the open batch, oldest first (empty in power-on's snapshot:
  /// the batch follows as `Event.openBatchLoaded`).
  public var openBatch: [TransactionRecord]
  public var pendingReversal: ReversalRecord?
  public var operatorLocks: [String: OperatorLockState]
  /// Slips that never printed (paper out and skipped, or power lost before
  /// printing), oldest first: settlement slips print at power-on, sale copies from
  /// the print menu.
  public var owedSlips: [PrintJob]
  /// Password hashes upgraded at sign-in (`JournalCommand.upgradeOperatorHash`), one
  /// per operator: each stands in for the configured entry it was made from. The
  /// driver drops, before power-on, those whose entry has since changed in the
  /// config (`PasswordHash.standingUpgrades`).
  public var upgradedOperators: [OperatorRecord]
  /// The last settled batch's report (7-5 prints it again).
  public var lastSettlement: SettlementReport?
  /// Operators added, deleted or given a new password at the terminal (8-6), one per
  /// number (`JournalCommand.saveOperator`/`deleteOperator`): they win over the config.
  public var operatorChanges: [OperatorChange]

  public init(
    batch: Int = 1, lastTrace: Int = 0, openBatch: [TransactionRecord] = [],
    pendingReversal: ReversalRecord? = nil, operatorLocks: [String: OperatorLockState] = [:],
    owedSlips: [PrintJob] = [], upgradedOperators: [OperatorRecord] = [],
    lastSettlement: SettlementReport? = nil, operatorChanges: [OperatorChange] = []
  ) {
    self.lastSettlement = lastSettlement
    self.operatorChanges = operatorChanges
    self.batch = batch
    self.lastTrace = lastTrace
    self.openBatch = openBatch
    self.pendingReversal = pendingReversal
    self.operatorLocks = operatorLocks
    self.owedSlips = owedSlips
    self.upgradedOperators = upgradedOperators
  }
}

/// The result of settling a batch, for the journal and the settlement slip.
public struct SettlementReport: Codable, Sendable, Equatable {
  public var batch: Int
  public var settledAt: Date
  public var operatorNo: String
  public var totals: BatchTotals
  public var balanced: Bool  // 对账平 / 对账不平
  public init(
    batch: Int, settledAt: Date, operatorNo: String, totals: BatchTotals, balanced: Bool
  ) {
    self.batch = batch
    self.settledAt = settledAt
    self.operatorNo = operatorNo
    self.totals = totals
    self.balanced = balanced
  }
}

/// Voucher and batch numbers run 000001–999999 and wrap to 000001.
public enum SequenceNumber {
  public static func next(after n: Int) -> Int { n >= 999_999 ? 1 : n + 1 }
  public static func format(_ n: Int) -> String { zeroPadded(n, width: 6) }
}

/// PAN masking: first 6 and last 4 digits, `*` between.
public enum PANMask {
  public static func mask(_ pan: String) -> String {
    guard pan.count > 10 else { return String(repeating: "*", count: pan.count) }
    return String(pan.prefix(6)) + String(repeating: "*", count: pan.count - 10)
      + String(pan.suffix(4))
  }
}
