import Foundation
import TerminalCore
import Testing

@testable import TerminalConfig

/// A deck of 11 cards and 6 phones (the sizes are the parser's input, not the shipped deck's).
private let deckCards = 11
private let wallets = 6

private func parse(_ text: String, name: String = "test") throws(ConfigError) -> Lesson {
  try LessonFile.parse(
    text, name: name, file: "lessons/test.yaml", deckCards: deckCards, wallets: wallets)
}

/// The error a lesson's text gives, as its one line (`file:line: field: problem`).
private func problem(
  _ text: String, name: String = "test", sourceLocation: SourceLocation = #_sourceLocation
) -> String {
  do {
    _ = try parse(text, name: name)
  } catch {
    return error.description
  }
  Issue.record("the lesson parsed; expected an error", sourceLocation: sourceLocation)
  return ""
}

/// One customer who pays 50.00 with card 1: what an error test changes a line of.
private let oneCustomer = """
  title: 金额
  customers:
    - says: 一共50元
      presents:
        - card: 1
      checks:
        - charged: 5000

  """

@Suite struct LessonFileTests {
  @Test func aFullLessonParsesToTheModel() throws {
    let text = """
      # every field
      title:
        zh: 撤销与退货
        en: "Voids and refunds"
      setup:
        days_before: 1
        time: "18:00"
        keys: |
          <enter> 01 <enter> 0000 <enter>   # sign in
          1 5000 <enter> <swipe 1> <enter> <pin> <enter> <enter>
      customers:
        - says:
            zh: 一共50元
            en: "That's 50 yuan, please"
          presents:
            - card: 1
            - phone: 2
          pin: [wrong, right]
          signs: false
          advice:
            zh: 金额以分为单位输入
            en: Key the amount in fen
          checks:
            - charged: 5000
            - nothing_sent: true
            - retained: false
            - voided: 1
            - refunded: 5000
            - settled: balanced
        - says: 结账
          presents: []
          checks:
            - detail_lists: printed
            - signature: checked
            - swiped: false
            - read_by: chip
            - max_charges: 1
        - says: 扫码
          presents:
            - phone: 6
            - card: 11
          checks:
            - read_by: qr
            - retained: yes

      """
    let lesson = try parse(text, name: "voids-2")
    let expected = Lesson(
      name: "voids-2", title: LessonText(zh: "撤销与退货", en: "Voids and refunds"),
      setup: LessonSetup(
        daysBefore: 1, hour: 18, minute: 0,
        keys: """
          <enter> 01 <enter> 0000 <enter>   # sign in
          1 5000 <enter> <swipe 1> <enter> <pin> <enter> <enter>

          """),
      customers: [
        LessonCustomer(
          says: LessonText(zh: "一共50元", en: "That's 50 yuan, please"),
          presents: [.card(1), .phone(2)], pins: [.wrong, .right], signs: false,
          advice: LessonText(zh: "金额以分为单位输入", en: "Key the amount in fen"),
          checks: [
            .charged(5000), .nothingSent, .retained(false), .voided(trace: 1), .refunded(5000),
            .settledBalanced,
          ]),
        LessonCustomer(
          says: LessonText(zh: "结账", en: "结账"), presents: [],
          checks: [
            .detailListsPrinted, .signatureChecked, .notSwiped, .readBy(.insert), .maxCharges(1),
          ]),
        LessonCustomer(
          says: LessonText(zh: "扫码", en: "扫码"), presents: [.phone(6), .card(11)],
          checks: [.readBy(.qrCode), .retained(true)]),
      ])
    #expect(lesson == expected)
  }

  @Test func theDefaults() throws {
    let lesson = try parse(oneCustomer)
    #expect(lesson.setup == nil)
    #expect(lesson.title == LessonText(zh: "金额", en: "金额"))
    let customer = try #require(lesson.customers.first)
    #expect(customer.pins == [] && customer.signs && customer.advice == nil)
    let setup = try parse(
      oneCustomer + """
        setup:
          time: "09:05"
          keys: <enter>

        """
    ).setup
    #expect(setup == LessonSetup(daysBefore: 0, hour: 9, minute: 5, keys: "<enter>"))
  }

