/// What a key did to a field being typed at the keypad.
enum KeypadEntry: Equatable {
  /// A digit or Backspace changed the field (or left it, at its limit or empty).
  case edited
  case enter
  case cancel
}

/// The one way a digit field is typed: a digit appends (up to the field's limit),
/// Backspace takes the last one off; Enter and Cancel are the flow's to act on.
extension Key {
  func edit(_ field: inout String, max: Int) -> KeypadEntry {
    switch self {
    case .digit(let d):
      if field.count < max { field.append(Character(Unicode.Scalar(UInt8(ascii: "0") + d))) }
      return .edited
    case .backspace:
      if !field.isEmpty { field.removeLast() }
      return .edited
    case .enter: return .enter
    case .cancel: return .cancel
    }
  }

  func edit(_ field: inout SecretDigits, max: Int) -> KeypadEntry {
    switch self {
    case .digit(let d):
      field.append(d, max: max)
      return .edited
    case .backspace:
      field.removeLast()
      return .edited
    case .enter: return .enter
    case .cancel: return .cancel
    }
  }

  /// An amount in fen: each digit shifts it left; a digit that would pass `max` is
  /// refused and the amount stays.
  func edit(amount fen: inout Int64, max: Int64) -> KeypadEntry {
    switch self {
    case .digit(let d):
      let next = fen * 10 + Int64(d)
      if next <= max { fen = next }
      return .edited
    case .backspace:
      fen /= 10
      return .edited
    case .enter: return .enter
    case .cancel: return .cancel
    }
  }
}
