extension DisplayWidth {
  /// How `wrap` breaks lines. The default is the slips' and the LCD's; the face and
  /// the lesson panel ask for their own (`.face`, `.panel`).
  public struct WrapOptions: Sendable, Equatable {
    /// Lines may break around a wide character (Chinese breaks between any two) as
    /// well as at spaces; else only at spaces, and a Chinese run is one word.
    public var breaksAroundWide: Bool
    /// Chinese line rules: no line starts with closing punctuation (`，。”)`…) or ends
    /// with opening punctuation (`“（(`…). Without them, only narrow punctuation right
    /// after a wide character stays with it ("交易," keeps its comma).
    public var punctuationRules: Bool
    /// Spaces between words are kept as typed; else a run of them is one space.
    public var keepsSpaces: Bool
    /// A word goes down to the next line unless the spaces typed after it fit on its
    /// line too.
    public var spacesAfterNeedRoom: Bool
    /// Text with nothing but spaces gives no line at all; else one empty line.
    public var blankGivesNoLine: Bool

    public init(
      breaksAroundWide: Bool = true, punctuationRules: Bool = false, keepsSpaces: Bool = false,
      spacesAfterNeedRoom: Bool = false, blankGivesNoLine: Bool = false
    ) {
      self.breaksAroundWide = breaksAroundWide
      self.punctuationRules = punctuationRules
      self.keepsSpaces = keepsSpaces
      self.spacesAfterNeedRoom = spacesAfterNeedRoom
      self.blankGivesNoLine = blankGivesNoLine
    }

    /// Slips and the LCD.
    public static let slip = WrapOptions()
    /// The face's words (the swipe line, the lesson's notes, the size warning): a
    /// Chinese phrase between spaces stays whole on one line while it fits one.
    public static let face = WrapOptions(
      breaksAroundWide: false, keepsSpaces: true, blankGivesNoLine: true)
    /// The lesson panel: Chinese breaks between glyphs, under the line rules.
    public static let panel = WrapOptions(
      punctuationRules: true, keepsSpaces: true, spacesAfterNeedRoom: true,
      blankGivesNoLine: true)
  }

  /// Wraps text: English breaks at spaces, Chinese between any two characters (as
  /// `options` say); a word wider than the line is cut (by columns) as a last resort.
  /// Nothing else is cut, and no line is wider than `width`.
  public static func wrap(_ text: String, to width: Int, _ options: WrapOptions = .slip)
    -> [String]
  {
    if options.blankGivesNoLine, text.utf8.allSatisfy({ $0 == UInt8(ascii: " ") }) { return [] }
    // Most slip and screen lines fit as they are: not cut into segments and joined again.
    if wrapsUnchanged(text, to: width) { return [text] }
    return wrapBySegments(text, to: width, options)
  }

  /// `wrap` the long way, segment by segment.
  static func wrapBySegments(_ text: String, to width: Int, _ options: WrapOptions = .slip)
    -> [String]
  {
    let (segments, trailingSpaces) = segments(text, options)
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    for (i, segment) in segments.enumerated() {
      let w = DisplayWidth.of(segment.text)
      let spaces = options.keepsSpaces ? segment.spacesBefore : min(1, segment.spacesBefore)
      let gap = line.isEmpty ? 0 : spaces
      var room = 0
      if options.spacesAfterNeedRoom, !line.isEmpty {
        room = i + 1 < segments.count ? segments[i + 1].spacesBefore : trailingSpaces
      }
      if lineWidth + gap + w + room <= width {
        if gap == 1 { line += " " } else if gap > 1 { line += String(repeating: " ", count: gap) }
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
    if !line.isEmpty || (lines.isEmpty && !options.blankGivesNoLine) { lines.append(line) }
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

  /// What a line may not break inside: a word, a wide character, a character and the
  /// punctuation held to it; with the spaces typed before it.
  struct Segment: Equatable {
    var text: String
    var spacesBefore: Int
  }

  /// Break opportunities: at spaces, and (as `options` say) around wide characters;
  /// and the number of spaces after the last segment.
  static func segments(_ text: String, _ options: WrapOptions = .slip) -> (
    [Segment], trailingSpaces: Int
  ) {
    // Printable ASCII has no wide character, and no punctuation to carry over (a
    // word there always follows a space): its segments are the words between spaces.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
      var out: [Segment] = []
      var spaces = 0
      for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        if word.isEmpty {
          spaces += 1
        } else {
          // One space is the separator split took; each empty word is one more.
          out.append(Segment(text: String(word), spacesBefore: out.isEmpty ? spaces : spaces + 1))
          spaces = 0
        }
      }
      return (out, out.isEmpty ? 0 : spaces)
    }
    return segmentsByCharacter(text, options)
  }

  /// `segments` character by character.
  static func segmentsByCharacter(_ text: String, _ options: WrapOptions = .slip) -> (
    [Segment], trailingSpaces: Int
  ) {
    var out: [Segment] = []
    var current = ""
    var currentSpaces = 0  // typed before `current`
    var spaces = 0  // typed since the last character that was not one
    func flush() {
      if !current.isEmpty { out.append(Segment(text: current, spacesBefore: currentSpaces)) }
      current = ""
    }
    func start(_ ch: Character) {
      current = String(ch)
      currentSpaces = spaces
      spaces = 0
    }
    for ch in text {
      if ch == " " {
        flush()
        spaces += 1
      } else if current.isEmpty && (spaces > 0 || out.isEmpty) {
        start(ch)
        if options.breaksAroundWide, !options.punctuationRules, DisplayWidth.of(ch) >= 2 {
          flush()
        }
      } else if !options.breaksAroundWide {
        current.append(ch)
      } else if options.punctuationRules {
        // `current` is not empty here: a break before `ch` only around a wide
        // character, and not where the line rules forbid one.
        let before = current.last!
        if DisplayWidth.of(before) >= 2 || DisplayWidth.of(ch) >= 2, !noLineStart.contains(ch),
          !noLineEnd.contains(before)
        {
          flush()
          start(ch)
        } else {
          current.append(ch)
        }
      } else if DisplayWidth.of(ch) >= 2 {
        // A space right before it stays before it ("凭证号 000002 没有撤销"); one
        // before the word in front of it went with that word ("收款 0.50,应为").
        flush()
        start(ch)
        flush()
      } else if ch.isPunctuation, current.isEmpty {
        // "交易," — keep the comma on the line of the character before it.
        out[out.count - 1].text.append(ch)
      } else {
        if current.isEmpty { start(ch) } else { current.append(ch) }
      }
    }
    flush()
    return (out, out.isEmpty ? 0 : spaces)
  }

  /// The line rules' closing punctuation: never the first on a line.
  static let noLineStart = Set("，。、；：？！”’）》」』,.;:?!)]}…·")
  /// The line rules' opening punctuation: never the last on a line.
  static let noLineEnd = Set("“‘（《「『([{")
}
