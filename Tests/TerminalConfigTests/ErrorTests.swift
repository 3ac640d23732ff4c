import Foundation
import Passwords
import TerminalCore
import Testing

@testable import TerminalConfig

@Suite struct ErrorTests {
  @Test func missingFileIsNamed() throws {
    let dir = try scratchConfig()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.removeItem(at: dir.appendingPathComponent("host.yaml"))
    #expect {
      try ConfigLoader.load(directory: dir)
    } throws: { error in
      let e = error as! ConfigError
      // printer.yaml may be left out, so it is not among the files named as needed.
      return e.file.hasSuffix("/host.yaml") && e.line == nil
        && e.problem
          == "missing (every one of terminal.yaml, operators.yaml, deck.yaml, reader.yaml, host.yaml is needed)"
        && e.description == "\(e.file): \(e.problem)"
    }
  }

  @Test func yamlSyntaxErrorNamesFileAndLine() throws {
    let (e, text) = try loadError(
      "terminal.yaml", edit: replacing("\nlanguage: zh\n", "\nlanguage: zh: en\n"))
    #expect(e.file.hasSuffix("terminal.yaml"))
    #expect(e.line == lineNumber(of: "language: zh: en", in: text), "\(e)")
    #expect(e.problem.contains("mapping values are not allowed"))
    #expect(e.field == nil)
    #expect(e.problem.contains("YAML syntax error"))
  }

  @Test func unterminatedQuoteIsASyntaxError() throws {
    let (e, _) = try loadError("host.yaml", edit: replacing("fault: none", "fault: \"none"))
    #expect(e.file.hasSuffix("host.yaml"))
    #expect(e.line != nil)
    #expect(e.problem.contains("YAML syntax error"))
  }

  @Test func wrongTypeNamesFieldAndLine() throws {
    let (e, text) = try loadError(
      "terminal.yaml", edit: replacing("max_amount_fen: 999999999", "max_amount_fen: lots"))
    #expect(e.line == lineNumber(of: "max_amount_fen: lots", in: text))
    #expect(e.field == "max_amount_fen")
    #expect(e.problem == "expected a whole number, got \"lots\"")
    #expect(
      e.description.hasSuffix(
        "terminal.yaml:\(e.line!): max_amount_fen: expected a whole number, got \"lots\""))
  }

  @Test func listWhereAValueIsExpected() throws {
    let (e, _) = try loadError(
      "terminal.yaml", edit: replacing("\nlanguage: zh\n", "\nlanguage: [zh, en]\n"))
    #expect(e.field == "language")
    #expect(e.problem.contains("expected a single value"))
  }

  @Test func outOfRangeMonthInCardThree() throws {
    let (e, text) = try loadError(
      "deck.yaml", edit: replacing("expiry: \"3106\"", "expiry: \"3113\""))
    #expect(e.file.hasSuffix("deck.yaml"))
    #expect(e.line == lineNumber(of: "expiry: \"3113\"", in: text))
    #expect(e.field == "cards[3].expiry")
    #expect(e.problem.hasPrefix("month 13 is not 01–12"))
    #expect(e.description.contains("deck.yaml:\(e.line!): cards[3].expiry: month 13 is not 01–12"))
  }

  @Test(arguments: [
    (
      "printed_pan: \"6222600354010013\"", "printed_pan: \"62226003\"", "printed_pan",
      "\"62226003\" has 8 digits; expected 13–19"
    ),
    (
      "printed_pan: \"6222600354010013\"",
      "printed_pan: \"6222600354010013\"\n    printed_expiry: \"3013\"",
      "printed_expiry", "month 13 is not 01–12"
    ),
    (
      "printed_pan: \"6222600354010013\"",
      "printed_pan: \"6222600354010013\"\n    printed_name: \"x\"",
      "printed_name", ""
    ),
  ])
  func aBadPrintedFaceIsNamed(original: String, edited: String, key: String, problem: String)
    throws
  {
    let (e, text) = try loadError("deck.yaml", edit: replacing(original, edited))
    let keyLine = edited.split(separator: "\n").last.map(String.init) ?? edited
    #expect(e.line == lineNumber(of: keyLine, in: text))
    #expect(e.field == "cards[12].\(key)")
    if !problem.isEmpty { #expect(e.problem.hasPrefix(problem), "\(e)") }
  }

  @Test func outOfRangeNumber() throws {
    let (e, text) = try loadError(
      "terminal.yaml", edit: replacing("max_amount_fen: 999999999", "max_amount_fen: 1000000000"))
    #expect(e.line == lineNumber(of: "max_amount_fen: 1000000000", in: text))
    #expect(e.field == "max_amount_fen")
    #expect(e.problem == "1000000000 is out of range 1...999999999")
  }

  @Test func unknownKeyIsNamed() throws {
    let (e, text) = try loadError(
      "reader.yaml", edit: replacing("high_carrier_hz: 9600", "hi_carrier_hz: 9600"))
    #expect(e.line == lineNumber(of: "hi_carrier_hz", in: text))
    #expect(e.field == "hi_carrier_hz")
    #expect(e.problem.hasPrefix("unknown key \"hi_carrier_hz\""))
  }

  @Test func unknownNestedKeyHasItsPath() throws {
    let (e, text) = try loadError(
      "deck.yaml",
      edit: replacing("    reader_profile:\n", "    reader_profile:\n      low_pass_hz: 5000\n"))
    #expect(e.line == lineNumber(of: "low_pass_hz", in: text))
    #expect(e.field == "cards[8].reader_profile.low_pass_hz")
  }

  @Test func duplicateOperatorNumber() throws {
    let extra = """
        - number: "01"
          role: cashier
          salt: 00112233445566778899aabbccddeeff
          password_hash: \(String(repeating: "ab", count: 32))

      """
    let (e, text) = try loadError("operators.yaml", edit: { $0 + extra })
    let first = lineNumber(of: "number: \"01\"", in: text)!
    #expect(e.field == "operators[3].number")
    // The duplicate's line, and the problem points at the first definition.
    #expect(e.line == lineNumber(of: "number: \"01\"", in: text, after: "e298719b"))
    #expect(e.line != first)
    #expect(e.problem == "operator 01 is already defined at line \(first)")
  }

  @Test func supervisorMustBe00() throws {
    let (e, _) = try loadError(
      "operators.yaml", edit: replacing("number: \"00\"", "number: \"02\""))
    #expect(e.field == "operators[1].number")
    #expect(e.problem.contains("supervisor"))
  }

  @Test func shortPasswordHash() throws {
    let (e, text) = try loadError(
      "operators.yaml",
      edit: replacing(
        "e298719b5ff83024b54f15fe436ae0a7f192e9f3a415d99ec8de8c699717ac8f", "e298719b5f"))
    #expect(e.field == "operators[2].password_hash")
    #expect(e.line == lineNumber(of: "e298719b5f", in: text))
    #expect(e.problem == "has 10 hex digits; expected 64")
  }

  @Test func panWithALetter() throws {
    let (e, text) = try loadError(
      "deck.yaml", edit: replacing("\"6222020000002227\"", "\"62220200000O2227\""))
    #expect(e.field == "cards[1].pan")
    #expect(e.line == lineNumber(of: "62220200000O2227", in: text))
    #expect(e.problem == "\"62220200000O2227\" is not all digits")
  }

  @Test func panTooShort() throws {
    let (e, _) = try loadError(
      "deck.yaml", edit: replacing("\"6217005208190434\"", "\"621700123\""))
    #expect(e.field == "cards[3].pan")
    #expect(e.problem == "\"621700123\" has 9 digits; expected 13–19")
  }

  @Test func panFailingLuhnIsAccepted() throws {
    var texts = EmbeddedConfig.files
    texts["deck.yaml"] = texts["deck.yaml"]!.replacingOccurrences(
      of: "\"6222020000002227\"", with: "\"6222020000002228\"")
    let deck = try ConfigLoader.parse(texts).deck
    #expect(deck[0].pan == "6222020000002228")
  }

  @Test func duplicatePAN() throws {
    let (e, _) = try loadError(
      "deck.yaml", edit: replacing("\"6217005208190434\"", "\"6222020000002227\""))
    #expect(e.field == "cards[3].pan")
    #expect(e.problem == "the same PAN as card 1")
  }

  @Test func pinAndPinOptionalTogether() throws {
    let (e, _) = try loadError(
      "deck.yaml", edit: replacing("pin_optional: true", "pin_optional: true\n    pin: \"1234\""))
    #expect(e.field == "cards[2].pin")
  }

  @Test func missingRequiredKey() throws {
    let (e, _) = try loadError(
      "terminal.yaml", edit: replacing("merchant_no: \"898310048160001\"\n", ""))
    #expect(e.field == "merchant_no")
    #expect(e.problem == "missing (required)")
    #expect(e.line != nil)
  }

  @Test func duplicateYamlKey() throws {
    let (e, text) = try loadError("host.yaml", edit: { $0 + "fault: failure\n" })
    #expect(e.problem.contains("duplicate key \"fault\""))
    #expect(e.line == lineNumber(of: "fault: none", in: text))
  }

  @Test func badChoiceListsTheAllowedValues() throws {
    let (e, _) = try loadError("host.yaml", edit: replacing("fault: none", "fault: timeout"))
    #expect(e.field == "fault")
    #expect(e.problem == "\"timeout\" is not one of: none, issuer_timeout, failure, no_reply")
  }

  @Test func readerCrossFieldCheck() throws {
    let (e, text) = try loadError(
      "reader.yaml", edit: replacing("low_carrier_hz: 4800", "low_carrier_hz: 9600"))
    #expect(e.field == "low_carrier_hz")
    #expect(e.line == lineNumber(of: "low_carrier_hz: 9600", in: text))
    #expect(e.problem.contains("below high_carrier_hz"))
  }

  @Test func carrierAboveNyquist() throws {
    let (e, _) = try loadError(
      "reader.yaml",
      edit: replacing("transmit_sample_rate: 44100", "transmit_sample_rate: 16000"))
    #expect(e.field == "high_carrier_hz")
    #expect(e.problem.contains("not below half of transmit_sample_rate"))
  }

  @Test func badTimeZone() throws {
    let (e, _) = try loadError(
      "terminal.yaml", edit: replacing("time_zone: \"+08:00\"", "time_zone: Mars/Olympus"))
    #expect(e.field == "time_zone")
  }

  @Test func emptyMerchantName() throws {
    let (e, _) = try loadError(
      "terminal.yaml",
      edit: replacing("merchant_name: \"模拟商户 SIMULATED SHOP\"", "merchant_name: \"  \""))
    #expect(e.field == "merchant_name")
    #expect(e.problem == "must not be empty")
  }

  @Test func trackNameWithLowercase() throws {
    let (e, _) = try loadError("deck.yaml", edit: replacing("\"ZHANG/SAN\"", "\"Zhang/San\""))
    #expect(e.field == "cards[1].name")
  }

  @Test func lowpassAboveNyquistOfRecorder() throws {
    let (e, _) = try loadError(
      "deck.yaml", edit: replacing("sample_rate: 44100\n", "sample_rate: 8000\n"))
    #expect(e.field == "cards[8].reader_profile.lowpass_hz")
  }

  @Test func descriptionFormat() {
    let e = ConfigError(
      file: "Config/deck.yaml", line: 42, field: "cards[3].expiry", problem: "month 13 is not 01–12"
    )
    #expect(e.description == "Config/deck.yaml:42: cards[3].expiry: month 13 is not 01–12")
    #expect(
      ConfigError(file: "Config/host.yaml", problem: "missing").description
        == "Config/host.yaml: missing")
  }
}

