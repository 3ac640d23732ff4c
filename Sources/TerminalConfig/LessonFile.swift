import Foundation
import TerminalCore

/// Config/lessons/NAME.yaml → `Lesson`, every problem a `ConfigError` naming the
/// file, line and field (`customers[2].checks[1].charged`).
public enum LessonFile {
  static let rootKeys = ["title", "setup", "customers"]
  static let setupKeys = ["days_before", "time", "keys"]
  static let customerKeys = ["says", "presents", "pin", "signs", "advice", "checks"]
  static let itemKeys = ["card", "phone"]

  /// The most customers one lesson has.
  public static let maximumCustomers = 50
  /// The most items a customer presents, and the most PIN entries they make.
  public static let maximumItems = 20
  public static let maximumPINs = 20
  /// The widest text (title, says, advice), in display columns.
  public static let maximumTextColumns = 160
  /// The most days `setup.days_before` goes back.
  public static let maximumDaysBefore = 30

  /// Parses one lesson file. `name` is the file's name without `.yaml`; `file` is how
  /// errors name the file; `deckCards` and `wallets` are how many cards and phones
  /// the deck has (a customer presents deck card 1…`deckCards`, phone 1…`wallets`).
  public static func parse(
    _ text: String, name: String, file: String, deckCards: Int, wallets: Int
  ) throws(ConfigError) -> Lesson {
    guard isValidName(name) else {
      throw ConfigError(
        file: file,
        problem:
          "the lesson's name \"\(name)\" (the file's name without .yaml) must be lowercase letters a–z, digits and -, starting with a letter or digit"
      )
    }
    let root = try YAMLFile.root(text, file: file)
    let m = try root.mapping(keys: rootKeys)
    let title = try parseText(m.required("title"))
    let setup = try m.optional("setup").map { node throws(ConfigError) in
      try parseSetup(node, deckCards: deckCards)
    }
    let customersNode = try m.required("customers")
    let items = try customersNode.list()
    guard !items.isEmpty else {
      throw customersNode.error("no customers: give at least one (- says: …)")
    }
    guard items.count <= maximumCustomers else {
      throw customersNode.error(
        "\(items.count) customers; a lesson has at most \(maximumCustomers)")
    }
    var customers: [LessonCustomer] = []
    for item in items {
      customers.append(try parseCustomer(item, deckCards: deckCards, wallets: wallets))
    }
    return Lesson(name: name, title: title, setup: setup, customers: customers)
  }

