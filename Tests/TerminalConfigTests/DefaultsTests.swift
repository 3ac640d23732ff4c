import CardReader
import Foundation
import Passwords
import TerminalCore
import Testing

@testable import TerminalConfig

@Suite struct DefaultsTests {
  @Test func defaultsLoadFromConfigFolder() throws {
    let c = try ConfigLoader.load(directory: configDirectory)
    #expect(c.profile.merchantName == "模拟商户 SIMULATED SHOP")
    #expect(c.profile.merchantNo.count == 15)
    #expect(c.profile.terminalNo.count == 8)
    #expect(c.profile.acquirerName == "银联商务")
    #expect(c.profile.timeZone.secondsFromGMT() == 8 * 3600)
    #expect(c.profile.language == .zh)
    #expect(c.profile.maxAmountFen == 999_999_999)
    #expect(c.profile.idleTimeoutSeconds == 60)
    #expect(c.profile.hostTimeoutSeconds == 60)
    #expect(c.profile.trainingMode)
    #expect(c.modem == ModemSettings.standard)
    #expect(c.hostFault == .none)
    #expect(c.hostReplyDelaySeconds == 0)
    #expect(c.paperOutAfter == nil)
    #expect(c.operators.map(\.number) == ["00", "01"])
    #expect(c.operators.map(\.role) == [.supervisor, .cashier])
  }

  @Test func defaultOperatorsVerifyWithTheirPasswords() throws {
    let c = try ConfigLoader.load(directory: configDirectory)
    let cashier = try #require(c.operators.first { $0.number == "01" })
    let supervisor = try #require(c.operators.first { $0.number == "00" })
    #expect(PasswordHash.verify(password: "0000", record: cashier))
    #expect(PasswordHash.verify(password: "123456", record: supervisor))
    #expect(!PasswordHash.verify(password: "1234", record: cashier))
    #expect(!PasswordHash.verify(password: "0000", record: supervisor))
    #expect(!PasswordHash.verify(password: "123456", record: cashier))
  }

