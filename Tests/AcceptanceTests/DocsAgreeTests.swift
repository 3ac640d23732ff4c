import Foundation
import TerminalConfig
import Testing

/// What the README, Documentation/ and the config comments tell a reader is what the
/// program does.
@Suite("The docs agree with the program")
struct DocsAgreeTests {
  /// The README and every page of Documentation/, one after the other.
  static let readme = DocumentationTests.allText

  /// The fenced code blocks of a README section, from its heading to the next one.
  static func codeBlocks(under heading: String) -> [String] {
    guard let start = readme.range(of: "\n" + heading + "\n") else { return [] }
    let rest = readme[start.upperBound...]
    let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
    return section.components(separatedBy: "```").enumerated()
      .filter { $0.offset % 2 == 1 }
      .map { String($0.element.drop { $0 != "\n" }.dropFirst()) }
  }

  /// The printf'd keys and the --clock of a shell example.
  static func keysAndClock(_ block: String) -> (keys: String, clock: String?)? {
    guard let keys = block.firstMatch(of: #/printf '([^']*)'/#)?.1 else { return nil }
    let clock = block.firstMatch(of: #/--clock (\S+)/#)?.1
    return (String(keys), clock.map(String.init))
  }

  @Test func everyConfigSubcommandNamedInTheConfigOrTheReadmeExists() throws {
    var texts = [Self.readme]
    for name in ConfigLoader.fileNames {
      let url = Acceptance.configDirectory.appendingPathComponent(name)
      if let text = try? String(contentsOf: url, encoding: .utf8) { texts.append(text) }
    }
    var named: Set<String> = []
    for text in texts {
      for m in text.matches(of: #/pos-terminal config ([a-z][a-z-]*)/#) {
        named.insert(String(m.1))
      }
    }
    #expect(named.contains("operator-entry"))
    for sub in named.sorted() {
      let run = try Hardening.run(["config", sub, "--help"], input: "")
      #expect(run.status == 0, "`pos-terminal config \(sub)` is named but does not exist")
    }
  }

  @Test func theScriptedSaleInTheReadmeIsWhatTheProgramPrints() throws {
    let blocks = Self.codeBlocks(under: "## A sale, scripted")
    #expect(blocks.count >= 3)
    guard blocks.count >= 3, let sale = Self.keysAndClock(blocks[0]), let clock = sale.clock else {
      Issue.record("the README's sale example is missing")
      return
    }
    let dir = Acceptance.scratch("readme-sale")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Hardening.run(Hardening.runArgs(dir, clock: clock), input: sale.keys)
    #expect(run.status == 0)
    // Every excerpt between the README's "..." lines is in the real transcript as shown.
    let excerpts = blocks[1].components(separatedBy: "...\n").filter { !$0.isEmpty }
    #expect(excerpts.count == 3)
    for excerpt in excerpts {
      #expect(run.stdout.contains(excerpt), "not in the program's output:\n\(excerpt)")
    }
    #expect(run.stdout.hasSuffix(excerpts.last ?? "-"), "the README shows the transcript's end")

    // The settlement example settles the sale above, whatever day the machine thinks it is.
    guard let settle = Self.keysAndClock(blocks[2]) else {
      Issue.record("the README's settlement example is missing")
      return
    }
    #expect(settle.clock != nil, "the settlement example must give --clock")
    let next = try Hardening.run(
      Hardening.runArgs(dir, clock: settle.clock ?? Hardening.clock), input: settle.keys)
    #expect(next.status == 0)
    #expect(next.stdout.contains("终端隔日强制结算"))
    #expect(next.stdout.contains("[printer] 20261122-093000_B000001_settlement.txt"))
    #expect(Self.readme.contains("`20261122-093000_B000001_settlement.txt`"))
  }

  @Test func deckCardEightsReaderProfileIsTheDecks() throws {
    let card = try Acceptance.configuration().deck[7]
    let row = Self.readme.split(separator: "\n").first { $0.hasPrefix("| 8 | ") } ?? ""
    let shown = row.firstMatch(of: #/lowpass (\d+), Eb/N0 (\d+), gain ([\d.]+), (\d+)/#)
    #expect(shown != nil, "\(row)")
    if let shown {
      #expect(Double(shown.1) == card.readerProfile.lowpassHz)
      #expect(Double(shown.2) == card.readerProfile.ebN0dB)
      #expect(Double(shown.3) == card.readerProfile.gain)
      #expect(Int(shown.4) == card.readerProfile.sampleRate)
    }
    let lowpass = Int(card.readerProfile.lowpassHz ?? 0)
    #expect(Self.readme.contains("Deck card 8\n   (low-pass \(lowpass) Hz"))
  }

  @Test func theQuitDialogInTheReadmeIsTheFaces() throws {
    let model = try String(
      contentsOf: Acceptance.packageRoot.appendingPathComponent(
        "Sources/CursesFront/FaceModel.swift"), encoding: .utf8)
    let asks = model.matches(of: #/quitAsk: "([^"]+)"/#).map { String($0.1) }
    #expect(asks.count == 2)
    for ask in asks { #expect(Self.readme.contains("\"\(ask)\""), "\(ask)") }
  }

  @Test func everyExitCodeHasAMeaning() {
    let lines = Self.readme.split(separator: "\n", omittingEmptySubsequences: false)
    let header = lines.firstIndex { $0 == "| exit | meaning |" } ?? lines.endIndex
    let exitRows = lines[header...].dropFirst(2).prefix { $0.hasPrefix("|") }
    #expect(
      exitRows.map { $0.split(separator: "|").first?.trimmingCharacters(in: .whitespaces) }
        == ["0", "1", "2", "3", "4", "5", "128 + N"])
    #expect(!exitRows.contains { $0.hasSuffix("| — |") }, "an exit code documented as unused")
    #expect(exitRows.contains { $0.contains("143") && $0.contains("SIGTERM") })
    #expect(exitRows.contains { $0.hasPrefix("| 1 |") && $0.contains("curses") })
  }
}
