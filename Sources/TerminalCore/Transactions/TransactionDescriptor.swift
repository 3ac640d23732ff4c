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
  /// The customer's payment code, read off the phone by the scanner (请扫描付款码).
  case scanCode
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

/// Where an approved transaction of a kind stands in the books of its batch.
public enum LedgerSide: Sendable, Equatable {
  /// Money taken from the card (借记): sales, completions, QR payments.
  case debit
  /// Money given back to the card (贷记): refunds.
  case credit
  /// Money held, not moved (a pre-authorisation and its void).
  case hold
  /// No money of its own: a balance inquiry; a void, which takes its original out of
  /// the totals and never enters them itself.
  case none

  /// Counted in the settlement's totals (field 48).
  public var movesMoney: Bool { self == .debit || self == .credit }
}

/// What the terminal does when a kind's request gets no reply in time.
public enum NoReplyPolicy: Sendable, Equatable {
  /// A reversal record is saved before sending; a lost reply is reversed (0400)
  /// before the next online step.
  case reverse
  /// An advice (通知类, 0220): never reversed; the terminal keeps it as owed to the
  /// host and sends it again, with its own trace, before the next online step and
  /// before settlement (field notes §8).
  case resendAdvice
  /// Nothing moved: the cashier simply asks again (a balance inquiry).
  case none
}

/// The issuer's rule a kind's request is judged by (the simulated acquirer's
/// `decide`), named here so that the acquirer asks the table, not the kind.
public enum AcquirerRule: String, Sendable, Equatable, CaseIterable {
  case sale, void, refund, balanceInquiry, preAuth, preAuthVoid, completion, completionVoid
  /// A QR payment goes as an order to the wallet's platform, not as a card request.
  case qrOrder
  case qrVoid
}

/// The UnionPay terminal message of a kind (field notes §8).
public struct HostMessageSpec: Sendable, Equatable, Codable {
  public var mti: String  // "0200"
  public var processingCode: String  // field 3
  public var posCondition: String  // field 25
  public var typeCode: String  // field 60.1
  /// Field 4: every kind carries its amount but the balance inquiry.
  public var carriesAmount = true
  /// The kind names a payment code, not a card: field 22 = 032.
  public var scannedCode = false
  /// The kind travels as an order to the wallet's platform (`HostRequestBody.qrOrder`),
  /// never as a card transaction.
  public var travelsAsOrder = false

  public init(
    mti: String, processingCode: String, posCondition: String, typeCode: String,
    carriesAmount: Bool = true, scannedCode: Bool = false, travelsAsOrder: Bool = false
  ) {
    self.mti = mti
    self.processingCode = processingCode
    self.posCondition = posCondition
    self.typeCode = typeCode
    self.carriesAmount = carriesAmount
    self.scannedCode = scannedCode
    self.travelsAsOrder = travelsAsOrder
  }
  /// The reversal (0400) of this message: same fields, MTI changed.
  public var reversal: HostMessageSpec {
    var spec = self
    spec.mti = "0400"
    return spec
  }
}

/// A text in the terminal's two languages.
public struct Words: Sendable, Equatable {
  public var zh: String
  public var en: String
  public init(_ zh: String, _ en: String) {
    self.zh = zh
    self.en = en
  }
  public func text(_ lang: Language) -> String { lang == .zh ? zh : en }
}

/// A slip's `交易类型(TXN. TYPE)`: both languages on one line.
public typealias SlipTitle = Words

extension Words {
  /// `消费/SALE`.
  public var text: String { zh + "/" + en }
}

/// Every name of a kind, wherever the terminal shows or prints it.
public struct KindNames: Sendable, Equatable {
  /// The menu entry (`3.撤销` / `3.Void`).
  public var menuItem: Words
  /// The LCD title while the kind runs.
  public var title: Words
  /// The slip's 交易类型; nil: no slip (a balance inquiry shows the balance instead).
  public var slip: SlipTitle?
  /// A row of the detail list and of the settlement slip: at most `rowWidth` display
  /// columns in either language, so the columns beside it stay aligned.
  public var row: Words

  public static let rowWidth = 10
}

