/// Every text the core puts on the LCD, in both languages. Screens are built
/// only from this catalog, so a translation is one place.
public enum Msg: Sendable, Equatable {
  case selfCheckTitle, selfChecking, selfCheckPassed, selfCheckFailed, selfCheckStopped
  case module(SelfCheckModule)
  case ok, fault
  case pressAnyKeyToSignIn
  case signInTitle, operatorNo, password, noSuchOperator, wrongPassword, operatorLocked,
    passwordTriesExceeded, askSupervisor
  case supervisorSignedIn, unlocked, noneLocked
  case signingInOnline, signInFailed, signInOK, batchNo, hostTime
  /// A password out with the driver to be checked or hashed.
  case pleaseWait
  case forcedSettlementTitle, unsettledFromEarlierDay, pressAnyKeyToSettle
  case successfulTransactions, failedTransactions, count, amount, printDetail, enterYesCancelNo
  case settling, settlementFailed, settlementDone
  case mainMenuTitle, reprintTitle, noTransactionToReprint
  case submenuTitle(Submenu)
  case menuAction(MenuAction)
  case noSuchVoucher, noSettlementToReprint, voucherToReprint
  case reprintingVoucher(String)
  case signingOff, signedOff
  case manualSettlementTitle, pressEnterToSettle, cancelToGoBack
  case balanced, unbalanced
  case uploadingBatch(Int, Int)
  case checkOriginal, voucherNo, cardNo
  case alreadyVoided, alreadySettled, cardMismatch
  case cannotVoid(TransactionKind)
  case availableBalance, enterRefundAmount
  case menuItem(TransactionKind)
  case printingOwed(Int)
  case supervisorPassword, originalVoucher, originalReference, originalDate, originalAuthCode
  case digitsNeeded(Int)
  case invalidDate
  case secondsLeft(Int)
  case transactionTimedOut, transactionCancelled, pinRequired, enterToGoBack, adviceStorage
  case printingMerchantCopy, merchantCopyOwed, noSlip
  case printerTitle, printFailed, checkPaper, enterRetryCancelSkip
  case title(TransactionKind)
  case response(ResponseCode)
  case enterAmount, amountZero, swipeCard, swipeError, checkCardNo, confirmCancel
  case enterPIN, pinOptionalHint, pinTooShort
  case processing, reversing, reversalFailedManual, reversalPending
  /// An advice (0220) sent again; its reply lost, it waits to be sent again.
  case resendingAdvice, adviceOwed
  /// The batch's books on the totals screens: 借记, 贷记, 净额; a transaction owed to the host.
  case debitTotal, creditTotal, netTotal, transactionOwed
  case approved, merchantCopyPrinted, enterToPrintNext, authNo
  case declined, pressAnyKeyToReturn
  case storageFault
  /// The disk is full: named so, with what to do (never as damage, never a reset).
  case storageFull, adviceFreeSpace, slipStorageFull
  case hostOnline, hostOffline, notSignedIn
  case adviceHostLink, adviceIdentity, adviceReader, adviceReceipts
  case unfinishedEntry(TransactionKind)
  case unfinishedSent(TransactionKind, String)
  case unfinishedReversal
  case unfinishedCardholderCopy(TransactionKind, String)
  case unfinishedSettlement
  case unfinishedPrint
  // Management functions
  case inquiryTitle(Int, Int)
  case noTransactionsInBatch, transactionVoided, transactionReversed, transactionPending
  case timeLabel, noOlderTransaction, noNewerTransaction, inquiryKeys
  case terminalLocked
  case operatorPasswordToUnlock(String)
  case supervisorUnlocks
  case addOperator, deleteOperator, changeOperatorPassword
  case newOperatorNo, operatorExists, operatorNumberRange
  case cannotDeleteSupervisor, cannotDeleteSignedIn
  case confirmDeleteOperator(String)
  case newPassword(Int)
  case passwordAgain, passwordsDiffer, passwordNotSaved
  case operatorAdded(String)
  case operatorDeleted(String)
  case operatorPasswordChanged(String)
  case supervisorPasswordChanged
  // QR payment
  case scanPaymentCode, invalidPaymentCode
  case wallet(PaymentCodeKind)
  case paidWith(PaymentCodeKind)
  case userPaying, confirmOnPhone, cancelToCancelOrder, cancellingOrder
  case paymentReceived, paymentFailed, orderCancelled, customerNotCharged
  case cancelReason(TransactionFlow.OrderCancelReason)
  case cancelUnconfirmed
  case unfinishedQROrder(String)
  case adviceQRScanner
  case paymentCodeLabel
  // Chip and contactless
  case chipReading, doNotRemoveCard, applicationList, removeCard
  case chooseByDigit(Int)
  case pinTriesLeft(Int)
  case pinWrong, transactionAborted, cardDeclined, insertChipCard, noFallback
  case chipFailedSwipe, chipFailedNoFallback, useOtherInterface, cardBlocked, applicationBlocked
  case noApplication, noContactless, declinedByCardOffline, adviceChipReader

