import Crypto
import Foundation

/// Operator passwords are kept as salted, iterated SHA-256 (hex). Pure: no I/O.
public enum PasswordHash {
  public static let iterations = 1000

  public static func hash(password: String, saltHex: String) -> String {
    var digest = Data(SHA256.hash(data: Data((saltHex + ":" + password).utf8)))
    for _ in 1..<iterations {
      digest = Data(SHA256.hash(data: digest + Data(saltHex.utf8)))
    }
    return digest.map { String(format: "%02x", $0) }.joined()
  }

  public static func verify(password: String, record: OperatorRecord) -> Bool {
    let computed = hash(password: password, saltHex: record.salt)
    // Constant-time comparison.
    guard computed.utf8.count == record.passwordHash.utf8.count else { return false }
    var diff: UInt8 = 0
    for (a, b) in zip(computed.utf8, record.passwordHash.utf8) { diff |= a ^ b }
    return diff == 0
  }
}