@Suite struct OperatorEntryTests {
  @Test func generatedEntryParsesAndVerifies() throws {
    let entry = try OperatorEntry.yaml(number: "02", role: .cashier, password: "4321")
    var texts = EmbeddedConfig.files
    texts["operators.yaml"] = texts["operators.yaml"]! + entry
    let ops = try ConfigLoader.parse(texts).operators
    let op = try #require(ops.first { $0.number == "02" })
    #expect(op.role == .cashier)
    #expect(PasswordHash.verify(password: "4321", record: op))
    #expect(!PasswordHash.verify(password: "0000", record: op))
    #expect(!entry.contains("4321"))
  }

  @Test func fixedSaltReproducesTheShippedHash() throws {
    let r = try OperatorEntry.record(
      number: "01", role: .cashier, password: "0000", salt: "3f1c9a7e5b2d4068a1c3e5f7092b4d6e")
    let shipped = try ConfigLoader.load(directory: configDirectory).operators.first {
      $0.number == "01"
    }
    #expect(r == shipped)
  }

  @Test func randomSaltsDiffer() {
    #expect(OperatorEntry.randomSalt() != OperatorEntry.randomSalt())
    #expect(OperatorEntry.randomSalt().count == 32)
  }

  @Test(arguments: [
    ("1", OperatorRole.cashier, "0000"), ("00", .cashier, "0000"), ("02", .cashier, "12345"),
    ("02", .cashier, "12a4"), ("01", .supervisor, "123456"), ("00", .supervisor, "1234"),
  ])
  func invalidEntriesAreRefused(number: String, role: OperatorRole, password: String) {
    #expect(throws: OperatorEntry.Invalid.self) {
      try OperatorEntry.yaml(number: number, role: role, password: password)
    }
  }
}

