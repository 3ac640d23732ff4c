import Foundation
import Testing

@testable import TerminalCore

@Suite("Power-on and operator sign-in")
struct SignInTests {
  @Test func powerOnRunsTheSelfCheckThenAsksForAnyKey() {
    var t = CoreHarness()
    #expect(t.send(.powerOn(JournalSnapshot())) == [.runSelfCheck])
    #expect(t.screenText.contains("自检中"))
    t.send(
      .selfCheckFinished(
        SelfCheckReport(items: SelfCheckModule.allCases.map { .init(module: $0, ok: true) })))
    #expect(t.screenText.contains("按任意键签到"))
    // More modules than rows: two to a row, short names.
    #expect(t.lcd.contains("读卡器 正常 打印机 正常"))
    #expect(t.lcd.contains("扫码   正常 IC卡   正常"))
    #expect(t.lcd[0] == "自检通过")
    t.type("5")
    #expect(t.screenText.contains("操作员号"))
  }

  @Test func sixModulesOrFewerShowOneARowWithTheirStatus() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(
      .selfCheckFinished(
        SelfCheckReport(
          items: SelfCheckModule.allCases.prefix(6).map { .init(module: $0, ok: true) })))
    #expect(t.lcd.contains("读卡器              正常"))
  }

  @Test func aFailedModuleStopsTheTerminalWithAdvice() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(
      .selfCheckFinished(
        SelfCheckReport(items: [
          .init(module: .hostLink, ok: true), .init(module: .printer, ok: false, advice: "凭条目录不可写"),
        ])))
    #expect(t.screenText.contains("打印机 故障"))
    #expect(t.screenText.contains("凭条目录不可写"))
    t.type("<enter>01<enter>")
    #expect(t.screenText.contains("打印机 故障"), "keys do nothing on a stopped terminal")
  }

  @Test func unknownOperatorIsRefused() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(SelfCheckReport(items: [])))
    t.type("<enter>07<enter>")
    #expect(t.screenText.contains("无此操作员"))
  }

  @Test func passwordIsMaskedAndSignInGoesOnline() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(SelfCheckReport(items: [])))
    t.type("<enter>01<enter>00")
    #expect(t.state.screen.field == Screen.Field(display: "**", masked: true))
    t.type("00<enter>")
    #expect(t.screenText.contains("联网签到中"))
    #expect(t.screenText.contains("剩余60秒"), "the seconds left before the host times out")
    #expect(
      t.hostRequests == [
        HostRequest(
          envelope: t.envelope(trace: 0), body: .signIn(operatorNo: "01"), time: t.state.now)
      ])
    #expect(t.state.flow == .signIn(.signingIn(operatorNo: "01")))
    let effects = t.reply(.signedIn(batch: 7, hostTime: t.state.now))
    #expect(t.screenText.contains("1.消费"))
    #expect(t.screenText.contains("签到成功 批次号:000007"))
    #expect(effects == [.journal(.setBatch(7))])
    #expect(t.state.flow == .menu(.main))
    #expect(t.state.signedInOperator == "01" && t.state.hostOnline && t.state.hostWait == nil)
  }

  @Test func wrongPasswordRetriesAndTheThirdLocksUntilTheSupervisorSignsIn() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(SelfCheckReport(items: [])))
    t.type("<enter>01<enter>1111<enter>")
    #expect(t.screenText.contains("密码错"))
    #expect(
      t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 1))])
    t.type("2222<enter>")
    t.type("3333<enter>")
    #expect(t.screenText.contains("密码错误次数超限"))
    #expect(
      t.journalCommands == [
        .setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 3, locked: true))
      ])
    #expect(t.state.flow == .signIn(.locked(operatorNo: "01", justNow: true)))
    #expect(t.screenText.contains("操作员已锁定") && t.screenText.contains("请主管(00)签到解锁"))
    // Digits typed on after the lock are not taken as another operator's number.
    t.type("0000")
    #expect(t.state.flow == .signIn(.locked(operatorNo: "01", justNow: true)))
    t.type("<enter>")
    #expect(t.state.flow == .signIn(.operatorNumber(entered: "", notice: nil)))
    t.type("01<enter>")
    #expect(t.state.flow == .signIn(.locked(operatorNo: "01", justNow: false)))
    #expect(t.screenText.contains("操作员已锁定"), "the right password no longer gets a password prompt")
    t.type("<cancel>")
    t.type("00<enter>123456<enter>")
    #expect(t.screenText.contains("主管签到成功"))
    #expect(t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init())])
    t.type("<enter>01<enter>0000<enter>")
    #expect(t.screenText.contains("联网签到中"))
  }

  @Test func lockStateSurvivesPowerOff() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot(operatorLocks: ["01": .init(failedAttempts: 3, locked: true)])))
    t.send(.selfCheckFinished(SelfCheckReport(items: [])))
    t.type("<enter>01<enter>")
    #expect(t.screenText.contains("操作员已锁定"))
  }

  @Test func aSignInWithNoAnswerTimesOutWith68() {
    var t = CoreHarness(hostTimeout: 30)
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(CoreHarness.allOK))
    t.type("<enter>01<enter>0000<enter>")
    t.wait(29)
    #expect(t.screenText.contains("剩余1秒"))
    #expect(t.state.flow == .signIn(.signingIn(operatorNo: "01")))
    #expect(t.send(.tick(t.state.now.addingTimeInterval(1))) == [])
    #expect(t.state.flow == .signIn(.signInFailed(code: .timedOut)))
    #expect(t.screenText.contains("68 交易超时,请重试"))
    #expect(t.state.hostWait == nil && !t.state.hostOnline)
  }

  @Test func englishScreensComeFromTheSameCatalog() {
    var t = CoreHarness(language: .en)
    t.signedIn()
    #expect(t.screenText.contains("MAIN MENU"))
    #expect(t.screenText.contains("1.Sale"))
  }
}
