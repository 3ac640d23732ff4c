/// Turns piped keystrokes or a script file into `InputToken`s, chunk by chunk.
///
/// Two modes:
/// - `.rawKeystrokes` (piped stdin): every byte is a key as a keyboard sends it
///   (`Key.init(byte:)`): digits; `\n` or `\r` = Enter, and `\r\n` is one Enter;
///   ESC = Cancel; DEL or BS = Backspace. Spaces and tabs are ignored.
/// - `.scriptFile`: the same, but all whitespace (space, tab, `\n`, `\r`) is
///   ignored and `#` starts a comment that runs to the end of the line.
///
/// Named tokens mix in anywhere (names are case-insensitive; spaces or tabs
/// separate the argument): `<enter>`, `<cancel>` or `<esc>`, `<bksp>` or
/// `<backspace>`, `<swipe N>` (N ≥ 1), `<insert N>`, `<tap N>`, `<remove>`,
/// `<swipe-wav PATH>`, and in a lesson `<swipe>`, `<insert>`, `<tap>`, `<scan>`
/// without an argument (what the customer presents) and `<retain>`, `<signed>`,
/// `<next>` (what the cashier does), `<wait S>` (S a
/// number of seconds, 0 ≤ S ≤ 315,360,000, ten years), `<paper>`, and the
/// secret-entry tokens `<pin>`, `<password>` or `<password NN>` (NN two digits)
/// and `<masked N>` (0 ≤ N ≤ 12) (see `SecretEntry`), and `<scan CODE>` (the
/// payment code on the customer's phone, as the QR scanner reads it), and a
/// self-checking script's expectations: `<expect TEXT>`, `<expect-slip TEXT>`,
/// `<expect-code NN>` (two letters or digits) and `<expect-exit N>` (0–255)
/// (see `Expectation`; TEXT keeps its inner spaces and holds no `<` or `>`). A bad
/// argument or an unknown name gives one `.ignored` token saying why. Any other
/// byte gives `.ignored` too; nothing stops the input.
///
/// A named token runs from `<` to the first `>`, at most
/// `maximumNamedTokenLength` (256) bytes including both. If a line break,
/// another `<` or the end of input comes first, or the token would grow longer,
/// the `<` alone is reported as `.ignored("'<' without a closing '>'…")` and
/// reading resumes with the byte right after it, so the bytes that followed are
/// read as ordinary input. This keeps memory bounded and the work linear: a
/// byte is read at most twice.
///
/// The tokenizer looks at one byte at a time and never ahead, so the tokens do
/// not depend on how the input is cut into chunks: feeding `<swi` then `pe 2>`,
/// or `\r` then `\n`, gives what feeding them at once gives.
public struct InputTokenizer: Sendable {
  public enum Mode: Sendable, Equatable { case rawKeystrokes, scriptFile }

  /// The longest named token, from `<` to `>` inclusive.
  public static let maximumNamedTokenLength = 256
  /// The longest `<wait S>`: ten years of 365 days.
  public static let maximumWaitSeconds: Double = 315_360_000

  public let mode: Mode

  /// Inside a named token: the bytes after the `<` so far.
  private var body: [UInt8] = []
  private var inNamed = false
  /// Script files: inside a `#` comment.
  private var inComment = false
  /// Raw keystrokes: the previous byte was a `\r` read as Enter.
  private var afterCR = false

  public init(mode: Mode) {
    self.mode = mode
    body.reserveCapacity(Self.maximumNamedTokenLength)
  }

  /// Reads the next chunk of input; returns the tokens it completes. A named
  /// token cut by the end of the chunk waits for the next chunk or `finish()`.
  public mutating func feed(_ bytes: some Collection<UInt8>) -> [InputToken] {
    var out: [InputToken] = []
    for byte in bytes { read(byte, into: &out) }
    return out
  }

  /// The input has ended: returns what an unfinished named token leaves
  /// (its `<` reported, the bytes after it read as input) and starts afresh.
  public mutating func finish() -> [InputToken] {
    var out: [InputToken] = []
    if inNamed { abandonNamed(because: "'<' without a closing '>'", into: &out) }
    inComment = false
    afterCR = false
    return out
  }

