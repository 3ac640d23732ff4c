import Foundation
import Journal
import Testing

/// Each card of the shipped deck, sold at the counter, gets the answer the
/// trainer expects; PIN lockout, the per-sale limit and host faults too.
@Suite("The test deck at the counter")
struct DeckOutcomeTests {
  static let signIn = "<enter>01<enter>0000<enter>"

  /// Runs `script` on a fresh terminal and returns the journal's records.
  func sell(_ script: String, config: URL? = nil) throws -> (
    records: [TransactionRecordView], transcript: String
  ) {
    let dir = Acceptance.scratch("deck")
    defer { try? FileManager.default.removeItem(at: dir) }
    var args = [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", "2026-11-21T09:30:00+08:00",
    ]
    if let config { args += ["--config", config.path] }
    let run = try Acceptance.runBinary(args, input: Self.signIn + script)
    #expect(run.status == 0, "\(run.stderr) \(run.stdout.suffix(600))")
    let journal = try TerminalJournal(path: dir.appendingPathComponent("state/journal.sqlite"))
    let records = try journal.allTransactions().map {
      TransactionRecordView(
        trace: $0.trace, status: $0.status.rawValue, code: $0.responseCode?.rawValue)
    }
    return (records, run.stdout)
  }

  struct TransactionRecordView: Equatable {
    var trace: Int
    var status: String
    var code: String?
  }

  @Test(arguments: [
    (1, "123456", "00"), (2, "", "00"), (3, "111111", "51"), (4, "222222", "54"),
    (5, "333333", "41"), (6, "444444", "43"), (7, "555555", "62"), (8, "888888", "00"),
    // 12: a counterfeit whose stripe is a good card: the host approves what it sees.
    (12, "654321", "00"),
  ])
  func card(_ position: Int, pin: String, expected: String) throws {
    let (records, transcript) = try sell(
      "1 5000<enter><swipe \(position)><enter>\(pin)<enter><enter>")
    #expect(records.map(\.code) == [expected], "card \(position)\n\(transcript.suffix(900))")
    if expected != "00" {
      #expect(transcript.contains("\(expected) "), "the screen shows the code and its message")
    }
  }

  @Test func theThirdWrongPINInARowAnswers75() throws {
    let wrong = "1 100<enter><swipe 1><enter>999999<enter><enter>"
    let (records, _) = try sell(
      wrong + wrong + wrong + "1 100<enter><swipe 1><enter>123456<enter><enter>")
    #expect(records.map(\.code) == ["55", "55", "75", "75"], "locked even with the right PIN")
  }

  @Test func aSaleOverTheCardLimitAnswers61() throws {
    let (records, _) = try sell("1 2000001<enter><swipe 2><enter><enter><enter>")
    #expect(records.map(\.code) == ["61"])
  }

  static func configWithFault(_ fault: String) throws -> URL {
    try Acceptance.config(["host.yaml": ["fault": fault]])
  }

  @Test(arguments: [("issuer_timeout", "98"), ("failure", "96")])
  func hostFaults(_ fault: String, code: String) throws {
    let config = try Self.configWithFault(fault)
    defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
    let (records, transcript) = try sell(
      "1 5000<enter><swipe 1><enter>123456<enter><enter>", config: config)
    #expect(records.map(\.code) == [code])
    #expect(!transcript.contains("[printer]"), "a decline prints nothing")
  }

  @Test func aLostReplyIsReversedBeforeTheNextSale() throws {
    let config = try Self.configWithFault("no_reply")
    defer { try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
    let (records, transcript) = try sell(
      "1 5000<enter><swipe 1><enter>123456<enter><enter>"
        + "1 100<enter><swipe 1><enter>123456<enter><enter>", config: config)
    // The terminal waits host_timeout_s (60 s of virtual time) for the lost reply.
    #expect(transcript.contains("交易超时"))
    #expect(transcript.contains("09:31:00 +08:00 · waiting for the host"))
    #expect(transcript.contains("冲正处理中"))
    // The first sale is reversed; the second was sent (and its reply lost too).
    #expect(records.first == TransactionRecordView(trace: 1, status: "reversed", code: nil))
    #expect(records.count == 2 && records[1].trace == 2)
  }
}
