import Foundation
import Passwords
import Testing

@testable import TerminalConfig
@testable import TerminalCore

@Suite struct OperatorHashConfigTests {
  @Test func theShippedOperatorsArePBKDF2AtLeastTheMinimum() throws {
    for config in [
      try ConfigLoader.load(directory: configDirectory), ConfigLoader.embeddedDefaults(),
    ] {
      #expect(config.operators.count == 2)
      for op in config.operators {
        guard case .pbkdf2SHA256(let iterations) = op.scheme else {
          Issue.record("operator \(op.number) is not PBKDF2")
          continue
        }
        #expect(iterations >= PasswordHash.minimumIterations, "operator \(op.number)")
        #expect(!PasswordHash.needsUpgrade(op))
      }
    }
  }

  @Test func anEntryWithoutIterationsIsTheLegacyHashAndStillSignsIn() throws {
    // The first release's operators.yaml entry for cashier 01 / 0000.
    var texts = EmbeddedConfig.files
    texts["operators.yaml"] = """
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
    let ops = try ConfigLoader.parse(texts).operators
    #expect(ops.map(\.scheme) == [.legacySHA256, .legacySHA256])
    #expect(PasswordHash.verify(password: "123456", record: ops[0]))
    #expect(PasswordHash.verify(password: "0000", record: ops[1]))
    #expect(ops.allSatisfy(PasswordHash.needsUpgrade))
  }

  @Test(arguments: ["0", "-5", "lots", "10000001"])
  func iterationsOutOfRangeAreNamed(value: String) throws {
    let (e, text) = try loadError(
      "operators.yaml",
      edit: replacing(
        "    iterations: 120000\n    password_hash: e298",
        "    iterations: \(value)\n    password_hash: e298"))
    #expect(e.field == "operators[2].iterations")
    #expect(e.line == lineNumber(of: "iterations: \(value)", in: text))
  }

  @Test func aLowCountInTheConfigLoadsAndIsUpgradedAtSignIn() throws {
    var texts = EmbeddedConfig.files
    let hash = try PasswordHash.pbkdf2(
      password: "4321", saltHex: "0011223344556677", iterations: 1000)
    texts["operators.yaml"]! += """
        - number: "02"
          role: cashier
          salt: 0011223344556677
          iterations: 1000
          password_hash: \(hash)

      """
    let op = try #require(try ConfigLoader.parse(texts).operators.first { $0.number == "02" })
    #expect(op.scheme == .pbkdf2SHA256(iterations: 1000))
    #expect(PasswordHash.verify(password: "4321", record: op))
    #expect(PasswordHash.needsUpgrade(op))
  }

  @Test func operatorEntryWritesTheCountAndRefusesALowOne() throws {
    let entry = try OperatorEntry.yaml(
      number: "03", role: .cashier, password: "2468", salt: "a1b2c3d4e5f60718")
    #expect(entry.contains("iterations: \(PasswordHash.defaultIterations)\n"))
    #expect(!entry.contains("2468"))
    var texts = EmbeddedConfig.files
    texts["operators.yaml"]! += entry
    let op = try #require(try ConfigLoader.parse(texts).operators.first { $0.number == "03" })
    #expect(op.scheme == .pbkdf2SHA256(iterations: PasswordHash.defaultIterations))
    #expect(PasswordHash.verify(password: "2468", record: op))

    #expect(throws: OperatorEntry.Invalid.self) {
      try OperatorEntry.record(
        number: "03", role: .cashier, password: "2468",
        iterations: PasswordHash.minimumIterations - 1)
    }
    #expect(
      try OperatorEntry.record(
        number: "03", role: .cashier, password: "2468", iterations: PasswordHash.minimumIterations
      ).scheme == .pbkdf2SHA256(iterations: PasswordHash.minimumIterations))
  }
}
