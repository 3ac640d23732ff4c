/// One step of input, whatever it came from: a byte piped in, a script file, a
/// key at the face, a recording. Its `text` is the one way to write it, and
/// `InputTokenizer` reads that text back.
public enum InputToken: Equatable, Sendable {
  case key(Key)
  case swipe(Int)  // deck card N
  // Chip and contactless
  /// Deck card N into the chip slot.
  case insert(Int)
  /// Deck card N held to the antenna (闪付).
  case tap(Int)
  /// The card out of the chip slot.
  case remove
  case swipeWAV(String)  // a path
  case wait(Double)  // seconds of virtual time
  /// The trainer reloads the printer's paper.
  case paper
  /// A PIN or password typed into the masked field on screen, written without
  /// its digits: `<pin>`, `<password NN>`, `<masked N>` (see `SecretEntry`).
  case secret(SecretEntry)
  /// Input that is not a key: reported in the transcript, otherwise ignored.
  case ignored(String)
  /// The QR scanner reads this payment code off the customer's phone (digits as the
  /// phone shows them; anything else is the terminal's 无效付款码).
  case scan(String)
  /// A lesson: the card or phone the customer at the counter presents, swiped,
  /// inserted, tapped or scanned (`<swipe>`, `<insert>`, `<tap>`, `<scan>`).
  case presented(PresentedAction)
  /// A lesson: what the cashier does that the terminal cannot see (`<retain>`,
  /// `<signed>`, `<next>`).
  case cashier(CashierAction)
  /// A self-checking script's expectation: checked by the script front against what
  /// the terminal showed, never fed to the terminal (see `Expectation`).
  case expect(Expectation)

  /// The token as a script writes it: `5`, `<enter>`, `<cancel>`, `<bksp>`,
  /// `<swipe 3>`, `<insert 9>`, `<tap 9>`, `<remove>`, `<swipe-wav PATH>`, `<wait 60>` (whole seconds without `.0`,
  /// others as Swift prints a `Double`, e.g. `<wait 0.5>`), `<paper>`, `<pin>`,
  /// `<password 01>` (`<password>` without a number), `<masked 4>`, `<scan CODE>`,
  /// `<expect TEXT>`, `<expect-slip TEXT>`, `<expect-code NN>`, `<expect-exit N>`.
  ///
  /// `InputTokenizer` reads every token it produces back from its text, except
  /// `.ignored`, whose text is empty (there is nothing to replay). A hand-made
  /// token that the tokenizer would refuse (`.digit(12)`, `.swipe(0)`,
  /// `.wait(-1)`, a path containing `>` or a line break or starting or ending
  /// with a space, `.masked(digits: 13)`, an operator number that is not two
  /// digits) still gets a text, but does not read back as itself.
  public var text: String {
    switch self {
    case .key(.digit(let d)): return String(d)
    case .key(.enter): return "<enter>"
    case .key(.cancel): return "<cancel>"
    case .key(.backspace): return "<bksp>"
    case .swipe(let n): return "<swipe \(n)>"
    case .insert(let n): return "<insert \(n)>"
    case .tap(let n): return "<tap \(n)>"
    case .remove: return "<remove>"
    case .swipeWAV(let path): return "<swipe-wav \(path)>"
    case .wait(let seconds): return "<wait \(Self.format(seconds: seconds))>"
    case .paper: return "<paper>"
    case .secret(.pin): return "<pin>"
    case .secret(.password(nil)): return "<password>"
    case .secret(.password(let no?)): return "<password \(no)>"
    case .secret(.masked(let n)): return "<masked \(n)>"
    case .ignored: return ""
    case .scan(let code): return "<scan \(code)>"
    case .presented(let action): return "<\(action.rawValue)>"
    case .cashier(let action): return "<\(action.rawValue)>"
    case .expect(let expectation): return expectation.text
    }
  }

  /// Seconds as `<wait S>` writes them: `60`, not `60.0`; `0.5`; never traps.
  public static func format(seconds s: Double) -> String {
    // Below 2^53 every whole Double is exact and fits an Int64.
    if s.isFinite, s == s.rounded(), abs(s) < 9_007_199_254_740_992 {
      return String(Int64(s))
    }
    return String(s)
  }
}

/// What the cashier does with the item the lesson's customer presents.
public enum PresentedAction: String, Sendable, Equatable, CaseIterable {
  case swipe, insert, tap, scan
}

/// A cashier's action at the counter that no terminal sees.
public enum CashierAction: String, Sendable, Equatable, CaseIterable {
  /// Keeps the card (没收), as a 43 or 41 asks.
  case retain
  /// Compares the signature on the merchant copy with the card.
  case signed
  /// Sends the customer on and serves the next one (请下一位).
  case next
}
