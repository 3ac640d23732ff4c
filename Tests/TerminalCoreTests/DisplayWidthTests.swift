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
