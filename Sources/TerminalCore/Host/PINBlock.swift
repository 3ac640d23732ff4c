import Foundation

/// The PIN as it leaves the PIN pad: an ISO 9564 format-0 block (PIN XOR PAN).
/// Its description never shows the digits, so it cannot leak into logs.
public struct PINBlock: Sendable, Equatable, CustomStringConvertible {
  public let bytes: [UInt8]  // 8 bytes, or empty when no PIN was entered
  public init(bytes: [UInt8]) { self.bytes = bytes }
  public var isEmpty: Bool { bytes.isEmpty }
  public var description: String { isEmpty ? "PINBlock(none)" : "PINBlock(********)" }

  /// ISO 9564-1 format 0: `0 L P P P P F…` XOR `0000` + the 12 rightmost PAN digits before the check digit.
  public static func format0(pin: [UInt8], pan: String) -> PINBlock {
    guard !pin.isEmpty else { return PINBlock(bytes: []) }
    var pinField = [UInt8(0), UInt8(pin.count)] + pin
    while pinField.count < 16 { pinField.append(0xF) }
    let panField = Self.panField(pan)
    var out = [UInt8]()
    for i in stride(from: 0, to: 16, by: 2) {
      let hi = pinField[i] ^ panField[i]
      let lo = pinField[i + 1] ^ panField[i + 1]
      out.append(hi << 4 | lo)
    }
    return PINBlock(bytes: out)
  }

  /// `0000` + the 12 rightmost PAN digits before the check digit, one nibble each.
  private static func panField(_ pan: String) -> [UInt8] {
    let digits = Array(pan.utf8.map { $0 &- 48 }.dropLast().suffix(12))
    return [UInt8](repeating: 0, count: 16 - digits.count) + digits
  }

  /// The inverse, for the simulated issuer: nil when the block is malformed.
  public func pinDigits(pan: String) -> [UInt8]? {
    guard bytes.count == 8 else { return nil }
    let panField = Self.panField(pan)
    var nibbles = [UInt8]()
    for (i, b) in bytes.enumerated() {
      nibbles.append((b >> 4) ^ panField[2 * i])
      nibbles.append((b & 0xF) ^ panField[2 * i + 1])
    }
    guard nibbles[0] == 0 else { return nil }
    let n = Int(nibbles[1])
    guard (4...12).contains(n) else { return nil }
    let pin = Array(nibbles[2..<(2 + n)])
    return pin.allSatisfy { $0 <= 9 } ? pin : nil
  }
}