  @Test func everyReadByName() throws {
    for (name, mode) in LessonCheck.readByNames {
      let lesson = try parse(
        oneCustomer.replacingOccurrences(of: "charged: 5000", with: "read_by: \(name)"))
      #expect(lesson.customers[0].checks == [.readBy(mode)])
    }
  }

  // MARK: problems, each as file:line: field: problem

  @Test func anUnknownKeyListsTheKnownOnes() {
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "    checks:", with: "    check:"))
        == "lessons/test.yaml:6: customers[1].check: unknown key \"check\" (known keys: says, presents, pin, signs, advice, checks)"
    )
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "charged: 5000", with: "paid: 5000"))
        == "lessons/test.yaml:7: customers[1].checks[1].paid: unknown key \"paid\" (known keys: charged, nothing_sent, retained, voided, refunded, settled, detail_lists, signature, swiped, read_by, max_charges)"
    )
    #expect(
      problem("titel: x\n" + oneCustomer)
        == "lessons/test.yaml:1: titel: unknown key \"titel\" (known keys: title, setup, customers)"
    )
  }

  @Test func badCheckValues() {
    func check(_ line: String) -> String {
      problem(oneCustomer.replacingOccurrences(of: "charged: 5000", with: line))
    }
    let at = "lessons/test.yaml:7: customers[1].checks[1]"
    #expect(check("charged: 50.00") == "\(at).charged: expected a whole number, got \"50.00\"")
    #expect(check("charged: -1") == "\(at).charged: -1 is out of range 0...999999999")
    #expect(
      check("nothing_sent: false")
        == "\(at).nothing_sent: only true is a check (nothing reached the host); leave it out otherwise"
    )
    #expect(check("retained: maybe") == "\(at).retained: expected true or false, got \"maybe\"")
    #expect(check("voided: 0") == "\(at).voided: 0 is out of range 1...999999")
    #expect(check("refunded: 0") == "\(at).refunded: 0 is out of range 1...999999999")
    #expect(check("settled: yes") == "\(at).settled: \"yes\" is not one of: balanced")
    #expect(check("detail_lists: no") == "\(at).detail_lists: \"no\" is not one of: printed")
    #expect(check("signature: ok") == "\(at).signature: \"ok\" is not one of: checked")
    #expect(
      check("swiped: true")
        == "\(at).swiped: only false is a check (the card was never swiped); leave it out otherwise"
    )
    #expect(
      check("read_by: magstripe")
        == "\(at).read_by: \"magstripe\" is not one of: chip, contactless, stripe, qr")
    #expect(check("max_charges: 21") == "\(at).max_charges: 21 is out of range 1...20")
    #expect(check("charged:") == "\(at).charged: needs a value")
    #expect(
      check("charged: 5000\n        retained: true")
        == "lessons/test.yaml:8: customers[1].checks[1].retained: one check per - line: put retained: on a - line of its own"
    )
    #expect(
      check("charged: 5000\n      - charged: 500")
        == "lessons/test.yaml:8: customers[1].checks[2].charged: charged is already checked (checks[1]); one check of each kind per customer"
    )
    #expect(
      check("{}")
        == "lessons/test.yaml:7: customers[1].checks[1]: give one check: a key (charged, nothing_sent, retained, voided, refunded, settled, detail_lists, signature, swiped, read_by, max_charges) and its value"
    )
  }

  @Test func aCardOrPhoneNotInTheDeck() {
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "card: 1", with: "card: 99"))
        == "lessons/test.yaml:5: customers[1].presents[1].card: the deck has 11 cards (1–11): card 99 is not one of them"
    )
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "card: 1", with: "phone: 7"))
        == "lessons/test.yaml:5: customers[1].presents[1].phone: the deck has 6 phones (wallets 1–6): phone 7 is not one of them"
    )
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "card: 1", with: "card: 0"))
        == "lessons/test.yaml:5: customers[1].presents[1].card: the deck has 11 cards (1–11): card 0 is not one of them"
    )
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "card: 1", with: "card: 1\n        phone: 1"))
        == "lessons/test.yaml:6: customers[1].presents[1].phone: one item (card: or phone:) per - line: put phone: on a - line of its own"
    )
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "card: 1", with: "wallet: 1"))
        == "lessons/test.yaml:5: customers[1].presents[1].wallet: unknown key \"wallet\" (known keys: card, phone)"
    )
    let noPhones = Result { () throws(ConfigError) in
      try LessonFile.parse(
        oneCustomer.replacingOccurrences(of: "card: 1", with: "phone: 1"), name: "t",
        file: "t.yaml", deckCards: 11, wallets: 0)
    }
    #expect(
      noPhones.map { _ in "" }
        == .failure(
          ConfigError(
            file: "t.yaml", line: 5, field: "customers[1].presents[1].phone",
            problem: "the deck has no phones (deck.yaml wallets:)")))
  }

  @Test func missingTitleAndCustomers() {
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "title: 金额\n", with: ""))
        == "lessons/test.yaml:1: title: missing (required)")
    #expect(problem("") == "lessons/test.yaml: title: missing (required)")
    #expect(problem("title: x\n") == "lessons/test.yaml:1: customers: missing (required)")
    #expect(
      problem("title: x\ncustomers: []\n")
        == "lessons/test.yaml:2: customers: no customers: give at least one (- says: …)")
    #expect(problem("title: x\ncustomers:\n") == "lessons/test.yaml:2: customers: needs a value")
    let many =
      "title: x\ncustomers:\n"
      + String(
        repeating: "  - says: a\n    presents: []\n    checks: [nothing_sent: true]\n", count: 51)
    #expect(
      problem(many) == "lessons/test.yaml:3: customers: 51 customers; a lesson has at most 50")
    #expect(
      problem(
        oneCustomer.replacingOccurrences(of: "    checks:\n      - charged: 5000\n", with: ""))
        == "lessons/test.yaml:3: customers[1].checks: missing (required)")
    #expect(
      problem(
        oneCustomer.replacingOccurrences(
          of: "    checks:\n      - charged: 5000\n", with: "    checks: []\n"))
        == "lessons/test.yaml:6: customers[1].checks: no checks: give at least one (charged, nothing_sent, retained, voided, refunded, settled, detail_lists, signature, swiped, read_by, max_charges)"
    )
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "    presents:\n      - card: 1\n", with: ""))
        == "lessons/test.yaml:3: customers[1].presents: missing (required)")
    #expect(
      problem(
        oneCustomer.replacingOccurrences(
          of: "    presents:\n      - card: 1\n", with: "    presents: card 1\n"))
        == "lessons/test.yaml:4: customers[1].presents: expected a list (- lines), got \"card 1\"")
  }

  @Test func badSetupTimesAndKeys() {
    func setup(_ time: String, _ keys: String, days: String = "") -> String {
      problem(oneCustomer + "setup:\n\(days)  time: \(time)\n  keys: \(keys)\n")
    }
    #expect(
      setup("\"25:00\"", "<enter>")
        == "lessons/test.yaml:9: setup.time: \"25:00\" is not a time of day: write HH:mm, 00:00–23:59 (e.g. \"18:00\")"
    )
    #expect(
      setup("6pm", "<enter>")
        == "lessons/test.yaml:9: setup.time: \"6pm\" is not a time of day: write HH:mm, 00:00–23:59 (e.g. \"18:00\")"
    )
    #expect(
      setup("\"18:00\"", "<enter>", days: "  days_before: 31\n")
        == "lessons/test.yaml:9: setup.days_before: 31 is out of range 0...30")
    #expect(
      setup("\"18:00\"", "<enter> <swpie 1>")
        == "lessons/test.yaml:10: setup.keys: unknown token <swpie 1>")
    #expect(
      setup("\"18:00\"", "|\n    <enter>\n    1 <wait x>\n")
        == "lessons/test.yaml:10: setup.keys: <wait x>: seconds must be a number")
    #expect(
      setup("\"18:00\"", "1 x")
        == "lessons/test.yaml:10: setup.keys: \(Self.ignoredReason("x"))")
    #expect(
      setup("\"18:00\"", "<swipe 12>")
        == "lessons/test.yaml:10: setup.keys: <swipe 12>: the deck has 11 cards")
    #expect(
      setup("\"18:00\"", "\"# only a comment\"")
        == "lessons/test.yaml:10: setup.keys: no keys: give the script the setup runs (as a --script file)"
    )
    #expect(
      problem(oneCustomer + "setup:\n  keys: <enter>\n")
        == "lessons/test.yaml:9: setup.time: missing (required)")
  }

  /// What the tokenizer says of a stray byte.
  static func ignoredReason(_ text: String) -> String {
    guard case .ignored(let reason)? = InputTokenizer.tokens(text, mode: .scriptFile).first
    else { return "-" }
    return reason
  }

  @Test func badTexts() {
    let wide = String(repeating: "金", count: 81)
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "says: 一共50元", with: "says: \(wide)"))
        == "lessons/test.yaml:3: customers[1].says: is 162 columns wide; at most 160 fit (a Chinese character counts as two)"
    )
    #expect(
      (try? parse(
        oneCustomer.replacingOccurrences(
          of: "says: 一共50元", with: "says: \(String(repeating: "金", count: 80))"))) != nil)
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "title: 金额", with: "title:\n  zh: 金额"))
        == "lessons/test.yaml:2: title.en: missing (required)")
    #expect(
      problem(
        oneCustomer.replacingOccurrences(
          of: "title: 金额", with: "title:\n  zh: 金额\n  fr: x\n  en: y"))
        == "lessons/test.yaml:3: title.fr: unknown key \"fr\" (known keys: zh, en)")
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "title: 金额", with: "title: \"a\\tb\""))
        == "lessons/test.yaml:1: title: must be one line of printable text (no line breaks, tabs or control characters)"
    )
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "title: 金额", with: "title: |\n  two\n  lines"))
        == "lessons/test.yaml:1: title: must be one line of printable text (no line breaks, tabs or control characters)"
    )
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "title: 金额", with: "title: \"  \""))
        == "lessons/test.yaml:1: title: must not be empty")
    #expect(
      problem(oneCustomer.replacingOccurrences(of: "title: 金额", with: "title: [a, b]"))
        == "lessons/test.yaml:1: title: expected text, or zh: and en: lines (a mapping)")
    // A folded text is one line; its final line break is not part of it.
    let folded = try? parse(
      oneCustomer.replacingOccurrences(of: "title: 金额", with: "title: >\n  one\n  line"))
    #expect(folded?.title.en == "one line")
  }

  @Test func badCustomerFields() {
    #expect(
      problem(
        oneCustomer.replacingOccurrences(
          of: "    checks:", with: "    pin: [wrong, rihgt]\n    checks:"))
        == "lessons/test.yaml:6: customers[1].pin[2]: \"rihgt\" is not one of: right, wrong")
    #expect(
      problem(
        oneCustomer.replacingOccurrences(
          of: "    checks:", with: "    signs: sometimes\n    checks:"))
        == "lessons/test.yaml:6: customers[1].signs: expected true or false, got \"sometimes\"")
  }

  @Test func theLessonsNameIsTheFilesName() {
    for bad in ["Amount", "my lesson", "-x", "a_b", "", "金额", String(repeating: "a", count: 65)] {
      #expect(
        problem(oneCustomer, name: bad)
          == "lessons/test.yaml: the lesson's name \"\(bad)\" (the file's name without .yaml) must be lowercase letters a–z, digits and -, starting with a letter or digit",
        "\(bad)")
    }
    for good in ["amount", "day-end-2", "3-cards"] {
      #expect((try? parse(oneCustomer, name: good))?.name == good)
    }
  }

  @Test func aYAMLSyntaxErrorNamesTheLine() {
    #expect(
      problem("title: [x\ncustomers: []\n").hasPrefix("lessons/test.yaml:2: YAML syntax error"))
  }

  // MARK: the shipped lessons

  @Test func theShippedLessonsParseAgainstTheShippedDeck() throws {
    let configuration = try ConfigLoader.load(directory: configDirectory)
    let entries = try LessonLibrary.all(
      configDirectory: configDirectory, deckCards: configuration.deck.count,
      wallets: configuration.wallets.count)
    #expect(entries.map(\.name).contains("amount"))
    for entry in entries {
      if case .failure(let error) = entry.result { Issue.record("\(error)") }
    }
    let amount = try LessonLibrary.load(
      name: "amount", configDirectory: configDirectory, deckCards: configuration.deck.count,
      wallets: configuration.wallets.count)
    #expect(amount.title == LessonText(zh: "金额以分输入", en: "The amount in fen"))
    #expect(
      amount.customers.map(\.checks) == [[.charged(5000)], [.charged(850)], [.charged(123_400)]])
    #expect(amount.customers.map(\.presents) == [[.card(1)], [.card(2)], [.card(1)]])
    #expect(amount.customers.allSatisfy { $0.advice != nil })
    #expect(amount.customers[0].says == LessonText(zh: "一共50元", en: "That's 50 yuan, please"))
  }

  @Test func embeddedLessonsEqualTheFilesByteForByte() throws {
    let folder = LessonLibrary.directory(configDirectory: configDirectory)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".yaml") }
    let stale =
      "Sources/TerminalConfig/EmbeddedLessons.swift is stale: regenerate it: REGENERATE_EMBEDDED_CONFIG=1 swift test --filter regenerateEmbeddedConfig"
    #expect(Set(EmbeddedLessons.files.keys) == Set(names), "\(stale)")
    for name in names {
      let file = try Data(contentsOf: folder.appendingPathComponent(name))
      #expect(Data((EmbeddedLessons.files[name] ?? "").utf8) == file, "\(name): \(stale)")
    }
  }

  @Test func theBuiltInLessonsAreTheFolders() throws {
    let c = ConfigLoader.embeddedDefaults()
    let builtIn = try LessonLibrary.all(
      configDirectory: nil, deckCards: c.deck.count, wallets: c.wallets.count)
    let fromFolder = try LessonLibrary.all(
      configDirectory: configDirectory, deckCards: c.deck.count, wallets: c.wallets.count)
    #expect(builtIn.map(\.name) == fromFolder.map(\.name))
    #expect(builtIn.map { try? $0.result.get() } == fromFolder.map { try? $0.result.get() })
    #expect(builtIn.first?.file == "<built-in Config>/lessons/amount.yaml")
    let amount = try LessonLibrary.load(
      name: "amount", configDirectory: nil, deckCards: c.deck.count, wallets: c.wallets.count)
    #expect(amount.customers.count == 3)
  }

  // MARK: the library

  @Test func namesPathsAndTheirErrors() throws {
    let dir = try scratchConfig()
    defer { try? FileManager.default.removeItem(at: dir) }
    let lessons = LessonLibrary.directory(configDirectory: dir)
    #expect(lessons == dir.appendingPathComponent("lessons"))
    // No lessons folder: no lessons.
    #expect(try LessonLibrary.all(configDirectory: dir, deckCards: 11, wallets: 6) == [])
    try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
    try oneCustomer.write(
      to: lessons.appendingPathComponent("pay.yaml"), atomically: true, encoding: .utf8)
    try oneCustomer.replacingOccurrences(of: "card: 1", with: "card: 12").write(
      to: lessons.appendingPathComponent("bad-card.yaml"), atomically: true, encoding: .utf8)
    try "x".write(
      to: lessons.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(
      at: lessons.appendingPathComponent("folder.yaml"), withIntermediateDirectories: true)
    let shown = ConfigLoader.displayPath(lessons)
    let all = try LessonLibrary.all(configDirectory: dir, deckCards: 11, wallets: 6)
    #expect(all.map(\.name) == ["bad-card", "folder", "pay"])
    #expect(all.map(\.file) == ["bad-card", "folder", "pay"].map { "\(shown)/\($0).yaml" })
    #expect(
      all[0].result.map(\.name)
        == .failure(
          ConfigError(
            file: "\(shown)/bad-card.yaml", line: 5, field: "customers[1].presents[1].card",
            problem: "the deck has 11 cards (1–11): card 12 is not one of them")))
    #expect(
      all[1].result.map(\.name)
        == .failure(
          ConfigError(file: "\(shown)/folder.yaml", problem: "is a folder, not a YAML file")))
    #expect(try all[2].result.get().name == "pay")

    func load(_ name: String) throws(ConfigError) -> Lesson {
      try LessonLibrary.load(name: name, configDirectory: dir, deckCards: 11, wallets: 6)
    }
    #expect(try load("pay").customers.count == 1)
    // A path: relative to the current directory, or absolute; its name is the file's.
    let path = lessons.appendingPathComponent("pay.yaml").path
    #expect(try load(path).name == "pay")
    #expect(LessonLibrary.isPath("a/b") && LessonLibrary.isPath("b.yaml"))
    #expect(!LessonLibrary.isPath("amount"))
    #expect(
      throws: ConfigError(
        file: "\(shown)/nope.yaml",
        problem: "no such lesson (the lessons are: bad-card, folder, pay)")
    ) {
      try load("nope")
    }
    #expect(
      throws: ConfigError(
        file: "\(shown)/Pay.yaml",
        problem:
          "\"Pay\" is not a lesson's name (lowercase letters a–z, digits and -); give a file's path with a / or ending in .yaml"
      )
    ) { try load("Pay") }
    #expect(
      throws: ConfigError(
        file: "\(dir.path)/missing.yaml", problem: "cannot be read (No such file or directory)")
    ) {
      try load(dir.appendingPathComponent("missing.yaml").path)
    }
    // The guarded reader: a FIFO is refused unread.
    let fifo = lessons.appendingPathComponent("pipe.yaml").path
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(
      throws: ConfigError(file: fifo, problem: "is not a regular file (a FIFO?); give a YAML file")
    ) {
      try load(fifo)
    }
    #expect(
      throws: ConfigError(
        file: "<built-in Config>/lessons/pay.yaml",
        problem:
          "no such lesson (the lessons are: \(LessonLibrary.names(configDirectory: nil).joined(separator: ", ")))"
      )
    ) {
      try LessonLibrary.load(name: "pay", configDirectory: nil, deckCards: 11, wallets: 6)
    }
  }
}