/// Everything the terminal needs to know about one kind, as data: what it is called,
/// what it collects, what it sends, how it counts, what happens when no reply comes,
/// what the chip and the issuer are told. Nothing else asks which kind a
/// transaction is: every surface reads this table.
public struct TransactionDescriptor: Sendable, Equatable {
  public var kind: TransactionKind
  public var names: KindNames
  public var steps: [TransactionStep]
  public var ledgerSide: LedgerSide
  public var message: HostMessageSpec
  public var noReply: NoReplyPolicy
  /// 9C for the kinds that ask the card for a cryptogram (the full PBOC flow); nil
  /// for the kinds that only read the card number from the chip (simplified flow),
  /// or present no card.
  public var chipTransactionType: UInt8?
  public var acquirerRule: AcquirerRule
  /// The amount screen's prompt (退货金额 for a refund).
  public var amountPrompt: Msg = .enterAmount
  /// The kind this one cancels in full (a void names its original by voucher):
  /// the original leaves the settlement totals, and this one does not enter them.
  public var voids: TransactionKind? = nil
  /// Originals of other kinds that this kind's voucher lookup also accepts, and the
  /// kind that voids each (3 撤销 names a QR payment by its voucher: 扫码撤销 runs).
  public var voidsAlso: [TransactionKind: TransactionKind] = [:]
  /// A voucher of this kind not in the open batch was settled: 原交易已结算,请做退货.
  public var settledOriginalAsksForRefund = false

  /// The LCD title while the kind runs.
  public var screenTitle: Msg { .title(kind) }
  public var slipTitle: SlipTitle? { names.slip }
  /// A reversal record is saved before sending and sent if the reply is lost.
  public var reversible: Bool { noReply == .reverse }

  /// The steps with the settings applied: a void (of a sale or a completion) asks
  /// for the card only with `void_requires_swipe`, and for the PIN only with
  /// `void_requires_pin`.
  public func steps(for profile: TerminalProfile) -> [TransactionStep] {
    guard voids != nil else { return steps }
    return steps.filter { step in
      switch step {
      case .card: return profile.voidRequiresSwipe
      case .pin: return profile.voidRequiresPIN
      case .supervisorPassword, .originalTransaction, .amount, .scanCode: return true
      }
    }
  }

