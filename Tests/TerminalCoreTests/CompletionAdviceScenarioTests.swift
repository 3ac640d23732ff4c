import Foundation
import Testing

@testable import TerminalCore

/// 预授权完成(通知), the offline completion advice, as the cashier keys it: every
/// state change stated, every effect received and answered, every screen whole.
@Suite("The completion advice, step by step")
struct CompletionAdviceScenarioTests {
  static let card = CoreHarness.debitCard

  /// Power on, the self-check, sign-in as 01/0000 with the host's answer.
  static func signIn(_ store: inout TestStore) {
    store.send(.powerOn(JournalSnapshot())) {
      $0.operators = [CoreHarness.supervisor, CoreHarness.cashier]
      $0.flow = .power(.selfChecking)
    }
    store.receive(.runSelfCheck)
    store.send(.selfCheckFinished(CoreHarness.allOK)) {
      $0.flow = .power(.awaitingSignInKey(CoreHarness.allOK))
    }
    store.type("<enter>01<enter>0000")
    let now = store.state.now
    // Enter: the driver checks the password (PBKDF2 stays out of the core).
    store.send(.key(.enter)) { $0.flow = .signIn(.checkingPassword(operatorNo: "01")) }
    store.receive(
      .checkPassword(
        PasswordCheck(
          .signIn(operatorNo: "01"), password: SecretDigits([0, 0, 0, 0]),
          candidates: [CoreHarness.cashier], upgradesWeakHash: true)))
    store.assertScreen(
      """
             操作员签到
      操作员号: 01
             请稍候...





      """)
    store.send(
      .passwordChecked(PasswordCheck.Result(purpose: .signIn(operatorNo: "01"), matched: "01"))
    ) {
      $0.flow = .signIn(.signingIn(operatorNo: "01"))
      $0.hostWait = HostWait(
        envelope: Self.envelope(trace: 0), type: .signIn, deadline: now.addingTimeInterval(60))
    }
    let signIn = HostRequest(
      envelope: Self.envelope(trace: 0), body: .signIn(operatorNo: "01"), time: now)
    store.receive(.host(signIn))
    store.send(.hostReplied(HostReply(to: signIn, .signedIn(batch: 1, hostTime: now)))) {
      $0.flow = .menu(.main)
      $0.hostWait = nil
      $0.hostOnline = true
      $0.signedInOperator = "01"
      $0.banner = ["签到成功 批次号:000001", "主机时间:09:30:00"]
    }
  }

  static func envelope(trace: Int) -> HostEnvelope {
    HostEnvelope(terminalNo: "10240001", merchantNo: "898310048161234", batch: 1, trace: trace)
  }

  /// From the main menu: 6 预授权, 5 预授权完成通知, the card, the hold's auth code and
  /// date, then the amount (110.00 of a 100.00 hold: within 115%).
  static func keyTheAdvice(_ store: inout TestStore) -> TransactionRecord {
    // The sign-in's one-shot banner goes with the first key.
    store.type("6") { $0.banner = [] }
    store.assertScreen(
      """
               预授权
      1.预授权
      2.预授权撤销
      3.预授权完成
      4.预授权完成撤销
      5.预授权完成通知


      """)
    store.type("5")
    store.assertScreen(
      """
          预授权完成(通知)
               请刷卡






      """)
    store.send(.cardRead(.success(card))) {
      var draft = TransactionDraft(kind: .preAuthCompletionAdvice)
      draft.step = 0
      $0.flow = .transaction(.entering(draft, .confirmCard(card)))
    }
    store.assertScreen(
      """
          预授权完成(通知)
      请核对卡号:
           6222021234567890128




             确认/取消
      """)
    store.type("<enter>000001<enter>1121<enter>11000")
    store.assertScreen(
      """
          预授权完成(通知)
      请输入金额:
                        110.00





      """)
    let now = store.state.now
    let record = TransactionRecord(
      trace: 1, batch: 1, kind: .preAuthCompletionAdvice, amountFen: 11000,
      maskedPAN: card.maskedPAN, expiry: card.expiry, entryMode: card.entryMode,
      operatorNo: "01", startedAt: now, status: .pending,
      original: OriginalTransaction(date: "1121", authCode: "000001"))
    store.send(.key(.enter)) {
      $0.lastTrace = 1
      $0.openBatch = [record]
      $0.flow = .transaction(.awaitingReply(record))
      $0.hostWait = HostWait(
        envelope: Self.envelope(trace: 1), type: .transaction(.preAuthCompletionAdvice),
        deadline: now.addingTimeInterval(60))
    }
    // An advice saves no reversal: it is never reversed.
    store.receive(.journal(.beginTransaction(record, reversal: nil)))
    guard case .host(let request)? = store.receiveAny(), case .transaction(let t) = request.body
    else {
      Issue.record("expected the advice sent")
      return record
    }
    // Field notes §8: 0220 / 000000, 25 = 06, 60.1 = 24; no PIN is asked again.
    #expect(t.message.mti == "0220" && t.message.processingCode == "000000")
    #expect(t.message.posCondition == "06" && t.message.typeCode == "24")
    #expect(t.pinBlock.isEmpty && t.amountFen == 11000 && t.pan == card.pan)
    #expect(request.envelope == Self.envelope(trace: 1))
    store.send(.journalWritten(.beginTransaction(record, reversal: nil)))
    return record
  }

