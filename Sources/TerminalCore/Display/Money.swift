/// Amounts are whole fen (1/100 yuan) everywhere; this is their one text form.
public enum Money {
  /// 5000 → "50.00", 5 → "0.05", 123456789 → "1234567.89".
  public static func format(fen: Int64) -> String {
    let sign = fen < 0 ? "-" : ""
    let v = fen.magnitude
    let yuan = v / 100
    let cents = v % 100
    return sign + String(yuan) + "." + zeroPadded(cents, width: 2)
  }
}
