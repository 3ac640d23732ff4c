import Foundation
import Passwords
import Testing

@testable import TerminalCore

/// A terminal driven event by event the way the driver drives it: every
/// journal write and print is acknowledged (unless the test says the printer
/// fails), passwords are checked and hashed at once (`PasswordWorker`, unless
/// the test holds them back), host requests wait for the test's answer. `effects` holds every
/// effect of the last step, acknowledgements' effects included, in order.
struct CoreHarness {
  var state: TerminalState
  var effects: [Effect] = []
  /// Requests sent and not yet answered by the test, oldest first.
  var outstanding: [HostRequest] = []
  /// While true, every print fails as paper-out.
  var paperOut = false
  /// The chip commands asked for, oldest first (the test answers as the card).
  var chipCommands: [ChipCommand] = []
  /// The driver's password work; no salt entropy unless the test seeds it.
  var passwords = PasswordWorker()
  /// While true, password checks and hashes wait in `heldPasswordWork` for the
  /// test to answer (to see the 请稍候 state).
  var holdPasswordWork = false
  var heldPasswordWork: [Effect] = []

  static let shanghai = TimeZone(secondsFromGMT: 8 * 3600)!
  /// 2026-11-21 09:30:00 +08:00
  static let morning = Date(timeIntervalSince1970: 1_795_743_000)

  /// PBKDF2 at exactly the minimum count: not upgraded at sign-in, and the cheapest
  /// count that is not (one verification costs tens of milliseconds, and these tests
  /// sign in hundreds of times). Production config and new hashes use more.
  static let cashier = OperatorRecord(
    number: "01", role: .cashier, salt: "aa01",
    passwordHash: try! PasswordHash.pbkdf2(
      password: "0000", saltHex: "aa01", iterations: PasswordHash.minimumIterations),
    scheme: .pbkdf2SHA256(iterations: PasswordHash.minimumIterations))
  static let supervisor = OperatorRecord(
    number: "00", role: .supervisor, salt: "bb00",
    passwordHash: try! PasswordHash.pbkdf2(
      password: "123456", saltHex: "bb00", iterations: PasswordHash.minimumIterations),
    scheme: .pbkdf2SHA256(iterations: PasswordHash.minimumIterations))

  static let debitCard = CardData(
    pan: "6222021234567890128", expiry: "3012", serviceCode: "101", holderName: "ZHANG/SAN")
  static let pinOptionalCard = CardData(
    pan: "6250941234567895", expiry: "3012", serviceCode: "106")
  static let allOK = SelfCheckReport(
    items: SelfCheckModule.allCases.map { SelfCheckItem(module: $0, ok: true) })

  init(
    language: Language = .zh, maxAmountFen: Int64 = 999_999_999, now: Date = CoreHarness.morning,
    hostTimeout: Double = 60
  ) {
    let profile = TerminalProfile(
      merchantName: "模拟商户", merchantNo: "898310048161234", terminalNo: "10240001",
      acquirerName: "银联商务", timeZone: Self.shanghai, language: language,
      maxAmountFen: maxAmountFen, hostTimeoutSeconds: hostTimeout)
    state = TerminalState(profile: profile, operators: [Self.cashier, Self.supervisor], now: now)
  }

  /// One event and the driver's acknowledgements; returns every effect.
  @discardableResult
  mutating func send(_ event: Event) -> [Effect] {
    var all: [Effect] = []
    var queue = [event]
    while !queue.isEmpty {
      let next = queue.removeFirst()
      var follow: [Event] = []
      for effect in reduce(&state, next) {
        all.append(effect)
        switch effect {
        case .runSelfCheck: break  // the test gives the report
        case .journal(let c): follow.append(.journalWritten(c))
        case .host(let r): outstanding.append(r)
        case .print(let job):
          follow.append(paperOut ? .printFailed(job, reason: "out of paper") : .printed(job))
        case .note: break
        case .chip(let command): chipCommands.append(command)
        case .checkPassword(let check):
          if holdPasswordWork {
            heldPasswordWork.append(effect)
          } else {
            follow.append(.passwordChecked(PasswordWorker.check(check)))
          }
        case .hashPassword(let request):
          if holdPasswordWork {
            heldPasswordWork.append(effect)
          } else {
            follow.append(.passwordHashed(passwords.hash(request)))
          }
        }
      }
      queue = follow + queue
    }
    effects = all
    return all
  }

  /// Keys in the one token syntax (`01<enter>0000<enter>`).
  mutating func type(_ text: String) {
    var all: [Effect] = []
    for token in InputTokenizer.tokens(text, mode: .scriptFile) {
      guard case .key(let key) = token else {
        Issue.record("not a key: \(token)")
        continue
      }
      all += send(.key(key))
    }
    effects = all
  }

  /// Answers the oldest outstanding request, echoing its envelope.
  @discardableResult
  mutating func reply(_ body: HostReplyBody) -> [Effect] {
    guard !outstanding.isEmpty else {
      Issue.record("no request to answer")
      return []
    }
    return send(.hostReplied(HostReply(to: outstanding.removeFirst(), body)))
  }

  mutating func wait(_ seconds: Double) {
    send(.tick(state.now.addingTimeInterval(seconds)))
  }

  var lcd: [String] { LCD.rows(of: state.screen).map { $0.trimmingCharacters(in: .whitespaces) } }
  var screenText: String { lcd.joined(separator: "\n") }

  /// Power on with `snapshot`, pass the self-check, sign in as 01/0000 and let the host answer.
  mutating func signedIn(snapshot: JournalSnapshot = JournalSnapshot(), hostBatch: Int = 1) {
    send(.powerOn(snapshot))
    send(.selfCheckFinished(Self.allOK))
    type("<enter>01<enter>0000<enter>")
    reply(.signedIn(batch: hostBatch, hostTime: state.now))
  }

  /// From the main menu up to the PIN screen with this amount and card.
  mutating func saleUpToPIN(amount: String, card: CardData = CoreHarness.debitCard) {
    type("1" + amount + "<enter>")
    send(.cardRead(.success(card)))
    type("<enter>")
  }

  /// Signed in, 50.00 on the debit card, PIN 123456 entered: the sale is with the host.
  mutating func saleSentToHost() {
    signedIn()
    saleUpToPIN(amount: "5000")
    type("123456<enter>")
  }

  static let approval = TransactionReply(
    responseCode: .approved, authCode: "A00001", referenceNo: "000000000001", issuer: "中国银行")

  /// The same sale, approved by the host: the merchant copy has printed.
  mutating func saleApproved() {
    saleSentToHost()
    reply(.transaction(Self.approval))
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

  /// The envelope the terminal puts on a request of this batch and trace.
  func envelope(batch: Int = 1, trace: Int) -> HostEnvelope {
    HostEnvelope(
      terminalNo: state.profile.terminalNo, merchantNo: state.profile.merchantNo, batch: batch,
      trace: trace)
  }
}
