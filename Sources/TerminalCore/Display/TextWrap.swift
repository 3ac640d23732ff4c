extension DisplayWidth {
  /// Wraps text: English breaks at spaces, CJK between any two characters;
  /// punctuation stays with the character before it. A word wider than the
  /// line is cut (by columns) as a last resort.
  public static func wrap(_ text: String, to width: Int) -> [String] {
    // Most slip and screen lines fit as they are: not cut into segments and joined again.
    if wrapsUnchanged(text, to: width) { return [text] }
    return wrapBySegments(text, to: width)
  }

  /// `wrap` the long way, segment by segment.
  static func wrapBySegments(_ text: String, to width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    for segment in segments(text) {
      let w = DisplayWidth.of(segment.text)
      let gap = (segment.spaceBefore && !line.isEmpty) ? 1 : 0
      if lineWidth + gap + w <= width {
        if gap == 1 { line += " " }
        line += segment.text
        lineWidth += gap + w
        continue
      }
      if !line.isEmpty { lines.append(line) }
      line = ""
      lineWidth = 0
      var rest = Substring(segment.text)
      while DisplayWidth.of(String(rest)) > width {
        let head = DisplayWidth.clip(String(rest), to: width)
        guard !head.isEmpty else { break }
        lines.append(head)
        rest = rest.dropFirst(head.count)
      }
      line = String(rest)
      lineWidth = DisplayWidth.of(line)
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
  }

  /// Whether `wrap` gives `text` back as its only line: it fits, its characters are
  /// all simple (`simpleWidth`: printable ASCII or wide, one scalar each), and its
  /// segments join up to it again. They do not when a space leads, trails or is
  /// doubled.
  static func wrapsUnchanged(_ text: String, to width: Int) -> Bool {
    guard let w = simpleWidth(text, upTo: width).width, w <= width else { return false }
    var afterSpace = true  // a space here would lead or be doubled
    for scalar in text.unicodeScalars {
      if scalar == " " {
        if afterSpace { return false }
        afterSpace = true
      } else {
        afterSpace = false
      }
    }
    return text.isEmpty || text.unicodeScalars.last != " "
  }

  struct Segment: Equatable {
    var text: String
    var spaceBefore: Bool
  }

  /// Break opportunities: at spaces, and around every wide character.
  static func segments(_ text: String) -> [Segment] {
    // Printable ASCII has no wide character, and no punctuation to carry over (a
    // word there always follows a space): its segments are the words between spaces.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
      let leadingSpace = text.utf8.first == UInt8(ascii: " ")
      return text.split(separator: " ").enumerated().map { i, word in
        Segment(text: String(word), spaceBefore: i > 0 || leadingSpace)
      }
    }
    return segmentsByCharacter(text)
  }

  /// `segments` character by character.
  static func segmentsByCharacter(_ text: String) -> [Segment] {
    var out: [Segment] = []
    var current = ""
    var space = false
    func flush() {
      if !current.isEmpty { out.append(Segment(text: current, spaceBefore: space)) }
      current = ""
      space = false
    }
    for ch in text {
      if ch == " " {
        flush()
        space = true
      } else if DisplayWidth.of(ch) >= 2 {
        // A space right before it stays before it ("凭证号 000002 没有撤销"); one
        // before the word in front of it went with that word ("收款 0.50,应为").
        let spaceBefore = current.isEmpty && space
        flush()
        current = String(ch)
        space = spaceBefore
        flush()
      } else if ch.isPunctuation, current.isEmpty, !space, !out.isEmpty {
        // "交易," — keep the comma on the line of the character before it.
        out[out.count - 1].text.append(ch)
      } else {
        current.append(ch)
      }
    }
    flush()
    return out
  }
}
