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
      .pleaseWait, .batchNo, .hostTime, .forcedSettlementTitle, .unsettledFromEarlierDay,
      .pressAnyKeyToSettle, .successfulTransactions, .failedTransactions, .count, .amount,
      .printDetail, .enterYesCancelNo, .settling, .settlementFailed, .settlementDone,
      .mainMenuTitle, .reprintTitle, .noTransactionToReprint, .printingOwed(99),
      .supervisorPassword, .originalVoucher, .originalReference,
      .originalDate, .originalAuthCode, .digitsNeeded(12), .invalidDate, .secondsLeft(600),
      .transactionTimedOut, .transactionCancelled, .pinRequired, .enterToGoBack,
      .adviceStorage, .printingMerchantCopy, .merchantCopyOwed, .noSlip, .printerTitle,
      .printFailed, .checkPaper, .enterRetryCancelSkip, .enterAmount, .amountZero, .swipeCard,
      .swipeError, .checkCardNo, .confirmCancel, .enterPIN, .pinOptionalHint, .pinTooShort,
      .processing, .reversing, .reversalFailedManual, .reversalPending, .approved,
      .merchantCopyPrinted, .enterToPrintNext, .authNo, .declined, .pressAnyKeyToReturn,
      .storageFault, .storageFull, .adviceFreeSpace, .slipStorageFull, .hostOnline,
      .hostOffline, .notSignedIn, .adviceHostLink, .adviceIdentity,
      .adviceReader, .adviceReceipts, .noSuchVoucher, .noSettlementToReprint,
      .voucherToReprint, .reprintingVoucher("000001"), .signingOff, .signedOff,
      .manualSettlementTitle, .pressEnterToSettle, .cancelToGoBack, .balanced, .unbalanced,
      .uploadingBatch(999, 999), .checkOriginal, .voucherNo, .cardNo, .alreadyVoided,
      .alreadySettled, .cardMismatch, .availableBalance, .enterRefundAmount,
      .resendingAdvice, .adviceOwed, .debitTotal, .creditTotal, .netTotal, .transactionOwed,
    ]
    + SelfCheckModule.allCases.map { .module($0) }
    + TransactionKind.allCases.map { .cannotVoid($0) }
    + [Submenu.preAuth, .print, .management, .other].map { .submenuTitle($0) }
    + menuActions.map { .menuAction($0) }
    + managementTexts
    + chipTexts
    + TransactionKind.allCases.flatMap { [Msg.menuItem($0), .title($0)] }
    + ResponseCode.catalog.keys.map { .response($0) }
    + qrTexts

  // QR payment: each is one row of its screen, so each fits one row.
  static let qrTexts: [Msg] =
    [
      .scanPaymentCode, .invalidPaymentCode, .userPaying, .confirmOnPhone, .cancelToCancelOrder,
      .cancellingOrder, .paymentReceived, .paymentFailed, .orderCancelled, .customerNotCharged,
      .cancelUnconfirmed, .adviceQRScanner, .paymentCodeLabel,
      .response(.paymentCodeUsed), .response(.orderCancelled),
    ]
    + PaymentCodeKind.allCases.flatMap { [Msg.wallet($0), .paidWith($0)] }
    + [TransactionFlow.OrderCancelReason.cashier, .notConfirmed, .noReply].map { .cancelReason($0) }

  static let menuActions: [MenuAction] = [
    .reprintLast, .reprintByVoucher, .printDetail, .printTotals, .reprintSettlement, .signIn,
    .signOff, .inquiry, .settle, .lock, .operators, .supervisorPassword,
  ]

  // Management functions
  static let managementTexts: [Msg] = [
    .inquiryTitle(999_999, 999_999), .noTransactionsInBatch, .transactionVoided,
    .transactionReversed, .transactionPending, .timeLabel, .noOlderTransaction,
    .noNewerTransaction, .inquiryKeys, .terminalLocked, .operatorPasswordToUnlock("99"),
    .supervisorUnlocks, .addOperator, .deleteOperator, .changeOperatorPassword, .newOperatorNo,
    .operatorExists, .operatorNumberRange, .cannotDeleteSupervisor, .cannotDeleteSignedIn,
    .confirmDeleteOperator("99"), .newPassword(6), .passwordAgain, .passwordsDiffer,
    .passwordNotSaved, .operatorAdded("99"), .operatorDeleted("99"),
    .operatorPasswordChanged("99"), .supervisorPasswordChanged,
  ]
  // Chip and contactless
  static let chipTexts: [Msg] = [
    .chipReading, .doNotRemoveCard, .applicationList, .removeCard, .chooseByDigit(3),
    .pinTriesLeft(3), .pinWrong, .transactionAborted, .cardDeclined, .insertChipCard, .noFallback,
    .chipFailedSwipe, .chipFailedNoFallback, .useOtherInterface, .cardBlocked,
    .applicationBlocked, .noApplication, .noContactless, .declinedByCardOffline,
    .adviceChipReader,
  ]

  /// The management screens' titles and footers.
  static let managementRowTexts: [Msg] = [
    .inquiryTitle(999_999, 999_999), .inquiryKeys, .terminalLocked, .addOperator, .deleteOperator,
    .changeOperatorPassword,
  ]

  /// Titles and footers have one row each: they must fit it whole.
  static let oneRowTexts: [Msg] =
    managementRowTexts + [.applicationList] + menuActions.map { .menuAction($0) }
    + [
      .selfCheckTitle, .selfCheckPassed, .selfCheckStopped, .pressAnyKeyToSignIn, .signInTitle,
      .forcedSettlementTitle, .pressAnyKeyToSettle, .enterYesCancelNo, .mainMenuTitle,
      .reprintTitle, .confirmCancel, .enterToPrintNext, .pressAnyKeyToReturn, .enterToGoBack,
      .printerTitle, .enterRetryCancelSkip, .manualSettlementTitle, .pressEnterToSettle,
    ] + TransactionKind.allCases.map { .title($0) } + qrTexts
    + [Submenu.preAuth, .print, .management, .other].map { Msg.submenuTitle($0) }

  static func listed(_ m: Msg) -> Bool {
    switch m {
    case .selfCheckTitle, .selfChecking, .selfCheckPassed, .selfCheckFailed, .selfCheckStopped,
      .module, .ok, .fault, .pressAnyKeyToSignIn, .signInTitle, .operatorNo, .password,
      .noSuchOperator, .wrongPassword, .operatorLocked, .passwordTriesExceeded, .askSupervisor,
      .supervisorSignedIn, .unlocked, .noneLocked, .signingInOnline, .signInFailed, .signInOK,
      .pleaseWait, .batchNo, .hostTime, .forcedSettlementTitle, .unsettledFromEarlierDay,
      .pressAnyKeyToSettle, .successfulTransactions, .failedTransactions, .count, .amount,
      .printDetail, .enterYesCancelNo, .settling, .settlementFailed, .settlementDone,
      .mainMenuTitle, .reprintTitle, .noTransactionToReprint,
      .menuItem, .printingOwed, .supervisorPassword, .originalVoucher, .originalReference,
      .originalDate, .originalAuthCode, .digitsNeeded, .invalidDate, .secondsLeft,
      .transactionTimedOut, .transactionCancelled, .pinRequired, .enterToGoBack,
      .adviceStorage, .printingMerchantCopy, .merchantCopyOwed, .noSlip, .printerTitle,
      .printFailed, .checkPaper, .enterRetryCancelSkip, .title, .response, .enterAmount,
      .amountZero, .swipeCard, .swipeError, .checkCardNo, .confirmCancel, .enterPIN,
      .pinOptionalHint, .pinTooShort, .processing, .reversing, .reversalFailedManual,
      .reversalPending, .approved, .merchantCopyPrinted, .enterToPrintNext, .authNo, .declined,
      .pressAnyKeyToReturn, .storageFault, .storageFull, .adviceFreeSpace, .slipStorageFull,
      .hostOnline, .hostOffline, .notSignedIn,
      .adviceHostLink, .adviceIdentity, .adviceReader, .adviceReceipts, .submenuTitle,
      .menuAction, .noSuchVoucher, .noSettlementToReprint, .voucherToReprint, .reprintingVoucher,
      .signingOff, .signedOff, .manualSettlementTitle, .pressEnterToSettle, .cancelToGoBack,
      .balanced, .unbalanced, .uploadingBatch, .checkOriginal, .voucherNo, .cardNo,
      .alreadyVoided, .alreadySettled, .cardMismatch, .cannotVoid, .availableBalance,
      .enterRefundAmount, .resendingAdvice, .adviceOwed, .debitTotal, .creditTotal, .netTotal,
      .transactionOwed:
      return true
    // Management functions
    case .inquiryTitle, .noTransactionsInBatch, .transactionVoided, .transactionReversed,
      .transactionPending, .timeLabel, .noOlderTransaction, .noNewerTransaction, .inquiryKeys,
      .terminalLocked, .operatorPasswordToUnlock, .supervisorUnlocks, .addOperator,
      .deleteOperator, .changeOperatorPassword, .newOperatorNo, .operatorExists,
      .operatorNumberRange, .cannotDeleteSupervisor, .cannotDeleteSignedIn,
      .confirmDeleteOperator, .newPassword, .passwordAgain, .passwordsDiffer, .passwordNotSaved,
      .operatorAdded, .operatorDeleted, .operatorPasswordChanged, .supervisorPasswordChanged:
      return true
    // Chip and contactless
    case .chipReading, .doNotRemoveCard, .applicationList, .removeCard, .chooseByDigit,
      .pinTriesLeft, .pinWrong, .transactionAborted, .cardDeclined, .insertChipCard, .noFallback,
      .chipFailedSwipe, .chipFailedNoFallback, .useOtherInterface, .cardBlocked,
      .applicationBlocked, .noApplication, .noContactless, .declinedByCardOffline,
      .adviceChipReader:
      return true
    case .unfinishedEntry, .unfinishedSent, .unfinishedReversal, .unfinishedCardholderCopy,
      .unfinishedSettlement, .unfinishedPrint, .unfinishedQROrder:
      // The end of a scripted run and the face's quit dialog, never the LCD.
      return false
    // QR payment
    case .scanPaymentCode, .invalidPaymentCode, .wallet, .paidWith, .userPaying, .confirmOnPhone,
      .cancelToCancelOrder, .cancellingOrder, .paymentReceived, .paymentFailed, .orderCancelled,
      .customerNotCharged, .cancelReason, .cancelUnconfirmed, .adviceQRScanner,
      .paymentCodeLabel:
      return true
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
