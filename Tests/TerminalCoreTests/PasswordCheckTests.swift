import Foundation
import Passwords
import Testing

@testable import TerminalCore

/// Passwords are checked and hashed by the driver (`Effect.checkPassword`,
/// `Effect.hashPassword`): `reduce` only asks, shows 请稍候, and goes on when the
/// answer comes. Here the harness holds the driver's work back to see the wait.
@Suite("A password is the driver's work: 请稍候 until it answers")
struct PasswordCheckTests {
  /// At the sign-in prompt with 01's password typed, the check not yet answered.
  static func signInChecking() -> CoreHarness {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(CoreHarness.allOK))
    t.holdPasswordWork = true
    t.type("<enter>01<enter>0000<enter>")
    return t
  }

  /// Runs the held work as the driver does and feeds its answers back.
  static func answerHeld(_ t: inout CoreHarness) {
    let held = t.heldPasswordWork
    t.heldPasswordWork = []
    t.holdPasswordWork = false
    for effect in held {
      switch effect {
      case .checkPassword(let check): t.send(.passwordChecked(PasswordWorker.check(check)))
      case .hashPassword(let request): t.send(.passwordHashed(t.passwords.hash(request)))
      default: Issue.record("not password work: \(effect)")
      }
    }
  }

  @Test func theSignInKeyAsksTheDriverAndWaits() throws {
    var t = Self.signInChecking()
    #expect(t.state.flow == .signIn(.checkingPassword(operatorNo: "01")))
    #expect(
      t.effects == [
        .checkPassword(
          PasswordCheck(
            .signIn(operatorNo: "01"), password: SecretDigits([0, 0, 0, 0]),
            candidates: [CoreHarness.cashier], upgradesWeakHash: true))
      ])
    #expect(t.lcd == ["操作员签到", "操作员号: 01", "请稍候...", "", "", "", "", ""])

    // Keys meanwhile, Cancel and Enter too, change nothing and ask nothing.
    let waiting = t.state
    t.type("12<bksp><cancel><enter>")
    #expect(t.effects.isEmpty)
    #expect(t.state.flow == waiting.flow)

    Self.answerHeld(&t)
    #expect(t.state.flow == .signIn(.signingIn(operatorNo: "01")))
    #expect(t.hostRequests.map(\.body) == [.signIn(operatorNo: "01")])
  }

  @Test func aWrongPasswordComesBackAsWrong() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(CoreHarness.allOK))
    t.type("<enter>01<enter>1111<enter>")
    #expect(
      t.state.flow
        == .signIn(
          .operatorPassword(operatorNo: "01", entered: SecretDigits(), notice: .wrongPassword)))
    #expect(
      t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 1))])
  }

  @Test func anAnswerForAnotherCheckOrNoneWaitingIsDropped() {
    var t = Self.signInChecking()
    let waiting = t.state
    // Another operator's answer, or another flow's, is not this check's.
    t.send(.passwordChecked(.init(purpose: .signIn(operatorNo: "02"), matched: "02")))
    #expect(t.effects.isEmpty && t.state == waiting)
    t.send(.passwordChecked(.init(purpose: .transactionSupervisor, matched: "00")))
    #expect(t.effects.isEmpty && t.state == waiting)
    t.send(.passwordHashed(.init(operatorNo: "01", record: CoreHarness.cashier)))
    #expect(t.effects.isEmpty && t.state == waiting)

    // At the operator-number prompt nothing waits: a late "matched" signs nobody in.
    var u = CoreHarness()
    u.send(.powerOn(JournalSnapshot()))
    u.send(.selfCheckFinished(CoreHarness.allOK))
    u.type("<enter>")
    let prompt = u.state
    u.send(.passwordChecked(.init(purpose: .signIn(operatorNo: "01"), matched: "01")))
    #expect(u.effects.isEmpty && u.state == prompt)
  }

  @Test func theTransactionsSupervisorStepWaitsToo() {
    var t = CoreHarness()
    t.signedIn()
    t.send(.key(.digit(3)))  // 3 撤销: the supervisor's password first
    #expect(t.state.screen.field?.masked == true)
    t.holdPasswordWork = true
    t.type("123456<enter>")
    guard case .transaction(.entering(_, .checkingSupervisor)) = t.state.flow else {
      Issue.record("not waiting for the check: \(t.state.flow)")
      return
    }
    #expect(t.lcd == ["撤销", "请输入主管密码:", "请稍候...", "", "", "", "", ""])
    #expect(
      t.effects == [
        .checkPassword(
          PasswordCheck(
            .transactionSupervisor, password: SecretDigits([1, 2, 3, 4, 5, 6]),
            candidates: [CoreHarness.supervisor]))
      ])
    // Even Cancel waits for the answer.
    t.type("<cancel>")
    #expect(t.effects.isEmpty)
    guard case .transaction(.entering(_, .checkingSupervisor)) = t.state.flow else {
      Issue.record("Cancel left the check: \(t.state.flow)")
      return
    }
    Self.answerHeld(&t)
    #expect(t.screenText.contains("请输入原凭证号"))
  }

  @Test func theTerminalLockWaitsAndAWrongPasswordCounts() {
    var t = CoreHarness.seeded()
    t.signedIn()
    t.type("8 5")
    t.holdPasswordWork = true
    t.type("1234<enter>")
    #expect(t.state.flow == .management(.locked(.checking(operatorNo: "01"))))
    #expect(t.lcd == ["终端已锁定", "操作员号: 01", "请稍候...", "", "", "", "", ""])
    guard case .checkPassword(let check) = t.effects.first else {
      Issue.record("no check asked: \(t.effects)")
      return
    }
    #expect(
      check.candidates.map(\.number) == ["01", "00"], "the operator's, then the supervisor's")
    Self.answerHeld(&t)
    #expect(t.screenText.contains("密码错"))
    #expect(
      t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 1))])
  }

  @Test func aNewPasswordIsHashedByTheDriver() {
    var t = CoreHarness.seeded()
    t.state.operators.append(CoreHarness.secondCashier)
    t.signedIn()
    t.type("8 6 123456<enter> 3 02<enter>1234<enter>")
    t.holdPasswordWork = true
    t.type("1234<enter>")
    #expect(
      t.effects == [
        .hashPassword(
          NewPassword(operatorNo: "02", role: .cashier, password: SecretDigits([1, 2, 3, 4])))
      ])
    #expect(t.lcd[1] == "操作员号: 02" && t.lcd[2] == "请稍候...")
    t.type("5<enter>")
    #expect(t.effects.isEmpty, "keys wait for the hash")
    // No salt could be made: the old password stays, and the screen says so.
    t.send(.passwordHashed(.init(operatorNo: "02", record: nil)))
    #expect(t.journalCommands.isEmpty)
    #expect(t.screenText.contains("密码保存失败"))
    #expect(t.state.operatorRecord("02") == CoreHarness.secondCashier)
  }

  @Test func theEffectsNeverShowThePassword() {
    let check = Effect.checkPassword(
      PasswordCheck(
        .signIn(operatorNo: "01"), password: SecretDigits([8, 6, 4, 2]), candidates: []))
    let hash = Effect.hashPassword(
      NewPassword(operatorNo: "01", role: .cashier, password: SecretDigits([8, 6, 4, 2])))
    for effect in [check, hash] {
      var dumped = ""
      dump(effect, to: &dumped)
      for text in [String(describing: effect), String(reflecting: effect), dumped] {
        #expect(!text.contains("8642") && !text.contains("8, 6, 4, 2"), "\(text)")
        #expect(text.contains("SecretDigits(4)"), "\(text)")
      }
    }
  }
}
