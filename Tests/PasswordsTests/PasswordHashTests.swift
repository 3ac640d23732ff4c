import Foundation
import TerminalCore
import Testing

@testable import Passwords

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
