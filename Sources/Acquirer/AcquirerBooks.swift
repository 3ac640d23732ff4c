import Foundation
import TerminalCore

/// One transaction the host approved, as its books hold it: what a test compares
/// with the terminal's journal. No full card number.
public struct AcquirerTransaction: Sendable, Equatable {
  /// What became of an approved transaction.
  public enum Status: String, Sendable, Equatable, CaseIterable {
    /// It stands.
    case approved
    /// Undone by the terminal's reversal (冲正).
    case reversed
    /// Cancelled by its void: a sale (撤销), a pre-authorisation (预授权撤销) or a
    /// completion (预授权完成撤销).
    case voided
    /// A pre-authorisation whose completion took the money and released the hold.
    case completed
  }

  public var terminalNo: String
  public var batch: Int
  public var trace: Int
  public var kind: TransactionKind
  public var amountFen: Int64
  public var maskedPAN: String
  public var authCode: String
  public var referenceNo: String
  /// The request's time; nil for a sale booked before the host kept times.
  public var time: Date?
  public var status: Status
  /// The host's record of the transaction this one refers to (the sale a void or a
  /// refund names, the pre-authorisation of a completion or of its void, the
  /// completion of a completion void).
  public var original: Voucher?

  /// A transaction as the host files it: terminal, batch and voucher number.
  public struct Voucher: Sendable, Hashable {
    public var terminalNo: String
    public var batch: Int
    public var trace: Int
    public init(terminalNo: String, batch: Int, trace: Int) {
      self.terminalNo = terminalNo
      self.batch = batch
      self.trace = trace
    }
  }

  public var voucher: Voucher { Voucher(terminalNo: terminalNo, batch: batch, trace: trace) }
}

/// An amount a pre-authorisation holds on a card: it lowers what the card may spend
/// until it is voided, completed, reversed or expires.
public struct AcquirerHold: Sendable, Equatable {
  public var terminalNo: String
  public var batch: Int
  public var trace: Int
  public var authCode: String
  public var referenceNo: String
  public var amountFen: Int64
  public var placedAt: Date
  /// 30 days after `placedAt`; from then on the hold no longer counts.
  public var expiresAt: Date
}

/// The host's own totals of a terminal's batch, in field 48's terms.
public struct AcquirerBatchTotals: Sendable, Equatable {
  /// Approved sales and completions that were neither voided nor reversed.
  public var debit: Totals
  /// Approved refunds.
  public var credit: Totals
  public init(debit: Totals = Totals(), credit: Totals = Totals()) {
    self.debit = debit
    self.credit = credit
  }
}

/// What a terminal uploaded (0320) for one batch after an unbalanced settlement.
public struct AcquirerBatchUpload: Sendable, Equatable {
  public struct Item: Sendable, Equatable {
    public var trace: Int
    public var kind: TransactionKind
    public var amountFen: Int64
    public var maskedPAN: String
    public var entryMode: EntryMode
    public var referenceNo: String?
    public var authCode: String?
    public var time: Date
  }
  /// The transactions uploaded, by voucher number.
  public var items: [Item]
  /// The count the batch end (202) carried; nil until it arrived.
  public var endCount: Int?
}
