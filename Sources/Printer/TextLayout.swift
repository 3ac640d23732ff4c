import TerminalCore

/// Line layout at a fixed width in display columns (CJK = 2). Every function
/// returns lines no wider than `width`; a wide glyph is never split. Public for
/// slips laid out elsewhere (the lessons' score sheet).
public struct TextLayout: Sendable {
  public var width: Int

  public init(width: Int) { self.width = width }

  /// Wraps text at the layout's width (see `DisplayWidth.wrap`).
  public func wrap(_ text: String) -> [String] { DisplayWidth.wrap(text, to: width) }

  public func center(_ text: String) -> [String] {
    wrap(text).map { Self.trimRight(DisplayWidth.center($0, in: width)) }
  }

  /// `A / B` on one line when it fits, else A and B centred on lines of their own.
  public func title(_ zh: String, _ en: String) -> [String] {
    let both = "\(zh) / \(en)"
    if DisplayWidth.of(both) <= width { return center(both) }
    return center(zh) + center(en)
  }

  /// Label and value on one line (value right-aligned) when both fit with a
  /// space between; otherwise the label, then the value right-aligned on the
  /// next line, or wrapped left-aligned when it needs several lines.
  public func field(_ label: String, _ value: String) -> [String] {
    let lw = DisplayWidth.of(label)
    let vw = DisplayWidth.of(value)
    if value.isEmpty { return wrap(label) }
    if lw + 1 + vw <= width {
      return [label + String(repeating: " ", count: width - lw - vw) + value]
    }
    if vw <= width { return wrap(label) + [DisplayWidth.padLeft(value, to: width)] }
    return wrap(label) + wrap(value)
  }

  /// Cells laid out in columns of the given widths (positive: left-aligned,
  /// negative: right-aligned), always at least one space apart. A first cell
  /// wider than its column takes a line of its own, the others following in
  /// their columns on the next line (`预授权完成/AUTH COMPLETE`). Any later cell
  /// that does not fit its column pushes it and the cells after it to the next
  /// line, right-aligned.
  public func row(_ cells: [String], _ widths: [Int]) -> [String] {
    if let first = cells.first, let w = widths.first, DisplayWidth.of(first) > abs(w) {
      return wrap(first) + (cells.count > 1 ? row([""] + cells.dropFirst(), widths) : [])
    }
    var line = ""
    for (i, (cell, w)) in zip(cells, widths).enumerated() {
      var cw = abs(w)
      var lead = ""
      if let last = line.last, last != " " {
        lead = " "
        cw -= 1
      }
      if DisplayWidth.of(cell) > cw {
        let rest = cells[i...].joined(separator: " ")
        let head = Self.trimRight(line)
        return (head.isEmpty ? [] : [head]) + wrap(rest).map { DisplayWidth.padLeft($0, to: width) }
      }
      line += lead + (w > 0 ? DisplayWidth.pad(cell, to: cw) : DisplayWidth.padLeft(cell, to: cw))
    }
    return [Self.trimRight(line)]
  }

  public func rule(_ ch: Character = "-") -> String { String(repeating: ch, count: width) }

  public static func trimRight(_ s: String) -> String {
    var s = s
    while s.last == " " { s.removeLast() }
    return s
  }
}
