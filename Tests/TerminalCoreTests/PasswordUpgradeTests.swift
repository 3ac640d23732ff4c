import Foundation
import Passwords
import Testing

@testable import TerminalCore

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
