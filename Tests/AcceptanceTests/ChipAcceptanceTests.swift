import Acquirer
import Foundation
import Journal
import ScriptFront
import TerminalCore
import TerminalRuntime
import Testing

/// Chip (IC) and contactless (闪付) payments, scripted through the binary with
/// `<insert N>`, `<tap N>` and `<remove>`: the transcripts and slips are golden
/// files; the journal, the host's books and the cards' counters are checked.
@Suite("Chip and contactless, through the binary")
struct ChipAcceptanceTests {
  static let clock = "2026-11-21T09:30:00+08:00"
  static let card9 = "6217000010000000003"
  static let card10 = "6259000020000000004"
  static let card11 = "6228480030000000007"
  static let signIn = "<enter> 01<enter> 0000<enter>\n"

  /// A copy of Config/ with text replaced in some files (`file: [(from, to)]`) and
  /// settings appended (as `Acceptance.config`).
  static func config(
    replacing: [String: [(String, String)]] = [:], settings: [String: [String: String]] = [:]
  ) throws -> URL {
    let dir = try Acceptance.config(settings)
    for (file, pairs) in replacing {
      let url = dir.appendingPathComponent(file)
      var text = try String(contentsOf: url, encoding: .utf8)
      for (from, to) in pairs {
        #expect(text.contains(from), "\(file) has no \(from)")
        text = text.replacingOccurrences(of: from, with: to)
      }
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
  }

  /// Card 9's chip section with one more trainer switch.
  static func card9Chip(_ line: String) -> [String: [(String, String)]] {
    [
      "deck.yaml": [
        (
          "      applications: [debit]\n      contactless: true\n",
          "      applications: [debit]\n      contactless: true\n      \(line)\n"
        )
      ]
    ]
  }

  static func run(
    _ script: String, in dir: URL, config: URL? = nil, clock: String = clock
  ) throws -> CounterFlowsAcceptanceTests.Run {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("run-\(UUID().uuidString).keys")
    try script.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    var args = Hardening.runArgs(dir, clock: clock) + ["--script", file.path]
    if let config { args += ["--config", config.path] }
    let run = try Hardening.run(args, input: "")
    return CounterFlowsAcceptanceTests.Run(status: run.status, transcript: run.stdout, dir: dir)
  }

  static func acquirer(_ run: CounterFlowsAcceptanceTests.Run) throws -> SimulatedAcquirer {
    try run.acquirer()
  }

  static func counters(_ run: CounterFlowsAcceptanceTests.Run) throws -> [String: Any] {
    let data = try Data(contentsOf: run.state.appendingPathComponent("chip-cards.json"))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }

  static func atc(_ run: CounterFlowsAcceptanceTests.Run, _ pan: String, _ aid: String) throws
    -> Int?
  {
    let card = try counters(run)[ChipCardsFile.key(pan)] as? [String: Any]
    return (card?["atc"] as? [String: Int])?[aid]
  }

  static func expectGolden(_ run: CounterFlowsAcceptanceTests.Run, _ name: String) throws {
    CounterFlowsAcceptanceTests.expectSlipsFit(run.slips)
    #expect(try Acceptance.matchesGolden(run.transcript, "chip/\(name)-transcript.txt"))
    #expect(
      try Acceptance.matchesGolden(
        CounterFlowsAcceptanceTests.allSlips(run), "chip/\(name)-slips.txt"))
  }

  // MARK: Insert

