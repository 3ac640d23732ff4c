/// Display columns of text on the LCD, the curses face and 32-column slips:
/// East Asian wide and fullwidth characters take two columns, combining marks none.
public enum DisplayWidth {
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    // Printable ASCII first: almost every character of a slip or an LCD row, and
    // the Unicode property lookup below is comparatively slow.
    if v >= 0x20 && v < 0x7F { return 1 }
    if v == 0 { return 0 }
    if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
    if isWide(v) { return 2 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if v == 0x200B { return 0 }
    return 1
  }

  public static func of(_ character: Character) -> Int {
    // A grapheme takes the width of its widest scalar (base + combining marks).
    var widest = 0
    for scalar in character.unicodeScalars { widest = max(widest, of(scalar)) }
    return widest
  }

  public static func of(_ text: String) -> Int {
    if let w = simpleWidth(text, upTo: Int.max).width { return w }
    return text.reduce(0) { $0 + of($1) }
  }

  /// Width of `text` without grapheme breaking when every scalar is a grapheme of its own
  /// (printable ASCII, 1 column; CJK ideographs, kana, CJK punctuation and fullwidth forms
  /// that never combine, 2 columns), else nil; and how many scalars fit in `columns`.
  @inline(__always) static func simpleWidth(_ text: String, upTo columns: Int) -> (
    width: Int?, fitting: Int
  ) {
    var w = 0
    var fitting = 0
    for scalar in text.unicodeScalars {
      let v = scalar.value
      let cw: Int
      if v >= 0x20 && v < 0x7F {
        cw = 1
      } else {
        switch v {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3000...0x3029, 0x3030...0x303E, 0x3041...0x3096,
          0x30A1...0x30FA, 0xFF01...0xFF60, 0xFFE0...0xFFE6:
          cw = 2
        default: return (nil, 0)
        }
      }
      w += cw
      if w <= columns { fitting += 1 }
    }
    return (w, fitting)
  }

  /// The longest prefix of `text` that fits in `columns`; a wide glyph that
  /// would straddle the edge is dropped, never split.
  public static func clip(_ text: String, to columns: Int) -> String {
    let simple = simpleWidth(text, upTo: columns)
    if let w = simple.width {
      return w <= columns ? text : String(text.unicodeScalars.prefix(simple.fitting))
    }
    var used = 0
    var out = ""
    for ch in text {
      let w = of(ch)
      if used + w > columns { break }
      used += w
      out.append(ch)
    }
    return out
  }

  /// `text` clipped, then padded with spaces to exactly `columns` columns.
  public static func pad(_ text: String, to columns: Int) -> String {
    let (clipped, width) = fitted(text, to: columns)
    return spaced(clipped, left: 0, right: columns - width)
  }

  /// Right-aligned in exactly `columns` columns.
  public static func padLeft(_ text: String, to columns: Int) -> String {
    let (clipped, width) = fitted(text, to: columns)
    return spaced(clipped, left: columns - width, right: 0)
  }

  /// Centred in exactly `columns` columns (extra space goes right).
  public static func center(_ text: String, in columns: Int) -> String {
    let (clipped, width) = fitted(text, to: columns)
    let free = max(0, columns - width)
    return spaced(clipped, left: free / 2, right: free - free / 2)
  }

  /// `text` clipped to `columns`, and its width: one pass when it fits already.
  private static func fitted(_ text: String, to columns: Int) -> (String, Int) {
    if let w = simpleWidth(text, upTo: columns).width, w <= columns { return (text, w) }
    let clipped = clip(text, to: columns)
    return (clipped, of(clipped))
  }

  /// Spaces either side of `text`, built in one string (every LCD row and slip line
  /// passes here).
  private static func spaced(_ text: String, left: Int, right: Int) -> String {
    let left = max(0, left)
    let right = max(0, right)
    if left == 0 && right == 0 { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + left + right)
    appendSpaces(left, to: &out)
    out += text
    appendSpaces(right, to: &out)
    return out
  }

  private static let blanks = String(repeating: " ", count: 128)

  private static func appendSpaces(_ count: Int, to out: inout String) {
    var rest = count
    while rest > 0 {
      let n = min(rest, 128)
      out += blanks.prefix(n)
      rest -= n
    }
  }

  private static func isWide(_ v: UInt32) -> Bool {
    switch v {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
      0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
      0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
      return true
    default:
      return false
    }
  }
}
