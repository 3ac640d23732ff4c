import Foundation
import Testing

@testable import Passwords
@testable import TerminalCore

/// The driver's side of the core's password effects.
@Suite("PasswordWorker: checks, upgrades and new hashes for the core")
struct PasswordWorkerTests {
  static let salt = "3f1c9a7e5b2d4068a1c3e5f7092b4d6e"
  static func record(_ no: String, _ role: OperatorRole, _ password: String, iterations: Int)
    -> OperatorRecord
  {
    OperatorRecord(
      number: no, role: role, salt: Self.salt + no,
      passwordHash: try! PasswordHash.pbkdf2(
        password: password, saltHex: Self.salt + no, iterations: iterations),
      scheme: .pbkdf2SHA256(iterations: iterations))
  }
  static let cashier = record("01", .cashier, "0000", iterations: PasswordHash.minimumIterations)
  static let supervisor = record(
    "00", .supervisor, "123456", iterations: PasswordHash.minimumIterations)

  static func digits(_ s: String) -> SecretDigits {
    SecretDigits(s.compactMap { $0.wholeNumberValue.map(UInt8.init) })
  }

  @Test func theFirstCandidateThePasswordIsAnswers() {
    let both = [Self.cashier, Self.supervisor]
    let check = { (password: String) in
      PasswordWorker.check(
        PasswordCheck(.unlock(operatorNo: "01"), password: Self.digits(password), candidates: both))
    }
    #expect(check("0000") == .init(purpose: .unlock(operatorNo: "01"), matched: "01"))
    #expect(check("123456") == .init(purpose: .unlock(operatorNo: "01"), matched: "00"))
    #expect(check("1111") == .init(purpose: .unlock(operatorNo: "01"), matched: nil))
    #expect(
      PasswordWorker.check(
        PasswordCheck(.transactionSupervisor, password: Self.digits("0000"), candidates: [])
      )
      .matched == nil)
  }

  @Test func aWeakHashIsUpgradedOnlyWhenTheCheckAsks() throws {
    let weak = Self.record("01", .cashier, "0000", iterations: 1000)
    let asked = PasswordWorker.check(
      PasswordCheck(
        .signIn(operatorNo: "01"), password: Self.digits("0000"), candidates: [weak],
        upgradesWeakHash: true))
    #expect(asked.matched == "01")
    let upgraded = try #require(asked.upgraded)
    #expect(upgraded.scheme == .pbkdf2SHA256(iterations: PasswordHash.defaultIterations))
    #expect(upgraded.salt == weak.salt)
    #expect(upgraded.supersedes == PasswordHash.fingerprint(weak))
    #expect(PasswordHash.verify(password: "0000", record: upgraded))

    let notAsked = PasswordWorker.check(
      PasswordCheck(.signIn(operatorNo: "01"), password: Self.digits("0000"), candidates: [weak]))
    #expect(notAsked == .init(purpose: .signIn(operatorNo: "01"), matched: "01", upgraded: nil))
    // A strong hash, or a wrong password, upgrades nothing.
    for (record, password) in [(Self.cashier, "0000"), (weak, "1111")] {
      let result = PasswordWorker.check(
        PasswordCheck(
          .signIn(operatorNo: "01"), password: Self.digits(password), candidates: [record],
          upgradesWeakHash: true))
      #expect(result.upgraded == nil)
    }
  }

  @Test func aNewPasswordGetsAFreshSaltAndTheFullCount() throws {
    var worker = PasswordWorker(salts: SaltSource(seed: Array(repeating: 9, count: 32)))
    let request = NewPassword(operatorNo: "02", role: .cashier, password: Self.digits("2468"))
    let first = try #require(worker.hash(request).record)
    let second = try #require(worker.hash(request).record)
    #expect(first.number == "02" && first.role == .cashier && first.supersedes == nil)
    #expect(first.scheme == .pbkdf2SHA256(iterations: PasswordHash.defaultIterations))
    #expect(first.salt.count == 32 && first.salt != second.salt)
    #expect(PasswordHash.verify(password: "2468", record: first))
    #expect(!first.passwordHash.contains("2468"))

    // No entropy, no hash: the core keeps the old password.
    var unseeded = PasswordWorker()
    #expect(unseeded.hash(request) == NewPassword.Result(operatorNo: "02", record: nil))
  }

  @Test func theSaltSourceNeverShowsItsSeed() {
    let source = SaltSource(seed: Array(repeating: 0xAB, count: 32))
    var dumped = ""
    dump(source, to: &dumped)
    for text in [String(describing: source), String(reflecting: source), dumped] {
      #expect(!text.lowercased().contains("ab") && !text.contains("171"), "\(text)")
    }
  }

  /// The driver keeps only the upgrades made from the very entry configured: a
  /// password changed in the config later wins over the journal's hash.
  @Test func onlyUpgradesOfTheConfiguredEntryStand() throws {
    let legacy = OperatorRecord(
      number: "01", role: .cashier, salt: "aa01",
      passwordHash: try PasswordHash.legacyHash(password: "0000", saltHex: "aa01"),
      scheme: .legacySHA256)
    let upgraded = try #require(PasswordHash.upgraded(legacy, password: "0000"))
    #expect(
      PasswordHash.standingUpgrades([upgraded], configured: [legacy, Self.supervisor])
        == [upgraded])

    // The trainer then gives 01 a new password (a new entry in operators.yaml).
    let changed = Self.record("01", .cashier, "5678", iterations: 100_000)
    #expect(
      PasswordHash.standingUpgrades([upgraded], configured: [changed, Self.supervisor]).isEmpty)
    // An upgrade that names no entry, or another number's, stands for nothing.
    var unnamed = upgraded
    unnamed.supersedes = nil
    #expect(PasswordHash.standingUpgrades([unnamed], configured: [legacy]).isEmpty)
    var elsewhere = upgraded
    elsewhere.number = "02"
    #expect(PasswordHash.standingUpgrades([elsewhere], configured: [legacy]).isEmpty)

    // The core lays a standing upgrade over its entry, the config's role kept.
    var promoted = upgraded
    promoted.role = .supervisor
    #expect(
      OperatorRoster.upgraded([legacy, Self.supervisor], by: [promoted])
        == [upgraded, Self.supervisor])
  }
}
