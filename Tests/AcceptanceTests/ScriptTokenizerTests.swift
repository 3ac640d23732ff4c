import Testing

@testable import ScriptFront

@Suite("Reading keystrokes and scripts")
struct ScriptTokenizerTests {
  @Test func rawBytesAreKeysAsAKeyboardSendsThem() {
    let bytes: [UInt8] = Array("1 50\r\n".utf8) + [0x1B, 0x7F, 0x08] + Array("\n".utf8)
    #expect(
      ScriptTokenizer.tokens(bytes, mode: .rawKeystrokes) == [
        .key(.digit(1)), .key(.digit(5)), .key(.digit(0)), .key(.enter), .key(.cancel),
        .key(.backspace), .key(.backspace), .key(.enter),
      ])
  }

  @Test func namedTokensMixIntoTheStream() {
    let text = "<enter>01<ENTER><swipe 8><swipe-wav /tmp/a b.wav><wait 61><bksp><cancel>"
    #expect(
      ScriptTokenizer.tokens(Array(text.utf8), mode: .rawKeystrokes) == [
        .key(.enter), .key(.digit(0)), .key(.digit(1)), .key(.enter), .swipe(8),
        .swipeWAV("/tmp/a b.wav"), .wait(61), .key(.backspace), .key(.cancel),
      ])
  }

  @Test func scriptFilesIgnoreLineBreaksAndComments() {
    let script = """
      # sign in
      <enter> 01<enter>   # operator
      0000 <enter>
      1 5000<enter>
      """
    let tokens = ScriptTokenizer.tokens(Array(script.utf8), mode: .scriptFile)
    #expect(tokens.count == 15)
    #expect(!tokens.contains(.ignored("ignored character 's'")))
    #expect(tokens.filter { $0 == .key(.enter) }.count == 4)
  }

  @Test func garbageIsReportedNotFatal() {
    let tokens = ScriptTokenizer.tokens(
      [0x00, 0xFF] + Array("x<swipe q><nope><wait".utf8), mode: .rawKeystrokes)
    #expect(
      tokens == [
        .ignored("ignored byte 0x0"), .ignored("ignored byte 0xFF"),
        .ignored("ignored character 'x'"),
        .ignored("<swipe q>: the card number must be a positive whole number"),
        .ignored("unknown token <nope>"), .ignored("'<' without a closing '>'"),
        .ignored("ignored character 'w'"), .ignored("ignored character 'a'"),
        .ignored("ignored character 'i'"), .ignored("ignored character 't'"),
      ])
  }
}
