import CNcursesw
import TerminalCore

/// A key as `wget_wch` returns it: a character, or a function-key code (`KEY_CODE_YES`).
public enum InputKey: Equatable, Sendable {
  case char(UInt32)
  case function(Int32)
}

/// What a key means to the face.
public enum FaceAction: Equatable, Sendable {
  case key(Key)  // a keypad key, sent to the session
  case swipe(Int)  // swipe deck card N (1-based)
  case selectNext, selectPrevious, swipeSelected
  /// The QR scanner reads the selected phone's payment code (`c`).
  case scanSelected
  // Chip and contactless
  case insertSelected, tapSelected, removeCard
  case paperUp, paperDown
  case reloadPaper  // the trainer puts a new roll in the printer
  case quit  // asks first
  case resize
  case ignore
  // A lesson (`--lesson`): only `KeyMap.action(for:inLesson: true)` gives these.
  /// What the customer at the counter presents is swiped (`s`, F9), inserted (`i`),
  /// tapped (`t`) or scanned (`c`).
  case present(PresentedAction)
  /// What the cashier does that no terminal sees: `k` keeps the card (没收卡片),
  /// `g` checks the signature (核对签名), `n` calls the next customer (请下一位).
  case cashier(CashierAction)
}

/// ncurses key codes (the values of curses.h; `KEY_F(n)` is a macro Swift cannot import).
public enum CursesKeyCode {
  public static let down: Int32 = 0o402
  public static let up: Int32 = 0o403
  public static let backspace: Int32 = 0o407
  public static let f0: Int32 = 0o410
  public static func f(_ n: Int32) -> Int32 { f0 + n }
  public static let nextPage: Int32 = 0o522
  public static let previousPage: Int32 = 0o523
  public static let enter: Int32 = 0o527
  public static let backTab: Int32 = 0o541
  public static let resize: Int32 = 0o632
}

/// The key legend, as code: every key the face understands.
public enum KeyMap {
  /// `inLesson`: `s`/F9, `i`, `t`, `c` act on what the lesson's customer presents
  /// (not the tray's selection), and `k`, `g`, `n` are the cashier's; outside a
  /// lesson `k`, `g`, `n` are ignored.
  public static func action(for input: InputKey, inLesson: Bool = false) -> FaceAction {
    if inLesson, let action = lessonAction(for: input) { return action }
    switch input {
    case .char(let c):
      // Keypad keys come from the one byte table every front shares.
      if c < 0x80, let key = Key(byte: UInt8(c)) { return .key(key) }
      switch c {
      case 9: return .selectNext
      case UInt32(UInt8(ascii: "s")), UInt32(UInt8(ascii: "S")): return .swipeSelected
      case UInt32(UInt8(ascii: "c")), UInt32(UInt8(ascii: "C")): return .scanSelected
      case UInt32(UInt8(ascii: "i")), UInt32(UInt8(ascii: "I")): return .insertSelected
      case UInt32(UInt8(ascii: "t")), UInt32(UInt8(ascii: "T")): return .tapSelected
      case UInt32(UInt8(ascii: "r")), UInt32(UInt8(ascii: "R")): return .removeCard
      case UInt32(UInt8(ascii: "p")), UInt32(UInt8(ascii: "P")): return .reloadPaper
      case UInt32(UInt8(ascii: "q")), UInt32(UInt8(ascii: "Q")): return .quit
      default: return .ignore
      }
    case .function(let code):
      switch code {
      case CursesKeyCode.enter: return .key(.enter)
      case CursesKeyCode.backspace: return .key(.backspace)
      case CursesKeyCode.f(1)...CursesKeyCode.f(8): return .swipe(Int(code - CursesKeyCode.f0))
      case CursesKeyCode.f(9): return .swipeSelected
      case CursesKeyCode.f(10): return .quit
      case CursesKeyCode.up, CursesKeyCode.backTab: return .selectPrevious
      case CursesKeyCode.down: return .selectNext
      case CursesKeyCode.previousPage: return .paperUp
      case CursesKeyCode.nextPage: return .paperDown
      case CursesKeyCode.resize: return .resize
      default: return .ignore
      }
    }
  }

  /// The keys that mean something else in a lesson.
  static func lessonAction(for input: InputKey) -> FaceAction? {
    switch input {
    case .char(let c):
      guard c < 0x80 else { return nil }
      switch Character(Unicode.Scalar(UInt8(c))).lowercased() {
      case "s": return .present(.swipe)
      case "i": return .present(.insert)
      case "t": return .present(.tap)
      case "c": return .present(.scan)
      case "k": return .cashier(.retain)
      case "g": return .cashier(.signed)
      case "n": return .cashier(.next)
      default: return nil
      }
    case .function(let code):
      return code == CursesKeyCode.f(9) ? .present(.swipe) : nil
    }
  }
}

/// `KEY_F(n)` as curses.h defines it (for checking `CursesKeyCode`).
func cursesKeyF(_ n: Int32) -> Int32 { cnc_key_f(n) }
