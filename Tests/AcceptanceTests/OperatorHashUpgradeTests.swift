import Foundation
import Journal
import Passwords
import TerminalConfig
import TerminalCore
import Testing

/// A config of the first release (legacy hashes, no `iterations`) through the real
/// session and journal file: the first sign-in upgrades, later power-ons use it.
@Suite("A legacy operators.yaml is upgraded through the journal")
struct OperatorHashUpgradeTests {
  static let clock = "2026-11-21T09:30:00+08:00"
  /// The first release's shipped operators.yaml entries (00/123456, 01/0000).
  static let legacyOperators = """
    operators:
      - number: "00"
        role: supervisor
        salt: 8e2a4c6f0b1d3e5a7c9f2b4d6e8a0c1f
        password_hash: 42140285ee40f77b1798d416e16cd08b191766a235b9175ac98a169bdf2a9cff
      - number: "01"
        role: cashier
        salt: 3f1c9a7e5b2d4068a1c3e5f7092b4d6e
        password_hash: b7425226002817af7a56cca8c4cc5e414fcaf4ff571c6f36de0486470ae81f83

    """

  @Test func theFirstSignInUpgradesAndThePowerOnAfterUsesIt() throws {
    let root = Acceptance.scratch("operator-hashes")
    defer { try? FileManager.default.removeItem(at: root) }
    let config = try Acceptance.config([:])
    defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
    let operators = config.appendingPathComponent("operators.yaml")
    try Self.legacyOperators.write(to: operators, atomically: true, encoding: .utf8)
    let state = root.appendingPathComponent("State")
    let receipts = root.appendingPathComponent("Receipts")
    func run(_ script: String) throws -> String {
      let (transcript, outcome) = try Acceptance.runScript(
        script, clock: Self.clock, state: state, receipts: receipts, config: config)
      #expect(outcome == .atRest)
      return transcript
    }
    func upgrades() throws -> [OperatorRecord] {
      let journal = try TerminalJournal(path: state.appendingPathComponent("journal.sqlite"))
      defer { try? journal.close() }
      return try journal.snapshot().upgradedOperators
    }

    #expect(try run("<enter>01<enter>0000<enter>").contains("签到成功"))
    let legacy = try #require(
      try Acceptance.configuration(config).operators.first { $0.number == "01" })
    let kept = try upgrades()
    #expect(kept.count == 1)
    let upgraded = try #require(kept.first)
    #expect(upgraded.number == "01")
    #expect(upgraded.scheme == .pbkdf2SHA256(iterations: PasswordHash.defaultIterations))
    #expect(upgraded.supersedes == PasswordHash.fingerprint(legacy))
    #expect(PasswordHash.verify(password: "0000", record: upgraded))

    // The next power-on signs in against the journal's hash; nothing is upgraded again.
    #expect(try run("<enter>01<enter>0000<enter>").contains("签到成功"))
    #expect(try upgrades() == [upgraded])

    // A new password given in the config afterwards wins over the journal's hash.
    let entry = try OperatorEntry.yaml(
      number: "01", role: .cashier, password: "2468", salt: "0123456789abcdef")
    let supervisorOnly = Self.legacyOperators.components(separatedBy: "  - number: \"01\"")[0]
    try (supervisorOnly + entry).write(to: operators, atomically: true, encoding: .utf8)
    let changed = try run("<enter>01<enter>0000<enter><cancel>01<enter>2468<enter>")
    #expect(changed.contains("密码错"))
    #expect(changed.contains("签到成功"))
  }
}
