import Foundation
import Testing

@testable import TerminalCore

/// The chip and contactless flow in the pure core: the test plays the card reader,
/// answering each `Effect.chip` with the `Event.chip` a card would give.
@Suite("Chip and contactless in the core")
struct ChipFlowTests {
  static let chipCard = CardData(
    pan: "6217000010000000003", expiry: "3112", serviceCode: "220", holderName: "QIAN/YI",
    entryMode: .insert)
  static let info = ChipCardInfo(
    card: chipCard, aid: "A000000333010101", label: "UnionPay Debit", pinTriesLeft: 3)
  static let field55: [UInt8] = [0x9F, 0x26, 0x08, 1, 2, 3, 4, 5, 6, 7, 8]
  static let slip = ChipSlipData(
    aid: "A000000333010101", label: "UnionPay Debit", cryptogramName: "TC",
    cryptogram: "0011223344556677", atc: "0001")

  /// Signed in, 50.00, the card inserted and read, its number confirmed: the PIN screen.
  static func atPIN() -> CoreHarness {
    var t = CoreHarness()
    t.signedIn()
    #expect(t.state.chipDate.count == 6 && t.state.chipDate.hasPrefix("2611"))
    t.type("15000<enter>")
    t.send(.chip(.inserted))
    #expect(
      t.chipCommands.last
        == .read(
          ChipReadRequest(
            interface: .contact, amountFen: 5_000, date: t.state.chipDate, transactionType: 0x00)))
    #expect(t.screenText.contains("读卡中") && t.screenText.contains("请勿拔卡"))
    t.send(.chip(.started(info)))
    #expect(t.screenText.contains("6217000010000000003"))
    t.type("<enter>")
    #expect(t.screenText.contains("还剩3次"))
    return t
  }

  @Test func anInsertedCardChecksThePINItselfAndSendsField55() {
    var t = Self.atPIN()
    t.type("123456<enter>")
    guard case .verifyPIN(let pin)? = t.chipCommands.last else {
      Issue.record("no VERIFY asked")
      return
    }
    #expect(pin.count == 6 && "\(pin)" == "SecretDigits(6)", "the digits never print")
    t.send(.chip(.pinVerified(.verified)))
    #expect(t.chipCommands.last == .requestOnline(.offlinePIN))
    t.send(.chip(.onlineReady(field55: Self.field55)))
    guard case .transaction(let request)? = t.outstanding.first?.body else {
      Issue.record("nothing sent")
      return
    }
    #expect(request.field55 == Self.field55 && request.entryMode == .insert)
    #expect(request.pinBlock.isEmpty && request.pinVerifiedByCard)
    #expect(request.posEntryMode == "051" && request.chipCondition == "0")
    // Approved: the card has the last word (TC) before anything is recorded as done.
    var reply = CoreHarness.approval
    reply.field55 = [0x91, 0x0A] + [UInt8](repeating: 0xAB, count: 10)
    t.reply(.transaction(reply))
    #expect(t.journalCommands.isEmpty)
    #expect(
      t.chipCommands.last
        == .complete(.approved(responseCode: "00", field55: reply.field55!)))
    t.send(.chip(.completed(.approved(Self.slip))))
    guard case .completeTransaction(let done)? = t.journalCommands.first else {
      Issue.record("not recorded")
      return
    }
    #expect(done.status == .approved && done.chip == Self.slip && done.entryMode == .insert)
    #expect(t.screenText.contains("交易成功") && t.screenText.contains("请拔卡"))
    t.type("<enter>")
    #expect(t.lcd.contains("请拔卡"))
    t.send(.chip(.removed))
    #expect(t.state.flow == .menu(.main))
  }

  @Test func aWrongPINSaysTheTriesLeftAndABlockedPINGoesOnlineMarked() {
    var t = Self.atPIN()
    t.type("111111<enter>")
    t.send(.chip(.pinVerified(.wrong(triesLeft: 2))))
    #expect(t.screenText.contains("密码错") && t.screenText.contains("还剩2次"))
    t.type("222222<enter>")
    t.send(.chip(.pinVerified(.blocked)))
    #expect(t.chipCommands.last == .requestOnline(.offlinePINBlocked))
  }

  @Test func pulledWhileTheHostDecidesTheApprovalIsReversed() {
    var t = Self.atPIN()
    t.type("123456<enter>")
    t.send(.chip(.pinVerified(.verified)))
    t.send(.chip(.onlineReady(field55: Self.field55)))
    t.send(.chip(.removed))
    #expect(t.state.pendingReversal != nil)
    t.reply(.transaction(CoreHarness.approval))
    guard case .reversal? = t.outstanding.first?.body else {
      Issue.record("no reversal sent")
      return
    }
    t.reply(.reversal(accepted: true))
    #expect(t.state.pendingReversal == nil)
    #expect(t.screenText.contains("交易中止") && t.screenText.contains("已冲正"))
    #expect(t.state.openBatch.map(\.status) == [.reversed])
  }

  @Test func theCardsAACAfterApprovalIsReversed() {
    var t = Self.atPIN()
    t.type("123456<enter>")
    t.send(.chip(.pinVerified(.verified)))
    t.send(.chip(.onlineReady(field55: Self.field55)))
    t.reply(.transaction(CoreHarness.approval))
    t.send(.chip(.completed(.declinedByCard(Self.slip))))
    t.reply(.reversal(accepted: true))
    #expect(t.screenText.contains("卡片拒绝") && t.screenText.contains("已冲正"))
    #expect(t.state.openBatch.map(\.status) == [.reversed])
  }

  @Test func aBalanceInquiryTheCardDeclinesIsRecordedDeclinedWithNothingToReverse() {
    var t = CoreHarness()
    t.signedIn()
    t.type("5")
    t.send(.chip(.inserted))
    #expect(
      t.chipCommands.last
        == .read(
          ChipReadRequest(
            interface: .contact, amountFen: 0, date: t.state.chipDate, transactionType: 0x31)))
    t.send(.chip(.started(Self.info)))
    t.type("123456<enter>")
    t.send(.chip(.pinVerified(.verified)))
    t.send(.chip(.onlineReady(field55: Self.field55)))
    t.reply(.transaction(CoreHarness.approval))
    t.send(.chip(.completed(.declinedByCard(Self.slip))))
    #expect(t.outstanding.isEmpty, "no reversal for an inquiry")
    #expect(t.screenText.contains("卡片拒绝"))
    #expect(t.state.openBatch.map(\.status) == [.declined])
  }

  @Test func aSwipedChipCardIsRefusedUnlessItsChipFailedUnderAfterFailure() {
    let swiped = CardData(pan: Self.chipCard.pan, expiry: "3112", serviceCode: "220")
    var never = CoreHarness()
    never.signedIn()
    never.type("15000<enter>")
    never.send(.cardRead(.success(swiped)))
    #expect(never.screenText.contains("请插IC卡"))
    never.send(.chip(.inserted))
    never.send(.chip(.failed(.readFailed("no answer"))))
    #expect(never.screenText.contains("IC卡读卡失败"))
    never.send(.cardRead(.success(swiped)))
    #expect(never.screenText.contains("不支持降级交易"))

    var t = CoreHarness()
    t.state.profile.chipFallback = .afterFailure
    t.signedIn()
    t.type("15000<enter>")
    t.send(.chip(.inserted))
    t.send(.chip(.failed(.readFailed("no answer"))))
    #expect(t.screenText.contains("IC卡读卡失败 请刷卡"))
    t.send(.chip(.removed))
    t.send(.cardRead(.success(swiped)))
    t.type("<enter>123456<enter>")
    guard case .transaction(let request)? = t.outstanding.first?.body else {
      Issue.record("nothing sent")
      return
    }
    #expect(request.fallback && request.posEntryMode == "021" && request.chipCondition == "2")
    #expect(request.field55 == nil && request.entryMode == .swipe)
  }

  @Test func aTapUnderTheLimitSkipsThePINAndOverItAsksForIt() {
    var t = CoreHarness()
    t.signedIn()
    t.type("18800<enter>")
    t.send(.chip(.tapped))
    var tap = Self.info
    tap.card.entryMode = .contactless
    tap.pinTriesLeft = nil
    tap.contactlessCVM = .noCVM
    t.send(.chip(.started(tap)))
    #expect(t.chipCommands.last == .requestOnline(ChipVerification.none))
    t.send(.chip(.onlineReady(field55: Self.field55)))
    guard case .transaction(let request)? = t.outstanding.first?.body else {
      Issue.record("nothing sent")
      return
    }
    #expect(request.posEntryMode == "072" && request.entryMode == .contactless)

    var over = CoreHarness()
    over.signedIn()
    over.type("1200000<enter>")
    over.send(.chip(.tapped))
    tap.contactlessCVM = .onlinePIN
    over.send(.chip(.started(tap)))
    #expect(over.screenText.contains("请持卡人输入密码"))
    var none = CoreHarness()
    none.signedIn()
    none.type("1200000<enter>")
    none.send(.chip(.tapped))
    tap.contactlessCVM = .useAnotherInterface
    none.send(.chip(.started(tap)))
    #expect(none.screenText.contains("请插卡 请使用其它界面"))
  }

  @Test func aCardInsertedBeforeTheSaleIsReadWhenTheCardIsAskedFor() {
    var t = CoreHarness()
    t.signedIn()
    t.send(.chip(.inserted))
    #expect(t.state.cardInSlot && t.chipCommands.isEmpty)
    t.type("1100<enter>")
    #expect(t.chipCommands.count == 1 && t.screenText.contains("读卡中"))
  }

  @Test(arguments: ["", "<enter>", "<enter>12"])
  func cancelAtAnyChipStepEndsAndAsksForTheCard(keys: String) {
    var t = CoreHarness()
    t.signedIn()
    t.type("15000<enter>")
    t.send(.chip(.inserted))
    t.send(.chip(.started(Self.info)))
    if !keys.isEmpty { t.type(keys) }
    t.type("<cancel>")
    #expect(t.chipCommands.last == .end)
    #expect(t.screenText.contains("交易取消") && t.screenText.contains("请拔卡"))
    #expect(t.state.openBatch.isEmpty)
    t.send(.chip(.removed))
    #expect(t.state.flow == .menu(.main))
  }
}
