/// One thing a transaction kind collects before it goes online, in order.
public enum TransactionStep: Sendable, Equatable {
  /// The supervisor's (00) password.
  case supervisorPassword
  /// Which earlier transaction this one refers to.
  case originalTransaction(OriginalLookup)
  case amount
  /// The card, and what the terminal does with its number.
  case card(CardCheck)
  case pin
}

/// After the card is read.
public enum CardCheck: Sendable, Equatable {
  /// The full number is shown for the cashier to compare with the card (请核对卡号).
  case cashier
  /// No check screen: the number must be the original transaction's, else 卡号不符.
  case matchesOriginal
  /// No check at the terminal; the host checks the card against its record.
  case none
}

/// How the cashier names the original transaction.
public enum OriginalLookup: Sendable, Equatable {
  /// Its voucher number in the open batch (void).
  case byVoucher
  /// Its reference number and date MMDD (refund, any earlier batch).
  case byReferenceAndDate
  /// Its authorisation code and date MMDD (the pre-authorisation's void and completion).
  case byAuthCode
}

/// Which side of the settlement totals (field 48) an approved transaction adds to.
public enum SettlementSide: Sendable, Equatable {
  case debit
  case credit
  /// Not counted (inquiries, holds).
  case none
}

/// The UnionPay terminal message of a kind (field notes §8).
public struct HostMessageSpec: Sendable, Equatable, Codable {
  public var mti: String  // "0200"
  public var processingCode: String  // field 3
  public var posCondition: String  // field 25
  public var typeCode: String  // field 60.1
  public init(mti: String, processingCode: String, posCondition: String, typeCode: String) {
    self.mti = mti
    self.processingCode = processingCode
    self.posCondition = posCondition
    self.typeCode = typeCode
  }
  /// The reversal (0400) of this message: same fields, MTI changed.
  public var reversal: HostMessageSpec {
    HostMessageSpec(
      mti: "0400", processingCode: processingCode, posCondition: posCondition, typeCode: typeCode)
  }
}

/// A slip's `交易类型(TXN. TYPE)` and the settlement row's name.
public struct SlipTitle: Sendable, Equatable {
  public var zh: String
  public var en: String
  public init(_ zh: String, _ en: String) {
    self.zh = zh
    self.en = en
  }
  /// `消费/SALE`.
  public var text: String { zh + "/" + en }
}

/// Everything the terminal needs to know about one kind, as data: what to collect,
/// what to send, how it counts, whether it is reversed, what it prints.
public struct TransactionDescriptor: Sendable, Equatable {
  public var kind: TransactionKind
  /// The LCD title while the kind runs.
  public var screenTitle: Msg
  public var steps: [TransactionStep]
  public var settlementSide: SettlementSide
  public var message: HostMessageSpec
  /// A reversal record is saved before sending and sent if the reply is lost.
  public var reversible: Bool
  /// nil: no slip (a balance inquiry shows the balance instead).
  public var slipTitle: SlipTitle?
  /// The kind this one cancels in full (a void names its original by voucher):
  /// the original leaves the settlement totals, and this one does not enter them.
  public var voids: TransactionKind? = nil
  /// Originals of other kinds that this kind's voucher lookup also accepts, and the
  /// kind that voids each (3 撤销 names a QR payment by its voucher: 扫码撤销 runs).
  public var voidsAlso: [TransactionKind: TransactionKind] = [:]

  /// The amount screen's prompt: 退货金额 for a refund, the amount otherwise.
  public var amountPrompt: Msg { kind == .refund ? .enterRefundAmount : .enterAmount }

  /// The steps with the settings applied: a void (of a sale or a completion) asks
  /// for the card only with `void_requires_swipe`, and for the PIN only with
  /// `void_requires_pin`.
  public func steps(for profile: TerminalProfile) -> [TransactionStep] {
    guard voids != nil else { return steps }
    return steps.filter { step in
      switch step {
      case .card: return profile.voidRequiresSwipe
      case .pin: return profile.voidRequiresPIN
      case .supervisorPassword, .originalTransaction, .amount: return true
      }
    }
  }