  /// A lesson's name: 1–64 of a–z, 0–9 and `-`, not starting with `-`.
  public static func isValidName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first != "-", name.unicodeScalars.count <= 64
    else { return false }
    return name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
    }
  }

  // MARK: texts

  /// `{zh, en}`, or one text for both languages.
  static func parseText(_ node: ConfigNode) throws(ConfigError) -> LessonText {
    if case .mapping = node.node {
      let m = try node.mapping(keys: ["zh", "en"])
      return LessonText(zh: try line(m.required("zh")), en: try line(m.required("en")))
    }
    let value = try line(node)
    return LessonText(zh: value, en: value)
  }

  /// One line of printable text, trimmed, at most `maximumTextColumns` wide.
  static func line(_ node: ConfigNode) throws(ConfigError) -> String {
    guard case .scalar = node.node else {
      throw node.error("expected text, or zh: and en: lines (a mapping)")
    }
    let value = try node.text().trimmingCharacters(in: .whitespacesAndNewlines)
    guard !value.isEmpty else { throw node.error("must not be empty") }
    let unprintable = value.unicodeScalars.contains { scalar in
      switch scalar.properties.generalCategory {
      case .control, .lineSeparator, .paragraphSeparator: return true
      default: return false
      }
    }
    guard !unprintable else {
      throw node.error(
        "must be one line of printable text (no line breaks, tabs or control characters)")
    }
    let width = DisplayWidth.of(value)
    guard width <= maximumTextColumns else {
      throw node.error(
        "is \(width) columns wide; at most \(maximumTextColumns) fit (a Chinese character counts as two)"
      )
    }
    return value
  }

  // MARK: setup

  static func parseSetup(_ node: ConfigNode, deckCards: Int) throws(ConfigError) -> LessonSetup {
    let m = try node.mapping(keys: setupKeys)
    let days = try m.optional("days_before")?.int(0...maximumDaysBefore) ?? 0
    let (hour, minute) = try parseTime(m.required("time"))
    let keysNode = try m.required("keys")
    let keys = try keysNode.text()
    var count = 0
    for token in InputTokenizer.tokens(keys, mode: .scriptFile) {
      count += 1
      switch token {
      case .ignored(let reason):
        throw keysNode.error(reason)
      case .swipe(let n), .insert(let n), .tap(let n):
        guard n <= deckCards else {
          throw keysNode.error("\(token.text): the deck has \(deckCards) cards")
        }
      default:
        break
      }
    }
    guard count > 0 else {
      throw keysNode.error("no keys: give the script the setup runs (as a --script file)")
    }
    return LessonSetup(daysBefore: days, hour: hour, minute: minute, keys: keys)
  }

  /// `HH:mm`, 00:00–23:59.
  static func parseTime(_ node: ConfigNode) throws(ConfigError) -> (Int, Int) {
    let raw = try node.text()
    let parts = raw.split(separator: ":", omittingEmptySubsequences: false)
    if parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
      let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour),
      (0...59).contains(minute)
    {
      return (hour, minute)
    }
    throw node.error("\"\(raw)\" is not a time of day: write HH:mm, 00:00–23:59 (e.g. \"18:00\")")
  }

  // MARK: customers

  static func parseCustomer(
    _ node: ConfigNode, deckCards: Int, wallets: Int
  ) throws(ConfigError) -> LessonCustomer {
    let m = try node.mapping(keys: customerKeys)
    let says = try parseText(m.required("says"))
    let presentsNode = try m.required("presents")
    let presentsItems = try presentsNode.list()
    guard presentsItems.count <= maximumItems else {
      throw presentsNode.error(
        "\(presentsItems.count) items; a customer presents at most \(maximumItems)")
    }
    var presents: [LessonItem] = []
    for item in presentsItems {
      presents.append(try parseItem(item, deckCards: deckCards, wallets: wallets))
    }
    var pins: [LessonPIN] = []
    if let pinNode = m.optional("pin") {
      let entries = try pinNode.list()
      guard entries.count <= maximumPINs else {
        throw pinNode.error("\(entries.count) PIN entries; at most \(maximumPINs)")
      }
      for entry in entries { pins.append(try entry.choice(LessonPIN.self)) }
    }
    let signs = try m.optional("signs")?.bool() ?? true
    let advice = try m.optional("advice").map { n throws(ConfigError) in try parseText(n) }
    let checks = try parseChecks(m.required("checks"))
    return LessonCustomer(
      says: says, presents: presents, pins: pins, signs: signs, advice: advice, checks: checks)
  }

  /// `card: N` or `phone: N`.
  static func parseItem(
    _ node: ConfigNode, deckCards: Int, wallets: Int
  ) throws(ConfigError) -> LessonItem {
    let m = try node.mapping(keys: itemKeys)
    guard m.pairs.count == 1 else {
      if m.pairs.count > 1 { throw extraKey(m, node, "one item (card: or phone:) per - line") }
      throw node.error("give card: N (a deck card) or phone: N (a deck wallet)")
    }
    let key = m.pairs[0].0
    let value = try m.required(key)
    let position = try value.int(Int(Int32.min)...Int(Int32.max))
    if key == "card" {
      guard position >= 1, position <= deckCards else {
        throw value.error(
          deckCards == 0
            ? "the deck has no cards"
            : "the deck has \(deckCards) cards (1–\(deckCards)): card \(position) is not one of them"
        )
      }
      return .card(position)
    }
    guard position >= 1, position <= wallets else {
      throw value.error(
        wallets == 0
          ? "the deck has no phones (deck.yaml wallets:)"
          : "the deck has \(wallets) phones (wallets 1–\(wallets)): phone \(position) is not one of them"
      )
    }
    return .phone(position)
  }

  // MARK: checks

  static func parseChecks(_ node: ConfigNode) throws(ConfigError) -> [LessonCheck] {
    let items = try node.list()
    guard !items.isEmpty else {
      throw node.error(
        "no checks: give at least one (\(LessonCheck.keys.joined(separator: ", ")))")
    }
    var checks: [LessonCheck] = []
    var seen: [String: String] = [:]
    for item in items {
      let m = try item.mapping(keys: LessonCheck.keys)
      guard m.pairs.count == 1 else {
        if m.pairs.count > 1 { throw extraKey(m, item, "one check per - line") }
        throw item.error(
          "give one check: a key (\(LessonCheck.keys.joined(separator: ", "))) and its value")
      }
      let key = m.pairs[0].0
      let value = try m.required(key)
      if let first = seen[key] {
        throw value.error(
          "\(key) is already checked (\(first)); one check of each kind per customer")
      }
      seen[key] = item.path.split(separator: ".").last.map(String.init) ?? item.path
      checks.append(try parseCheck(key, value))
    }
    return checks
  }

  static func parseCheck(_ key: String, _ value: ConfigNode) throws(ConfigError) -> LessonCheck {
    switch key {
    case "charged":
      return .charged(try value.integer(0...999_999_999))
    case "nothing_sent":
      guard try value.bool() else {
        throw value.error("only true is a check (nothing reached the host); leave it out otherwise")
      }
      return .nothingSent
    case "retained":
      return .retained(try value.bool())
    case "voided":
      return .voided(trace: try value.int(1...999_999))
    case "refunded":
      return .refunded(try value.integer(1...999_999_999))
    case "settled":
      try word(value, "balanced")
      return .settledBalanced
    case "detail_lists":
      try word(value, "printed")
      return .detailListsPrinted
    case "signature":
      try word(value, "checked")
      return .signatureChecked
    case "swiped":
      guard try !value.bool() else {
        throw value.error(
          "only false is a check (the card was never swiped); leave it out otherwise")
      }
      return .notSwiped
    case "read_by":
      let raw = try value.text()
      guard let mode = LessonCheck.readByNames.first(where: { $0.0 == raw })?.1 else {
        let names = LessonCheck.readByNames.map(\.0).joined(separator: ", ")
        throw value.error("\"\(raw)\" is not one of: \(names)")
      }
      return .readBy(mode)
    default:  // max_charges: the keys were checked by `mapping(keys:)`
      return .maxCharges(try value.int(1...20))
    }
  }

  /// The one word a check allows (`settled: balanced`).
  static func word(_ node: ConfigNode, _ word: String) throws(ConfigError) {
    let raw = try node.text()
    guard raw == word else { throw node.error("\"\(raw)\" is not one of: \(word)") }
  }

  /// The second key of a mapping that holds one.
  static func extraKey(_ m: MappingReader, _ node: ConfigNode, _ rule: String) -> ConfigError {
    let (key, keyNode, _) = m.pairs[1]
    return ConfigError(
      file: node.file, line: keyNode.mark?.line ?? node.line, field: "\(node.path).\(key)",
      problem: "\(rule): put \(key): on a - line of its own")
  }
}
