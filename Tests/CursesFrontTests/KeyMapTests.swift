import TerminalCore
import Testing

@testable import CursesFront

@Suite struct KeyMapTests {
  func ch(_ c: Character) -> InputKey { .char(c.unicodeScalars.first!.value) }

  @Test func keypadKeys() {
    for d in 0...9 {
      #expect(KeyMap.action(for: ch(Character(String(d)))) == .key(.digit(UInt8(d))))
    }
    #expect(KeyMap.action(for: .char(10)) == .key(.enter))
    #expect(KeyMap.action(for: .char(13)) == .key(.enter))
    #expect(KeyMap.action(for: .function(CursesKeyCode.enter)) == .key(.enter))
    #expect(KeyMap.action(for: .char(27)) == .key(.cancel))
    #expect(KeyMap.action(for: .char(127)) == .key(.backspace))
    #expect(KeyMap.action(for: .char(8)) == .key(.backspace))
    #expect(KeyMap.action(for: .function(CursesKeyCode.backspace)) == .key(.backspace))
    // Plain characters go through the one byte table every front shares.
    for c: UInt32 in 0..<0x80 {
      if let key = Key(byte: UInt8(c)) { #expect(KeyMap.action(for: .char(c)) == .key(key)) }
    }
    // A wide character is never a key, whatever its low byte.
    #expect(KeyMap.action(for: .char(0x130)) == .ignore)  // 'İ', low byte '0'
    #expect(KeyMap.action(for: .char(0x50D)) == .ignore)  // low byte '\r'
  }

  @Test func cardTrayPrinterAndQuit() {
    for n: Int32 in 1...8 {
      #expect(KeyMap.action(for: .function(CursesKeyCode.f(n))) == .swipe(Int(n)))
    }
    #expect(KeyMap.action(for: .function(CursesKeyCode.f(9))) == .swipeSelected)
    #expect(KeyMap.action(for: ch("s")) == .swipeSelected)
    #expect(KeyMap.action(for: .function(CursesKeyCode.up)) == .selectPrevious)
    #expect(KeyMap.action(for: .function(CursesKeyCode.down)) == .selectNext)
    #expect(KeyMap.action(for: .char(9)) == .selectNext)
    #expect(KeyMap.action(for: .function(CursesKeyCode.backTab)) == .selectPrevious)
    #expect(KeyMap.action(for: .function(CursesKeyCode.previousPage)) == .paperUp)
    #expect(KeyMap.action(for: .function(CursesKeyCode.nextPage)) == .paperDown)
    #expect(KeyMap.action(for: ch("p")) == .reloadPaper)
    #expect(KeyMap.action(for: ch("P")) == .reloadPaper)
    #expect(KeyMap.action(for: ch("q")) == .quit)
    #expect(KeyMap.action(for: .function(CursesKeyCode.f(10))) == .quit)
    #expect(KeyMap.action(for: .function(CursesKeyCode.resize)) == .resize)
    #expect(KeyMap.action(for: ch("x")) == .ignore)
    #expect(KeyMap.action(for: ch(".")) == .ignore)
  }

  /// In a lesson `s`/F9, `i`, `t`, `c` act on what the customer presents and `k`,
  /// `g`, `n` are the cashier's; outside a lesson those three are ignored and the
  /// other keys mean what they always did.
  @Test func lessonKeys() {
    let lesson: [(InputKey, FaceAction)] = [
      (ch("s"), .present(.swipe)), (ch("S"), .present(.swipe)),
      (.function(CursesKeyCode.f(9)), .present(.swipe)), (ch("i"), .present(.insert)),
      (ch("t"), .present(.tap)), (ch("c"), .present(.scan)), (ch("C"), .present(.scan)),
      (ch("k"), .cashier(.retain)), (ch("K"), .cashier(.retain)), (ch("g"), .cashier(.signed)),
      (ch("n"), .cashier(.next)), (ch("N"), .cashier(.next)),
    ]
    for (input, action) in lesson {
      #expect(KeyMap.action(for: input, inLesson: true) == action, "\(input)")
    }
    for c: Character in ["k", "K", "g", "G", "n", "N"] {
      #expect(KeyMap.action(for: ch(c)) == .ignore)
      #expect(KeyMap.action(for: ch(c), inLesson: false) == .ignore)
    }
    #expect(KeyMap.action(for: ch("s")) == .swipeSelected)
    #expect(KeyMap.action(for: .function(CursesKeyCode.f(9))) == .swipeSelected)
    #expect(KeyMap.action(for: ch("i")) == .insertSelected)
    #expect(KeyMap.action(for: ch("t")) == .tapSelected)
    #expect(KeyMap.action(for: ch("c")) == .scanSelected)
    // The rest is the same in a lesson.
    for input: InputKey in [
      ch("5"), .char(13), .char(27), .char(127), ch("q"), ch("p"), ch("r"), ch("x"), .char(9),
      .function(CursesKeyCode.f(1)), .function(CursesKeyCode.f(10)),
      .function(CursesKeyCode.nextPage), .function(CursesKeyCode.resize), .char(0x130),
    ] {
      #expect(KeyMap.action(for: input, inLesson: true) == KeyMap.action(for: input), "\(input)")
    }
  }

  @Test func codesMatchCursesH() {
    // KEY_F(n) is a macro; the shim exposes it for this check.
    #expect(CursesKeyCode.f(1) == Int32(cursesKeyF(1)))
    #expect(CursesKeyCode.f(10) == Int32(cursesKeyF(10)))
  }
}
