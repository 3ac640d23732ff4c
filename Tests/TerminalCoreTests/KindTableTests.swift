import Foundation
import Testing

@testable import TerminalCore

/// Every kind is one row of the descriptor table, and each row has every property a
/// surface asks for. The expectations come from the field notes (§8's message table,
/// §8's advices, §9's chip), never from the table itself.
@Suite("The table of kinds")
struct KindTableTests {
  /// Field notes §8, "The UnionPay terminal wire format": MTI, processing code, field
  /// 25 and 60.1 of each card kind, as the UnionPay terminal's own table has them.
  static let fieldNotes: [TransactionKind: (mti: String, code: String, f25: String, f60: String)] =
    [
      .sale: ("0200", "000000", "00", "22"),
      .void: ("0200", "200000", "00", "23"),
      .refund: ("0220", "200000", "00", "25"),
      .balance: ("0200", "310000", "00", "01"),
      .preAuth: ("0100", "030000", "06", "10"),
      .preAuthVoid: ("0100", "200000", "06", "11"),
      .preAuthCompletion: ("0200", "000000", "06", "20"),
      .preAuthCompletionVoid: ("0200", "200000", "06", "21"),
      .preAuthCompletionAdvice: ("0220", "000000", "06", "24"),
    ]

  @Test(arguments: TransactionKind.allCases)
  func eachKindHasEveryProperty(_ kind: TransactionKind) {
    let d = kind.descriptor
    #expect(d.kind == kind)
    for words in [d.names.menuItem, d.names.title, d.names.row] {
      #expect(!words.zh.isEmpty && !words.en.isEmpty, "\(kind): a name in both languages")
    }
    // The title is the LCD's first row; a row name leaves the list's columns room.
    for lang in Language.allCases {
      #expect(DisplayWidth.of(d.names.title.text(lang)) <= LCD.columns, "\(kind) title")
      #expect(DisplayWidth.of(d.names.row.text(lang)) <= KindNames.rowWidth, "\(kind) row")
      #expect(DisplayWidth.of("9." + d.names.menuItem.text(lang)) <= LCD.columns, "\(kind) menu")
    }
    // The slip's 交易类型 line is both names on one 32-column line.
    if let slip = d.names.slip { #expect(DisplayWidth.of(slip.text) <= 32, "\(kind) slip") }
    #expect(!d.steps.isEmpty)
    #expect(d.message.processingCode.count == 6 && d.message.typeCode.count == 2)
    #expect(["0100", "0200", "0220"].contains(d.message.mti), "\(kind): a financial MTI")
    // A void names its original (by voucher, or a hold by its authorisation code).
    if d.voids != nil {
      #expect(d.steps.contains { if case .originalTransaction = $0 { true } else { false } })
    }
    // 9C only for a kind that reads a card.
    if d.chipTransactionType != nil {
      #expect(d.steps.contains { if case .card = $0 { true } else { false } })
    }
  }

  @Test func theCardKindsSendTheFieldNotesMessages() {
    for (kind, row) in Self.fieldNotes {
      let m = kind.descriptor.message
      #expect(
        (m.mti, m.processingCode, m.posCondition, m.typeCode) == row,
        "\(kind): \(m.mti)/\(m.processingCode) 25=\(m.posCondition) 60.1=\(m.typeCode)")
      #expect(!m.scannedCode && !m.travelsAsOrder)
    }
    // The rest present a payment code, not a card (field 22 = 032).
    for kind in TransactionKind.allCases where Self.fieldNotes[kind] == nil {
      #expect(kind.descriptor.message.scannedCode, "\(kind)")
    }
    // A balance inquiry moves no money and carries no amount (field 4).
    #expect(!TransactionKind.balance.descriptor.message.carriesAmount)
  }

  /// §8: "Advices (通知类: refund 0220, completion advice 0220) are not reversed:
  /// when no reply comes they are kept and resent"; a reversal (0400) undoes the
  /// other money and hold kinds; a balance inquiry moves nothing.
  @Test func anAdviceIsResentAndTheRestAreReversed() {
    for (kind, row) in Self.fieldNotes {
      let d = kind.descriptor
      let expected: NoReplyPolicy =
        row.mti == "0220"
        ? .resendAdvice : (d.ledgerSide == .none && d.voids == nil ? .none : .reverse)
      #expect(d.noReply == expected, "\(kind)")
      #expect(d.reversible == (expected == .reverse))
    }
    #expect(TransactionKind.balance.descriptor.noReply == .none)
  }

  /// §10 and UnionPay practice: 借记 is sales and completions (net of their voids),
  /// 贷记 is refunds; a pre-authorisation is a hold; a balance inquiry is no money.
  @Test func eachKindCountsOnItsSideOfTheBooks() {
    let sides: [TransactionKind: LedgerSide] = [
      .sale: .debit, .preAuthCompletion: .debit, .preAuthCompletionAdvice: .debit, .qr: .debit,
      .refund: .credit, .preAuth: .hold, .preAuthVoid: .hold, .balance: .none,
    ]
    for (kind, side) in sides { #expect(kind.descriptor.ledgerSide == side, "\(kind)") }
    // A void takes its original out and never enters the totals itself.
    for kind in TransactionKind.allCases where kind.descriptor.voids != nil {
      let original = kind.descriptor.voids!.descriptor.ledgerSide
      #expect(kind.descriptor.ledgerSide == (original == .hold ? .hold : .none), "\(kind)")
    }
  }

  /// EMV 9C (field notes §9, PBOC): 00 goods and services, 31 balance inquiry, 03
  /// pre-authorisation; the other kinds read the card number only (simplified flow).
  @Test func theChipIsToldTheTransactionType() {
    #expect(TransactionKind.sale.descriptor.chipTransactionType == 0x00)
    #expect(TransactionKind.balance.descriptor.chipTransactionType == 0x31)
    #expect(TransactionKind.preAuth.descriptor.chipTransactionType == 0x03)
    let simplified = TransactionKind.allCases.filter { ![.sale, .balance, .preAuth].contains($0) }
    for kind in simplified { #expect(kind.descriptor.chipTransactionType == nil, "\(kind)") }
  }

  /// Each issuer rule judges at least one kind, and the menus reach every kind.
  @Test func everyRuleJudgesAKindAndEveryKindIsOnAMenu() {
    let rules = Set(TransactionKind.allCases.map(\.descriptor.acquirerRule))
    #expect(rules == Set(AcquirerRule.allCases))
    for layout in [MenuLayout.lakala, .unionpay] {
      let menus: [Submenu?] = [nil, .preAuth, .print, .management, .other]
      let reached = Set(
        menus.flatMap { layout.entries($0) }.compactMap { entry -> TransactionKind? in
          if case .transaction(let kind) = entry.action { return kind }
          return nil
        })
      // 扫码撤销 is reached through 3 撤销's voucher, 扫码支付 through 扫一扫.
      let throughOthers = Set(
        TransactionKind.allCases.flatMap { $0.descriptor.voidsAlso.values } + [.qr])
      #expect(reached.union(throughOthers) == Set(TransactionKind.allCases), "\(layout)")
    }
  }
}
