import Foundation
import TerminalCore

@testable import CursesFront

/// A stand-in session: records what the face calls and shows whatever screen the test sets.
final class FakeSession: FaceSession {
  var screen: Screen
  var status: StatusInfo
  var language: Language
  var timeZone = TimeZone(identifier: "Asia/Shanghai")!
  var trayCards: [TrayCard] = FakeSession.deck
  var unfinishedBusiness: String?
  var maskedEntry: SecretEntry?
  var isWaitingForHost = false
  var poweredOn = false
  var calls: [String] = []
  var pending: [FaceOutput] = []
  /// Called on every press, to script the fake's reaction.
  var onPress: ((FakeSession, Key) -> Void)?

  init(language: Language = .zh, screen: Screen? = nil) {
    self.language = language
    self.screen = screen ?? Screen(title: language == .zh ? "按任意键签到" : "PRESS ANY KEY TO SIGN IN")
    status = StatusInfo(
      time: ISO8601DateFormatter().date(from: "2026-11-21T09:30:00+08:00")!, operatorNo: nil,
      batch: 1, lastVoucher: 0, hostState: language == .zh ? "未签到" : "signed off")
  }

  func powerOn() {
    poweredOn = true
    calls.append("powerOn")
  }
  func press(_ key: Key) {
    calls.append(InputToken.key(key).text)
    onPress?(self, key)
  }
  func swipeDeckCard(_ position: Int) {
    calls.append("<swipe \(position)>")
    pending.append(
      .swipe(
        SwipeLine(
          source: "card \(position)", ok: true, copyUsed: "high", polarity: "normal", snrDB: 31.2)))
  }
  func advanceClock(by seconds: Double) {
    calls.append("<wait \(Int(seconds))>")
    status.time += seconds
  }
  func loadPaper() { calls.append("<paper>") }
  // Chip and contactless
  var cardInSlot: Int?
  func insertDeckCard(_ position: Int) -> Bool {
    calls.append("<insert \(position)>")
    guard cardInSlot == nil else { return false }
    cardInSlot = position
    return true
  }
  func tapDeckCard(_ position: Int) -> Bool {
    calls.append("<tap \(position)>")
    return true
  }
  func removeCard() -> Bool {
    calls.append("<remove>")
    defer { cardInSlot = nil }
    return cardInSlot != nil
  }
  func pollHost() {}
  func drainFaceOutputs() -> [FaceOutput] {
    defer { pending = [] }
    return pending
  }

  static let deck: [TrayCard] = [
    TrayCard(
      position: 1, label: "借记卡 余额充足", pan: "6222021234567890128", name: "ZHANG/SAN", expiry: "2812",
      issuer: "工商银行"),
    TrayCard(
      position: 2, label: "信用卡 限额100元", pan: "6225881234567893", name: "LI/SI", expiry: "2706",
      issuer: "招商银行"),
    TrayCard(
      position: 3, label: "挂失卡", pan: "6217001234567895", name: "WANG/WU", expiry: "2903",
      issuer: "建设银行"),
    TrayCard(
      position: 4, label: "过期卡", pan: "6228481234567891", name: "ZHAO/LIU", expiry: "2401",
      issuer: "农业银行"),
  ]
}
