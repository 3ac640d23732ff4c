import Testing

@testable import TerminalCore

@Suite struct PaymentCodeTests {
  @Test(arguments: [
    // WeChat: 18 digits, 10–15.
    ("134567890123456789", PaymentCodeKind?.some(.wechat)),
    ("100000000000000000", .wechat),
    ("159999999999999999", .wechat),
    ("16456789012345678", nil),  // 17 digits, 16 is not WeChat's
    ("1345678901234567890", nil),  // 19 digits
    ("13456789012345678", nil),  // 17 digits
    ("094567890123456789", nil),
    ("164567890123456789", nil),
    // Alipay: 16–24 digits, 25–30.
    ("2512345678901234", .alipay),
    ("281234567890123456", .alipay),
    ("301234567890123456789012", .alipay),
    ("251234567890123", nil),  // 15 digits
    ("3012345678901234567890123", nil),  // 25 digits
    ("3112345678901234", nil),
    ("2412345678901234", nil),
    // UnionPay QR: 19 digits, 62.
    ("6212345678901234567", .unionPayQR),
    ("621234567890123456", nil),  // 18
    ("62123456789012345678", nil),  // 20
    // Not digits at all.
    ("", nil),
    ("1", nil),
    ("13456789012345678X", nil),
    ("13456789 012345678", nil),
    ("１34567890123456789", nil),  // a full-width digit
  ])
  func classify(code: String, expected: PaymentCodeKind?) {
    #expect(PaymentCodeKind.classify(code) == expected)
  }

  @Test func slipNames() {
    #expect(PaymentCodeKind.allCases.map(\.displayName) == ["微信", "支付宝", "银联二维码"])
  }
}
