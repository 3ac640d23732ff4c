import Foundation
import Passwords
import Testing

@testable import TerminalCore

extension CoreHarness {
  /// A harness whose driver has seeded the salt source, as the real driver does.
  static func seeded(language: Language = .zh) -> CoreHarness {
    var t = CoreHarness(language: language)
    t.passwords = PasswordWorker(
      salts: SaltSource(seed: Array(repeating: 7, count: SaltSource.seedBytes)))
    return t
  }

  /// Operator 02 as configured, password 2222.
  static let secondCashier = OperatorRecord(
    number: "02", role: .cashier, salt: "aa02",
    passwordHash: try! PasswordHash.pbkdf2(
      password: "2222", saltHex: "aa02", iterations: PasswordHash.minimumIterations),
    scheme: .pbkdf2SHA256(iterations: PasswordHash.minimumIterations))

  /// The operator records the journal was asked to save, in order.
  var savedOperators: [OperatorRecord] {
    journalCommands.compactMap {
      if case .saveOperator(let r) = $0 { return r } else { return nil }
    }
  }
}

/// A transaction of the open batch as the journal hands it over at power-on.
private func record(
  _ trace: Int, _ kind: TransactionKind = .sale, fen: Int64 = 5000,
  status: TransactionStatus = .approved, code: ResponseCode? = .approved,
  auth: String? = "A00001", original: OriginalTransaction? = nil, minute: Double = 0
) -> TransactionRecord {
  let at = CoreHarness.morning.addingTimeInterval(-3600 + minute * 60)
  return TransactionRecord(
    trace: trace, batch: 1, kind: kind, amountFen: fen, maskedPAN: "622202*********0128",
    expiry: "3012", entryMode: .swipe, operatorNo: "01", startedAt: at, status: status,
    responseCode: code, authCode: auth, referenceNo: "000000000001", issuer: "中国银行",
    completedAt: at, original: original)
}

/// Three transactions: a sale (voided later), a declined sale and the void.
private let dayOfSales = JournalSnapshot(
  lastTrace: 3,
  openBatch: [
    record(1, fen: 12345, minute: 0),
    record(2, fen: 50000, status: .declined, code: .insufficientFunds, auth: nil, minute: 5),
    record(
      3, .void, fen: 12345, auth: "A00003", original: OriginalTransaction(trace: 1, batch: 1),
      minute: 10),
  ])

@Suite("8-3 交易查询: browsing the open batch")
struct BatchInquiryTests {
  @Test func anEmptyBatchSaysSoAndAnyKeyGoesBack() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 3")
    #expect(t.screenText.contains("本批次无交易"))
    t.type("<enter>")
    #expect(t.state.flow == .menu(.submenu(.management)))
  }

  @Test func theCashierPagesFromTheNewestToTheOldestAndBack() {
    var t = CoreHarness.seeded()
    t.signedIn(snapshot: dayOfSales)
    t.type("8 3")
    #expect(t.lcd[0] == "交易查询 1/3")
    #expect(t.screenText.contains("凭证号:000003"))
    #expect(t.screenText.contains("撤销"))
    #expect(t.screenText.contains("金额:123.45"))
    #expect(t.screenText.contains("卡号:622202*********0128"))
    #expect(t.screenText.contains("交易成功 授权码:A00003"))
    #expect(t.lcd[6].hasPrefix("时间:") && t.lcd[6].hasSuffix(" 08:40:00"))
    #expect(t.lcd.last == "确认=下笔 退格=上笔")

    t.type("<enter>")
    #expect(t.lcd[0] == "交易查询 2/3")
    #expect(t.screenText.contains("凭证号:000002"))
    #expect(t.screenText.contains("交易失败 51"))

    t.type("<enter>")
    #expect(t.screenText.contains("凭证号:000001"))
    #expect(t.screenText.contains("已撤销"), "the void of 000001 is in the batch")

    t.type("<enter>")
    #expect(t.screenText.contains("已是最早一笔"))
    #expect(t.screenText.contains("凭证号:000001"))

    t.type("<bksp>")
    #expect(t.screenText.contains("凭证号:000002"))
    t.type("<bksp><bksp>")
    #expect(t.screenText.contains("已是最新一笔"))
    #expect(t.screenText.contains("凭证号:000003"))

    t.type("<cancel>")
    #expect(t.state.flow == .menu(.submenu(.management)))
    #expect(t.journalCommands.isEmpty && t.hostRequests.isEmpty)
  }

  @Test func aVoucherNumberKeyedJumpsToItsTransaction() {
    var t = CoreHarness.seeded(language: .en)
    t.signedIn(snapshot: dayOfSales)
    t.type("8 3 2")
    #expect(t.state.screen.field == Screen.Field(display: "2", masked: false))
    t.type("<bksp>000001<enter>")
    #expect(t.lcd[0] == "INQUIRY 3/3")
    #expect(t.screenText.contains("Voucher:000001"))
    #expect(t.screenText.contains("Voided"))
    t.type("42<enter>")
    #expect(t.screenText.contains("No such voucher"))
    #expect(t.screenText.contains("Voucher:000001"), "the screen stays on the transaction shown")
    t.type("2<enter>")
    // The code with its message (the word Declined gives way when both do not fit).
    #expect(t.screenText.contains("51 Insufficient funds"))
  }

  @Test func idleTimeLeavesTheInquiryForTheMainMenu() {
    var t = CoreHarness.seeded()
    t.signedIn(snapshot: dayOfSales)
    t.type("8 3")
    t.wait(61)
    #expect(t.state.flow == .menu(.main))
  }
}