  public func text(_ lang: Language) -> String {
    let (zh, en) = pair
    return lang == .zh ? zh : en
  }

  private var pair: (String, String) {
    switch self {
    case .selfCheckTitle: return ("开机自检", "SELF-CHECK")
    case .selfChecking: return ("自检中...", "Checking...")
    case .selfCheckPassed: return ("自检通过", "All checks passed")
    case .selfCheckFailed: return ("自检失败", "Self-check failed")
    case .selfCheckStopped: return ("请排除故障后重新开机", "Fix it, then power on")
    case .module(let m): return m.names
    case .ok: return ("正常", "OK")
    case .fault: return ("故障", "FAULT")
    case .pressAnyKeyToSignIn: return ("按任意键签到", "Press any key to sign in")
    case .signInTitle: return ("操作员签到", "OPERATOR SIGN-IN")
    case .operatorNo: return ("操作员号:", "Operator no:")
    case .password: return ("密码:", "Password:")
    case .noSuchOperator: return ("无此操作员", "No such operator")
    case .wrongPassword: return ("密码错", "Wrong password")
    case .operatorLocked: return ("操作员已锁定", "Operator locked")
    case .passwordTriesExceeded: return ("密码错误次数超限", "Too many wrong passwords")
    case .askSupervisor: return ("请主管(00)签到解锁", "Supervisor 00 must sign in")
    case .supervisorSignedIn: return ("主管签到成功", "Supervisor signed in")
    case .unlocked: return ("已解锁操作员:", "Unlocked operators:")
    case .noneLocked: return ("无锁定操作员", "No operator was locked")
    case .signingInOnline: return ("联网签到中...", "Signing in online...")
    case .pleaseWait: return ("请稍候...", "Please wait...")
    case .signInFailed: return ("签到失败", "Sign-in failed")
    case .signInOK: return ("签到成功", "Signed in")
    case .batchNo: return ("批次号:", "Batch:")
    case .hostTime: return ("主机时间:", "Host time:")
    case .forcedSettlementTitle: return ("终端隔日强制结算", "FORCED SETTLEMENT")
    case .unsettledFromEarlierDay: return ("批次含隔日交易须先结算", "Earlier day unsettled")
    case .pressAnyKeyToSettle: return ("按任意键结算", "Press any key to settle")
    case .successfulTransactions: return ("成功交易", "Successful")
    case .failedTransactions: return ("失败交易", "Failed")
    case .count: return ("笔数:", "Count:")
    case .amount: return ("金额:", "Amount:")
    case .printDetail: return ("打印明细?", "Print detail list?")
    case .enterYesCancelNo: return ("确认=是 取消=否", "Enter=yes Cancel=no")
    case .settling: return ("结算中...", "Settling...")
    case .settlementFailed: return ("结算失败", "Settlement failed")
    case .settlementDone: return ("结算完成", "Settled")
    case .mainMenuTitle: return ("主菜单", "MAIN MENU")
    case .submenuTitle(let menu):
      switch menu {
      case .preAuth: return ("预授权", "Pre-auth")
      case .print: return ("打印", "Print")
      case .management: return ("管理", "Manage")
      case .other: return ("其它", "Other")
      }
    case .menuAction(let action):
      switch action {
      case .transaction(let kind): return Msg.menuItem(kind).pair
      case .submenu(let menu): return Msg.submenuTitle(menu).pair
      case .reprintLast: return ("重打最后一笔", "Reprint last")
      case .reprintByVoucher: return ("重打任意一笔", "Reprint any")
      case .printDetail: return ("打印交易明细", "Print detail list")
      case .printTotals: return ("打印交易汇总", "Print totals")
      case .reprintSettlement: return ("重打结算单", "Reprint settlement")
      case .signIn: return ("签到", "Sign in")
      case .signOff: return ("签退", "Sign off")
      case .inquiry: return ("交易查询", "Transactions")
      case .settle: return ("结算", "Settle")
      case .lock: return ("锁定终端", "Lock terminal")
      case .operators: return ("操作员管理", "Operators")
      case .supervisorPassword: return ("修改主管密码", "Supervisor password")
      }
    case .noSuchVoucher: return ("无此凭证", "No such voucher")
    case .noSettlementToReprint: return ("无结算单可重打", "No settlement to reprint")
    case .voucherToReprint: return ("请输入凭证号:", "Voucher no:")
    case .reprintingVoucher(let trace): return ("重打印 凭证号\(trace)", "Reprint voucher \(trace)")
    case .signingOff: return ("签退中...", "Signing off...")
    case .signedOff: return ("已签退", "Signed off")
    case .manualSettlementTitle: return ("结算", "SETTLEMENT")
    case .pressEnterToSettle: return ("确认=结算 取消=返回", "Enter=settle Cancel=back")
    case .cancelToGoBack: return ("取消=返回", "Cancel: back")
    case .balanced: return ("对账平", "Totals agree")
    case .unbalanced: return ("对账不平", "Totals disagree")
    case .uploadingBatch(let n, let total):
      return ("批上送 \(n)/\(total)", "Batch upload \(n)/\(total)")
    case .checkOriginal: return ("请核对原交易:", "Check the original:")
    case .voucherNo: return ("凭证号:", "Voucher:")
    case .cardNo: return ("卡号:", "Card:")
    case .alreadyVoided: return ("原交易已撤销", "Already voided")
    case .alreadySettled: return ("原交易已结算,请做退货", "Settled: do a refund")
    case .cardMismatch: return ("卡号不符", "Card does not match")
    case .cannotVoid(let kind):
      let (zh, en) = Msg.menuItem(kind).pair
      return ("原交易不是\(zh)", "Not a \(en.lowercased())")
    case .availableBalance: return ("可用余额:", "Available:")
    case .enterRefundAmount: return ("请输入退货金额:", "Refund amount:")
    case .menuItem(let kind):
      let names = kind.descriptor.names.menuItem
      return (names.zh, names.en)
    case .printingOwed(let n): return ("补打未打印凭条\(n)张", "Printing \(n) owed slip(s)")
    case .supervisorPassword: return ("请输入主管密码:", "Supervisor password:")
    case .originalVoucher: return ("请输入原凭证号:", "Original voucher no:")
    case .originalReference: return ("请输入原参考号:", "Original ref. no:")
    case .originalDate: return ("原交易日期(月日):", "Original date (MMDD):")
    case .originalAuthCode: return ("请输入原授权码:", "Original auth code:")
    case .digitsNeeded(let n): return ("须输入\(n)位", "\(n) digits needed")
    case .invalidDate: return ("日期无效", "Invalid date")
    case .secondsLeft(let n): return ("剩余\(n)秒", "\(n) s left")
    case .transactionTimedOut: return ("交易超时", "Timed out")
    case .transactionCancelled: return ("交易取消", "Cancelled")
    case .pinRequired: return ("请输入密码", "PIN required")
    case .enterToGoBack: return ("按确认键返回", "Enter: go back")
    case .adviceStorage: return ("检查状态目录后重新开机", "Check State/, power on")
    case .printingMerchantCopy: return ("正在打印商户存根", "Printing merchant copy")
    case .merchantCopyOwed: return ("商户存根未打印", "Merchant copy unprinted")
    case .noSlip: return ("", "")
    case .printerTitle: return ("打印机", "PRINTER")
    case .printFailed: return ("打印失败", "Printer fault:")
    case .checkPaper: return ("请检查打印纸", "check the paper")
    case .enterRetryCancelSkip: return ("确认=重打 取消=跳过", "Enter=retry Cancel=skip")
    case .reprintTitle: return ("重打印", "REPRINT")
    case .noTransactionToReprint: return ("无可重打印的交易", "Nothing to reprint")
    case .title(let kind):
      let names = kind.descriptor.names.title
      return (names.zh, names.en)
    case .response(let code): return ResponseCode.catalog[code] ?? ("交易失败", "Declined")
    case .enterAmount: return ("请输入金额:", "Enter amount:")
    case .amountZero: return ("金额不能为零", "Amount cannot be zero")
    case .swipeCard: return ("请刷卡", "Please swipe card")
    case .swipeError: return ("刷卡错误 请重刷", "Swipe error, swipe again")
    case .checkCardNo: return ("请核对卡号:", "Check card number:")
    case .confirmCancel: return ("确认/取消", "Enter / Cancel")
    case .enterPIN: return ("请持卡人输入密码:", "Cardholder PIN:")
    case .pinOptionalHint: return ("无密码直接按确认", "No PIN: press Enter")
    case .pinTooShort: return ("密码至少4位", "PIN needs 4+ digits")
    case .processing: return ("交易处理中...", "Processing...")
    case .reversing: return ("冲正处理中...", "Sending reversal...")
    case .reversalFailedManual: return ("冲正不成功,请人工处理", "Reversal failed, handle manually")
    case .reversalPending: return ("冲正待发", "Reversal pending")
    case .resendingAdvice: return ("通知重发中...", "Resending advice...")
    case .adviceOwed: return ("通知待重发", "Advice to resend")
    case .debitTotal: return ("借记", "Debit")
    case .creditTotal: return ("贷记", "Credit")
    case .netTotal: return ("净额", "Net")
    case .transactionOwed: return ("待上送", "Owed")
    case .approved: return ("交易成功", "Approved")
    case .merchantCopyPrinted: return ("商户存根已打印", "Merchant copy printed")
    case .enterToPrintNext: return ("按确认继续打印", "Enter prints next copy")
    case .authNo: return ("授权码:", "Auth no:")
    case .declined: return ("交易失败", "Declined")
    case .pressAnyKeyToReturn: return ("按任意键返回", "Press any key")
    case .storageFault: return ("存储故障 停止交易", "Storage fault: stopped")
    case .storageFull: return ("存储空间不足 停止交易", "Storage full: stopped")
    case .slipStorageFull: return ("存储空间不足 请清理磁盘", "Storage full: free space")
    case .adviceFreeSpace: return ("请清理磁盘空间后开机", "Free disk space, restart")
    case .hostOnline: return ("联机", "online")
    case .hostOffline: return ("未联机", "offline")
    case .notSignedIn: return ("未签到", "not signed in")
    case .unfinishedEntry(let kind):
      let (zh, en) = Msg.menuItem(kind).pair
      return (
        "\(zh)未发送,未记录任何交易",
        "a \(en.lowercased()) was being entered and was not sent: nothing was recorded"
      )
    case .unfinishedSent(let kind, let trace):
      let (zh, en) = Msg.menuItem(kind).pair
      return (
        "\(zh)凭证\(trace)已发送未收到应答:冲正已记录,下次联机交易前发送",
        "\(en.lowercased()) \(trace) was sent without a reply: the journal keeps its reversal and sends it before the next online transaction"
      )
    case .unfinishedReversal:
      return (
        "冲正未完成:已记录,下次联机交易前发送",
        "a reversal was not completed: it stays in the journal and is sent before the next online transaction"
      )
    case .unfinishedCardholderCopy(let kind, let trace):
      let (_, en) = Msg.menuItem(kind).pair
      return (
        "凭证\(trace)已成功并记录,持卡人存根未打印(可重打印)",
        "\(en.lowercased()) \(trace) is approved and recorded, but the cardholder copy was not printed (menu 7-1 prints it)"
      )
    case .unfinishedSettlement:
      return (
        "强制结算未完成:批次保持未结,下次签到后继续结算",
        "the forced settlement was not finished: the batch stays open and settlement resumes at the next sign-in"
      )
    case .unfinishedPrint:
      return (
        "凭条未打印:已记录为欠打,菜单7-1可补打",
        "a slip did not print: the journal owes it and menu 7-1 prints it"
      )
    case .adviceHostLink: return ("主机无响应,检查host.yaml", "No host: check host.yaml")
    case .adviceIdentity: return ("终端号8位/商户号15位", "Terminal 8, merchant 15 digits")
    case .adviceReader: return ("读卡器回环失败,检查reader.yaml", "Reader loopback failed")
    case .adviceReceipts: return ("凭条目录不可写", "Receipts folder not writable")
    // Management functions
    case .inquiryTitle(let n, let total):
      return ("交易查询 \(n)/\(total)", "INQUIRY \(n)/\(total)")
    case .noTransactionsInBatch: return ("本批次无交易", "No transactions in batch")
    case .transactionVoided: return ("已撤销", "Voided")
    case .transactionReversed: return ("已冲正", "Reversed")
    case .transactionPending: return ("未完成", "Not completed")
    case .timeLabel: return ("时间:", "Time:")
    case .noOlderTransaction: return ("已是最早一笔", "No older transaction")
    case .noNewerTransaction: return ("已是最新一笔", "This is the newest")
    case .inquiryKeys: return ("确认=下笔 退格=上笔", "Enter=next Bksp=prev")
    case .terminalLocked: return ("终端已锁定", "TERMINAL LOCKED")
    case .operatorPasswordToUnlock(let no):
      return ("请输入\(no)号操作员密码:", "Operator \(no) password:")
    case .supervisorUnlocks: return ("请输入主管密码解锁:", "Supervisor password:")
    case .addOperator: return ("增加操作员", "Add operator")
    case .deleteOperator: return ("删除操作员", "Delete operator")
    case .changeOperatorPassword: return ("修改操作员密码", "Change password")
    case .newOperatorNo: return ("新操作员号(01-99):", "New operator (01-99):")
    case .operatorExists: return ("操作员已存在", "Operator exists")
    case .operatorNumberRange: return ("操作员号须为01-99", "Number must be 01-99")
    case .cannotDeleteSupervisor: return ("不能删除主管", "Cannot delete supervisor")
    case .cannotDeleteSignedIn: return ("该操作员已签到,不能删除", "Signed in: cannot delete")
    case .confirmDeleteOperator(let no): return ("删除操作员\(no)?", "Delete operator \(no)?")
    case .newPassword(let n): return ("请输入新密码(\(n)位):", "New \(n)-digit password:")
    case .passwordAgain: return ("请再输入一次:", "Key it again:")
    case .passwordsDiffer: return ("两次密码不一致", "Passwords differ")
    case .passwordNotSaved: return ("密码保存失败", "Password not saved")
    case .operatorAdded(let no): return ("操作员\(no)已增加", "Operator \(no) added")
    case .operatorDeleted(let no): return ("操作员\(no)已删除", "Operator \(no) deleted")
    case .operatorPasswordChanged(let no):
      return ("操作员\(no)密码已修改", "Operator \(no) password set")
    case .supervisorPasswordChanged: return ("主管密码已修改", "Supervisor password set")
    // QR payment
    case .scanPaymentCode: return ("请扫描付款码", "Scan the payment code")
    case .invalidPaymentCode: return ("无效付款码", "Invalid payment code")
    case .wallet(let kind):
      switch kind {
      case .wechat: return ("微信", "WeChat Pay")
      case .alipay: return ("支付宝", "Alipay")
      case .unionPayQR: return ("银联二维码", "UnionPay QR")
      }
    case .paidWith(let kind):
      let (zh, en) = Msg.wallet(kind).pair
      return ("支付方式:\(zh)", "Paid by \(en)")
    case .userPaying: return ("用户支付中", "Customer is paying")
    case .confirmOnPhone: return ("请顾客在手机上确认", "Confirm on the phone")
    case .cancelToCancelOrder: return ("取消=撤单", "Cancel: cancel order")
    case .cancellingOrder: return ("撤单中...", "Cancelling order...")
    case .paymentReceived: return ("支付成功", "Payment received")
    case .paymentFailed: return ("支付失败", "Payment failed")
    case .orderCancelled: return ("订单已撤销", "Order cancelled")
    case .customerNotCharged: return ("未扣款", "Customer not charged")
    case .cancelReason(let reason):
      switch reason {
      case .cashier: return ("收银员撤单", "Cancelled at the counter")
      case .notConfirmed: return ("用户30秒内未确认", "Not confirmed in 30 s")
      case .noReply: return ("下单无应答", "No answer to the order")
      }
    case .cancelUnconfirmed: return ("撤单未确认", "Cancel not confirmed")
    case .unfinishedQROrder(let trace):
      return (
        "扫码支付凭证\(trace)订单未完成:冲正已记录,下次联机交易前撤单",
        "QR payment \(trace) was not finished: the journal keeps its reversal, which cancels the order before the next online transaction"
      )
    case .adviceQRScanner: return ("扫码器自检失败", "QR scanner check failed")
    case .paymentCodeLabel: return ("付款码:", "Pay code:")
    // Chip and contactless
    case .chipReading: return ("读卡中", "Reading card")
    case .doNotRemoveCard: return ("请勿拔卡", "Do not remove the card")
    case .applicationList: return ("应用列表", "APPLICATIONS")
    case .removeCard: return ("请拔卡", "Remove the card")
    case .chooseByDigit(let n): return ("请按1-\(n)选择", "Press 1-\(n) to choose")
    case .pinTriesLeft(let n): return ("还剩\(n)次", "\(n) tries left")
    case .pinWrong: return ("密码错,请重输", "Wrong PIN, try again")
    case .transactionAborted: return ("交易中止", "Transaction aborted")
    case .cardDeclined: return ("卡片拒绝", "Declined by the card")
    case .insertChipCard: return ("请插IC卡", "Insert the chip card")
    case .noFallback: return ("不支持降级交易", "No fallback to the stripe")
    case .chipFailedSwipe: return ("IC卡读卡失败 请刷卡", "Chip failed: swipe it")
    case .chipFailedNoFallback: return ("IC卡读卡失败", "Chip read failed")
    case .useOtherInterface: return ("请插卡 请使用其它界面", "Insert: use another interface")
    case .cardBlocked: return ("卡被锁定", "Card blocked")
    case .applicationBlocked: return ("应用锁定", "Application blocked")
    case .noApplication: return ("无可用应用", "No usable application")
    case .noContactless: return ("非接读卡失败", "Tap not read")
    case .declinedByCardOffline: return ("交易拒绝", "Declined by the card")
    case .adviceChipReader: return ("IC卡读卡器回环失败", "Chip reader loopback failed")
    }
  }
}