  @Test func deckIsTheDocumentedTwelveCardsInOrder() throws {
    let all = try ConfigLoader.load(directory: configDirectory).deck
    #expect(all.map(\.position) == Array(1...12))
    #expect(Set(all.map(\.pan)).count == 12)
    // Cards 1–8 and 12 are magstripe cards (their swipe is taken); 9–11 have chips.
    #expect(
      all.map { $0.chip != nil } == Array(repeating: false, count: 8) + [true, true, true, false])
    // 12: a counterfeit: its face shows another number than its stripe, the same
    // first six and last four digits (a masked PAN looks the same).
    #expect(all[11].printedPAN != all[11].pan && all[11].printedPAN.count == all[11].pan.count)
    #expect(all[11].printedPAN.prefix(6) == all[11].pan.prefix(6))
    #expect(all[11].printedPAN.suffix(4) == all[11].pan.suffix(4))
    #expect(luhnValid(all[11].pan) && all[11].status == .normal)
    // Every other card's face is its stripe.
    for card in all.prefix(11) {
      #expect(card.printedPAN == card.pan && card.printedName == card.name)
      #expect(card.printedExpiry == card.expiry)
    }
    #expect(all[8].chip?.contactless == true && all[8].pin == "123456")
    #expect(all[8].balanceFen == 10_000_000 && all[8].kind == .debit)
    #expect(all[9].chip?.applications == [.credit, .quasiCredit] && all[9].kind == .credit)
    #expect(all[10].chip?.condition == .mute)
    for card in all[8...10] { #expect(card.serviceCode.hasPrefix("2"), "card \(card.position)") }
    let deck = Array(all.prefix(8))
    for card in deck {
      #expect(card.pan.hasPrefix("62"), "card \(card.position)")
      #expect((16...19).contains(card.pan.count), "card \(card.position)")
      #expect(luhnValid(card.pan), "card \(card.position) \(card.pan)")
      #expect(card.name.contains("/"))
      #expect(["101", "106"].contains(card.serviceCode))
      #expect(
        card.serviceCode.hasSuffix("6") == card.pinOptional, "PIN-optional is read off the stripe")
      #expect(card.pin != nil || card.pinOptional)
    }
    // 1: debit, PIN 123456, 100,000.00, normal.
    #expect(deck[0].kind == .debit && deck[0].pin == "123456")
    #expect(deck[0].balanceFen == 10_000_000 && deck[0].status == .normal)
    #expect(deck[0].readerProfile == .clean)
    // 2: credit, PIN optional, healthy line.
    #expect(deck[1].kind == .credit && deck[1].pinOptional && deck[1].pin == nil)
    #expect(deck[1].balanceFen >= 1_000_000)
    // 3: 10.00 balance.
    #expect(deck[2].balanceFen == 1000 && deck[2].status == .normal)
    // 4: expired in the past.
    #expect(deck[3].expiry == "2301")
    // 5–7: statuses.
    #expect(deck[4].status == .lost)
    #expect(deck[5].status == .stolen)
    #expect(deck[6].status == .restricted)
    // 8: noisy, filtered reader profile.
    #expect(deck[7].pin == "888888" && deck[7].status == .normal)
    // A phone whose response falls off below the 9600 Hz carrier, with noise.
    #expect((deck[7].readerProfile.lowpassHz ?? 99_999) < 9600)
    #expect(deck[7].readerProfile.lowpassHz.map { $0 > 4800 } == true)
    #expect(deck[7].readerProfile.ebN0dB != nil)
    // Tracks carry the card's data.
    #expect(deck[0].tracks.track2.pan == deck[0].pan)
    #expect(deck[0].tracks.track1?.name == "ZHANG/SAN")
  }

  @Test func embeddedTextsEqualTheFilesByteForByte() throws {
    for name in ConfigLoader.fileNames {
      let file = try Data(contentsOf: configDirectory.appendingPathComponent(name))
      let embedded = Data(try #require(EmbeddedConfig.files[name]).utf8)
      #expect(
        embedded == file,
        "Sources/TerminalConfig/EmbeddedConfig.swift is stale for \(name): regenerate it: REGENERATE_EMBEDDED_CONFIG=1 swift test --filter regenerateEmbeddedConfig"
      )
    }
    #expect(Set(EmbeddedConfig.files.keys) == Set(ConfigLoader.fileNames))
  }

  @Test func embeddedDefaultsEqualTheLoadedFiles() throws {
    let fromFiles = try ConfigLoader.load(directory: configDirectory)
    #expect(ConfigLoader.embeddedDefaults() == fromFiles)
  }

  @Test func writeDefaultsRecreatesALoadableFolderWithoutOverwriting() throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("config-defaults-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try "fault: failure\n".write(
      to: dir.appendingPathComponent("host.yaml"), atomically: true, encoding: .utf8)
    let written = try ConfigLoader.writeDefaults(to: dir)
    #expect(written.count == ConfigLoader.fileNames.count - 1)
    #expect(written.contains { $0.lastPathComponent == "printer.yaml" })
    let c = try ConfigLoader.load(directory: dir)
    #expect(c.hostFault == .failure)
    #expect(c.deck.count == 12)
  }

  @Test func optionalKeysTakeTheirDefaults() throws {
    var texts = EmbeddedConfig.files
    texts["terminal.yaml"] = """
      merchant_name: 小店
      merchant_no: 123456789012345
      terminal_no: 00000001
      """
    texts["reader.yaml"] = "# nothing\n"
    texts["host.yaml"] = ""
    texts["printer.yaml"] = nil
    texts["deck.yaml"] = """
      cards:
        - pan: 6222020000002227
          expiry: 3012
          name: A/B
          issuer: 工商银行
          pin: 1234
          balance_fen: 10_000
      """
    let c = try ConfigLoader.parse(texts)
    #expect(c.profile.merchantNo == "123456789012345")
    #expect(c.profile.terminalNo == "00000001")
    #expect(c.profile.acquirerName == "银联商务")
    #expect(c.profile.timeZone.secondsFromGMT() == 8 * 3600)
    #expect(c.profile.trainingMode == true)
    #expect(c.profile.hostTimeoutSeconds == 60)
    #expect(c.modem == .standard)
    #expect(c.hostFault == .none)
    #expect(c.hostReplyDelaySeconds == 0)
    #expect(c.paperOutAfter == nil)
    let card = try #require(c.deck.first)
    #expect(card.serviceCode == "120" && card.kind == .debit && card.status == .normal)
    #expect(card.balanceFen == 10_000 && card.limitFen == nil && card.readerProfile == .clean)
    #expect(card.label == "工商银行 debit")
  }

  @Test(arguments: [
    ("+08:00", 8 * 3600), ("-05:30", -(5 * 3600 + 1800)), ("UTC", 0), ("Asia/Shanghai", 8 * 3600),
  ])
  func timeZoneForms(zone: String, offset: Int) throws {
    var texts = EmbeddedConfig.files
    texts["terminal.yaml"] = texts["terminal.yaml"]!.replacingOccurrences(
      of: "time_zone: \"+08:00\"", with: "time_zone: \"\(zone)\"")
    let c = try ConfigLoader.parse(texts)
    #expect(
      c.profile.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_790_000_000)) == offset)
  }
}

/// `REGENERATE_EMBEDDED_CONFIG=1 swift test --filter regenerateEmbeddedConfig`
/// rewrites Sources/TerminalConfig/EmbeddedConfig.swift from Config/*.yaml
/// (after editing a file there). Does nothing otherwise.
@Test func regenerateEmbeddedConfig() throws {
  guard ProcessInfo.processInfo.environment["REGENERATE_EMBEDDED_CONFIG"] == "1" else { return }
  var out = [
    "// GENERATED from Config/*.yaml — do not edit by hand.",
    "// A test (embeddedTextsEqualTheFilesByteForByte) fails when this drifts from the files;",
    "// regenerate: REGENERATE_EMBEDDED_CONFIG=1 swift test --filter regenerateEmbeddedConfig",
    "",
    "enum EmbeddedConfig {",
    "  static let files: [String: String] = [",
    "    \"terminal.yaml\": terminal, \"operators.yaml\": operators, \"deck.yaml\": deck,",
    "    \"reader.yaml\": reader, \"host.yaml\": host, \"printer.yaml\": printer,",
    "  ]",
  ]
  for name in ConfigLoader.fileNames {
    let text = try readConfigFile(name)
    #expect(!text.contains("\"\"\"#") && !text.contains("\r") && text.hasSuffix("\n"))
    // Indented like swift-format leaves it; the trailing empty line keeps the final newline.
    let body = text.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    out += ["", "  static let \(name.split(separator: ".")[0]) = #\"\"\"", body, "    \"\"\"#"]
  }
  out.append("}")
  let target = configDirectory.deletingLastPathComponent()
    .appendingPathComponent("Sources/TerminalConfig/EmbeddedConfig.swift")
  try (out.joined(separator: "\n") + "\n").write(to: target, atomically: true, encoding: .utf8)
}
