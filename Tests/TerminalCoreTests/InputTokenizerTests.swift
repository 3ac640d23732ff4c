import Passwords
import Testing

@testable import TerminalCore

@Suite("Reading keystrokes and scripts")
struct InputTokenizerTests {
  static let unclosed = InputToken.ignored("'<' without a closing '>'")
  static let tooLong = InputToken.ignored("'<' without a closing '>' within 256 bytes")

  func raw(_ text: String) -> [InputToken] { InputTokenizer.tokens(text, mode: .rawKeystrokes) }
  func script(_ text: String) -> [InputToken] { InputTokenizer.tokens(text, mode: .scriptFile) }
  func chars(_ text: String) -> [InputToken] {
    text.map { .ignored("ignored character '\($0)'") }
  }

  // MARK: - Keys

  @Test func oneByteTableForEveryFront() {
    for byte in UInt8.min...UInt8.max {
      let expected: Key?
      switch byte {
      case 0x30...0x39: expected = .digit(byte - 0x30)
      case 0x0A, 0x0D: expected = .enter
      case 0x1B: expected = .cancel
      case 0x7F, 0x08: expected = .backspace
      default: expected = nil
      }
      #expect(Key(byte: byte) == expected, "byte \(byte)")
    }
  }

  @Test func rawBytesAreKeysAsAKeyboardSendsThem() {
    let bytes: [UInt8] = Array("1 50\r\n".utf8) + [0x1B, 0x7F, 0x08] + Array("\t\n".utf8)
    #expect(
      InputTokenizer.tokens(bytes, mode: .rawKeystrokes) == [
        .key(.digit(1)), .key(.digit(5)), .key(.digit(0)), .key(.enter), .key(.cancel),
        .key(.backspace), .key(.backspace), .key(.enter),
      ])
  }

  @Test func crLFIsOneEnterOnlyInThatOrder() {
    #expect(raw("\r\n") == [.key(.enter)])
    #expect(raw("\n\r") == [.key(.enter), .key(.enter)])
    #expect(raw("\r\r\n") == [.key(.enter), .key(.enter)])
    #expect(raw("\r\n\n") == [.key(.enter), .key(.enter)])
    #expect(raw("\r \n") == [.key(.enter), .key(.enter)])  // only when adjacent
    #expect(raw("\r1\n") == [.key(.enter), .key(.digit(1)), .key(.enter)])
    var t = InputTokenizer(mode: .rawKeystrokes)
    #expect(t.feed(Array("\r".utf8)) == [.key(.enter)])
    #expect(t.feed(Array("\n".utf8)) == [])
    #expect(t.feed(Array("\n".utf8)) == [.key(.enter)])
    #expect(t.finish() == [])
    #expect(script("\r\n\n\r") == [])
  }

  // MARK: - Named tokens

  @Test func namedTokensMixIntoTheStream() {
    let text =
      "<enter>01<ENTER><swipe 8><swipe-wav /tmp/a b.wav><wait 61><bksp><cancel>"
      + "<esc><Backspace><paper>< wait\t2.5 ><PAPER>"
    #expect(
      raw(text) == [
        .key(.enter), .key(.digit(0)), .key(.digit(1)), .key(.enter), .swipe(8),
        .swipeWAV("/tmp/a b.wav"), .wait(61), .key(.backspace), .key(.cancel),
        .key(.cancel), .key(.backspace), .paper, .wait(2.5), .paper,
      ])
  }

  @Test func badNamedTokensSayWhy() {
    #expect(
      raw("<swipe 0>") == [.ignored("<swipe 0>: the card number must be a positive whole number")])
    #expect(
      raw("<swipe -2>") == [.ignored("<swipe -2>: the card number must be a positive whole number")]
    )
    #expect(
      raw("<swipe 99999999999999999999>") == [
        .ignored("<swipe 99999999999999999999>: the card number must be a positive whole number")
      ])
    #expect(raw("<swipe>") == [.presented(.swipe)])
    #expect(raw("<swipe-wav  >") == [.ignored("<swipe-wav>: needs the path of a WAV file")])
    #expect(raw("<wait>") == [.ignored("<wait>: needs a number of seconds")])
    #expect(raw("<enter 1>") == [.ignored("unknown token <enter 1>")])
    #expect(raw("<paper 2>") == [.ignored("unknown token <paper 2>")])
    #expect(raw("<>") == [.ignored("unknown token <>")])
    #expect(raw("<ok\u{1B}>") == [.ignored("unknown token <ok\\u{1B}>")])
  }

  @Test func waitsMustBeTenYearsOrLess() {
    #expect(raw("<wait 0>") == [.wait(0)])
    #expect(raw("<wait -0>") == [.wait(0)])
    #expect(raw("<wait 0.25>") == [.wait(0.25)])
    #expect(raw("<wait 1e3>") == [.wait(1000)])
    #expect(raw("<wait 315360000>") == [.wait(315_360_000)])
    let tooLong = ": at most 315360000 seconds (10 years)"
    #expect(raw("<wait 315360000.5>") == [.ignored("<wait 315360000.5>" + tooLong)])
    #expect(raw("<wait 1e300>") == [.ignored("<wait 1e300>" + tooLong)])
    #expect(raw("<wait inf>") == [.ignored("<wait inf>" + tooLong)])
    #expect(raw("<wait 1e999>") == [.ignored("<wait 1e999>" + tooLong)])
    #expect(raw("<wait -1>") == [.ignored("<wait -1>: seconds must not be negative")])
    #expect(raw("<wait -0.5>") == [.ignored("<wait -0.5>: seconds must not be negative")])
    #expect(raw("<wait -inf>") == [.ignored("<wait -inf>: seconds must not be negative")])
    #expect(raw("<wait nan>") == [.ignored("<wait nan>: seconds must be a number")])
    #expect(raw("<wait NaN>") == [.ignored("<wait NaN>: seconds must be a number")])
    #expect(raw("<wait 5s>") == [.ignored("<wait 5s>: seconds must be a number")])
    #expect(raw("<wait 1 2>") == [.ignored("<wait 1 2>: seconds must be a number")])
  }

  // MARK: - Script files

  @Test func scriptFilesIgnoreLineBreaksAndComments() {
    let text = """
      # sign in
      <enter> 01<enter>   # operator <swipe 1>
      0000 <enter>\r
      1 5000<enter>
      # the end, without a line break: <enter>
      """
    #expect(
      script(text) == [
        .key(.enter), .key(.digit(0)), .key(.digit(1)), .key(.enter),
        .key(.digit(0)), .key(.digit(0)), .key(.digit(0)), .key(.digit(0)), .key(.enter),
        .key(.digit(1)), .key(.digit(5)), .key(.digit(0)), .key(.digit(0)), .key(.digit(0)),
        .key(.enter),
      ])
    // Raw keystrokes have no comments.
    #expect(raw("#1") == [.ignored("ignored character '#'"), .key(.digit(1))])
    // A '#' inside a named token is part of it.
    #expect(script("<swipe-wav a#b.wav>") == [.swipeWAV("a#b.wav")])
  }

  // MARK: - An unclosed '<'

  @Test func garbageIsReportedNotFatal() {
    let tokens = InputTokenizer.tokens(
      [0x00, 0xFF] + Array("x<swipe q><nope><wait".utf8), mode: .rawKeystrokes)
    #expect(
      tokens == [
        .ignored("ignored byte 0x0"), .ignored("ignored byte 0xFF"),
        .ignored("ignored character 'x'"),
        .ignored("<swipe q>: the card number must be a positive whole number"),
        .ignored("unknown token <nope>"), Self.unclosed,
      ] + chars("wait"))
  }

  @Test func anUnclosedLessThanIsReportedAndReadingResumesAfterIt() {
    // A line break ends it; the bytes after the '<' are read as input.
    #expect(
      raw("<9\n1>") == [Self.unclosed, .key(.digit(9)), .key(.enter), .key(.digit(1))] + chars(">"))
    #expect(raw("<1\r\n") == [Self.unclosed, .key(.digit(1)), .key(.enter)])
    #expect(script("<1 # c\n2") == [Self.unclosed, .key(.digit(1)), .key(.digit(2))])
    // So does another '<'.
    #expect(raw("<<enter>") == [Self.unclosed, .key(.enter)])
    #expect(
      raw("<1<2<") == [
        Self.unclosed, .key(.digit(1)), Self.unclosed, .key(.digit(2)), Self.unclosed,
      ])
    // In a script, a comment begun among those bytes swallows the rest of the line.
    #expect(script("<1#<enter>\n2") == [Self.unclosed, .key(.digit(1)), .key(.digit(2))])
    // And the end of input.
    #expect(raw("7<") == [.key(.digit(7)), Self.unclosed])
  }

  @Test func aNamedTokenIsAtMost256Bytes() {
    // `<swipe-wav ` and `>` are 12 bytes: a 244-byte path makes 256.
    let path = "/" + String(repeating: "a", count: 243)
    #expect(raw("<swipe-wav \(path)>") == [.swipeWAV(path)])
    #expect(
      raw("<swipe-wav \(path)b>1")
        == [Self.tooLong] + chars("swipe-wav" + path + "b>") + [.key(.digit(1))])
    // Memory stays bounded however long the line; reading goes on after the '<'.
    let long = "<" + String(repeating: "1", count: 10_000) + ">"
    #expect(
      raw(long) == [Self.tooLong] + Array(repeating: .key(.digit(1)), count: 10_000) + chars(">"))
  }

  @Test func aMillionLessThansAreLinear() {
    // Measured by hand in a debug build; here only the count is checked.
    let bytes = [UInt8](repeating: UInt8(ascii: "<"), count: 1_000_000)
    let tokens = InputTokenizer.tokens(bytes, mode: .rawKeystrokes)
    #expect(tokens.count == 1_000_000)
    #expect(tokens.allSatisfy { $0 == Self.unclosed })
  }

  // MARK: - Streaming

  static let sample: [UInt8] = {
    var bytes = Array("12\r\n3\r\r\n<swipe 2><swi<wait 1.5>< paper >\n<enter\n".utf8)
    bytes += [0x1B, 0x7F, 0x08, 0xE7, 0xA1, 0xAE]
    bytes += Array("# not a comment in raw\n<wait 1e300><swipe-wav /x y.wav><unknown>\t<bksp<".utf8)
    let zs = String(repeating: "z", count: 300)
    bytes += Array("<\(zs)>#tail\r".utf8)
    return bytes
  }()

  @Test(arguments: [InputTokenizer.Mode.rawKeystrokes, .scriptFile])
  func chunkingNeverChangesTheTokens(mode: InputTokenizer.Mode) {
    let whole = InputTokenizer.tokens(Self.sample, mode: mode)
    #expect(whole.count > 40)
    func fed(_ chunks: [ArraySlice<UInt8>]) -> [InputToken] {
      var t = InputTokenizer(mode: mode)
      return chunks.flatMap { t.feed($0) } + t.finish()
    }
    let s = Self.sample
    // Cut in two at every position…
    let badCuts = (0...s.count).filter { fed([s[..<$0], s[$0...]]) != whole }
    #expect(badCuts.isEmpty)
    // …in three at many, and byte by byte.
    var badPairs: [(Int, Int)] = []
    for cut in stride(from: 0, through: s.count, by: 31) {
      for second in cut...s.count where fed([s[..<cut], s[cut..<second], s[second...]]) != whole {
        badPairs.append((cut, second))
      }
    }
    #expect(badPairs.isEmpty)
    let byteByByte = fed(s.indices.map { s[$0...$0] }) == whole
    #expect(byteByByte)
  }

  @Test func finishStartsAfresh() {
    var t = InputTokenizer(mode: .scriptFile)
    #expect(t.feed(Array("1<swi".utf8)) == [.key(.digit(1))])
    #expect(t.finish() == [Self.unclosed] + chars("swi"))
    #expect(t.feed(Array("# comment".utf8)) == [])
    #expect(t.finish() == [])
    #expect(t.feed(Array("2".utf8)) == [.key(.digit(2))])
    #expect(t.finish() == [])
  }

  // MARK: - Writing tokens

  @Test func everyTokenHasOneText() {
    #expect(InputToken.key(.digit(5)).text == "5")
    #expect(InputToken.key(.enter).text == "<enter>")
    #expect(InputToken.key(.cancel).text == "<cancel>")
    #expect(InputToken.key(.backspace).text == "<bksp>")
    #expect(InputToken.swipe(3).text == "<swipe 3>")
    #expect(InputToken.swipeWAV("/tmp/a b.wav").text == "<swipe-wav /tmp/a b.wav>")
    #expect(InputToken.wait(60).text == "<wait 60>")
    #expect(InputToken.wait(0).text == "<wait 0>")
    #expect(InputToken.wait(-0.0).text == "<wait 0>")
    #expect(InputToken.wait(0.5).text == "<wait 0.5>")
    #expect(InputToken.wait(315_360_000).text == "<wait 315360000>")
    #expect(InputToken.paper.text == "<paper>")
    #expect(InputToken.secret(.pin).text == "<pin>")
    #expect(InputToken.secret(.password(operatorNo: "01")).text == "<password 01>")
    #expect(InputToken.secret(.password(operatorNo: nil)).text == "<password>")
    #expect(InputToken.secret(.masked(digits: 4)).text == "<masked 4>")
    #expect(InputToken.ignored("x").text == "")
    // Hand-made waits the tokenizer would refuse still print, and never trap.
    #expect(InputToken.wait(1e300).text == "<wait 1e+300>")
    #expect(InputToken.wait(.infinity).text == "<wait inf>")
    #expect(InputToken.wait(.nan).text == "<wait nan>")
  }

  @Test func tokensReadBackFromTheirText() {
    let tokens: [InputToken] =
      (0...9).map { .key(.digit(UInt8($0))) } + [
        .key(.enter), .key(.cancel), .key(.backspace), .swipe(1), .swipe(12),
        .swipeWAV("/tmp/a b.wav"), .swipeWAV("C:\\reader\\card 1.wav"), .swipeWAV("读卡.wav"),
        .wait(0), .wait(60), .wait(0.5), .wait(1.0 / 3.0), .wait(315_360_000), .paper,
        .secret(.pin), .secret(.password(operatorNo: "00")), .secret(.password(operatorNo: nil)),
        .secret(.masked(digits: 0)), .secret(.masked(digits: 12)), .key(.digit(0)), .key(.enter),
        .insert(9), .tap(10), .remove, .insert(11),
      ]
    for separator in ["", " ", "\t"] {
      let text = tokens.map(\.text).joined(separator: separator)
      #expect(raw(text) == tokens, "separator \(separator.debugDescription)")
      #expect(script(text) == tokens)
    }
    #expect(script(tokens.map(\.text).joined(separator: "\n")) == tokens)
  }

  // MARK: - Chip and contactless

  @Test func chipTokens() {
    #expect(InputToken.insert(9).text == "<insert 9>")
    #expect(InputToken.tap(9).text == "<tap 9>")
    #expect(InputToken.remove.text == "<remove>")
    #expect(script("<INSERT 9><tap\t10> < remove >") == [.insert(9), .tap(10), .remove])
    #expect(script("<insert>") == [.presented(.insert)])
    #expect(
      script("<swipe><insert><tap><scan><retain><signed><next>") == [
        .presented(.swipe), .presented(.insert), .presented(.tap), .presented(.scan),
        .cashier(.retain), .cashier(.signed), .cashier(.next),
      ])
    for token in PresentedAction.allCases.map(InputToken.presented)
      + CashierAction.allCases.map(InputToken.cashier)
    {
      #expect(script(token.text) == [token])
    }
    #expect(script("<retain 1>") == [.ignored("<retain>: takes no argument")])
    #expect(
      script("<tap 0>") == [.ignored("<tap 0>: the card number must be a positive whole number")])
    #expect(
      script("<insert x>") == [
        .ignored("<insert x>: the card number must be a positive whole number")
      ])
    #expect(
      script("<remove 9>") == [.ignored("<remove>: takes no argument (the card in the slot)")])
  }

  // MARK: - Secret entry

  /// A recording's stand-ins for a PIN or password: names are case-insensitive;
  /// a bad argument is ignored with a reason that never repeats it (it may be a secret).
  @Test func secretEntryTokens() {
    #expect(
      script("<pin> <PIN><password 01>< password >\n<Masked 6><masked 0>") == [
        .secret(.pin), .secret(.pin), .secret(.password(operatorNo: "01")),
        .secret(.password(operatorNo: nil)), .secret(.masked(digits: 6)),
        .secret(.masked(digits: 0)),
      ])
    let wrongPassword = InputToken.ignored(
      "<password …>: the argument is the two-digit operator number, not the password")
    let wrongCount = InputToken.ignored("<masked …>: the number of digits must be 0 to 12")
    #expect(script("<password 0000>") == [wrongPassword])
    #expect(script("<password 1>") == [wrongPassword])
    #expect(script("<password ab>") == [wrongPassword])
    #expect(
      script("<pin 123456>") == [.ignored("<pin>: takes no argument (the deck holds the PIN)")])
    #expect(script("<masked 13>") == [wrongCount])
    #expect(script("<masked -1>") == [wrongCount])
    #expect(script("<masked 123456>") == [wrongCount])
    #expect(script("<masked>") == [.ignored("<masked>: needs a number of digits")])
    for token in script("<password 0000><pin 123456><masked 123456>") {
      guard case .ignored(let why) = token else { continue }
      #expect(!why.contains("0000") && !why.contains("123456"))
    }
  }

  @Test func theTrainersPasswordsFile() throws {
    #expect(
      try OperatorPasswords.parse("# trainer\n01 0000\n\n  00\t123456  # supervisor\r\n")
        == ["01": "0000", "00": "123456"])
    func problem(_ text: String) -> String? {
      do {
        _ = try OperatorPasswords.parse(text)
        return nil
      } catch {
        return "\(error)"
      }
    }
    #expect(
      problem("01 0000 extra") == "line 1: expected an operator number and a password (`01 0000`)")
    #expect(problem("\n1 0000") == "line 2: the operator number must be two digits")
    #expect(problem("01 00x0") == "line 1: the password of operator 01 must be digits")
    #expect(problem("01 0000\n01 1111") == "line 2: operator 01 is listed twice")
  }

  /// What a recording writes for the masked field on screen, and the keys a
  /// replay types for it: the secret's digits after a Backspace for each one held.
  @Test func theMaskedFieldAsARecordingWritesItAndAReplayTypesIt() {
    let pins = [CoreHarness.debitCard.pan: "123456"]
    let pinOf = { (pan: String) in pins[pan] }
    let passwords = ["01": "0000", "00": "123456"]
    func keys(_ text: String) -> [Key] {
      InputTokenizer.tokens(text, mode: .scriptFile).compactMap {
        if case .key(let k) = $0 { return k }
        return nil
      }
    }
    var t = CoreHarness()
    t.send(.powerOn(JournalSnapshot()))
    t.send(.selfCheckFinished(CoreHarness.allOK))
    #expect(t.state.maskedEntry(pinOf: pinOf, isPassword: PasswordHash.verify) == nil)
    #expect(
      t.state.keys(for: .pin, pinOf: pinOf, isPassword: PasswordHash.verify, passwords: passwords)
        == .failure(SecretEntryProblem("no PIN or password field takes keys now")))
    t.type("<enter>01<enter>")
    #expect(
      t.state.maskedEntry(pinOf: pinOf, isPassword: PasswordHash.verify) == .masked(digits: 0))
    t.type("00")
    #expect(
      t.state.maskedEntry(pinOf: pinOf, isPassword: PasswordHash.verify) == .masked(digits: 2))
    t.type("00")
    #expect(
      t.state.maskedEntry(pinOf: pinOf, isPassword: PasswordHash.verify)
        == .password(operatorNo: "01"))
    #expect(
      t.state.keys(
        for: .password(operatorNo: nil), pinOf: pinOf, isPassword: PasswordHash.verify,
        passwords: passwords)
        == .success(keys("<bksp><bksp><bksp><bksp>0000")))
    // Stand-ins are never the password, whatever the count.
    #expect(
      t.state.keys(
        for: .masked(digits: 4), pinOf: pinOf, isPassword: PasswordHash.verify,
        passwords: ["01": "1111"])
        == .success(keys("<bksp><bksp><bksp><bksp>1111")))
    #expect(
      t.state.keys(
        for: .password(operatorNo: "02"), pinOf: pinOf, isPassword: PasswordHash.verify,
        passwords: passwords)
        == .failure(
          SecretEntryProblem(
            "no password for operator 02: replay with --passwords FILE (lines `02 PASSWORD`)")))
    #expect(
      t.state.keys(for: .pin, pinOf: pinOf, isPassword: PasswordHash.verify, passwords: passwords)
        == .failure(SecretEntryProblem("the field on screen asks for a password, not a PIN")))
    t.type("<enter>")
    t.reply(.signedIn(batch: 1, hostTime: t.state.now))
    t.saleUpToPIN(amount: "5000")
    #expect(
      t.state.maskedEntry(pinOf: pinOf, isPassword: PasswordHash.verify) == .masked(digits: 0))
    t.type("1234")
    #expect(
      t.state.maskedEntry(pinOf: pinOf, isPassword: PasswordHash.verify) == .masked(digits: 4))
    #expect(
      t.state.keys(for: .pin, pinOf: pinOf, isPassword: PasswordHash.verify, passwords: [:])
        == .success(keys("<bksp><bksp><bksp><bksp>123456")))
    #expect(
      t.state.keys(
        for: .masked(digits: 6), pinOf: { _ in "000000" }, isPassword: PasswordHash.verify,
        passwords: [:])
        == .success(keys("<bksp><bksp><bksp><bksp>111111")))
    #expect(
      t.state.keys(
        for: .password(operatorNo: "01"), pinOf: pinOf, isPassword: PasswordHash.verify,
        passwords: passwords)
        == .failure(SecretEntryProblem("the field on screen asks for a PIN, not a password")))
    #expect(
      t.state.keys(for: .pin, pinOf: { _ in nil }, isPassword: PasswordHash.verify, passwords: [:])
        == .failure(SecretEntryProblem("the deck holds no PIN for the card in play")))
    t.type("56")
    #expect(t.state.maskedEntry(pinOf: pinOf, isPassword: PasswordHash.verify) == .pin)
    #expect(
      t.state.maskedEntry(pinOf: { _ in nil }, isPassword: PasswordHash.verify)
        == .masked(digits: 6))
  }
}
