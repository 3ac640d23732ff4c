import Testing

@testable import TerminalCore

@Suite("Expectation tokens")
struct ExpectationTokenTests {
  func script(_ text: String) -> [InputToken] { InputTokenizer.tokens(text, mode: .scriptFile) }

  @Test func eachExpectationIsReadAsWrittenAndWrittenAsRead() {
    let tokens: [InputToken] = [
      .expect(.screen("交易成功")), .expect(.screen("金额: 50.00")), .expect(.slip("持卡人存根")),
      .expect(.responseCode("51")), .expect(.responseCode("Q1")), .expect(.exit(0)),
      .expect(.exit(3)),
    ]
    #expect(
      tokens.map(\.text) == [
        "<expect 交易成功>", "<expect 金额: 50.00>", "<expect-slip 持卡人存根>", "<expect-code 51>",
        "<expect-code Q1>", "<expect-exit 0>", "<expect-exit 3>",
      ])
    #expect(script(tokens.map(\.text).joined(separator: " ")) == tokens)
  }

  @Test func theTextKeepsItsInnerSpacesAndMayHoldAHash() {
    // In a script file `#` starts a comment, but not inside a named token.
    #expect(script("<EXPECT  金额:  50.00 > # a comment") == [.expect(.screen("金额:  50.00"))])
    #expect(script("<expect-slip 卡号 #1>") == [.expect(.slip("卡号 #1"))])
    #expect(script("<expect-code q1>") == [.expect(.responseCode("Q1"))])
    #expect(script("<expect-exit 05>") == [.expect(.exit(5))])
  }

  @Test func aBadExpectationIsIgnoredSayingWhy() {
    let cases: [(String, String)] = [
      ("<expect>", "<expect>: needs the text the screen should show"),
      ("<expect-slip>", "<expect-slip>: needs the text the slip should hold"),
      ("<expect-code>", "<expect-code>: needs a response code (00, 51…)"),
      ("<expect-code 5>", "<expect-code 5>: a response code is two letters or digits (00, 51, Q1)"),
      (
        "<expect-code 005>",
        "<expect-code 005>: a response code is two letters or digits (00, 51, Q1)"
      ),
      ("<expect-exit>", "<expect-exit>: needs an exit status (0–255)"),
      ("<expect-exit 256>", "<expect-exit 256>: the exit status must be a whole number 0 to 255"),
      ("<expect-exit -1>", "<expect-exit -1>: the exit status must be a whole number 0 to 255"),
      ("<expect-exit x>", "<expect-exit x>: the exit status must be a whole number 0 to 255"),
    ]
    for (text, why) in cases {
      #expect(script(text) == [.ignored(why)], "\(text)")
    }
  }

  @Test func normalisingFoldsEveryRunOfWhitespace() {
    #expect(Expectation.normalised("  金额:\t 50.00 \n 请核对卡号:  ") == "金额: 50.00 请核对卡号:")
    #expect(Expectation.normalised("交易\u{3000}成功") == "交易 成功", "the ideographic space too")
    #expect(Expectation.normalised("   ") == "")
  }
}
