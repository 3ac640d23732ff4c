/// Where one transaction stands in the books of its batch.
public enum LedgerStanding: Sendable, Equatable {
  /// Approved: counted on its kind's side (a hold or a balance inquiry moves no money).
  case success
  /// Approved, then cancelled by a void of the batch: listed 已撤销. It stays in its
  /// kind's row and the void's row takes it out of 借记.
  case voided
  /// An advice (0220) whose reply never came: owed to the host, which books it when
  /// it arrives; counted as approved, resent until answered, never reversed.
  case owed
  /// Declined, or reversed after no reply.
  case failed
  /// Sent and unanswered, and its reversal will undo it (or nothing moved): in no total.
  case unresolved

  /// Listed with the successful transactions (the detail list, 7-3, the upload).
  public var isSuccess: Bool { self == .success || self == .voided || self == .owed }
}

/// A transaction's place in the journal: its batch and voucher number.
public struct Voucher: Hashable, Sendable {
  public var batch: Int
  public var trace: Int
  public init(batch: Int, trace: Int) {
    self.batch = batch
    self.trace = trace
  }
}

/// The books of a batch (UnionPay practice): the one function over the journal's
/// transactions that every surface reads — the settlement screens and slip, both
/// detail lists, 7-4, 8-3, field 48 of the 0500 and the lessons' checks. Nothing
/// else sums a batch.
///
/// - 借记 (debit): sales, completions (and their advices) and QR payments, net of
///   their voids; 贷记 (credit): refunds. Each counts once its kind's side says so
///   (`TransactionDescriptor.ledgerSide`).
/// - Pre-authorisations are holds, not money; balance inquiries move nothing.
/// - Declined and reversed transactions are the failed ones, of any kind.
/// - An advice still owed to the host counts: the host books it when it arrives.
public struct BatchLedger: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    public var record: TransactionRecord
    public var standing: LedgerStanding
  }

  /// Every transaction given, in the order given, with its standing.
  public let entries: [Entry]
  /// The figures: each kind's row, the failed ones, and from them 借记, 贷记, net.
  public let totals: BatchTotals

  public init(_ records: [TransactionRecord]) {
    let voids = Self.voids(records)
    let voided = Set(voids.values)
    var entries: [Entry] = []
    entries.reserveCapacity(records.count)
    var byKind: [TransactionKind: Totals] = [:]
    var failed = Totals()
    for r in records {
      let standing = Self.standing(r, voided: voided)
      entries.append(Entry(record: r, standing: standing))
      switch standing {
      case .success, .voided, .owed:
        guard let side = BatchTotals.side(of: r.kind) else { continue }
        // A void counts only beside the original it takes out.
        if side.sign < 0 && voids[Voucher(batch: r.batch, trace: r.trace)] == nil { continue }
        byKind[r.kind, default: Totals()].add(r.amountFen)
      case .failed: failed.add(r.amountFen)
      case .unresolved: break
      }
    }
    self.entries = entries
    self.totals = BatchTotals(byKind: byKind, failed: failed)
  }

  public var debit: Totals { totals.debit }
  public var credit: Totals { totals.credit }
  /// 借记 less 贷记.
  public var netFen: Int64 { totals.netFen }
  public var failed: Totals { totals.failed }

  /// The successful transactions (voided ones and owed advices included), in order.
  public var successes: [Entry] { entries.filter { $0.standing.isSuccess } }
  /// The declined and reversed ones, in order.
  public var failures: [Entry] { entries.filter { $0.standing == .failed } }
  /// Advices sent whose reply never came, oldest first: owed to the host.
  public var owedAdvices: [TransactionRecord] {
    entries.filter { $0.standing == .owed }.map(\.record)
  }

  /// The oldest advice owed to the host, without building the whole ledger (it is
  /// asked before every online step): an owed advice's standing does not depend on
  /// the voids around it.
  public static func firstOwedAdvice(_ records: [TransactionRecord]) -> TransactionRecord? {
    records.first { $0.status == .pending && standing($0, voided: []) == .owed }
  }

  /// The standing of the transaction with this batch and voucher number.
  public func standing(of record: TransactionRecord) -> LedgerStanding? {
    entries.first { $0.record.batch == record.batch && $0.record.trace == record.trace }?.standing
  }

  private static func standing(_ r: TransactionRecord, voided: Set<Voucher>) -> LedgerStanding {
    switch r.status {
    case .approved:
      return voided.contains(Voucher(batch: r.batch, trace: r.trace)) ? .voided : .success
    case .declined, .reversed: return .failed
    case .pending: return r.descriptor.noReply == .resendAdvice ? .owed : .unresolved
    }
  }

  /// Transactions of `records` that an approved void among them cancels. (A void
  /// still unanswered is reversed before the next online step: until then its
  /// original stands.)
  public static func voidedVouchers(_ records: [TransactionRecord]) -> Set<Voucher> {
    Set(voids(records).values)
  }

  /// Each approved void of `records` with the original among them it cancels. A void
  /// names its original by voucher (same batch unless it says otherwise); a
  /// pre-authorisation's void names the hold by its authorisation code.
  static func voids(_ records: [TransactionRecord]) -> [Voucher: Voucher] {
    var approved: [Voucher: TransactionKind] = [:]
    var voids: [TransactionRecord] = []
    for r in records where r.status == .approved {
      approved[Voucher(batch: r.batch, trace: r.trace)] = r.kind
      if r.descriptor.voids != nil { voids.append(r) }
    }
    var found: [Voucher: Voucher] = [:]
    var taken = Set<Voucher>()
    for v in voids {
      guard let target = v.descriptor.voids, let original = v.original else { continue }
      var named: Voucher?
      if let trace = original.trace {
        named = Voucher(batch: original.batch ?? v.batch, trace: trace)
      } else if let auth = original.authCode,
        let hold = records.last(where: {
          $0.kind == target && $0.status == .approved && $0.authCode == auth
        })
      {
        named = Voucher(batch: hold.batch, trace: hold.trace)
      }
      // The lookup checked the original's kind; a void is never voided itself, and
      // an original is taken out once.
      guard let named, let kind = approved[named], kind.descriptor.voids == nil,
        !taken.contains(named)
      else { continue }
      taken.insert(named)
      found[Voucher(batch: v.batch, trace: v.trace)] = named
    }
    return found
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

  public mutating func add(_ amountFen: Int64) {
    count += 1
    self.amountFen += amountFen
  }
}