  /// All the tokens of a whole text (a script file, a test's keys).
  public static func tokens(_ text: String, mode: Mode) -> [InputToken] {
    tokens(text.utf8, mode: mode)
  }

  /// All the tokens of a whole input.
  public static func tokens(_ bytes: some Collection<UInt8>, mode: Mode) -> [InputToken] {
    var tokenizer = InputTokenizer(mode: mode)
    return tokenizer.feed(bytes) + tokenizer.finish()
  }

  // MARK: - One byte at a time

  private static let lessThan = UInt8(ascii: "<")
  private static let greaterThan = UInt8(ascii: ">")
  private static let lineFeed = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")

  private mutating func read(_ byte: UInt8, into out: inout [InputToken]) {
    if inNamed {
      if byte == Self.greaterThan {
        out.append(Self.named(body))
        inNamed = false
        body.removeAll(keepingCapacity: true)
        return
      }
      if byte == Self.lineFeed || byte == Self.lessThan {
        abandonNamed(because: "'<' without a closing '>'", into: &out)
      } else if body.count + 2 >= Self.maximumNamedTokenLength {
        abandonNamed(
          because: "'<' without a closing '>' within \(Self.maximumNamedTokenLength) bytes",
          into: &out)
      } else {
        body.append(byte)
        return
      }
    }
    readOutside(byte, into: &out)
  }

  /// Reports the `<` and reads the bytes after it as ordinary input. They hold
  /// no `<` (one would have ended the token), so none of them opens a token.
  private mutating func abandonNamed(because reason: String, into out: inout [InputToken]) {
    out.append(.ignored(reason))
    inNamed = false
    for i in body.indices { readOutside(body[i], into: &out) }
    body.removeAll(keepingCapacity: true)
  }

  /// A byte outside any named token.
  private mutating func readOutside(_ byte: UInt8, into out: inout [InputToken]) {
    let wasCR = afterCR
    afterCR = false
    if inComment {
      if byte == Self.lineFeed { inComment = false }
      return
    }
    switch byte {
    case UInt8(ascii: " "), UInt8(ascii: "\t"):
      return
    case Self.lineFeed, Self.carriageReturn:
      guard mode == .rawKeystrokes else { return }
      if byte == Self.lineFeed && wasCR { return }  // \r\n: one Enter
      afterCR = byte == Self.carriageReturn
      out.append(.key(.enter))
    case UInt8(ascii: "#") where mode == .scriptFile:
      inComment = true
    case Self.lessThan:
      inNamed = true
    default:
      if let key = Key(byte: byte) {
        out.append(.key(key))
      } else {
        out.append(.ignored(Self.describe(byte)))
      }
    }
  }

  // MARK: - Named tokens

