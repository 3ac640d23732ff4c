/// The PAN check digit (ISO/IEC 7812, mod 10).
public enum Luhn {
  /// True for 12–19 ASCII digits whose Luhn sum is a multiple of 10.
  public static func isValid(_ pan: String) -> Bool {
    let digits = pan.utf8.map { Int($0) - 48 }
    guard (12...19).contains(digits.count), digits.allSatisfy({ (0...9).contains($0) }) else {
      return false
    }
    var sum = 0
    for (i, d) in digits.reversed().enumerated() {
      if i % 2 == 1 {
        let x = d * 2
        sum += x > 9 ? x - 9 : x
      } else {
        sum += d
      }
    }
    return sum % 10 == 0
  }
}
