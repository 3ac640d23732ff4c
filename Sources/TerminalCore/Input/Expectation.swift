/// What a self-checking script says the terminal should show at that point
/// (`<expect TEXT>`, `<expect-slip TEXT>`, `<expect-code NN>`, `<expect-exit N>`).
///
/// It is input to the script front, never to the terminal: the front checks it
/// against what the terminal showed, printed and was answered, and the core never
/// sees it (no `Event` is made of it).
public enum Expectation: Equatable, Sendable {
  /// The LCD on screen shows this text (whitespace normalised, anywhere on the screen).
  case screen(String)
  /// The last slip printed contains this text (whitespace normalised).
  case slip(String)
  /// The last host reply carried this response code (field 39: `00`, `51`, `Q1`…).
  case responseCode(String)
  /// The run's own exit status (0, 2, 3 or 4), checked when the input has ended.
  case exit(Int32)

  /// The highest `<expect-exit N>` a process can exit with.
  public static let maximumExitStatus: Int32 = 255

  /// The token as a script writes it.
  public var text: String {
    switch self {
    case .screen(let text): return "<expect \(text)>"
    case .slip(let text): return "<expect-slip \(text)>"
    case .responseCode(let code): return "<expect-code \(code)>"
    case .exit(let status): return "<expect-exit \(status)>"
    }
  }

  /// Text as an expectation compares it: every run of whitespace (spaces, tabs,
  /// line breaks, the ideographic space) is one space, and none at either end. A
  /// wide character stays one character: `交易成功` matches however the LCD pads it.
  public static func normalised(_ text: some StringProtocol) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for c in text {
      if c.isWhitespace {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace { out.append(" ") }
      pendingSpace = false
      out.append(c)
    }
    return out
  }
}
