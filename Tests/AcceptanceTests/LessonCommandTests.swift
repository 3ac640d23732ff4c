import Foundation
import TerminalConfig
import Testing

/// `pos-terminal lesson list` and `lesson check` through the binary.
@Suite struct LessonCommandTests {
  /// `lesson list` of the shipped lessons, in each language.
  static let shippedZH = """
    amount          金额以分输入           3 customers
    chip-and-tap    芯片卡插卡,闪付挥卡    3 customers
    counterfeit     核对卡号,识别伪卡      1 customer
    day-end         日终结算与对账         1 customer
    declined        交易被拒时怎么办       3 customers
    qr              扫码收款,支付中要等待  2 customers
    signature       商户存根必须签名       1 customer
    void-or-refund  撤销还是退货           2 customers
    """ + "\n"
  static let shippedEN = """
    amount          The amount in fen                          3 customers
    chip-and-tap    Insert chip cards; tap contactless         3 customers
    counterfeit     Check the card number; spot a counterfeit  1 customer
    day-end         Settle and reconcile the day               1 customer
    declined        When a card is declined                    3 customers
    qr              QR payments; wait while the customer pays  2 customers
    signature       The merchant copy must be signed           1 customer
    void-or-refund  Void or refund                             2 customers
    """ + "\n"

  @Test func listShowsTheShippedLessons() throws {
    let zh = try Hardening.run(["lesson", "list"], input: "")
    #expect(zh.status == 0 && zh.stderr == "")
    #expect(zh.stdout == Self.shippedZH)
    let en = try Hardening.run(["lesson", "list", "--lang", "en"], input: "")
    #expect(en.status == 0 && en.stdout == Self.shippedEN)
    let bad = try Hardening.run(["lesson", "list", "--lang", "fr"], input: "")
    #expect(bad.status == 2 && bad.stderr == "pos-terminal: --lang must be zh or en\n")
  }

  @Test func checkAFileOrAName() throws {
    let path = try Hardening.run(["lesson", "check", "Config/lessons/amount.yaml"], input: "")
    #expect(path.status == 0 && path.stderr == "")
    #expect(path.stdout == "Config/lessons/amount.yaml: ok (3 customers)\n")
    let name = try Hardening.run(["lesson", "check", "amount"], input: "")
    #expect(name.status == 0 && name.stdout == "Config/lessons/amount.yaml: ok (3 customers)\n")
    let missing = try Hardening.run(["lesson", "check", "nope"], input: "")
    #expect(missing.status == 2 && missing.stdout == "")
    #expect(
      missing.stderr
        == "Config/lessons/nope.yaml: no such lesson (the lessons are: amount, chip-and-tap, counterfeit, day-end, declined, qr, signature, void-or-refund)\n"
    )
  }

  @Test func aBadLessonIsNamedWithItsLineAndExits2() throws {
    let config = try Acceptance.config([:])
    defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
    let lessons = config.appendingPathComponent("lessons")
    let good = try String(
      contentsOf: lessons.appendingPathComponent("amount.yaml"), encoding: .utf8)
    // Card 13: the shipped deck has 12.
    let bad = good.replacingOccurrences(of: "- card: 2 #", with: "- card: 13 #")
    #expect(bad != good)
    try bad.write(
      to: lessons.appendingPathComponent("bad-card.yaml"), atomically: true, encoding: .utf8)
    let line = bad.components(separatedBy: "\n").firstIndex { $0.contains("card: 13") }! + 1
    let expected =
      "\(config.path)/lessons/bad-card.yaml:\(line): customers[2].presents[1].card: the deck has 12 cards (1–12): card 13 is not one of them\n"

    let check = try Hardening.run(
      ["lesson", "check", "--config", config.path, "bad-card"], input: "")
    #expect(check.status == 2 && check.stdout == "")
    #expect(check.stderr == expected)

    // A path is named as given.
    let byPath = try Hardening.run(
      ["lesson", "check", "--config", config.path, "Config/lessons/bad-card.yaml"], input: "",
      in: config.deletingLastPathComponent())
    #expect(byPath.status == 2)
    #expect(
      byPath.stderr
        == "Config/lessons/bad-card.yaml:\(line): customers[2].presents[1].card: the deck has 12 cards (1–12): card 13 is not one of them\n"
    )

    // The list goes on past a bad file and exits 2.
    let list = try Hardening.run(["lesson", "list", "--config", config.path], input: "")
    #expect(list.status == 2)
    #expect(list.stdout == Self.shippedZH)
    #expect(list.stderr == expected)
  }

  @Test func withNoConfigFolderTheBuiltInLessons() throws {
    let dir = Acceptance.scratch("lessons-builtin")
    defer { try? FileManager.default.removeItem(at: dir) }
    let list = try Hardening.run(["lesson", "list"], input: "", in: dir)
    #expect(list.status == 0 && list.stdout == Self.shippedZH)
    let check = try Hardening.run(["lesson", "check", "amount"], input: "", in: dir)
    #expect(check.status == 0)
    #expect(check.stdout == "<built-in Config>/lessons/amount.yaml: ok (3 customers)\n")
    // A config folder without lessons/ has none.
    let config = dir.appendingPathComponent("Config")
    try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    for name in ConfigLoader.fileNames {
      try FileManager.default.copyItem(
        at: Acceptance.configDirectory.appendingPathComponent(name),
        to: config.appendingPathComponent(name))
    }
    let none = try Hardening.run(["lesson", "list"], input: "", in: dir)
    #expect(none.status == 0 && none.stdout == "")
    #expect(none.stderr.contains("no lessons"))
  }

  @Test func aConfigProblemExits2() throws {
    let run = try Hardening.run(["lesson", "list", "--config", "/nonexistent/Config"], input: "")
    #expect(run.status == 2)
    #expect(
      run.stderr == "pos-terminal: config error: /nonexistent/Config: no such config folder\n")
  }

  @Test func everyLessonSubcommandInTheReadmeExists() throws {
    var named: Set<String> = []
    for m in DocsAgreeTests.readme.matches(of: #/pos-terminal lesson ([a-z][a-z-]*)/#) {
      named.insert(String(m.1))
    }
    #expect(named.isSuperset(of: ["list", "check"]))
    for sub in named.sorted() {
      let run = try Hardening.run(["lesson", sub, "--help"], input: "")
      #expect(run.status == 0, "`pos-terminal lesson \(sub)` is named but does not exist")
    }
  }

  @Test func theReadmeDocumentsEveryCheck() throws {
    let readme = DocsAgreeTests.readme
    guard let start = readme.range(of: "\n### The lesson file\n") else {
      Issue.record("the README has no lesson file section")
      return
    }
    let rest = readme[start.upperBound...]
    let section = rest.range(of: "\n### ").map { rest[..<$0.lowerBound] } ?? rest
    for key in LessonCheck.keys { #expect(section.contains("`\(key):"), "\(key)") }
    for key in [
      "title", "setup", "days_before", "time", "keys", "customers", "says", "presents",
      "card", "phone", "pin", "signs", "advice", "checks",
    ] {
      #expect(section.contains("`\(key)"), "\(key)")
    }
  }
}
