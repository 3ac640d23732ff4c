/// What the terminal's LCD shows, as data. The core builds it; fronts only draw it
/// (see `LCD.rows(of:)` for the one shared layout).
public struct Screen: Equatable, Sendable {
  public enum Align: Equatable, Sendable { case left, center, right }

  public struct Line: Equatable, Sendable {
    public var text: String
    public var align: Align
    public init(_ text: String, align: Align = .left) {
      self.text = text
      self.align = align
    }
  }

  /// The field being edited. `display` is already masked when `masked` is true
  /// (PIN and password show `*` only; the digits never leave the core).
  public struct Field: Equatable, Sendable {
    public var display: String
    public var masked: Bool
    public var align: Align
    public init(display: String, masked: Bool, align: Align = .right) {
      self.display = display
      self.masked = masked
      self.align = align
    }
  }

  public var title: String
  public var lines: [Line]
  public var field: Field?
  /// The bottom prompt, e.g. "确认/取消".
  public var footer: String?

  public init(title: String, lines: [Line] = [], field: Field? = nil, footer: String? = nil) {
    self.title = title
    self.lines = lines
    self.field = field
    self.footer = footer
  }
}

/// The LCD geometry and its one layout, shared by the transcript and the curses face.
public enum LCD {
  public static let columns = 24
  public static let rows = 8

  /// Exactly `rows` strings of exactly `columns` display columns:
  /// title centred on row 0, body lines, the field right-aligned after the body,
  /// footer on the last row. A line wider than the LCD wraps over as many rows as
  /// it needs (at spaces in English); rows that do not fit are dropped from the
  /// bottom of the body, the field kept.
  public static func rows(of screen: Screen) -> [String] {
    var body = screen.lines.flatMap { line in
      // A line that fits keeps its own spacing (the self-check's aligned columns).
      DisplayWidth.of(line.text) <= columns
        ? [line]
        : DisplayWidth.wrap(line.text, to: columns).map { Screen.Line($0, align: line.align) }
    }
    if let field = screen.field {
      body.append(Screen.Line(field.display, align: field.align))
    }
    let bodyRows = rows - 1 - (screen.footer == nil ? 0 : 1)
    if body.count > bodyRows {
      // Keep the field visible: it is the last body line.
      if screen.field != nil {
        let fieldLine = body.removeLast()
        body = Array(body.prefix(bodyRows - 1)) + [fieldLine]
      } else {
        body = Array(body.prefix(bodyRows))
      }
    }
    var out = [DisplayWidth.center(screen.title, in: columns)]
    for line in body { out.append(layout(line)) }
    while out.count < rows - (screen.footer == nil ? 0 : 1) {
      out.append(blankRow)
    }
    if let footer = screen.footer { out.append(DisplayWidth.center(footer, in: columns)) }
    return out
  }

  private static let blankRow = String(repeating: " ", count: columns)

  private static func layout(_ line: Screen.Line) -> String {
    switch line.align {
    case .left: return DisplayWidth.pad(line.text, to: columns)
    case .center: return DisplayWidth.center(line.text, in: columns)
    case .right: return DisplayWidth.padLeft(line.text, to: columns)
    }
  }
}
