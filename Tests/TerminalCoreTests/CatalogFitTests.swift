import Foundation
import Testing

@testable import TerminalCore

/// Every text the LCD can show, in zh and en, fits the 8×24 LCD: long ones wrap
/// (at spaces in English), none is cut.
@Suite("Every catalog text fits the LCD")
struct CatalogFitTests {
  /// Every case of `Msg` that reaches the LCD, with sample values. `listed(_:)`
  /// below switches over every case without a default, so a new case fails to
  /// compile until it is placed here or among the texts that never reach the LCD.
  static let lcdTexts: [Msg] =
    [
      .selfCheckTitle, .selfChecking, .selfCheckPassed, .selfCheckFailed, .selfCheckStopped,
      .ok, .fault, .pressAnyKeyToSignIn, .signInTitle, .operatorNo, .password, .noSuchOperator,
      .wrongPassword, .operatorLocked, .passwordTriesExceeded, .askSupervisor,
      .supervisorSignedIn, .unlocked, .noneLocked, .signingInOnline, .signInFailed, .signInOK,
      .batchNo, .hostTime, .forcedSettlementTitle, .unsettledFromEarlierDay,
      .pressAnyKeyToSettle, .successfulTransactions, .failedTransactions, .count, .amount,
      .printDetail, .enterYesCancelNo, .settling, .settlementFailed, .settlementDone,
      .mainMenuTitle, .reprintTitle, .noTransactionToReprint, .printingOwed(99),
      .noSuchVoucher, .noSettlementToReprint, .voucherToReprint, .reprintingVoucher("999999"),
      .signingOff, .signedOff, .manualSettlementTitle, .pressEnterToSettle, .cancelToGoBack,
      .balanced, .unbalanced, .uploadingBatch(999, 999), .checkOriginal, .voucherNo, .cardNo,
      .alreadyVoided, .alreadySettled, .cardMismatch, .availableBalance, .enterRefundAmount,
      .supervisorPassword, .originalVoucher, .originalReference,
      .originalDate, .originalAuthCode, .digitsNeeded(12), .invalidDate, .secondsLeft(600),
      .transactionTimedOut, .transactionCancelled, .pinRequired, .enterToGoBack,
      .adviceStorage, .printingMerchantCopy, .merchantCopyOwed, .noSlip, .printerTitle,
      .printFailed, .checkPaper, .enterRetryCancelSkip, .enterAmount, .amountZero, .swipeCard,
      .swipeError, .checkCardNo, .confirmCancel, .enterPIN, .pinOptionalHint, .pinTooShort,
      .processing, .reversing, .reversalFailedManual, .reversalPending, .approved,
      .merchantCopyPrinted, .enterToPrintNext, .authNo, .declined, .pressAnyKeyToReturn,
      .storageFault, .hostOnline, .hostOffline, .notSignedIn, .adviceHostLink, .adviceIdentity,
      .adviceReader, .adviceReceipts,
    ]
    + SelfCheckModule.allCases.map { .module($0) }
    + TransactionKind.allCases.flatMap { [Msg.menuItem($0), .title($0), .cannotVoid($0)] }
    + ResponseCode.catalog.keys.map { .response($0) } + menuTexts

  /// Every menu and submenu entry's name, in both layouts.
  static let menuTexts: [Msg] =
    MenuLayout.allCases.flatMap { layout in
      ([nil] + [Submenu.preAuth, .print, .management, .other]).flatMap { menu in
        layout.entries(menu).map { Msg.menuAction($0.action) }
      }
    } + [Submenu.preAuth, .print, .management, .other].map { Msg.submenuTitle($0) }

  /// Titles and footers have one row each: they must fit it whole.
  static let oneRowTexts: [Msg] =
    [
      .selfCheckTitle, .selfCheckPassed, .selfCheckStopped, .pressAnyKeyToSignIn, .signInTitle,
      .forcedSettlementTitle, .pressAnyKeyToSettle, .enterYesCancelNo, .mainMenuTitle,
      .reprintTitle, .confirmCancel, .enterToPrintNext, .pressAnyKeyToReturn, .enterToGoBack,
      .printerTitle, .enterRetryCancelSkip, .manualSettlementTitle, .pressEnterToSettle,
    ] + TransactionKind.allCases.map { .title($0) }
    + [Submenu.preAuth, .print, .management, .other].map { Msg.submenuTitle($0) }

