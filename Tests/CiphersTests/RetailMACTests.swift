import Testing

@testable import Ciphers

@Suite struct RetailMACTests {
  static let key = h("0123456789ABCDEF FEDCBA9876543210")

  /// The ANSI X9.19 / ISO 9797-1 algorithm 3 example: "Now is the time for all " under
  /// 0123456789ABCDEF FEDCBA9876543210 gives A1C72E74EA3FA9B6. The other rows were
  /// computed with pyca/cryptography's DES (a separate implementation of the same
  /// algorithm), for padding method 2, a partial block and the empty message.
  @Test(arguments: [
    ("Now is the time for all ", RetailMAC.Padding.method1, "A1C72E74EA3FA9B6"),
    ("Now is the time for all ", .method2, "E9086230CA3BE796"),
    ("Now is the time for it", .method1, "2E2B1428CC78254F"),
    ("Now is the time for it", .method2, "5A692CE64F404145"),
    ("", .method1, "08D7B4FB629D0885"),
    ("", .method2, "F1FBCF2A56D19BA7"),
  ])
  func knownAnswers(message: String, padding: RetailMAC.Padding, mac: String) throws {
    #expect(
      try RetailMAC.mac(key: Self.key, data: Array(message.utf8), padding: padding) == h(mac))
  }

  @Test func paddingRules() {
    #expect(RetailMAC.pad([], .method1) == [UInt8](repeating: 0, count: 8))
    #expect(RetailMAC.pad([1, 2, 3, 4, 5, 6, 7, 8], .method1) == [1, 2, 3, 4, 5, 6, 7, 8])
    #expect(RetailMAC.pad([1, 2, 3, 4, 5, 6, 7, 8], .method2).count == 16)
    #expect(RetailMAC.pad([1], .method2) == [1, 0x80, 0, 0, 0, 0, 0, 0])
  }

  @Test func wrongKeyLength() {
    #expect(throws: CipherError.self) {
      try RetailMAC.mac(key: [UInt8](repeating: 1, count: 8), data: [1], padding: .method1)
    }
  }
}
