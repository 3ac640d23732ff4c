/// The choices in which acquirers' hosts differ from the UnionPay POS terminal
/// spec (host.yaml `mac`, `tpdu`, `header`, `field22`). `.unionPay`, the default,
/// is the spec; both ends of the link take the same settings.
public struct WireDialect: Sendable, Equatable {
  public enum MACAlgorithm: String, Sendable, Equatable, CaseIterable {
    /// The UnionPay POS "ECB" MAC: 8 ASCII hex characters (field notes §8).
    case ecb
    /// ANSI X9.19 (retail MAC), 8 binary bytes: what some acquirers use instead.
    case x919
  }

  public var mac: MACAlgorithm
  /// Field 22 (3 digits in 2 BCD bytes): `.left` sends 021 as `02 10`, as UnionPay
  /// terminals do; `.right` as `00 21`, like every other odd fixed numeric field.
  public var field22: NibbleAlignment
  /// The terminal's TPDU (a reply swaps destination and source).
  public var tpdu: TPDU
  /// The terminal's 6-byte header; its first byte (application class 60) becomes 61
  /// for chip and contactless transactions.
  public var header: MessageHeader

  public init(
    mac: MACAlgorithm = .ecb, field22: NibbleAlignment = .left, tpdu: TPDU = TPDU(),
    header: MessageHeader = .terminal()
  ) {
    self.mac = mac
    self.field22 = field22
    self.tpdu = tpdu
    self.header = header
  }

  /// The spec: ECB MAC, field 22 left-aligned, TPDU `60 0003 0000`, header `60 31 00 31 01 00`.
  public static let unionPay = WireDialect()

  /// The header of a request: chip and contactless ones say application class 61.
  public func header(chip: Bool) -> MessageHeader {
    var bytes = header.bytes
    if chip, bytes.first == 0x60 { bytes[0] = 0x61 }
    return MessageHeader(bytes: bytes)
  }
}

/// Where an odd count of digits sits in its bytes: behind a 0 nibble (`.right`)
/// or followed by one (`.left`).
public enum NibbleAlignment: String, Sendable, Equatable, CaseIterable {
  case left
  case right
}