  /// The token for the bytes between `<` and `>`.
  static func named(_ bytes: [UInt8]) -> InputToken {
    let body = trimmed(Substring(String(decoding: bytes, as: UTF8.self)))
    let name: Substring
    let argument: Substring?
    if let gap = body.firstIndex(where: isBlank) {
      name = body[..<gap]
      argument = trimmed(body[gap...])
    } else {
      name = body
      argument = nil
    }
    switch (name.lowercased(), argument.map(String.init)) {
    case ("enter", nil): return .key(.enter)
    case ("cancel", nil), ("esc", nil): return .key(.cancel)
    case ("bksp", nil), ("backspace", nil): return .key(.backspace)
    case ("paper", nil): return .paper
    case ("swipe", nil): return .presented(.swipe)
    case ("swipe", let a?):
      if let n = Int(a), n > 0 { return .swipe(n) }
      return .ignored("<swipe \(printable(a))>: the card number must be a positive whole number")
    // Chip and contactless
    case ("insert", nil): return .presented(.insert)
    case ("insert", let a?):
      if let n = Int(a), n > 0 { return .insert(n) }
      return .ignored("<insert \(printable(a))>: the card number must be a positive whole number")
    case ("tap", nil): return .presented(.tap)
    case ("tap", let a?):
      if let n = Int(a), n > 0 { return .tap(n) }
      return .ignored("<tap \(printable(a))>: the card number must be a positive whole number")
    case ("retain", nil): return .cashier(.retain)
    case ("signed", nil): return .cashier(.signed)
    case ("next", nil): return .cashier(.next)
    case ("retain", _?), ("signed", _?), ("next", _?):
      return .ignored("<\(name.lowercased())>: takes no argument")
    case ("remove", nil): return .remove
    case ("remove", _?): return .ignored("<remove>: takes no argument (the card in the slot)")
    case ("swipe-wav", nil): return .ignored("<swipe-wav>: needs the path of a WAV file")
    case ("swipe-wav", let a?): return .swipeWAV(a)
    case ("scan", nil): return .presented(.scan)
    case ("scan", let a?): return .scan(a)
    case ("wait", nil): return .ignored("<wait>: needs a number of seconds")
    case ("wait", let a?): return wait(a)
    case ("pin", nil): return .secret(.pin)
    case ("pin", _?): return .ignored("<pin>: takes no argument (the deck holds the PIN)")
    case ("password", nil): return .secret(.password(operatorNo: nil))
    case ("password", let a?):
      // Never echoed: a script writer may have put the password itself here.
      if a.count == 2, a.allSatisfy({ $0 >= "0" && $0 <= "9" }) {
        return .secret(.password(operatorNo: a))
      }
      return .ignored(
        "<password …>: the argument is the two-digit operator number, not the password")
    case ("masked", nil): return .ignored("<masked>: needs a number of digits")
    case ("masked", let a?):
      if let n = Int(a), n >= 0, n <= SecretEntry.maximumMaskedDigits {
        return .secret(.masked(digits: n))
      }
      // Not echoed either: it stands in for secret digits.
      return .ignored(
        "<masked …>: the number of digits must be 0 to \(SecretEntry.maximumMaskedDigits)")
    case ("expect", nil): return .ignored("<expect>: needs the text the screen should show")
    case ("expect", let a?): return .expect(.screen(a))
    case ("expect-slip", nil): return .ignored("<expect-slip>: needs the text the slip should hold")
    case ("expect-slip", let a?): return .expect(.slip(a))
    case ("expect-code", nil): return .ignored("<expect-code>: needs a response code (00, 51…)")
    case ("expect-code", let a?):
      if a.count == 2, a.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
        return .expect(.responseCode(a.uppercased()))
      }
      return .ignored(
        "<expect-code \(printable(a))>: a response code is two letters or digits (00, 51, Q1)")
    case ("expect-exit", nil): return .ignored("<expect-exit>: needs an exit status (0–255)")
    case ("expect-exit", let a?):
      if a.allSatisfy({ $0 >= "0" && $0 <= "9" }), let n = Int32(a),
        n <= Expectation.maximumExitStatus
      {
        return .expect(.exit(n))
      }
      return .ignored(
        "<expect-exit \(printable(a))>: the exit status must be a whole number 0 to \(Expectation.maximumExitStatus)"
      )
    default: return .ignored("unknown token <\(printable(String(body)))>")
    }
  }

  private static func wait(_ argument: String) -> InputToken {
    let shown = "<wait \(printable(argument))>"
    guard let seconds = Double(argument), !seconds.isNaN else {
      return .ignored("\(shown): seconds must be a number")
    }
    if seconds < 0 { return .ignored("\(shown): seconds must not be negative") }
    if !(seconds <= maximumWaitSeconds) {
      return .ignored(
        "\(shown): at most \(InputToken.format(seconds: maximumWaitSeconds)) seconds (10 years)")
    }
    return .wait(seconds)
  }

  private static func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" }

  private static func trimmed(_ s: Substring) -> Substring {
    guard let first = s.firstIndex(where: { !isBlank($0) }),
      let last = s.lastIndex(where: { !isBlank($0) })
    else { return s[s.endIndex...] }
    return s[first...last]
  }

  /// Text echoed into a report, with control characters shown as `\u{1B}`.
  public static func printable(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  private static func describe(_ b: UInt8) -> String {
    if b >= 0x21 && b < 0x7F {
      return "ignored character '\(Character(UnicodeScalar(b)))'"
    }
    return "ignored byte 0x" + String(b, radix: 16, uppercase: true)
  }
}
