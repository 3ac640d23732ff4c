/// The one key vocabulary shared by every front: the keypad of the terminal.
/// Card actions are not keys; they arrive as `Event.cardRead`.
public enum Key: Hashable, Sendable {
  case digit(UInt8)  // 0...9
  case enter  // 确认
  case cancel  // 取消
  case backspace  // 退格

  /// The token a script uses for this key (`5`, `<enter>`, `<cancel>`, `<bksp>`).
  public var scriptToken: String {
    switch self {
    case .digit(let d): return String(d)
    case .enter: return "<enter>"
    case .cancel: return "<cancel>"
    case .backspace: return "<bksp>"
    }
  }
}
