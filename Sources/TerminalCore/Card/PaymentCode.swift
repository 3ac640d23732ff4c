/// The wallet a scanned payment code (付款码) belongs to, by its digits alone (field
/// notes §9):
/// - WeChat Pay: 18 digits starting 10–15;
/// - Alipay: 16 to 24 digits starting 25–30;
/// - UnionPay QR (云闪付 and bank apps): 19 digits starting 62 — the length the UnionPay
///   C2B payment code uses (62 + 17 digits);
/// - anything else, letters and spaces included: invalid, 无效付款码, and nothing is
///   sent.
public enum PaymentCodeKind: String, Sendable, Equatable, CaseIterable {
  case wechat
  case alipay
  case unionPayQR

  /// The slip's 支付方式.
  public var displayName: String {
    switch self {
    case .wechat: return "微信"
    case .alipay: return "支付宝"
    case .unionPayQR: return "银联二维码"
    }
  }

  /// The wallet of `code`, or nil for 无效付款码.
  public static func classify(_ code: String) -> PaymentCodeKind? {
    let bytes = Array(code.utf8)
    guard !bytes.isEmpty, bytes.allSatisfy({ (48...57).contains($0) }) else { return nil }
    guard bytes.count >= 2 else { return nil }
    let prefix = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
    switch (prefix, bytes.count) {
    case (10...15, 18): return .wechat
    case (25...30, 16...24): return .alipay
    case (62, 19): return .unionPayQR
    default: return nil
    }
  }
}
