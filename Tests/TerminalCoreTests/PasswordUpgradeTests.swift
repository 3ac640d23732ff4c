import Foundation
import Testing

@testable import TerminalCore

@Suite("Operator password hashes: PBKDF2, legacy hashes and their upgrade")
struct PasswordHashTests {
  static let salt = "3f1c9a7e5b2d4068a1c3e5f7092b4d6e"

  @Test func newHashesTakeAtLeastTheMinimumCount() throws {
    #expect(PasswordHash.minimumIterations == 100_000)
    #expect(PasswordHash.defaultIterations >= PasswordHash.minimumIterations)
    #expect(throws: PasswordHash.Refused.self) {
      try PasswordHash.hash(password: "0000", saltHex: Self.salt, iterations: 99_999)
    }
    #expect(throws: PasswordHash.Refused.self) {
      try PasswordHash.hash(password: "0000", saltHex: Self.salt, iterations: 1000)
    }
    // What `openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:0000
    // -kdfopt salt:3f1c… -kdfopt iter:120000 PBKDF2` prints (the shipped cashier 01).
    #expect(
      try PasswordHash.hash(password: "0000", saltHex: Self.salt)
        == "e298719b5ff83024b54f15fe436ae0a7f192e9f3a415d99ec8de8c699717ac8f")
  }

  @Test func aStoredCountIsTheOneVerified() throws {
    let hash = try PasswordHash.pbkdf2(password: "0000", saltHex: Self.salt, iterations: 2)
    let record = OperatorRecord(
      number: "01", role: .cashier, salt: Self.salt, passwordHash: hash,
      scheme: .pbkdf2SHA256(iterations: 2))
    #expect(PasswordHash.verify(password: "0000", record: record))
    #expect(!PasswordHash.verify(password: "0001", record: record))
    var other = record
    other.scheme = .pbkdf2SHA256(iterations: 3)
    #expect(!PasswordHash.verify(password: "0000", record: other))
    other.scheme = .legacySHA256
    #expect(!PasswordHash.verify(password: "0000", record: other))
    #expect(PasswordHash.needsUpgrade(record), "2 iterations is below the minimum")
  }

  @Test func legacyHashesOfTheFirstReleaseStillVerify() throws {
    // Config/operators.yaml of the first release: cashier 01 / 0000.
    let record = OperatorRecord(
      number: "01", role: .cashier, salt: Self.salt,
      passwordHash: "b7425226002817af7a56cca8c4cc5e414fcaf4ff571c6f36de0486470ae81f83",
      scheme: .legacySHA256)
    #expect(
      try PasswordHash.legacyHash(password: "0000", saltHex: Self.salt) == record.passwordHash)
    #expect(PasswordHash.verify(password: "0000", record: record))
    #expect(!PasswordHash.verify(password: "1234", record: record))
    #expect(PasswordHash.needsUpgrade(record))
  }

  /// One sign-in's verification at the default count (printed; bounded loosely so a
  /// slow machine does not fail it, but a count gone wild would).
  @Test func oneVerificationTakesTensOfMilliseconds() throws {
    let record = OperatorRecord(
      number: "01", role: .cashier, salt: Self.salt,
      passwordHash: try PasswordHash.hash(password: "0000", saltHex: Self.salt),
      scheme: .pbkdf2SHA256(iterations: PasswordHash.defaultIterations))
    let clock = ContinuousClock()
    var times: [Duration] = []
    for _ in 0..<5 {
      times.append(clock.measure { #expect(PasswordHash.verify(password: "0000", record: record)) })
    }
    let median = times.sorted()[2]
    print(
      "PasswordHash.verify, PBKDF2-HMAC-SHA256 × \(PasswordHash.defaultIterations): median \(median) of 5"
    )
    #expect(median < .seconds(2))
  }

  @Test func malformedRecordsNeverVerify() {
    for hash in ["", "zz", String(repeating: "0", count: 62)] {
      let record = OperatorRecord(
        number: "01", role: .cashier, salt: Self.salt, passwordHash: hash,
        scheme: .pbkdf2SHA256(iterations: 1))
      #expect(!PasswordHash.verify(password: "0000", record: record))
    }
    let absurd = OperatorRecord(
      number: "01", role: .cashier, salt: Self.salt,
      passwordHash: String(repeating: "0", count: 64),
      scheme: .pbkdf2SHA256(iterations: 0))
    #expect(!PasswordHash.verify(password: "0000", record: absurd))
  }
}

@Suite("A legacy hash is upgraded at sign-in")
struct PasswordUpgradeTests {
  static let legacyCashier = OperatorRecord(
    number: "01", role: .cashier, salt: "aa01",
    passwordHash: try! PasswordHash.legacyHash(password: "0000", saltHex: "aa01"),
    scheme: .legacySHA256)
  static let legacySupervisor = OperatorRecord(
    number: "00", role: .supervisor, salt: "bb00",
    passwordHash: try! PasswordHash.legacyHash(password: "123456", saltHex: "bb00"),
    scheme: .legacySHA256)

  /// A terminal configured with `operators`, powered on with `snapshot`, at the sign-in prompt.
  static func terminal(
    _ operators: [OperatorRecord], snapshot: JournalSnapshot = JournalSnapshot()
  ) -> CoreHarness {
    var t = CoreHarness()
    t.state.operators = operators
    t.send(.powerOn(snapshot))
    t.send(.selfCheckFinished(CoreHarness.allOK))
    return t
  }

  static func upgrades(_ t: CoreHarness) -> [OperatorRecord] {
    t.journalCommands.compactMap {
      if case .upgradeOperatorHash(let r) = $0 { return r } else { return nil }
    }
  }

  @Test func aLegacyHashIsReplacedByPBKDF2AndTheJournalIsTold() throws {
    var t = Self.terminal([Self.legacyCashier, CoreHarness.supervisor])
    t.type("<enter>01<enter>0000<enter>")
    #expect(t.screenText.contains("联网签到中"), "the legacy hash verified")
    let upgraded = try #require(Self.upgrades(t).first)
    #expect(Self.upgrades(t).count == 1)
    #expect(upgraded.number == "01" && upgraded.role == .cashier)
    #expect(upgraded.scheme == .pbkdf2SHA256(iterations: PasswordHash.defaultIterations))
    #expect(upgraded.salt == "aa01", "the core reads no randomness: the salt stays")
    #expect(upgraded.supersedes == PasswordHash.fingerprint(Self.legacyCashier))
    #expect(upgraded.passwordHash != Self.legacyCashier.passwordHash)
    #expect(!upgraded.passwordHash.contains("0000"))
    #expect(PasswordHash.verify(password: "0000", record: upgraded))
    #expect(!PasswordHash.needsUpgrade(upgraded))
    #expect(t.state.operatorRecord("01") == upgraded, "this session signs in against it too")
    t.reply(.signedIn(batch: 1, hostTime: t.state.now))
    #expect(t.state.flow == .menu(.main))
  }

  @Test func afterPowerOnTheJournalsHashIsCheckedNotTheConfigs() throws {
    var first = Self.terminal([Self.legacyCashier, CoreHarness.supervisor])
    first.type("<enter>01<enter>0000<enter>")
    let upgraded = try #require(Self.upgrades(first).first)

    // Power-on from a snapshot carrying it: the config's legacy entry is not what's checked.
    var t = Self.terminal(
      [Self.legacyCashier, CoreHarness.supervisor],
      snapshot: JournalSnapshot(upgradedOperators: [upgraded]))
    #expect(t.state.operatorRecord("01") == upgraded)
    t.type("<enter>01<enter>0000<enter>")
    #expect(t.screenText.contains("联网签到中"))
    #expect(Self.upgrades(t).isEmpty, "already PBKDF2: nothing more to upgrade")

    // To see which hash is checked, a journal record for another password: it is that
    // password that signs in, not the config's.
    var other = upgraded
    other.passwordHash = try PasswordHash.hash(password: "4321", saltHex: "aa01")
    var u = Self.terminal(
      [Self.legacyCashier, CoreHarness.supervisor],
      snapshot: JournalSnapshot(upgradedOperators: [other]))
    u.type("<enter>01<enter>0000<enter>")
    #expect(u.screenText.contains("密码错"))
    u.type("4321<enter>")
    #expect(u.screenText.contains("联网签到中"))
  }

  @Test func aPasswordChangedInTheConfigLaterWinsOverTheJournal() throws {
    var first = Self.terminal([Self.legacyCashier, CoreHarness.supervisor])
    first.type("<enter>01<enter>0000<enter>")
    let upgraded = try #require(Self.upgrades(first).first)

    // The trainer then gives 01 a new password (a new entry in operators.yaml).
    let changed = OperatorRecord(
      number: "01", role: .cashier, salt: "cc01",
      passwordHash: try PasswordHash.pbkdf2(password: "5678", saltHex: "cc01", iterations: 100_000),
      scheme: .pbkdf2SHA256(iterations: 100_000))
    var t = Self.terminal(
      [changed, CoreHarness.supervisor], snapshot: JournalSnapshot(upgradedOperators: [upgraded]))
    #expect(t.state.operatorRecord("01") == changed)
    t.type("<enter>01<enter>0000<enter>")
    #expect(t.screenText.contains("密码错"))
    t.type("5678<enter>")
    #expect(t.screenText.contains("联网签到中"))
    #expect(Self.upgrades(t).isEmpty)
  }

  @Test func aCountBelowTheMinimumIsUpgradedToo() throws {
    let weak = OperatorRecord(
      number: "01", role: .cashier, salt: "aa01",
      passwordHash: try PasswordHash.pbkdf2(password: "0000", saltHex: "aa01", iterations: 1000),
      scheme: .pbkdf2SHA256(iterations: 1000))
    var t = Self.terminal([weak, CoreHarness.supervisor])
    t.type("<enter>01<enter>0000<enter>")
    let upgraded = try #require(Self.upgrades(t).first)
    #expect(upgraded.scheme == .pbkdf2SHA256(iterations: PasswordHash.defaultIterations))
    #expect(upgraded.supersedes == PasswordHash.fingerprint(weak))
  }

  @Test func theSupervisorsLegacyHashIsUpgradedAsWell() throws {
    var t = Self.terminal([CoreHarness.cashier, Self.legacySupervisor])
    t.type("<enter>00<enter>123456<enter>")
    #expect(t.screenText.contains("主管签到成功"))
    let upgraded = try #require(Self.upgrades(t).first)
    #expect(upgraded.number == "00" && upgraded.role == .supervisor)
    #expect(PasswordHash.verify(password: "123456", record: upgraded))
  }

  @Test func aWrongPasswordUpgradesNothing() {
    var t = Self.terminal([Self.legacyCashier, CoreHarness.supervisor])
    t.type("<enter>01<enter>1111<enter>")
    #expect(t.screenText.contains("密码错"))
    #expect(
      t.journalCommands == [.setOperatorLock(operatorNo: "01", state: .init(failedAttempts: 1))])
    #expect(t.state.operatorRecord("01") == Self.legacyCashier)
  }

  @Test func theTestFixturesAreNotUpgraded() {
    #expect(!PasswordHash.needsUpgrade(CoreHarness.cashier))
    #expect(!PasswordHash.needsUpgrade(CoreHarness.supervisor))
  }
}