  static let table: [TransactionKind: TransactionDescriptor] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.kind, $0) })

  static let all: [TransactionDescriptor] = [
    TransactionDescriptor(
      kind: .sale, screenTitle: .title(.sale), steps: [.amount, .card(.cashier), .pin],
      settlementSide: .debit,
      message: HostMessageSpec(
        mti: "0200", processingCode: "000000", posCondition: "00", typeCode: "22"),
      reversible: true, slipTitle: SlipTitle("消费", "SALE")),
    TransactionDescriptor(
      kind: .void, screenTitle: .title(.void),
      steps: [
        .supervisorPassword, .originalTransaction(.byVoucher), .card(.matchesOriginal), .pin,
      ],
      settlementSide: .none,
      message: HostMessageSpec(
        mti: "0200", processingCode: "200000", posCondition: "00", typeCode: "23"),
      reversible: true, slipTitle: SlipTitle("撤销", "VOID"), voids: .sale,
      voidsAlso: [.qr: .qrVoid]),
    TransactionDescriptor(
      kind: .refund, screenTitle: .title(.refund),
      steps: [
        .supervisorPassword, .card(.none), .originalTransaction(.byReferenceAndDate), .amount,
      ],
      settlementSide: .credit,
      message: HostMessageSpec(
        mti: "0220", processingCode: "200000", posCondition: "00", typeCode: "25"),
      reversible: false, slipTitle: SlipTitle("退货", "REFUND")),
    TransactionDescriptor(
      kind: .balance, screenTitle: .title(.balance), steps: [.card(.none), .pin],
      settlementSide: .none,
      message: HostMessageSpec(
        mti: "0200", processingCode: "310000", posCondition: "00", typeCode: "01"),
      reversible: false, slipTitle: nil),
    TransactionDescriptor(
      kind: .preAuth, screenTitle: .title(.preAuth), steps: [.amount, .card(.cashier), .pin],
      settlementSide: .none,
      message: HostMessageSpec(
        mti: "0100", processingCode: "030000", posCondition: "06", typeCode: "10"),
      reversible: true, slipTitle: SlipTitle("预授权", "AUTH")),
    TransactionDescriptor(
      kind: .preAuthVoid, screenTitle: .title(.preAuthVoid),
      steps: [.supervisorPassword, .card(.none), .originalTransaction(.byAuthCode), .amount, .pin],
      settlementSide: .none,
      message: HostMessageSpec(
        mti: "0100", processingCode: "200000", posCondition: "06", typeCode: "11"),
      reversible: true, slipTitle: SlipTitle("预授权撤销", "AUTH VOID"), voids: .preAuth),
    TransactionDescriptor(
      kind: .preAuthCompletion, screenTitle: .title(.preAuthCompletion),
      steps: [.card(.cashier), .originalTransaction(.byAuthCode), .amount, .pin],
      settlementSide: .debit,
      message: HostMessageSpec(
        mti: "0200", processingCode: "000000", posCondition: "06", typeCode: "20"),
      reversible: true, slipTitle: SlipTitle("预授权完成", "AUTH COMPLETE")),
    TransactionDescriptor(
      kind: .preAuthCompletionVoid, screenTitle: .title(.preAuthCompletionVoid),
      steps: [
        .supervisorPassword, .originalTransaction(.byVoucher), .card(.matchesOriginal), .pin,
      ],
      settlementSide: .none,
      message: HostMessageSpec(
        mti: "0200", processingCode: "200000", posCondition: "06", typeCode: "21"),
      reversible: true, slipTitle: SlipTitle("预授权完成撤销", "COMPLETE VOID"),
      voids: .preAuthCompletion),
    // 扫码支付: the amount, then the customer's payment code (QRPaymentFlow owns the
    // scan, the order, the USERPAYING queries and the cancel). Its reversal record
    // stands while the order is open: the terminal that lost track of it (a power
    // cut, a cancel without an answer) sends it before the next online step, and the
    // platform cancels the order (refunding it if it was paid).
    TransactionDescriptor(
      kind: .qr, screenTitle: .title(.qr), steps: [.amount],
      settlementSide: .debit,
      message: HostMessageSpec(
        mti: "0200", processingCode: "000000", posCondition: "00", typeCode: "22"),
      reversible: true, slipTitle: SlipTitle("扫码支付", "QR SALE")),
    // 扫码撤销: reached from 3 撤销 when the voucher is a QR payment. There is no card
    // to swipe and no PIN: the supervisor's password and the voucher are enough, and
    // the amount goes back to the wallet that paid.
    TransactionDescriptor(
      kind: .qrVoid, screenTitle: .title(.qrVoid),
      steps: [.supervisorPassword, .originalTransaction(.byVoucher)],
      settlementSide: .none,
      message: HostMessageSpec(
        mti: "0200", processingCode: "200000", posCondition: "00", typeCode: "23"),
      reversible: true, slipTitle: SlipTitle("扫码撤销", "QR VOID"), voids: .qr),
  ]
}
