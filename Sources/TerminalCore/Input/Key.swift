/// The one key vocabulary shared by every front: the keypad of the terminal.
/// Card actions are not keys; they arrive as `Event.cardRead`.
/// How a key is written in a script is `InputToken.key(k).text`.
public enum Key: Hashable, Sendable {
  case digit(UInt8)  // 0...9
  case enter  // 确认
  case cancel  // 取消
  case backspace  // 退格

  /// The key a keyboard byte stands for, the one byte table of every front:
  /// `0`–`9` are digits; `\n` (0x0A) and `\r` (0x0D) are Enter; ESC (0x1B) is
  /// Cancel; DEL (0x7F) and BS (0x08) are Backspace. Any other byte is no key.
  ///
  /// A `\r\n` pair is one Enter; that is the tokenizer's business, not the table's.
  public init?(byte: UInt8) {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): self = .digit(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "\n"), UInt8(ascii: "\r"): self = .enter
    case 0x1B: self = .cancel
    case 0x7F, 0x08: self = .backspace
    default: return nil
    }
  }
}
