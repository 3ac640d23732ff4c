import CardReader
import Foundation

@testable import TerminalCore

/// A terminal driven event by event, the way the driver does, with the host's
/// answers given by the test.
struct CoreHarness {
  var state: TerminalState
  var effects: [Effect] = []

  static let shanghai = TimeZone(secondsFromGMT: 8 * 3600)!
  /// 2026-11-21 09:30:00 +08:00
  static let morning = Date(timeIntervalSince1970: 1_795_743_000)

  static let cashier = OperatorRecord(
    number: "01", role: .cashier, salt: "aa01",
    passwordHash: PasswordHash.hash(password: "0000", saltHex: "aa01"))
  static let supervisor = OperatorRecord(
    number: "00", role: .supervisor, salt: "bb00",
    passwordHash: PasswordHash.hash(password: "123456", saltHex: "bb00"))

  static let debitCard = CardTracks(
    track1: Track1(
      pan: "6222021234567890128", name: "ZHANG/SAN", expiry: "3012", serviceCode: "201"),
    track2: Track2(pan: "6222021234567890128", expiry: "3012", serviceCode: "201"))
  static let pinOptionalCard = CardTracks(
    track1: nil, track2: Track2(pan: "6250941234567895", expiry: "3012", serviceCode: "206"))

  init(
    language: Language = .zh, maxAmountFen: Int64 = 999_999_999, now: Date = CoreHarness.morning
  ) {
    let profile = TerminalProfile(
      merchantName: "模拟商户", merchantNo: "898310048161234", terminalNo: "10240001",
      acquirerName: "银联商务", timeZone: Self.shanghai, language: language,
      maxAmountFen: maxAmountFen)
    state = TerminalState(profile: profile, operators: [Self.cashier, Self.supervisor], now: now)
  }

  @discardableResult
  mutating func send(_ event: Event) -> [Effect] {
    effects = reduce(&state, event)
    return effects
  }

  mutating func keys(_ text: String) {
    for ch in text {
      switch ch {
      case "0"..."9": send(.key(.digit(UInt8(String(ch))!)))
      case "E": send(.key(.enter))
      case "C": send(.key(.cancel))
      case "B": send(.key(.backspace))
      default: continue
      }
    }
  }

  var lcd: [String] { LCD.rows(of: state.screen).map { $0.trimmingCharacters(in: .whitespaces) } }
  var screenText: String { lcd.joined(separator: "\n") }

  /// Power on with `snapshot`, pass the self-check, sign in as 01/0000 and let the host answer.
  mutating func signedIn(snapshot: JournalSnapshot = JournalSnapshot(), hostBatch: Int = 1) {
    send(.powerOn(snapshot))
    send(
      .selfCheckFinished(
        SelfCheckReport(items: SelfCheckModule.allCases.map { SelfCheckItem(module: $0, ok: true) })
      ))
    keys("E01E0000E")
    send(.hostReplied(.signedIn(batch: hostBatch, hostTime: state.now)))
  }

  /// From the main menu up to the PIN screen with this amount and card.
  mutating func saleUpToPIN(amount: String, card: CardTracks = CoreHarness.debitCard) {
    keys("1" + amount + "E")
    send(.cardRead(.success(card)))
    keys("E")
  }

  /// Signed in, 50.00 on the debit card, PIN 123456 entered: the sale is with the host.
  mutating func saleSentToHost() {
    signedIn()
    saleUpToPIN(amount: "5000")
    keys("123456E")
  }

  /// The same sale, approved by the host: the merchant copy has printed.
  mutating func saleApproved() {
    saleSentToHost()
    send(
      .hostReplied(
        .sale(SaleReply(responseCode: "00", authCode: "A1", referenceNo: "1", issuer: "x"))))
  }

  var hostRequests: [HostRequest] {
    effects.compactMap { if case .host(let r) = $0 { return r } else { return nil } }
  }
  var journalCommands: [JournalCommand] {
    effects.compactMap { if case .journal(let c) = $0 { return c } else { return nil } }
  }
  var printJobs: [PrintJob] {
    effects.compactMap { if case .print(let j) = $0 { return j } else { return nil } }
  }
}
