import TerminalCore
import Testing

@testable import CursesFront

@Suite struct CellBufferTests {
  @Test func textCrossingTheRightEdgeIsClipped() {
    var b = CellBuffer(width: 6, height: 1)
    let n = b.put("ABCDEFGH", row: 0, column: 3)
    #expect(n == 3)
    #expect(b.lines() == ["   ABC"])
  }

  @Test func maxColumnsClipsBeforeTheEdge() {
    var b = CellBuffer(width: 8, height: 1)
    b.put("ABCDEF", row: 0, column: 1, maxColumns: 3)
    #expect(b.lines() == [" ABC    "])
  }

  @Test func wideGlyphAtTheLastColumnBecomesASpace() {
    var b = CellBuffer(width: 5, height: 1)
    b.fill("x", row: 0, column: 0, columns: 5)
    let n = b.put("中文", row: 0, column: 2)
    // 中 fits at 2-3; 文 would cross the edge at 4: a space instead, never half a glyph.
    #expect(n == 3)
    #expect(b.lines() == ["xx中 "])
    #expect(b[0, 2].width == 2)
    #expect(b[0, 3].width == 0)
    #expect(b[0, 4] == Cell(text: " ", width: 1))
  }

  @Test func wideGlyphCrossingMaxColumnsBecomesASpace() {
    var b = CellBuffer(width: 10, height: 1)
    b.fill("-", row: 0, column: 0, columns: 10)
    b.put("A签到", row: 0, column: 0, maxColumns: 4)
    #expect(b.lines() == ["A签 ------"])
  }

  @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
    var b = CellBuffer(width: 6, height: 1)
    b.put("中文字", row: 0, column: 0)
    // Over the right half of 中 (column 1): its left half becomes a space.
    b.put("a", row: 0, column: 1)
    #expect(b.lines() == [" a文字"])
    // Over the left half of 字 (column 4): its right half becomes a space.
    b.put("b", row: 0, column: 4)
    #expect(b.lines() == [" a文b "])
    // A wide glyph straddling two wide glyphs blanks both outer halves.
    var c = CellBuffer(width: 6, height: 1)
    c.put("中文字", row: 0, column: 0)
    c.put("码", row: 0, column: 1)
    #expect(c.lines() == [" 码 字"])
    #expect(c.lines().allSatisfy { DisplayWidthOf($0) == 6 })
  }

  @Test func resizeToSmallerKeepsTopLeftAndNeverSplitsAGlyph() {
    var b = CellBuffer(width: 8, height: 3)
    b.put("ab中文", row: 0, column: 0)
    b.put("row1", row: 1, column: 0)
    b.put("row2", row: 2, column: 0)
    b.resize(width: 5, height: 2)
    #expect(b.width == 5 && b.height == 2)
    #expect(b.lines() == ["ab中 ", "row1 "])
    b.resize(width: 7, height: 3)
    #expect(b.lines(trimmingTrailingSpaces: true) == ["ab中", "row1", ""])
  }

  @Test func outOfRangeWritesAreIgnored() {
    var b = CellBuffer(width: 3, height: 1)
    #expect(b.put("x", row: 1, column: 0) == 0)
    #expect(b.put("x", row: 0, column: 3) == 0)
    #expect(b.put("x", row: -1, column: 0) == 0)
    #expect(b.lines() == ["   "])
  }

  @Test func runsGroupCellsByStyle() {
    var b = CellBuffer(width: 6, height: 1)
    b.put("ab", row: 0, column: 0)
    b.put("中", row: 0, column: 2, style: .reverse)
    b.put("cd", row: 0, column: 4)
    let runs = b.runs(row: 0)
    #expect(runs.map(\.column) == [0, 2, 4])
    #expect(runs.map(\.text) == ["ab", "中", "cd"])
    #expect(runs.map(\.style) == [.plain, .reverse, .plain])
  }
}

func DisplayWidthOf(_ s: String) -> Int { DisplayWidth.of(s) }