@Suite("8-5 锁定终端: the lock")
struct TerminalLockTests {
  @Test func onlyTheSignedInOperatorsPasswordUnlocksNotTimeNorCards() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 5")
    #expect(t.lcd[0] == "终端已锁定")
    #expect(t.screenText.contains("请输入01号操作员密码"))
    t.wait(3600)
    t.send(.cardRead(.success(CoreHarness.debitCard)))
    t.type("<enter><cancel>1")
    #expect(t.state.screen.field == Screen.Field(display: "*", masked: true))
    t.type("<cancel>")
    #expect(t.state.screen.field == Screen.Field(display: "", masked: true), "Cancel clears it")
    #expect(t.lcd[0] == "终端已锁定", "still locked after an hour, a swipe and stray keys")

    t.type("1234<enter>")
    #expect(t.screenText.contains("密码错"))
    #expect(
      t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 1))])
    t.type("0000<enter>")
    #expect(t.state.flow == .menu(.main))
    #expect(t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init())])
  }

  @Test func theSupervisorsPasswordUnlocksToo() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 5 123456<enter>")
    #expect(t.state.flow == .menu(.main))
    #expect(t.journalCommands.isEmpty)
  }

  @Test func threeWrongPasswordsLeaveOnlyTheSupervisorToUnlock() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 5 1111<enter>2222<enter>3333<enter>")
    #expect(t.screenText.contains("密码错误次数超限"))
    #expect(t.screenText.contains("请输入主管密码解锁"))
    #expect(
      t.journalCommands == [
        .setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 1)),
        .setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 2)),
        .setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 3, locked: true)),
      ])
    t.type("0000<enter>")
    #expect(t.lcd[0] == "终端已锁定", "the operator's own password no longer unlocks")
    #expect(t.journalCommands.isEmpty)
    t.type("123456<enter>")
    #expect(t.state.flow == .menu(.main))
    #expect(t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init())])
    #expect(t.state.operatorLocks["01"] == OperatorLockState())
  }

  @Test func theLockFieldIsRecordedAsThePasswordItTakes() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 5 0000")
    #expect(
      t.state.maskedEntry(pinOf: { _ in nil }, isPassword: PasswordHash.verify)
        == .password(operatorNo: "01"))
    t.type("<cancel>99")
    #expect(
      t.state.maskedEntry(pinOf: { _ in nil }, isPassword: PasswordHash.verify)
        == .masked(digits: 2))
  }
}

