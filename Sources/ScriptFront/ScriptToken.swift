import Foundation
import TerminalCore

/// One step of a scripted run.
public enum ScriptToken: Equatable, Sendable {
  case key(Key)
  case swipe(Int)  // deck card N
  case swipeWAV(String)  // a path
  case wait(Double)  // seconds of virtual time
  /// Input that is not a key: reported in the transcript, otherwise ignored.
  case ignored(String)
}

/// Turns piped bytes or a script file into tokens.
///
/// - Raw keystrokes (piped stdin): every byte is a key as a keyboard sends it:
///   digits; `\n` or `\r` (or `\r\n`) = Enter; ESC = Cancel; 0x7f or 0x08 = Backspace;
///   spaces and tabs are ignored.
/// - Script files: the same tokens and digits, but all whitespace is ignored and
///   `#` starts a comment that runs to the end of the line.
/// Named tokens mix in anywhere: `<enter>`, `<cancel>`, `<bksp>`, `<swipe N>`,
/// `<swipe-wav PATH>`, `<wait SECONDS>`.
public enum ScriptTokenizer {
  public enum Mode: Sendable { case rawKeystrokes, scriptFile }

  public static func tokens(_ bytes: [UInt8], mode: Mode) -> [ScriptToken] {
    var out: [ScriptToken] = []
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        out.append(.key(.digit(b - UInt8(ascii: "0"))))
      case UInt8(ascii: " "), UInt8(ascii: "\t"):
        break
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        if mode == .rawKeystrokes {
          out.append(.key(.enter))
          if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") {
            i += 1
          }
        }
      case 0x1B:
        out.append(.key(.cancel))
      case 0x7F, 0x08:
        out.append(.key(.backspace))
      case UInt8(ascii: "#") where mode == .scriptFile:
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
      case UInt8(ascii: "<"):
        guard let close = bytes[i...].firstIndex(of: UInt8(ascii: ">")),
          !bytes[i..<close].contains(UInt8(ascii: "\n"))
        else {
          out.append(.ignored("'<' without a closing '>'"))
          break
        }
        out.append(named(String(decoding: bytes[(i + 1)..<close], as: UTF8.self)))
        i = close
      default:
        out.append(.ignored(describe(bytes, at: i)))
      }
      i += 1
    }
    return out
  }

  static func named(_ body: String) -> ScriptToken {
    let trimmed = body.trimmingCharacters(in: .whitespaces)
    let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
    let name = parts.first?.lowercased() ?? ""
    let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
    switch (name, arg) {
    case ("enter", nil): return .key(.enter)
    case ("cancel", nil), ("esc", nil): return .key(.cancel)
    case ("bksp", nil), ("backspace", nil): return .key(.backspace)
    case ("swipe", let a?):
      if let n = Int(a), n > 0 { return .swipe(n) }
      return .ignored("<swipe \(a)>: the card number must be a positive whole number")
    case ("swipe-wav", let a?): return .swipeWAV(a)
    case ("wait", let a?):
      if let s = Double(a), s >= 0, s.isFinite { return .wait(s) }
      return .ignored("<wait \(a)>: seconds must be a number ≥ 0")
    default: return .ignored("unknown token <\(trimmed)>")
    }
  }

  private static func describe(_ bytes: [UInt8], at i: Int) -> String {
    let b = bytes[i]
    if b >= 0x21 && b < 0x7F {
      return "ignored character '\(Character(UnicodeScalar(b)))'"
    }
    return "ignored byte 0x" + String(b, radix: 16, uppercase: true)
  }
}
