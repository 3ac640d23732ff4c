import Foundation
import Testing

@testable import TerminalCore

@Suite("The host answers later: matching, timeout, reversal")
struct HostExchangeTests {
  @Test func aSlowReplyWithinTheTimeoutCompletesTheSaleAndTheScreenCountsDown() {
    var t = CoreHarness(hostTimeout: 60)
    t.saleSentToHost()
    t.wait(45)
    #expect(t.effects == [])
    #expect(t.screenText.contains("交易处理中"))
    #expect(t.screenText.contains("剩余15秒"))
    t.reply(.transaction(CoreHarness.approval))
    guard case .transaction(.approved(let done, .printed)) = t.state.flow else {
      Issue.record("expected the approval, got \(t.state.flow)")
      return
    }
    #expect(done.status == .approved)
    #expect(t.state.hostWait == nil && t.state.pendingReversal == nil)
    t.wait(20)
    #expect(
      t.state.flow == .transaction(.approved(done, merchantCopy: .printed)),
      "no timeout after the reply")
  }

  @Test func noReplyInTimeShows交易超时AndTheReversalGoesOutBeforeTheNextSale() {
    var t = CoreHarness(hostTimeout: 60)
    t.saleSentToHost()
    guard case .transaction(.awaitingReply(let sent)) = t.state.flow else {
      Issue.record("expected the sale sent")
      return
    }
    t.wait(60)
    #expect(t.effects == [], "the journal already holds the reversal; nothing more to write")
    #expect(t.state.flow == .transaction(.timedOut(sent)))
    #expect(t.screenText.contains("交易超时"))
    #expect(t.screenText.contains("冲正待发"))
    #expect(t.state.pendingReversal?.trace == 1)
    #expect(t.state.unfinishedBusiness == nil)

    // The reply that finally arrives is for a request no longer awaited.
    let late = t.reply(.transaction(CoreHarness.approval))
    #expect(late.count == 1)
    guard case .note(let note) = late.first else {
      Issue.record("expected a note")
      return
    }
    #expect(note.contains("trace 000001"))
    #expect(t.state.flow == .transaction(.timedOut(sent)))

    t.type("<enter>")
    t.saleUpToPIN(amount: "100")
    t.type("123456<enter>")
    #expect(t.screenText.contains("冲正处理中"))
    let reversal = ReversalRecord(
      kind: .sale, trace: 1, batch: 1, amountFen: 5000, maskedPAN: "622202*********0128",
      originalTime: sent.startedAt)
    #expect(
      t.effects == [
        .host(
          HostRequest(envelope: t.envelope(trace: 1), body: .reversal(reversal), time: t.state.now))
      ])
    let effects = t.reply(.reversal(accepted: true))
    #expect(effects.first == .journal(.reversalDone(trace: 1, batch: 1)))
    guard effects.count == 3, case .journal(.beginTransaction(let next, _)) = effects[1],
      case .host(let request) = effects[2]
    else {
      Issue.record("expected the sale after the reversal, got \(effects)")
      return
    }
    #expect(next.trace == 2, "voucher numbers are never reused")
    #expect(request.envelope == t.envelope(trace: 2))
    #expect(t.state.openBatch.first?.status == .reversed)
  }

  @Test func aLateReplyToAnOldTraceIsDroppedWithANote() {
    var t = CoreHarness()
    t.saleSentToHost()
    let stale = HostReply(
      envelope: t.envelope(trace: 7), type: .transaction(.sale),
      body: .transaction(CoreHarness.approval))
    let before = t.state
    let effects = t.send(.hostReplied(stale))
    #expect(effects.count == 1)
    guard case .note(let note) = effects.first else {
      Issue.record("expected a note")
      return
    }
    #expect(note.contains("trace 000007") && note.contains("not the request awaited"))
    #expect(t.state == before, "nothing changes")
  }

  @Test func aReplyForAnotherTerminalIsDropped() {
    var t = CoreHarness()
    t.saleSentToHost()
    var other = t.envelope(trace: 1)
    other.terminalNo = "99990001"
    let before = t.state
    let effects = t.send(
      .hostReplied(
        HostReply(
          envelope: other, type: .transaction(.sale), body: .transaction(CoreHarness.approval))))
    guard case .note(let note)? = effects.first, effects.count == 1 else {
      Issue.record("expected one note, got \(effects)")
      return
    }
    #expect(note.contains("terminal 99990001"))
    #expect(t.state == before)
  }

  @Test func aReplyOfTheWrongTypeIsDropped() {
    var t = CoreHarness()
    t.saleSentToHost()
    let before = t.state
    let effects = t.send(
      .hostReplied(
        HostReply(
          envelope: t.envelope(trace: 1), type: .reversal(.sale), body: .reversal(accepted: true))))
    #expect(effects.count == 1)
    #expect(t.state == before)
  }

  @Test func aReversalThatKeepsFailingStopsTheSaleAndSaysSo() {
    var t = CoreHarness(hostTimeout: 30)
    t.signedIn(
      snapshot: JournalSnapshot(
        lastTrace: 4,
        pendingReversal: ReversalRecord(
          trace: 4, batch: 1, amountFen: 10, maskedPAN: "622202*********0128",
          originalTime: CoreHarness.morning)))
    t.saleUpToPIN(amount: "100")
    t.type("123456<enter>")
    t.reply(.reversal(accepted: false))
    #expect(t.journalCommands == [.reversalAttemptFailed(trace: 4, batch: 1, attempts: 1)])
    #expect(t.hostRequests.count == 1, "retried")
    t.wait(30)  // the second try gets no answer
    #expect(t.journalCommands == [.reversalAttemptFailed(trace: 4, batch: 1, attempts: 2)])
    t.outstanding.removeFirst()
    t.reply(.reversal(accepted: false))
    #expect(t.screenText.contains("冲正不成功,请人工处理"))
    #expect(t.state.pendingReversal?.attempts == 3)
    #expect(t.state.lastTrace == 4, "the new sale was never sent")
    guard case .reversal(.failed(then: .transaction(let draft))) = t.state.flow else {
      Issue.record("expected the reversal failure screen")
      return
    }
    #expect(draft.kind == .sale)
    t.type("5")
    #expect(t.state.flow == .menu(.main))
  }
}
