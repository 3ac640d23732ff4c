import Foundation
import ScriptFront
import TerminalCore
import TerminalRuntime
import Testing

/// `<pin>`, `<password NN>` and `<masked N>` (what the face records instead of a
/// PIN or password) replay like the digits they stand for.
@Suite("Secret tokens replay like the digits they stand for")
struct SecretTokenReplayTests {
  static let clock = "2026-11-21T09:30:00+08:00"

  /// Runs `script` in-process with the trainer's `passwords`; returns the
  /// transcript and the slips (file name → bytes).
  static func run(_ script: String, passwords: [String: String], in dir: URL) throws -> (
    transcript: String, slips: [String: Data]
  ) {
    let receipts = dir.appendingPathComponent("receipts")
    let session = TerminalSession(
      configuration: try Acceptance.configuration(),
      options: SessionOptions(
        stateDirectory: dir.appendingPathComponent("state"), receiptsDirectory: receipts,
        clockStart: ISO8601DateFormatter().date(from: clock)!, seed: 1))
    var transcript = ""
    let runner = ScriptRunner(session: session) { transcript += $0 }
    runner.passwords = passwords
    #expect(runner.run(InputTokenizer.tokens(script, mode: .scriptFile)) == .atRest)
    var slips: [String: Data] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: receipts.path)) ?? [] {
      slips[name] = try Data(contentsOf: receipts.appendingPathComponent(name))
    }
    return (transcript, slips)
  }

  /// The frames without what caused them (`key *` here, `<pin>` there).
  static func screens(_ transcript: String) -> String {
    transcript.replacingOccurrences(
      of: "(?m)^(=== frame \\d+ · [^·]+ · ).*$", with: "$1", options: .regularExpression)
  }

  @Test func theSameScreensAndSlipsAsTheDigits() throws {
    let dir = Acceptance.scratch("secret-tokens")
    defer { try? FileManager.default.removeItem(at: dir) }
    // A wrong password, a sale with the right PIN, one with a wrong PIN (55), one
    // with a PIN too short and then typed again (`<pin>` takes back the digits held).
    let digits =
      "<enter>01<enter>9999<enter>0000<enter>"
      + "1 5000<enter><swipe 1><enter>123456<enter><enter>"
      + "1 5000<enter><swipe 1><enter>654321<enter><enter>"
      + "1 2000<enter><swipe 1><enter>12<enter><bksp><bksp>123456<enter><enter>"
    let tokens =
      "<enter>01<enter><masked 4><enter><password 01><enter>"
      + "1 5000<enter><swipe 1><enter><pin><enter><enter>"
      + "1 5000<enter><swipe 1><enter><masked 6><enter><enter>"
      + "1 2000<enter><swipe 1><enter><masked 2><enter><pin><enter><enter>"
    let passwords = ["01": "0000", "00": "123456"]
    let a = try Self.run(digits, passwords: [:], in: dir.appendingPathComponent("digits"))
    let b = try Self.run(tokens, passwords: passwords, in: dir.appendingPathComponent("tokens"))
    #expect(a.slips.count == 4)
    #expect(b.slips == a.slips)
    #expect(b.transcript.contains("密码错") && b.transcript.contains("55"))
    #expect(!b.transcript.contains("[input]"), "\(b.transcript)")
    #expect(Self.screens(b.transcript) == Self.screens(a.transcript))
    #expect(!b.transcript.contains("123456") && !b.transcript.contains("0000<"))
    #expect(b.transcript.contains("· <pin> ===") && b.transcript.contains("· <password 01> ==="))
  }

  @Test func withoutThePasswordItSaysWhyAndTypesNothing() throws {
    let dir = Acceptance.scratch("secret-tokens-missing")
    defer { try? FileManager.default.removeItem(at: dir) }
    let r = try Self.run("<enter>01<enter><password 01><enter><pin>", passwords: [:], in: dir)
    #expect(
      r.transcript.contains(
        "[input] <password 01>: no password for operator 01: replay with --passwords FILE (lines `01 PASSWORD`)"
      ))
    #expect(r.transcript.contains("密码错"))
    #expect(
      r.transcript.contains("[input] <pin>: the field on screen asks for a password, not a PIN"))
  }
}
