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
    #expect(t.lcd.contains("读卡器              正常"))
    #expect(t.lcd[0] == "自检通过")
    t.keys("5")
    #expect(t.screenText.contains("操作员号"))
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
    t.keys("E01E")
    #expect(t.screenText.contains("打印机 故障"), "keys do nothing on a stopped terminal")
  }

  @Test func unknownOperatorIsRefused() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(SelfCheckReport(items: [])))
    t.keys("E07E")
    #expect(t.screenText.contains("无此操作员"))
  }

  @Test func passwordIsMaskedAndSignInGoesOnline() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(SelfCheckReport(items: [])))
    t.keys("E01E00")
    #expect(t.state.screen.field == Screen.Field(display: "**", masked: true))
    t.keys("00E")
    #expect(t.screenText.contains("联网签到中"))
    #expect(t.hostRequests.count == 1)
    guard case .signIn(_, _, "01", _) = t.hostRequests.first else {
      Issue.record("expected a sign-in request")
      return
    }
    t.send(.hostReplied(.signedIn(batch: 7, hostTime: t.state.now)))
    #expect(t.screenText.contains("1.消费"))
    #expect(t.screenText.contains("签到成功 批次号:000007"))
    #expect(t.journalCommands == [.setBatch(7)])
  }

  @Test func wrongPasswordRetriesAndTheThirdLocksUntilTheSupervisorSignsIn() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(SelfCheckReport(items: [])))
    t.keys("E01E1111E")
    #expect(t.screenText.contains("密码错"))
    #expect(
      t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 1))])
    t.keys("2222E")
    t.keys("3333E")
    #expect(t.screenText.contains("密码错误次数超限"))
    #expect(
      t.journalCommands == [
        .setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 3, locked: true))
      ])
    t.keys("01E")
    #expect(t.screenText.contains("操作员已锁定"), "the right password no longer gets a password prompt")
    t.keys("00E123456E")
    #expect(t.screenText.contains("主管签到成功"))
    #expect(t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init())])
    t.keys("E01E0000E")
    #expect(t.screenText.contains("联网签到中"))
  }

  @Test func lockStateSurvivesPowerOff() {
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot(operatorLocks: ["01": .init(failedAttempts: 3, locked: true)])))
    t.send(.selfCheckFinished(SelfCheckReport(items: [])))
    t.keys("E01E")
    #expect(t.screenText.contains("操作员已锁定"))
  }

  @Test func englishScreensComeFromTheSameCatalog() {
    var t = CoreHarness(language: .en)
    t.signedIn()
    #expect(t.screenText.contains("MAIN MENU"))
    #expect(t.screenText.contains("1.Sale"))
  }
}