  static func listed(_ m: Msg) -> Bool {
    switch m {
    case .selfCheckTitle, .selfChecking, .selfCheckPassed, .selfCheckFailed, .selfCheckStopped,
      .module, .ok, .fault, .pressAnyKeyToSignIn, .signInTitle, .operatorNo, .password,
      .noSuchOperator, .wrongPassword, .operatorLocked, .passwordTriesExceeded, .askSupervisor,
      .supervisorSignedIn, .unlocked, .noneLocked, .signingInOnline, .signInFailed, .signInOK,
      .batchNo, .hostTime, .forcedSettlementTitle, .unsettledFromEarlierDay,
      .pressAnyKeyToSettle, .successfulTransactions, .failedTransactions, .count, .amount,
      .printDetail, .enterYesCancelNo, .settling, .settlementFailed, .settlementDone,
      .mainMenuTitle, .reprintTitle, .noTransactionToReprint, .menuItem, .printingOwed,
      .submenuTitle, .menuAction, .noSuchVoucher, .noSettlementToReprint, .voucherToReprint,
      .reprintingVoucher, .signingOff, .signedOff, .manualSettlementTitle, .pressEnterToSettle,
      .cancelToGoBack, .balanced, .unbalanced, .uploadingBatch, .checkOriginal, .voucherNo,
      .cardNo, .alreadyVoided, .alreadySettled, .cardMismatch, .cannotVoid, .availableBalance,
      .enterRefundAmount, .supervisorPassword, .originalVoucher, .originalReference,
      .originalDate, .originalAuthCode, .digitsNeeded, .invalidDate, .secondsLeft,
      .transactionTimedOut, .transactionCancelled, .pinRequired, .enterToGoBack,
      .adviceStorage, .printingMerchantCopy, .merchantCopyOwed, .noSlip, .printerTitle,
      .printFailed, .checkPaper, .enterRetryCancelSkip, .title, .response, .enterAmount,
      .amountZero, .swipeCard, .swipeError, .checkCardNo, .confirmCancel, .enterPIN,
      .pinOptionalHint, .pinTooShort, .processing, .reversing, .reversalFailedManual,
      .reversalPending, .approved, .merchantCopyPrinted, .enterToPrintNext, .authNo, .declined,
      .pressAnyKeyToReturn, .storageFault, .hostOnline, .hostOffline, .notSignedIn,
      .adviceHostLink, .adviceIdentity, .adviceReader, .adviceReceipts:
      return true
    case .unfinishedEntry, .unfinishedSent, .unfinishedReversal, .unfinishedCardholderCopy,
      .unfinishedSettlement, .unfinishedPrint:
      // The end of a scripted run and the face's quit dialog, never the LCD.
      return false
    }
  }

  /// The text's characters, without the spaces a wrap may take.
  static func letters(_ s: String) -> String { s.filter { $0 != " " } }

  @Test(arguments: Language.allCases)
  func everyTextWrapsWholeInTheBody(language: Language) {
    #expect(Self.lcdTexts.allSatisfy(Self.listed))
    for msg in Self.lcdTexts {
      let text = msg.text(language)
      let rows = LCD.rows(of: Screen(title: "", lines: [.init(text)]))
      let body = rows.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
      #expect(
        Self.letters(body.joined()) == Self.letters(text), "cut: \(language) \(msg): \(text)")
      #expect(rows.allSatisfy { DisplayWidth.of($0) == LCD.columns })
    }
  }

  @Test(arguments: Language.allCases)
  func titlesAndFootersFitTheirRow(language: Language) {
    for msg in Self.oneRowTexts {
      #expect(
        DisplayWidth.of(msg.text(language)) <= LCD.columns,
        "\(language) \(msg): \(msg.text(language))")
    }
  }

  @Test func aLongDeclineWrapsAtASpace() {
    let rows = LCD.rows(
      of: Screen(
        title: "SALE", lines: [.init("43 " + ResponseCode.stolenCard.message(.en))],
        footer: "Press any key"))
    #expect(rows[1].trimmingCharacters(in: .whitespaces) == "43 Stolen card, retain")
    #expect(rows[2].trimmingCharacters(in: .whitespaces) == "it")
  }
}
