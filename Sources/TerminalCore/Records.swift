import Foundation

/// Kinds of transaction the terminal records. Only sale is offered today.
public enum TransactionKind: String, Codable, Sendable, Equatable {
  case sale
}

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
  public var entryMode: String  // "S" swipe
  public var operatorNo: String
  public var startedAt: Date
  public var status: TransactionStatus
  public var responseCode: String?
  public var authCode: String?
  public var referenceNo: String?
  public var issuer: String?
  public var completedAt: Date?

  public init(
    trace: Int, batch: Int, kind: TransactionKind, amountFen: Int64, maskedPAN: String,
    expiry: String, entryMode: String, operatorNo: String, startedAt: Date,
    status: TransactionStatus, responseCode: String? = nil, authCode: String? = nil,
    referenceNo: String? = nil, issuer: String? = nil, completedAt: Date? = nil
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
  }
}

/// Saved before a sale is sent, deleted when its reply arrives (冲正).
/// Carries no PIN and no track data.
public struct ReversalRecord: Codable, Sendable, Equatable {
  public var trace: Int
  public var batch: Int
  public var amountFen: Int64
  public var maskedPAN: String
  public var originalTime: Date
  public var attempts: Int

  public init(
    trace: Int, batch: Int, amountFen: Int64, maskedPAN: String, originalTime: Date,
    attempts: Int = 0
  ) {
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
  /// Every transaction of the open batch, oldest first.
  public var openBatch: [TransactionRecord]
  public var pendingReversal: ReversalRecord?
  public var operatorLocks: [String: OperatorLockState]
  /// A settlement whose slip never printed (power lost after the batch closed).
  public var unprintedSettlement: PrintJob?

  public init(
    batch: Int = 1, lastTrace: Int = 0, openBatch: [TransactionRecord] = [],
    pendingReversal: ReversalRecord? = nil, operatorLocks: [String: OperatorLockState] = [:],
    unprintedSettlement: PrintJob? = nil
  ) {
    self.batch = batch
    self.lastTrace = lastTrace
    self.openBatch = openBatch
    self.pendingReversal = pendingReversal
    self.operatorLocks = operatorLocks
    self.unprintedSettlement = unprintedSettlement
  }
}

/// Totals of one class of transactions (count and amount).
public struct Totals: Codable, Sendable, Equatable {
  public var count: Int
  public var amountFen: Int64
  public init(count: Int = 0, amountFen: Int64 = 0) {
    self.count = count
    self.amountFen = amountFen
  }
}

/// The result of settling a batch, for the journal and the settlement slip.
public struct SettlementReport: Codable, Sendable, Equatable {
  public var batch: Int
  public var settledAt: Date
  public var operatorNo: String
  public var sales: Totals  // successful sales
  public var failed: Totals  // declined and reversed
  public var balanced: Bool  // 对账平 / 对账不平
  public init(
    batch: Int, settledAt: Date, operatorNo: String, sales: Totals, failed: Totals,
    balanced: Bool
  ) {
    self.batch = batch
    self.settledAt = settledAt
    self.operatorNo = operatorNo
    self.sales = sales
    self.failed = failed
    self.balanced = balanced
  }
}

/// Voucher and batch numbers run 000001–999999 and wrap to 000001.
public enum SequenceNumber {
  public static func next(after n: Int) -> Int { n >= 999_999 ? 1 : n + 1 }
  public static func format(_ n: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, 6 - s.count)) + s
  }
}

/// PAN masking: first 6 and last 4 digits, `*` between.
public enum PANMask {
  public static func mask(_ pan: String) -> String {
    guard pan.count > 10 else { return String(repeating: "*", count: pan.count) }
    return String(pan.prefix(6)) + String(repeating: "*", count: pan.count - 10)
      + String(pan.suffix(4))
  }
}