/// The modules the power-on self-check looks at, in the order it shows them.
public enum SelfCheckModule: String, Sendable, Equatable, CaseIterable, Codable {
  case hostLink, identity, cardReader, printer, storage, pinPad
  // QR payment
  case qrScanner
  // Chip and contactless
  case chipReader

  /// The names in a half row (at most 6 columns), when there are more modules than
  /// the LCD has rows and the passed screen shows two to a row.
  var shortNames: (String, String) {
    switch self {
    case .hostLink: return ("通讯", "Host")
    case .identity: return ("参数", "ID")
    case .cardReader: return ("读卡器", "Stripe")
    case .printer: return ("打印机", "Print")
    case .storage: return ("存储", "Store")
    case .pinPad: return ("键盘", "PINpad")
    // QR payment
    case .qrScanner: return ("扫码", "QR")
    // Chip and contactless
    case .chipReader: return ("IC卡", "Chip")
    }
  }

  var names: (String, String) {
    switch self {
    case .hostLink: return ("通讯模块", "Host link")
    case .identity: return ("终端参数", "Terminal ID")
    case .cardReader: return ("读卡器", "Card reader")
    case .printer: return ("打印机", "Printer")
    case .storage: return ("存储", "Storage")
    case .pinPad: return ("密码键盘", "PIN pad")
    // QR payment
    case .qrScanner: return ("二维码扫描", "QR scanner")
    // Chip and contactless
    case .chipReader: return ("IC卡读卡器", "Chip reader")
    }
  }
}

