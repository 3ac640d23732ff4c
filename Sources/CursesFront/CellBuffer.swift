import TerminalCore

/// How a cell is drawn; the plain-text goldens ignore it.
public enum CellStyle: UInt8, Sendable, Equatable {
  case plain, bold, reverse
}

/// One screen cell. A wide glyph occupies a lead cell (`width == 2`) and the
/// continuation cell to its right (`width == 0`, empty text).
public struct Cell: Sendable, Equatable {
  public var text: String
  public var width: Int
  public var style: CellStyle
  public static let blank = Cell(text: " ", width: 1, style: .plain)
  public init(text: String, width: Int, style: CellStyle = .plain) {
    self.text = text
    self.width = width
    self.style = style
  }
}

/// A grid of cells measured in display columns (CJK = 2), like ratatui's Buffer:
/// text is clipped at the right edge, a wide glyph is never split, and writing over
/// half of a wide glyph blanks its other half.
public struct CellBuffer: Sendable, Equatable {
  public private(set) var width: Int
  public private(set) var height: Int
  private var cells: [Cell]

  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: .blank, count: self.width * self.height)
  }

  public subscript(row: Int, column: Int) -> Cell {
    cells[row * width + column]
  }

  /// Writes `text` from (`row`, `column`), using at most `maxColumns` columns and never
  /// past the right edge. A wide glyph that would cross the limit becomes a space.
  /// Returns the number of columns written.
  @discardableResult
  public mutating func put(
    _ text: String, row: Int, column: Int, maxColumns: Int? = nil, style: CellStyle = .plain
  ) -> Int {
    guard row >= 0, row < height, column >= 0, column < width else { return 0 }
    let limit = min(width, column + max(0, maxColumns ?? width))
    var col = column
    for ch in text {
      let w = DisplayWidth.of(ch)
      if w == 0 { continue }  // control and format characters take no cell
      if col + w > limit {
        if col < limit {
          set(row, col, Cell(text: " ", width: 1, style: style))
          col += 1
        }
        break
      }
      if w == 2 {
        set(row, col, Cell(text: String(ch), width: 2, style: style))
        set(row, col + 1, Cell(text: "", width: 0, style: style))
      } else {
        set(row, col, Cell(text: String(ch), width: 1, style: style))
      }
      col += w
    }
    return col - column
  }

  /// Fills `columns` cells from (`row`, `column`) with `character` (width 1).
  public mutating func fill(
    _ character: Character, row: Int, column: Int, columns: Int, style: CellStyle = .plain
  ) {
    guard columns > 0 else { return }
    put(
      String(repeating: String(character), count: columns), row: row, column: column,
      maxColumns: columns, style: style)
  }

  /// Changes the style of a span without touching its text.
  public mutating func restyle(row: Int, column: Int, columns: Int, style: CellStyle) {
    guard row >= 0, row < height else { return }
    for c in max(0, column)..<min(width, column + columns) { cells[row * width + c].style = style }
  }

  /// Keeps the top-left content that still fits; a wide glyph cut by the new right
  /// edge becomes a space.
  public mutating func resize(width newWidth: Int, height newHeight: Int) {
    var next = CellBuffer(width: newWidth, height: newHeight)
    for r in 0..<min(height, next.height) {
      for c in 0..<min(width, next.width) {
        var cell = self[r, c]
        if cell.width == 2, c + 1 >= next.width {
          cell = Cell(text: " ", width: 1, style: cell.style)
        }
        next.cells[r * next.width + c] = cell
      }
    }
    self = next
  }

  /// The rows as text (continuation cells skipped), each exactly `width` columns.
  public func lines(trimmingTrailingSpaces trim: Bool = false) -> [String] {
    (0..<height).map { r in
      var s = ""
      for c in 0..<width {
        let cell = self[r, c]
        if cell.width != 0 { s += cell.text }
      }
      if trim { while s.last == " " { s.removeLast() } }
      return s
    }
  }

  /// The runs of one row that share a style, as (start column, text, style).
  public func runs(row: Int) -> [(column: Int, text: String, style: CellStyle)] {
    var out: [(column: Int, text: String, style: CellStyle)] = []
    var start = 0
    var text = ""
    var style = CellStyle.plain
    for c in 0..<width {
      let cell = self[row, c]
      if cell.width == 0 { continue }
      if c == 0 {
        style = cell.style
      } else if cell.style != style {
        out.append((start, text, style))
        start = c
        text = ""
        style = cell.style
      }
      text += cell.text
    }
    if width > 0 { out.append((start, text, style)) }
    return out
  }

  private mutating func set(_ r: Int, _ c: Int, _ cell: Cell) {
    guard c >= 0, c < width else { return }
    let old = cells[r * width + c]
    // Writing over half of a wide glyph blanks the other half.
    if old.width == 0, c > 0, cells[r * width + c - 1].width == 2 {
      cells[r * width + c - 1] = Cell(text: " ", width: 1, style: cells[r * width + c - 1].style)
    }
    if old.width == 2, c + 1 < width, cells[r * width + c + 1].width == 0 {
      cells[r * width + c + 1] = Cell(text: " ", width: 1, style: old.style)
    }
    cells[r * width + c] = cell
  }
}