  static let table: [TransactionKind: TransactionDescriptor] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.kind, $0) })

  /// One row a kind. Messages from the field notes §8 table; names as UnionPay slips
  /// and menus spell them.
  static let all: [TransactionDescriptor] = [
    TransactionDescriptor(
      kind: .sale,
      names: KindNames(
        menuItem: Words("消费", "Sale"), title: Words("消费", "SALE"),
        slip: SlipTitle("消费", "SALE"), row: Words("消费", "SALE")),
      steps: [.amount, .card(.cashier), .pin], ledgerSide: .debit,
      message: HostMessageSpec(
        mti: "0200", processingCode: "000000", posCondition: "00", typeCode: "22"),
      noReply: .reverse, chipTransactionType: 0x00, acquirerRule: .sale),
    TransactionDescriptor(
      kind: .void,
      names: KindNames(
        menuItem: Words("撤销", "Void"), title: Words("撤销", "VOID"),
        slip: SlipTitle("撤销", "VOID"), row: Words("消费撤销", "VOID")),
      steps: [
        .supervisorPassword, .originalTransaction(.byVoucher), .card(.matchesOriginal), .pin,
      ],
      ledgerSide: .none,
      message: HostMessageSpec(
        mti: "0200", processingCode: "200000", posCondition: "00", typeCode: "23"),
      noReply: .reverse, acquirerRule: .void, voids: .sale, voidsAlso: [.qr: .qrVoid],
      settledOriginalAsksForRefund: true),
    TransactionDescriptor(
      kind: .refund,
      names: KindNames(
        menuItem: Words("退货", "Refund"), title: Words("退货", "REFUND"),
        slip: SlipTitle("退货", "REFUND"), row: Words("退货", "REFUND")),
      steps: [
        .supervisorPassword, .card(.none), .originalTransaction(.byReferenceAndDate), .amount,
      ],
      ledgerSide: .credit,
      message: HostMessageSpec(
        mti: "0220", processingCode: "200000", posCondition: "00", typeCode: "25"),
      noReply: .resendAdvice, acquirerRule: .refund, amountPrompt: .enterRefundAmount),
    TransactionDescriptor(
      kind: .balance,
      names: KindNames(
        menuItem: Words("余额查询", "Balance"), title: Words("余额查询", "BALANCE"),
        slip: nil, row: Words("余额查询", "BALANCE")),
      steps: [.card(.none), .pin], ledgerSide: .none,
      message: HostMessageSpec(
        mti: "0200", processingCode: "310000", posCondition: "00", typeCode: "01",
        carriesAmount: false),
      noReply: .none, chipTransactionType: 0x31, acquirerRule: .balanceInquiry),
    TransactionDescriptor(
      kind: .preAuth,
      names: KindNames(
        menuItem: Words("预授权", "Pre-auth"), title: Words("预授权", "PRE-AUTH"),
        slip: SlipTitle("预授权", "AUTH"), row: Words("预授权", "AUTH")),
      steps: [.amount, .card(.cashier), .pin], ledgerSide: .hold,
      message: HostMessageSpec(
        mti: "0100", processingCode: "030000", posCondition: "06", typeCode: "10"),
      noReply: .reverse, chipTransactionType: 0x03, acquirerRule: .preAuth),
    TransactionDescriptor(
      kind: .preAuthVoid,
      names: KindNames(
        menuItem: Words("预授权撤销", "Pre-auth void"), title: Words("预授权撤销", "PRE-AUTH VOID"),
        slip: SlipTitle("预授权撤销", "AUTH VOID"), row: Words("预授撤销", "AUTH VOID")),
      steps: [.supervisorPassword, .card(.none), .originalTransaction(.byAuthCode), .amount, .pin],
      ledgerSide: .hold,
      message: HostMessageSpec(
        mti: "0100", processingCode: "200000", posCondition: "06", typeCode: "11"),
      noReply: .reverse, acquirerRule: .preAuthVoid, voids: .preAuth),
    TransactionDescriptor(
      kind: .preAuthCompletion,
      names: KindNames(
        menuItem: Words("预授权完成", "Auth complete"), title: Words("预授权完成", "AUTH COMPLETE"),
        slip: SlipTitle("预授权完成", "AUTH COMPLETE"), row: Words("预授完成", "AUTH CMPL")),
      steps: [.card(.cashier), .originalTransaction(.byAuthCode), .amount, .pin],
      ledgerSide: .debit,
      message: HostMessageSpec(
        mti: "0200", processingCode: "000000", posCondition: "06", typeCode: "20"),
      noReply: .reverse, acquirerRule: .completion),
    TransactionDescriptor(
      kind: .preAuthCompletionVoid,
      names: KindNames(
        menuItem: Words("预授权完成撤销", "Complete void"),
        title: Words("预授权完成撤销", "COMPLETE VOID"),
        slip: SlipTitle("预授权完成撤销", "COMPLETE VOID"), row: Words("完成撤销", "CMPL VOID")),
      steps: [
        .supervisorPassword, .originalTransaction(.byVoucher), .card(.matchesOriginal), .pin,
      ],
      ledgerSide: .none,
      message: HostMessageSpec(
        mti: "0200", processingCode: "200000", posCondition: "06", typeCode: "21"),
      noReply: .reverse, acquirerRule: .completionVoid, voids: .preAuthCompletion),
    // 预授权完成(通知): the offline completion, told to the host as an advice (0220).
    // The hold was completed at the counter, so the host is only told; a lost reply
    // is sent again, never reversed. No PIN: the cardholder is not asked again.
    TransactionDescriptor(
      kind: .preAuthCompletionAdvice,
      names: KindNames(
        menuItem: Words("预授权完成通知", "Complete advice"),
        title: Words("预授权完成(通知)", "COMPLETE ADVICE"),
        slip: SlipTitle("预授权完成(通知)", "COMPLETE ADVICE"), row: Words("完成通知", "CMPL ADV")),
      steps: [.card(.cashier), .originalTransaction(.byAuthCode), .amount],
      ledgerSide: .debit,
      message: HostMessageSpec(
        mti: "0220", processingCode: "000000", posCondition: "06", typeCode: "24"),
      noReply: .resendAdvice, acquirerRule: .completion),
    // 扫码支付: the amount, then the customer's payment code. It goes online as an
    // order (`travelsAsOrder`: TransactionQROrder.swift has the order, the USERPAYING
    // queries and the cancel). Its reversal record
    // stands while the order is open: the terminal that lost track of it (a power
    // cut, a cancel without an answer) sends it before the next online step, and the
    // platform cancels the order (refunding it if it was paid).
    TransactionDescriptor(
      kind: .qr,
      names: KindNames(
        menuItem: Words("扫一扫", "QR pay"), title: Words("扫码支付", "QR PAYMENT"),
        slip: SlipTitle("扫码支付", "QR SALE"), row: Words("扫码支付", "QR SALE")),
      steps: [.amount, .scanCode], ledgerSide: .debit,
      message: HostMessageSpec(
        mti: "0200", processingCode: "000000", posCondition: "00", typeCode: "22",
        scannedCode: true, travelsAsOrder: true),
      noReply: .reverse, acquirerRule: .qrOrder),
    // 扫码撤销: reached from 3 撤销 when the voucher is a QR payment. There is no card
    // to swipe and no PIN: the supervisor's password and the voucher are enough, and
    // the amount goes back to the wallet that paid.
    TransactionDescriptor(
      kind: .qrVoid,
      names: KindNames(
        menuItem: Words("扫码撤销", "QR void"), title: Words("扫码撤销", "QR VOID"),
        slip: SlipTitle("扫码撤销", "QR VOID"), row: Words("扫码撤销", "QR VOID")),
      steps: [.supervisorPassword, .originalTransaction(.byVoucher)], ledgerSide: .none,
      message: HostMessageSpec(
        mti: "0200", processingCode: "200000", posCondition: "00", typeCode: "23",
        scannedCode: true),
      noReply: .reverse, acquirerRule: .qrVoid, voids: .qr),
  ]
}