/// `REGENERATE_EMBEDDED_CONFIG=1 swift test --filter regenerateEmbeddedConfig` (the
/// filter matches this test's name too) rewrites
/// Sources/TerminalConfig/EmbeddedLessons.swift from Config/lessons/*.yaml. Does
/// nothing otherwise.
@Test func regenerateEmbeddedConfigLessons() throws {
  guard ProcessInfo.processInfo.environment["REGENERATE_EMBEDDED_CONFIG"] == "1" else { return }
  let folder = LessonLibrary.directory(configDirectory: configDirectory)
  let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted()
  /// `day-end.yaml` → `lessonDayEnd` (never a keyword).
  func identifier(_ file: String) -> String {
    "lesson"
      + file.dropLast(5).split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }
      .joined()
  }
  var out = [
    "// GENERATED from Config/lessons/*.yaml — do not edit by hand.",
    "// A test (embeddedLessonsEqualTheFilesByteForByte) fails when this drifts from the files;",
    "// regenerate: REGENERATE_EMBEDDED_CONFIG=1 swift test --filter regenerateEmbeddedConfig",
    "",
    "enum EmbeddedLessons {",
    "  /// The lessons of Config/lessons/, by file name: the lessons of a run with no config folder.",
  ]
  if names.isEmpty {
    out.append("  static let files: [String: String] = [:]")
  } else {
    // One entry a line, as swift-format leaves it (a trailing comma when there are two or more).
    out.append("  static let files: [String: String] = [")
    for name in names {
      out.append("    \"\(name)\": \(identifier(name))" + (names.count > 1 ? "," : ""))
    }
    out.append("  ]")
  }
  for name in names {
    let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    #expect(!text.contains("\"\"\"#") && !text.contains("\r") && text.hasSuffix("\n"))
    let body = text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    out += ["", "  static let \(identifier(name)) = #\"\"\"", body, "    \"\"\"#"]
  }
  out.append("}")
  let target = configDirectory.deletingLastPathComponent()
    .appendingPathComponent("Sources/TerminalConfig/EmbeddedLessons.swift")
  try (out.joined(separator: "\n") + "\n").write(to: target, atomically: true, encoding: .utf8)
}