/// A batch's figures as the settlement keeps them (the journal stores one row a
/// kind): each kind that moves money and each void of one, counted whole — a voided
/// sale stays in 消费 and its void is in 消费撤销 — and the failed ones together.
/// 借记 and 贷记 follow from the rows, so a settled report and an open batch are read
/// alike. Made by `BatchLedger` only.
public struct BatchTotals: Codable, Sendable, Equatable {
  public var byKind: [TransactionKind: Totals]
  public var failed: Totals
  public init(byKind: [TransactionKind: Totals] = [:], failed: Totals = Totals()) {
    self.byKind = byKind
    self.failed = failed
  }

  public func counted(_ kind: TransactionKind) -> Totals { byKind[kind] ?? Totals() }

  /// 借记: debit kinds less their voids (count and amount).
  public var debit: Totals { total(on: .debit) }
  /// 贷记: refunds.
  public var credit: Totals { total(on: .credit) }
  /// 借记 less 贷记: what reaches the merchant's account.
  public var netFen: Int64 { debit.amountFen - credit.amountFen }

  /// The side a kind's row counts on, and whether it adds (+1) or takes away (−1):
  /// a kind that moves money adds to its side; a void of one takes from that side.
  /// nil for kinds outside the money (holds, balance inquiries).
  public static func side(of kind: TransactionKind) -> (side: LedgerSide, sign: Int64)? {
    let d = kind.descriptor
    if d.ledgerSide.movesMoney { return (d.ledgerSide, 1) }
    if let target = d.voids, target.descriptor.ledgerSide.movesMoney {
      return (target.descriptor.ledgerSide, -1)
    }
    return nil
  }

  private func total(on side: LedgerSide) -> Totals {
    var t = Totals()
    for (kind, row) in byKind {
      guard let s = Self.side(of: kind), s.side == side else { continue }
      t.count += Int(s.sign) * row.count
      t.amountFen += s.sign * row.amountFen
    }
    return t
  }

  /// Kinds printed on every settlement slip and 7-4, with a zero row when none.
  public static let alwaysListed: [TransactionKind] = [.sale, .void, .refund]

  /// The rows of the settlement slip and 7-4, in the table's order: sales, their
  /// voids and refunds always, any other kind that counts when it occurred.
  public var rows: [(kind: TransactionKind, totals: Totals)] {
    TransactionKind.allCases.filter {
      Self.side(of: $0) != nil && (Self.alwaysListed.contains($0) || counted($0).count > 0)
    }.map { ($0, counted($0)) }
  }
}
