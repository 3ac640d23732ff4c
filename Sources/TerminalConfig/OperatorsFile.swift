import Foundation
import Passwords
import TerminalCore

/// Config/operators.yaml → `[OperatorRecord]`.
enum OperatorsFile {
  static let name = "operators.yaml"

  static func parse(_ root: ConfigNode) throws(ConfigError) -> [OperatorRecord] {
    let m = try root.mapping(keys: ["operators"])
    let list = try m.required("operators").list()
    var records: [OperatorRecord] = []
    var seen: [String: Int] = [:]
    for item in list {
      let o = try item.mapping(keys: ["number", "role", "salt", "iterations", "password_hash"])
      let numberNode = try o.required("number")
      let number = try numberNode.digits(2...2)
      let role = try o.required("role").choice([OperatorRole.cashier, .supervisor])
      switch role {
      case .supervisor where number != "00":
        throw numberNode.error("the supervisor's number is \"00\", not \"\(number)\"")
      case .cashier where number == "00":
        throw numberNode.error("\"00\" is the supervisor's number; cashiers use 01–99")
      default: break
      }
      if let first = seen[number] {
        throw numberNode.error("operator \(number) is already defined at line \(first)")
      }
      seen[number] = numberNode.line ?? 0
      let salt = try hex(o.required("salt"), lengths: 8...128)
      // PBKDF2-HMAC-SHA256 with this count; left out: the first release's hash
      // (verified, and replaced at the operator's next sign-in, as is a count below
      // PasswordHash.minimumIterations).
      var scheme = PasswordScheme.legacySHA256
      if let node = o.optional("iterations") {
        scheme = .pbkdf2SHA256(iterations: try node.int(1...PasswordHash.maximumIterations))
      }
      let hash = try hex(o.required("password_hash"), lengths: 64...64)
      records.append(
        OperatorRecord(
          number: number, role: role, salt: salt, passwordHash: hash, scheme: scheme))
    }
    guard !records.isEmpty else {
      throw ConfigError(
        file: root.file, line: root.line, field: "operators", problem: "no operators defined")
    }
    return records
  }

  static func hex(_ node: ConfigNode, lengths: ClosedRange<Int>) throws(ConfigError) -> String {
    let value = try node.text().lowercased()
    guard value.allSatisfy({ $0.isHexDigit && $0.isASCII }) else {
      throw node.error("\"\(value)\" is not hexadecimal (0-9, a-f)")
    }
    guard lengths.contains(value.count) else {
      let want =
        lengths.lowerBound == lengths.upperBound
        ? "\(lengths.lowerBound)" : "\(lengths.lowerBound)–\(lengths.upperBound)"
      throw node.error("has \(value.count) hex digits; expected \(want)")
    }
    return value
  }
}

/// Makes the YAML entry of one operator, for `pos-terminal config operator-entry`:
/// PBKDF2-HMAC-SHA256 (`PasswordHash`), `PasswordHash.defaultIterations` unless told.
public enum OperatorEntry {
  public struct Invalid: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
  }

  /// A fresh random salt: 16 bytes as 32 hex digits.
  public static func randomSalt() -> String {
    var rng = SystemRandomNumberGenerator()
    return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }
      .joined()
  }

  /// The operator record for a password (cashier 01–99 with 4 digits,
  /// supervisor 00 with 6 digits); a random salt when none is given. Refuses fewer
  /// than `PasswordHash.minimumIterations` iterations.
  public static func record(
    number: String, role: OperatorRole, password: String, salt: String? = nil,
    iterations: Int = PasswordHash.defaultIterations
  ) throws(Invalid) -> OperatorRecord {
    guard number.count == 2, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      throw Invalid(description: "operator number must be two digits, got \"\(number)\"")
    }
    let digits = password.allSatisfy { $0.isASCII && $0.isNumber }
    switch role {
    case .supervisor:
      guard number == "00" else { throw Invalid(description: "the supervisor's number is 00") }
      guard digits, password.count == 6 else {
        throw Invalid(description: "the supervisor's password is six digits")
      }
    case .cashier:
      guard number != "00" else {
        throw Invalid(description: "00 is the supervisor; cashiers use 01–99")
      }
      guard digits, password.count == 4 else {
        throw Invalid(description: "a cashier's password is four digits")
      }
    }
    let salt = (salt ?? randomSalt()).lowercased()
    guard salt.count >= 8, salt.count <= 128, salt.allSatisfy({ $0.isASCII && $0.isHexDigit })
    else { throw Invalid(description: "the salt must be 8–128 hex digits") }
    let hash: String
    do {
      hash = try PasswordHash.hash(password: password, saltHex: salt, iterations: iterations)
    } catch {
      throw Invalid(description: error.description)
    }
    return OperatorRecord(
      number: number, role: role, salt: salt, passwordHash: hash,
      scheme: .pbkdf2SHA256(iterations: iterations))
  }

  /// The list item to paste under `operators:` in Config/operators.yaml.
  public static func yaml(
    number: String, role: OperatorRole, password: String, salt: String? = nil,
    iterations: Int = PasswordHash.defaultIterations
  ) throws(Invalid) -> String {
    let r = try record(
      number: number, role: role, password: password, salt: salt, iterations: iterations)
    return """
        - number: "\(r.number)"
          role: \(r.role.rawValue)
          salt: \(r.salt)
          iterations: \(iterations)
          password_hash: \(r.passwordHash)

      """
  }
}
