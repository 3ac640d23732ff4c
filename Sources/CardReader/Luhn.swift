/// The PAN check digit: ISO/IEC 7812-1 Annex B's Luhn formula (mod 10, "double-add-double").
/// The one Luhn of the terminal: the reader reports it, the acquirer declines on it (14).
/// The formula takes a number of any length; a PAN's length (up to 19 digits) is the
/// deck's rule, not the check digit's.
public enum Luhn {
  /// True when `digits` is all decimal digits, non-empty, and its Luhn sum is a multiple of 10.
  public static func isValid(_ digits: String) -> Bool {
    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
    var sum = 0
    for (i, c) in digits.utf8.reversed().enumerated() {
      var d = Int(c) - 48
      if i % 2 == 1 {
        d *= 2
        if d > 9 { d -= 9 }
      }
      sum += d
    }
    return sum % 10 == 0
  }
  /// The digit that, appended to `body`, makes a Luhn-valid number.
  public static func checkDigit(for body: String) -> Character {
    for d in 0...9 where isValid(body + String(d)) { return Character(String(d)) }
    return "0"
  }
}