  @Test func aChipSaleRefusesTheSwipeThenTakesTheInsertedCard() throws {
    let dir = Acceptance.scratch("chip-sale")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script =
      Self.signIn + """
        # The chip card swiped: 请插IC卡. Inserted: 读卡中, the number, the PIN with
        # its tries, online with field 55, TC, the slips, 请拔卡 until removed.
        1 12345<enter> <swipe 9> <insert 9> <enter> <pin><enter> <enter> <remove>
        """
    let run = try Self.run(script, in: dir)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    for text in ["请插IC卡", "读卡中", "请勿拔卡", "还剩3次", "请拔卡", "交易成功"] {
      #expect(run.transcript.contains(text), "\(text)")
    }
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.status) == [.approved])
    #expect(journal[0].entryMode == .insert)
    #expect(journal[0].chip?.cryptogramName == "TC" && journal[0].chip?.atc == "0001")
    #expect(journal[0].chip?.aid == "A000000333010101")
    #expect(try run.acquirer().balance(pan: Self.card9) == 10_000_000 - 12_345)
    #expect(try Self.atc(run, Self.card9, "A000000333010101") == 1)
    let merchant = try #require(run.slips.first { $0.0.hasSuffix("merchant.txt") }?.1)
    #expect(merchant.contains("0003 I") && merchant.contains("TC:") && merchant.contains("ATC:"))
    #expect(!merchant.contains("123456"), "no PIN on paper")
    try Self.expectGolden(run, "sale")

    // The next run in the same state folder: the card's counter goes on (ATC 2).
    let again = try Self.run(
      Self.signIn + "1 100<enter> <insert 9> <enter> <pin><enter> <enter> <remove>", in: dir)
    #expect(again.status == 0)
    #expect(try Self.atc(again, Self.card9, "A000000333010101") == 2)
    #expect(try again.journal.allTransactions().last?.chip?.atc == "0002")
    // The counters file keeps counters only: no PIN, no key.
    let text = try String(
      contentsOf: again.state.appendingPathComponent("chip-cards.json"), encoding: .utf8)
    #expect(!text.contains("123456") && !text.contains("cardMasterKey"))
    #expect(!text.contains(Self.card9), "no card number")
  }

  @Test func aCardWithTwoApplicationsShowsTheApplicationList() throws {
    let dir = Acceptance.scratch("chip-two-apps")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script =
      Self.signIn + """
        # 应用列表: 9 is no choice; 2 picks the quasi-credit application.
        1 5000<enter> <insert 10> 9 2 <enter> <pin><enter> <enter> <remove>
        """
    let run = try Self.run(script, in: dir)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.contains("应用列表") && run.transcript.contains("请按1-2选择"))
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.status) == [.approved])
    #expect(journal[0].chip?.aid == "A000000333010103")
    #expect(journal[0].chip?.label == "UnionPay QCredit")
    #expect(try Self.atc(run, Self.card10, "A000000333010103") == 1)
    #expect(try Self.atc(run, Self.card10, "A000000333010102") == 0)
    try Self.expectGolden(run, "two-applications")
  }

  // MARK: Fallback

  @Test func aDeadChipMayBeSwipedOnlyUnderAfterFailure() throws {
    let dir = Acceptance.scratch("chip-fallback")
    defer { try? FileManager.default.removeItem(at: dir) }
    // never (the default): 不支持降级交易.
    let never = try Self.run(
      Self.signIn + "1 5000<enter> <insert 11> <remove> <swipe 11> <cancel>",
      in: dir.appendingPathComponent("never"))
    #expect(never.status == 0)
    #expect(never.transcript.contains("IC卡读卡失败") && never.transcript.contains("不支持降级交易"))
    #expect(try never.journal.allTransactions().isEmpty)

    // after_failure: the swipe after the failed chip goes through, marked fallback.
    let config = try Self.config(settings: ["terminal.yaml": ["chip_fallback": "after_failure"]])
    let script =
      Self.signIn + """
        # A swipe before the chip was tried is still refused: 请插IC卡.
        1 5000<enter> <swipe 11> <insert 11> <remove> <swipe 11> <enter> <pin><enter> <enter>
        """
    let run = try Self.run(script, in: dir.appendingPathComponent("after"), config: config)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.contains("请插IC卡") && run.transcript.contains("IC卡读卡失败 请刷卡"))
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.status) == [.approved] && journal[0].entryMode == .swipe)
    #expect(journal[0].chip == nil)
    try Self.expectGolden(run, "fallback")
  }

  // MARK: Removal and the card's own decline

  @Test func pullingTheCardWhileTheHostDecidesAbortsAndReverses() throws {
    let dir = Acceptance.scratch("chip-removed")
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = try Self.config(settings: ["host.yaml": ["reply_delay_s": "2"]])
    let script =
      Self.signIn + """
        # Pulled at the PIN: nothing was sent.
        1 100<enter> <insert 9> <enter> <remove> <enter>
        # Pulled while the host decides: its approval is reversed at once.
        1 8800<enter> <insert 9> <enter> <pin><enter> <remove> <wait 5> <enter>
        """
    let run = try Self.run(script, in: dir, config: config)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.components(separatedBy: "交易中止").count - 1 >= 2)
    #expect(run.transcript.contains("冲正处理中") && run.transcript.contains("已冲正"))
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.status) == [.reversed])
    #expect(try run.journal.snapshot().pendingReversal == nil)
    #expect(try run.acquirer().balance(pan: Self.card9) == 10_000_000, "nothing charged")
    #expect(run.slips.isEmpty)
    try Self.expectGolden(run, "removed")
  }

  @Test func aCardThatDeclinesAfterApprovalIsReversed() throws {
    let dir = Acceptance.scratch("chip-aac")
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = try Self.config(replacing: Self.card9Chip("declines_after_approval: true"))
    let script = Self.signIn + "1 5000<enter> <insert 9> <enter> <pin><enter> <enter> <remove>"
    let run = try Self.run(script, in: dir, config: config)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.contains("卡片拒绝") && run.transcript.contains("已冲正"))
    #expect(try run.journal.allTransactions().map(\.status) == [.reversed])
    #expect(try run.acquirer().balance(pan: Self.card9) == 10_000_000)
    #expect(run.slips.isEmpty)
    try Self.expectGolden(run, "declined-by-card")
  }

  // MARK: PIN tries and blocked cards

  @Test func aCardWithoutPINTriesIsDeclinedByTheIssuer() throws {
    let dir = Acceptance.scratch("chip-pin-tries")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script =
      Self.signIn + """
        # Three wrong PINs: 还剩2次, 还剩1次, then the card's PIN is blocked and the
        # issuer declines (75).
        1 100<enter> <insert 9> <enter> 111111<enter> 222222<enter> 333333<enter> <enter> <remove>
        # From then on the card offers no PIN entry at all: 75 again.
        1 100<enter> <insert 9> <enter> <enter> <remove>
        """
    let run = try Self.run(script, in: dir)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    for text in ["还剩2次", "还剩1次", "密码错误次数超限"] {
      #expect(run.transcript.contains(text), "\(text)")
    }
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.responseCode) == [.pinTriesExceeded, .pinTriesExceeded])
    #expect(
      (try Self.counters(run)[ChipCardsFile.key(Self.card9)] as? [String: Any])?["pinTriesLeft"]
        as? Int == 0)
    try Self.expectGolden(run, "pin-tries")

    // A trainer's card with its tries run out (pin_tries_left: 0) and a blocked card.
    let config = try Self.config(replacing: Self.card9Chip("pin_tries_left: 0"))
    let exhausted = try Self.run(
      Self.signIn + "1 100<enter> <insert 9> <enter> <enter> <remove>",
      in: dir.appendingPathComponent("trainer"), config: config)
    #expect(try exhausted.journal.allTransactions().map(\.responseCode) == [.pinTriesExceeded])
    let blocked = try Self.run(
      Self.signIn + "1 100<enter> <insert 9> <enter> <remove>",
      in: dir.appendingPathComponent("blocked"),
      config: try Self.config(replacing: Self.card9Chip("blocked: true")))
    #expect(blocked.transcript.contains("卡被锁定"))
    #expect(try blocked.journal.allTransactions().isEmpty)
  }

  // MARK: Contactless

  @Test func aTapUnderTheLimitGoesWithoutPINOverItAsksForIt() throws {
    let dir = Acceptance.scratch("chip-tap")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script =
      Self.signIn + """
        # 88.00: 免密免签, no PIN, no signature block.
        1 8800<enter> <tap 9> <enter>
        # 2,000.00: over quickpass_limit_fen, the debit card asks for the PIN.
        1 200000<enter> <tap 9> <pin><enter> <enter>
        # A magstripe card held to the antenna: nothing answers.
        1 100<enter> <tap 1> <cancel>
        """
    let run = try Self.run(script, in: dir)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.contains("非接读卡失败"))
    let journal = try run.journal.allTransactions()
    #expect(journal.map(\.status) == [.approved, .approved])
    #expect(journal.map(\.entryMode) == [.contactless, .contactless])
    #expect(journal[0].chip?.noCVM == true && journal[1].chip?.noCVM == false)
    #expect(journal[0].chip?.cryptogramName == "ARQC")
    let merchant = run.slips.filter { $0.0.hasSuffix("merchant.txt") }.map(\.1)
    #expect(merchant.count == 2)
    #expect(merchant[0].contains("免密免签") && !merchant[0].contains("持卡人签名"))
    #expect(merchant[0].contains("0003 C"))
    #expect(merchant[1].contains("持卡人签名") && !merchant[1].contains("免密免签"))
    #expect(try run.acquirer().balance(pan: Self.card9) == 10_000_000 - 8_800 - 200_000)
    try Self.expectGolden(run, "contactless")

    // A card that can do neither PIN nor signature over the limit: 请插卡.
    let config = try Self.config(replacing: [
      "deck.yaml": [("contactless_cvm: online_pin", "contactless_cvm: none")]
    ])
    let other = try Self.run(
      Self.signIn + "1 200000<enter> <tap 9> <insert 9> <enter> <pin><enter> <enter> <remove>",
      in: dir.appendingPathComponent("other"), config: config)
    #expect(other.transcript.contains("请插卡 请使用其它界面"))
    #expect(try other.journal.allTransactions().map(\.entryMode) == [.insert])
  }

  // MARK: Every Cancel

  @Test func cancelAtEveryChipStepLeavesNothingAndAsksForTheCard() throws {
    let dir = Acceptance.scratch("chip-cancel")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script =
      Self.signIn + """
        # At the application list, at the card number, at the PIN: 交易取消, 请拔卡.
        1 100<enter> <insert 10> <cancel> <enter> <remove>
        1 100<enter> <insert 9> <cancel> <remove>
        1 100<enter> <insert 9> <enter> 12<cancel> <remove>
        # A wrong PIN, then Cancel at the second try.
        1 100<enter> <insert 9> <enter> 111111<enter> <cancel> <remove>
        """
    let run = try Self.run(script, in: dir)
    #expect(run.status == 0, "\(run.transcript.suffix(800))")
    #expect(run.transcript.components(separatedBy: "交易取消").count - 1 >= 4)
    #expect(try run.journal.allTransactions().isEmpty)
    #expect(try run.journal.snapshot().pendingReversal == nil)
    // The wrong PIN cost a try; Cancel cost none.
    #expect(
      (try Self.counters(run)[ChipCardsFile.key(Self.card9)] as? [String: Any])?["pinTriesLeft"]
        as? Int == 2)
  }
}