@Suite("8-6 操作员管理 and UnionPay 8-2 修改主管密码")
struct OperatorAdminTests {
  @Test func theSupervisorsPasswordComesFirstAndCancelGoesBack() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 6")
    #expect(t.lcd[0] == "操作员管理")
    #expect(t.screenText.contains("请输入主管密码"))
    t.type("0000<enter>")
    #expect(t.screenText.contains("密码错"))
    t.type("<cancel>")
    #expect(t.state.flow == .menu(.submenu(.management)))
    t.type("6 123456<enter>")
    #expect(t.screenText.contains("1.增加操作员"))
    #expect(t.screenText.contains("4.修改主管密码"))
    t.type("<cancel>")
    #expect(t.state.flow == .menu(.submenu(.management)))
  }

  @Test func theSupervisorAddsOperator05WhoSignsInAfterAPowerCut() throws {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 6 123456<enter> 1 05<enter>")
    #expect(t.screenText.contains("请输入新密码(4位)"))
    t.type("1234<enter>")
    #expect(t.screenText.contains("请再输入一次"))
    #expect(t.state.screen.field == Screen.Field(display: "", masked: true))
    t.type("1234<enter>")
    #expect(t.screenText.contains("操作员05已增加"))
    let saved = try #require(t.savedOperators.first)
    #expect(t.journalCommands == [.saveOperator(saved)])
    #expect(saved.number == "05" && saved.role == .cashier)
    #expect(saved.scheme == .pbkdf2SHA256(iterations: PasswordHash.defaultIterations))
    #expect(saved.salt.count == 32 && saved.salt != CoreHarness.cashier.salt)
    #expect(PasswordHash.verify(password: "1234", record: saved))
    #expect(t.state.operators.map(\.number) == ["00", "01", "05"])

    // Power off and on: the journal's change comes back; 05 signs in with 1234.
    var next = CoreHarness.seeded()
    next.send(.powerOn(JournalSnapshot(operatorChanges: [.saved(saved)])))
    next.send(.selfCheckFinished(CoreHarness.allOK))
    next.type("<enter>05<enter>1234<enter>")
    #expect(next.state.flow == .signIn(.signingIn(operatorNo: "05")))
  }

  @Test func addingRefusesTakenNumbersAndMismatchedPasswords() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 6 123456<enter> 1 00<enter>")
    #expect(t.screenText.contains("操作员号须为01-99"))
    t.type("01<enter>")
    #expect(t.screenText.contains("操作员已存在"))
    t.type("5<enter>")
    #expect(t.screenText.contains("须输入2位"))
    t.type("05<enter>12<enter>")
    #expect(t.screenText.contains("须输入4位"))
    t.type("1234<enter>4321<enter>")
    #expect(t.screenText.contains("两次密码不一致"))
    #expect(t.screenText.contains("请输入新密码(4位)"), "both entries again")
    #expect(t.journalCommands.isEmpty)
    t.type("<cancel>")
    #expect(t.state.flow == .management(.operators(.menu(notice: nil))))
    t.type("1 <cancel>")
    #expect(t.state.flow == .management(.operators(.menu(notice: nil))))
    t.type("1 06<enter>1234<enter><cancel>")
    #expect(t.state.flow == .management(.operators(.menu(notice: nil))))
    #expect(t.state.operators.map(\.number) == ["00", "01"])
  }

  @Test func theSignedInOperatorAndTheSupervisorCannotBeDeleted() {
    var t = CoreHarness.seeded()
    t.state.operators.append(CoreHarness.secondCashier)
    t.signedIn()
    t.type("8 6 123456<enter> 2 01<enter>")
    #expect(t.screenText.contains("该操作员已签到,不能删除"))
    t.type("00<enter>")
    #expect(t.screenText.contains("不能删除主管"))
    t.type("07<enter>")
    #expect(t.screenText.contains("无此操作员"))
    t.type("02<enter>")
    #expect(t.screenText.contains("删除操作员02?"))
    t.type("<cancel>")
    #expect(t.state.operators.map(\.number) == ["00", "01", "02"])
    #expect(t.journalCommands.isEmpty)

    t.state.operatorLocks["02"] = OperatorLockState(failedAttempts: 3, locked: true)
    t.type("2 02<enter><enter>")
    #expect(t.screenText.contains("操作员02已删除"))
    #expect(t.journalCommands == [.deleteOperator(operatorNo: "02")])
    #expect(t.state.operators.map(\.number) == ["00", "01"])
    #expect(t.state.operatorLocks["02"] == nil)
  }

  @Test func aChangedPasswordReplacesTheOldOne() throws {
    var t = CoreHarness.seeded()
    t.state.operators.append(CoreHarness.secondCashier)
    t.signedIn()
    t.type("8 6 123456<enter> 3 07<enter>")
    #expect(t.screenText.contains("无此操作员"))
    t.type("02<enter>5678<enter>5678<enter>")
    #expect(t.screenText.contains("操作员02密码已修改"))
    let saved = try #require(t.savedOperators.first)
    #expect(PasswordHash.verify(password: "5678", record: saved))
    #expect(!PasswordHash.verify(password: "2222", record: t.state.operatorRecord("02")!))
    // 00 through 3 is the supervisor's password, six digits.
    t.type("3 00<enter>")
    #expect(t.screenText.contains("请输入新密码(6位)"))
  }

  @Test func theSupervisorsNewPasswordOpensOperatorManagementFromThenOn() throws {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 6 123456<enter> 4 1234<enter>")
    #expect(t.screenText.contains("须输入6位"))
    t.type("654321<enter>654321<enter>")
    #expect(t.screenText.contains("主管密码已修改"))
    let saved = try #require(t.savedOperators.first)
    #expect(saved.number == "00" && saved.role == .supervisor)
    t.type("<cancel> 6 123456<enter>")
    #expect(t.screenText.contains("密码错"))
    t.type("654321<enter>")
    #expect(t.screenText.contains("1.增加操作员"))
  }

  @Test func unionPayOther2ChangesTheSupervisorsPassword() throws {
    var t = CoreHarness.seeded()
    t.state.profile.menuLayout = .unionpay
    t.signedIn()
    t.type("8 2")
    #expect(t.lcd[0] == "修改主管密码")
    t.type("<cancel>")
    #expect(t.state.flow == .menu(.submenu(.other)))
    t.type("2 123456<enter>")
    #expect(t.screenText.contains("请输入新密码(6位)"))
    t.type("<cancel>")
    #expect(t.state.flow == .menu(.submenu(.other)))
    t.type("2 123456<enter>112233<enter>112233<enter>")
    #expect(t.state.flow == .menu(.submenu(.other)))
    #expect(t.screenText.contains("主管密码已修改"))
    let saved = try #require(t.savedOperators.first)
    #expect(PasswordHash.verify(password: "112233", record: saved))
  }

  @Test func withoutTheDriversEntropyNoPasswordIsMade() {
    var t = CoreHarness()
    t.signedIn()
    t.type("8 6 123456<enter> 1 05<enter>1234<enter>1234<enter>")
    #expect(t.screenText.contains("密码保存失败"))
    #expect(t.journalCommands.isEmpty)
    #expect(t.state.operatorRecord("05") == nil)
  }

  @Test func idleTimeDropsWhatWasTyped() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 6 123456<enter> 1 05<enter>12")
    t.wait(61)
    #expect(t.state.flow == .menu(.main))
  }

  @Test func newPasswordFieldsAreRecordedAsTheOperatorsPassword() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 6 1234")
    #expect(
      t.state.maskedEntry(pinOf: { _ in nil }, isPassword: PasswordHash.verify)
        == .masked(digits: 4))
    t.type("56")
    #expect(
      t.state.maskedEntry(pinOf: { _ in nil }, isPassword: PasswordHash.verify)
        == .password(operatorNo: "00"))
    t.type("<enter>1 05<enter>1234")
    #expect(
      t.state.maskedEntry(pinOf: { _ in nil }, isPassword: PasswordHash.verify)
        == .password(operatorNo: "05"))
    t.type("<enter>99")
    #expect(
      t.state.maskedEntry(pinOf: { _ in nil }, isPassword: PasswordHash.verify)
        == .masked(digits: 2))
    let keys = t.state.keys(
      for: .password(operatorNo: nil), pinOf: { _ in nil }, isPassword: PasswordHash.verify,
      passwords: ["05": "1234"])
    #expect(
      keys == .success([.backspace, .backspace, .digit(1), .digit(2), .digit(3), .digit(4)]))
  }

  @Test func powerOnLaysTheTerminalsChangesOverTheConfig() {
    var t = CoreHarness.seeded()
    t.send(
      .powerOn(
        JournalSnapshot(operatorChanges: [
          .deleted(operatorNo: "01"), .saved(CoreHarness.secondCashier),
        ])))
    #expect(t.state.operators.map(\.number) == ["00", "02"])
  }
}