@Suite struct PinOptionalServiceCodeTests {
  @Test func pinOptionalNeedsAServiceCodeThatAllowsIt() throws {
    var texts = EmbeddedConfig.files
    texts["deck.yaml"] = texts["deck.yaml"]!.replacingOccurrences(
      of: "service_code: \"106\"", with: "service_code: \"101\"")
    do {
      _ = try ConfigLoader.parse(texts)
      Issue.record("a PIN-optional card with service code 101 was accepted")
    } catch {
      #expect(error.field == "cards[2].service_code")
      #expect(error.line != nil)
    }
  }
}

// Chip and contactless
@Suite struct ChipDeckErrorTests {
  static func deck(_ replace: String, with: String) -> [String: String] {
    var texts = EmbeddedConfig.files
    texts["deck.yaml"] = texts["deck.yaml"]!.replacingOccurrences(of: replace, with: with)
    return texts
  }

  @Test func aChipServiceCodeNeedsAChip() throws {
    let texts = Self.deck("service_code: \"101\"", with: "service_code: \"201\"")
    do {
      _ = try ConfigLoader.parse(texts)
      Issue.record("a 201 card without a chip was accepted")
    } catch {
      #expect(error.field == "cards[1].service_code")
      #expect(error.problem.contains("chip"))
    }
  }

