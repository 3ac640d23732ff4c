import Testing

@testable import TerminalCore

@Suite struct DisplayWidthTests {
  @Test func cjkCountsTwo() {
    #expect(DisplayWidth.of("消费") == 4)
    #expect(DisplayWidth.of("SALE 消费") == 9)
  }
  @Test func clipNeverSplitsAWideGlyph() {
    #expect(DisplayWidth.clip("ab消费", to: 3) == "ab")
    #expect(DisplayWidth.pad("ab消费", to: 5) == "ab消 ")
  }
}

/// The scalar-by-scalar fast path must measure and clip exactly as grapheme by grapheme.
@Suite struct DisplayWidthFastPathTests {
  static func slowWidth(_ text: String) -> Int { text.reduce(0) { $0 + DisplayWidth.of($1) } }
  static func slowClip(_ text: String, _ columns: Int) -> String {
    var used = 0
    var out = ""
    for ch in text {
      let w = DisplayWidth.of(ch)
      if used + w > columns { break }
      used += w
      out.append(ch)
    }
    return out
  }

  @Test(arguments: [
    "", "SALE 消费", "消费成功 APPROVED", "请刷卡 SWIPE CARD", "金额(AMOUNT): RMB 50.00",
    "カタカナ ひらがな", "か\u{3099}が", "e\u{301}clair", "한국어", "\u{1100}\u{1161}\u{11A8}",
    "👍🏽 ok", "👨‍👩‍👧", "ＡＢＣ１２３", "。、「」〜", "〪x", "tab\there", "a\r\nb", "¥100 ￥100",
    "中文中文中文中文中文中文中文", "x\u{200B}y", "\u{FE0F}", "🇨🇳",
  ])
  func sameAsGraphemeByGrapheme(text: String) {
    #expect(DisplayWidth.of(text) == Self.slowWidth(text))
    for columns in 0...26 {
      #expect(DisplayWidth.clip(text, to: columns) == Self.slowClip(text, columns), "\(columns)")
    }
  }
}

/// Wrapping adds no space: one before a word stays with that word, not with a wide
/// character after it.
@Suite struct WrapAddsNoSpaceTests {
  @Test(arguments: ["收款 0.50,应为 50.00", "顾客 1: 35元,微信付", "凭证号 000002 没有撤销"])
  func aLineThatFitsIsUnchanged(_ text: String) {
    #expect(DisplayWidth.wrapBySegments(text, to: 32) == [text])
  }

  @Test func linesJoinBackToTheText() {
    let text = "顾客 1: 35元,微信付 收款 0.50,应为 50.00"
    for width in 8...24 {
      let lines = DisplayWidth.wrapBySegments(text, to: width)
      #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "\(width)")
      let joined = lines.joined()
      #expect(
        joined.filter { $0 != " " } == text.filter { $0 != " " }
          && joined.count(where: { $0 == " " }) <= text.count(where: { $0 == " " }),
        "\(lines) at \(width)")
    }
  }
}

/// Text that fits comes back from `wrap` as it is only when segment by segment gives it
/// too; ASCII text is cut into the same segments as character by character.
@Suite struct WrapFastPathTests {
  @Test func sameAsSegmentBySegment() {
    let alphabet = [" ", "A", "1", ",", "元", "，"]
    var texts = [""]
    var last = [""]
    for _ in 1...5 {
      last = last.flatMap { prefix in alphabet.map { prefix + $0 } }
      texts += last
    }
    texts += [
      "收款 0.50,应为 50.00", "顾客(CUSTOMER) 1: 35元,微信付", "POS签购单 / POS SALES SLIP",
      "I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES",
    ]
    for text in texts {
      for options in [DisplayWidth.WrapOptions.slip, .face, .panel] {
        #expect(
          DisplayWidth.segments(text, options) == DisplayWidth.segmentsByCharacter(text, options),
          "\(text)")
        for width in 0...12 where !(options.blankGivesNoLine && text.allSatisfy { $0 == " " }) {
          #expect(
            DisplayWidth.wrap(text, to: width, options)
              == DisplayWidth.wrapBySegments(text, to: width, options),
            "\(text) at \(width)")
        }
      }
    }
  }
}

/// The face's and the lesson panel's wrapping are options of the one wrap.
@Suite struct WrapOptionsTests {
  @Test func theFaceKeepsAChinesePhraseWholeWhileItFitsALine() {
    #expect(DisplayWidth.wrap("信噪比 一二三四五", to: 12) == ["信噪比 一二", "三四五"])
    #expect(DisplayWidth.wrap("信噪比 一二三四五", to: 12, .face) == ["信噪比", "一二三四五"])
    #expect(DisplayWidth.wrap("一二三四五六七", to: 8, .face) == ["一二三四", "五六七"])
  }

  @Test func thePanelKeepsTheLineRules() {
    // A closing mark never starts a line, an opening one never ends one.
    #expect(DisplayWidth.wrap("一二三，四", to: 6) == ["一二三", "，四"])
    #expect(DisplayWidth.wrap("一二三，四", to: 6, .panel) == ["一二", "三，四"])
    #expect(DisplayWidth.wrap("一二“三”", to: 6, .panel) == ["一二", "“三”"])
  }

  @Test func spacesAreKeptAsTypedOnTheFaceAndThePanel() {
    #expect(DisplayWidth.wrap("a  b", to: 10) == ["a b"])
    #expect(DisplayWidth.wrap("a  b", to: 10, .face) == ["a  b"])
    #expect(DisplayWidth.wrap("a  b", to: 10, .panel) == ["a  b"])
  }

  @Test func aWordOnThePanelNeedsRoomForTheSpaceAfterIt() {
    #expect(DisplayWidth.wrap("ab cd ef", to: 5) == ["ab cd", "ef"])
    #expect(DisplayWidth.wrap("ab cd ef", to: 5, .panel) == ["ab", "cd ef"])
  }

  @Test func blankTextIsOneEmptyLineOnASlipAndNoneElsewhere() {
    #expect(DisplayWidth.wrap("", to: 8) == [""])
    #expect(DisplayWidth.wrap("  ", to: 8) == [""])
    #expect(DisplayWidth.wrap("", to: 8, .face).isEmpty)
    #expect(DisplayWidth.wrap("  ", to: 8, .panel).isEmpty)
  }
}
