import Ciphers

/// Where salts for new password hashes come from: the driver seeds it with 32
/// random bytes when the session starts (`seed`), and each salt is
/// HMAC-SHA256(seed, "operator-salt" ‖ n) for the n-th salt of the session, 16
/// bytes written as 32 hex digits. A new seed every power-on keeps salts unique;
/// with no seed (an empty one) no new hash is made at all.
public struct SaltSource: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// At least this many bytes of seed, or no salt.
  public static let seedBytes = 32
  private var seed: [UInt8]
  private var issued: UInt64 = 0

  public init(seed: [UInt8] = []) { self.seed = seed }

  public var hasEntropy: Bool { seed.count >= Self.seedBytes }
  // The seed never appears in a description, a debug print or a mirror.
  public var description: String { "SaltSource(\(issued) issued)" }
  public var debugDescription: String { description }
  public var customMirror: Mirror { Mirror(self, children: [:]) }

  /// The next salt (32 hex digits), or nil without entropy.
  public mutating func next() -> String? {
    guard hasEntropy else { return nil }
    var counter: [UInt8] = []
    for shift in stride(from: 56, through: 0, by: -8) {
      counter.append(UInt8(truncatingIfNeeded: issued >> UInt64(shift)))
    }
    issued += 1
    guard
      let mac = try? HMACSHA256.authenticationCode(
        key: seed, data: Array("operator-salt".utf8) + counter)
    else { return nil }
    return Hex.encode(Array(mac.prefix(16)))
  }
}
