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
  public static func action(for input: InputKey) -> FaceAction {
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
}

/// `KEY_F(n)` as curses.h defines it (for checking `CursesKeyCode`).
func cursesKeyF(_ n: Int32) -> Int32 { cnc_key_f(n) }