  @Test func anApprovedAdvicePrintsBothCopies() {
    var store = TestStore(CoreHarness().state)
    Self.signIn(&store)
    let record = Self.keyTheAdvice(&store)
    let request = HostRequest(
      envelope: Self.envelope(trace: 1),
      body: .transaction(
        TransactionRequest(
          kind: .preAuthCompletionAdvice,
          message: TransactionKind.preAuthCompletionAdvice.descriptor.message, amountFen: 11000,
          pan: Self.card.pan, expiry: Self.card.expiry, serviceCode: Self.card.serviceCode,
          entryMode: Self.card.entryMode, pinBlock: PINBlock(bytes: []),
          original: OriginalTransaction(date: "1121", authCode: "000001"))),
      time: store.state.now)
    var done = record
    done.status = .approved
    done.responseCode = .approved
    done.authCode = "A00002"
    done.referenceNo = "000000000002"
    done.issuer = "中国银行"
    done.completedAt = store.state.now
    let approval = TransactionReply(
      responseCode: .approved, authCode: "A00002", referenceNo: "000000000002", issuer: "中国银行")
    store.send(.hostReplied(HostReply(to: request, .transaction(approval)))) {
      $0.hostWait = nil
      $0.hostOnline = true
      $0.openBatch = [done]
      $0.flow = .transaction(.approved(done, merchantCopy: .printing))
      $0.printer.jobs = [.receipt(done, copy: .merchant)]
    }
    store.receive(.journal(.completeTransaction(done)))
    store.receive(.print(.receipt(done, copy: .merchant)))
    store.send(.journalWritten(.completeTransaction(done)))
    store.send(.printed(.receipt(done, copy: .merchant))) {
      $0.printer.jobs = []
      $0.flow = .transaction(.approved(done, merchantCopy: .printed))
    }
    store.receive(.journal(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .merchant))))
    store.assertScreen(
      """
          预授权完成(通知)
              交易成功
      金额: 110.00
      授权码: A00002
      商户存根已打印


           按确认继续打印
      """)
    store.send(.key(.enter)) {
      $0.flow = .menu(.main)
      $0.printer.jobs = [.receipt(done, copy: .cardholder)]
    }
    store.receive(.print(.receipt(done, copy: .cardholder)))
    store.send(.printed(.receipt(done, copy: .cardholder))) { $0.printer.jobs = [] }
    store.receive(.journal(.slipPrinted(.receipt(batch: 1, trace: 1, copy: .cardholder))))
    store.finish()
  }

  /// No reply in time: the advice stays owed to the host (pending in the journal) and
  /// nothing is reversed; the cashier sees the timeout with no reversal pending.
  @Test func anAdviceWithoutAReplyIsNotReversed() {
    var store = TestStore(CoreHarness().state)
    Self.signIn(&store)
    let record = Self.keyTheAdvice(&store)
    let later = store.state.now.addingTimeInterval(60)
    store.send(.tick(later)) {
      $0.now = later
      $0.hostWait = nil
      $0.hostOnline = false
      $0.flow = .transaction(.timedOut(record))
    }
    #expect(store.state.pendingReversal == nil)
    // Owed to the host: it goes again before the next online step and settlement.
    #expect(store.state.ledger.owedAdvices.map(\.trace) == [record.trace])
    store.assertScreen(
      """
          预授权完成(通知)
              交易超时
      金额: 110.00
      通知待重发



            按任意键返回
      """)
    store.finish()
  }
}