extension ResponseCode {
  /// What the screen says for each code (field notes §5).
  static let catalog: [ResponseCode: (String, String)] = [
    .approved: ("交易成功", "Approved"),
    .referToIssuer: ("请持卡人与发卡银行联系", "Refer to card issuer"),
    .invalidMerchant: ("无效商户", "Invalid merchant"),
    .invalidTransaction: ("无效交易", "Invalid transaction"),
    .invalidAmount: ("无效金额", "Invalid amount"),
    .invalidCardNumber: ("无效卡号", "Invalid card number"),
    .noOriginal: ("没有原始交易", "No original transaction"),
    .expiredCardRetain: ("过期卡", "Expired card"),
    .lostCard: ("挂失卡", "Lost card"),
    .stolenCard: ("被窃卡,请操作员没收", "Stolen card, retain it"),
    .insufficientFunds: ("可用余额不足", "Insufficient funds"),
    .expiredCard: ("该卡已过期", "Card expired"),
    .incorrectPIN: ("密码错", "Incorrect PIN"),
    .notPermitted: ("不允许此卡交易", "Not permitted for card"),
    .amountOverLimit: ("交易金额超限", "Amount over limit"),
    .restrictedCard: ("受限制的卡", "Restricted card"),
    .timedOut: ("交易超时,请重试", "Timed out, retry"),
    .pinTriesExceeded: ("密码错误次数超限", "PIN tries exceeded"),
    .batchMismatch: ("批次号不一致,请重新签到", "Batch mismatch, sign in"),
    .duplicate: ("拒绝重复交易", "Duplicate transaction"),
    .systemFault: ("中心异常,请稍后重试", "System fault, retry later"),
    .issuerTimedOut: ("发卡方超时", "Issuer timed out"),
    .paymentCodeUsed: ("付款码已使用或过期", "Code used or expired"),
    .orderCancelled: ("订单已撤销,未扣款", "Order cancelled, unpaid"),
    // Chip and contactless
    .cryptogramFailure: ("安全处理失败", "Security check failed"),
  ]

  /// The screen text for this code in `lang`.
  public func message(_ lang: Language) -> String { Msg.response(self).text(lang) }
}