  @Test func badChipFieldsNameTheirLine() throws {
    for (from, to, field) in [
      ("applications: [debit]", "applications: [debit, debit]", "cards[9].chip.applications[2]"),
      ("condition: mute", "condition: dead", "cards[11].chip.condition"),
      ("contactless: true", "contactless: maybe", "cards[9].chip.contactless"),
    ] {
      do {
        _ = try ConfigLoader.parse(Self.deck(from, with: to))
        Issue.record("\(to) was accepted")
      } catch {
        #expect(error.field == field, "\(to): \(error)")
        #expect(error.line != nil && error.file.hasSuffix("deck.yaml"))
      }
    }
  }

  @Test func theTerminalsChipSettings() throws {
    let c = try ConfigLoader.parse(EmbeddedConfig.files)
    #expect(c.profile.chipFallback == .never && c.profile.quickPassLimitFen == 100_000)
    var texts = EmbeddedConfig.files
    texts["terminal.yaml"] = texts["terminal.yaml"]!.replacingOccurrences(
      of: "chip_fallback: never", with: "chip_fallback: sometimes")
    do {
      _ = try ConfigLoader.parse(texts)
      Issue.record("chip_fallback: sometimes was accepted")
    } catch {
      #expect(error.field == "chip_fallback" && error.file.hasSuffix("terminal.yaml"))
    }
  }
}
