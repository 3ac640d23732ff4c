import CursesFront
import Foundation
import TerminalConfig
import TerminalCore
import TerminalRuntime
import Testing

/// A session recorded at the face holds no PIN or password, and replays through
/// the scripted front (the real binary: `--script`, `--passwords`) to the same slips.
@Suite("A recording holds no secret and replays to the same slips", .serialized)
struct RecordReplayTests {
  static let clock = "2026-11-21T09:30:00+08:00"

  static func digits(_ s: String) -> [FaceAction] {
    s.compactMap { $0.wholeNumberValue }.map { .key(.digit(UInt8($0))) }
  }

  /// A wrong password, a Backspace inside the right one, a PIN typed across a
  /// pause with a Backspace, a PIN too short then finished, a wrong PIN (55) and
  /// a PIN entry cancelled. `nil` is one second of idle time.
  static let session: [FaceAction?] =
    [.key(.enter)] + digits("01") + [.key(.enter)]
    + digits("9999") + [.key(.enter)]  // 密码错
    + digits("005") + [.key(.backspace)] + digits("00") + [.key(.enter)]  // signed in
    + digits("15000") + [.key(.enter), .swipe(1), .key(.enter)]
    + digits("123") + [nil, nil] + digits("457") + [.key(.backspace)] + digits("6")
    + [.key(.enter), .key(.enter)]  // approved, both copies
    + digits("1200") + [.key(.enter), .swipe(1), .key(.enter)]
    + digits("12") + [.key(.enter)] + digits("3456") + [.key(.enter), .key(.enter)]  // too short, then approved
    + digits("1100") + [.key(.enter), .swipe(1), .key(.enter)]
    + digits("654321") + [.key(.enter), .key(.enter)]  // 55, back to the menu
    + digits("1100") + [.key(.enter), .swipe(1), .key(.enter)]
    + digits("99") + [.key(.cancel)]  // cancelled in the PIN field

  static let expectedRecording =
    "<enter> 0 1 <enter> <masked 4> <enter> <password 01> <enter> "
    + "1 5 0 0 0 <enter> <swipe 1> <enter> <wait 2> <masked 4> <pin> <enter> <enter> "
    + "1 2 0 0 <enter> <swipe 1> <enter> <masked 2> <enter> <pin> <enter> <enter> "
    + "1 1 0 0 <enter> <swipe 1> <enter> <masked 6> <enter> <enter> "
    + "1 1 0 0 <enter> <swipe 1> <enter> <cancel> "

  @Test func aRecordedSaleReplaysToIdenticalSlipsWithoutSecrets() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-record-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let config = RealSessionFrameTests.packageRoot.appendingPathComponent("Config")
    let recording = dir.appendingPathComponent("training.keys")

    // At the face, with the real session.
    let session = TerminalSession(
      configuration: try ConfigLoader.load(directory: config),
      options: SessionOptions(
        stateDirectory: dir.appendingPathComponent("state"),
        receiptsDirectory: dir.appendingPathComponent("receipts"),
        clockStart: ISO8601DateFormatter().date(from: Self.clock)!, language: .zh, seed: 1))
    do {
      let face = FaceController(session: session, recorder: try ScriptRecorder(url: recording))
      face.start()
      for action in Self.session {
        if let action { face.handle(action) } else { face.tick(seconds: 1) }
      }
    }
    #expect(session.unfinishedBusiness == nil)
    let slips = try FileManager.default.contentsOfDirectory(
      atPath: dir.appendingPathComponent("receipts").path
    ).sorted()
    #expect(slips.count == 4, "\(slips)")

    // The file: no PIN, no password, neither whole nor one digit at a time; owner only.
    let text = try String(contentsOf: recording, encoding: .utf8)
    #expect(text == Self.expectedRecording)
    for secret in ["0000", "123456", "654321", "9999"] {
      let spaced = secret.map(String.init).joined(separator: " ")
      #expect(!text.contains(secret) && !text.contains(spaced), "\(secret) in \(text)")
    }
    // Digits typed in clear: the operator number, then the menu choice and an amount.
    #expect(Self.digitRuns(text) == ["01", "15000", "1200", "1100", "1100"])
    let mode = try FileManager.default.attributesOfItem(atPath: recording.path)[.posixPermissions]
    #expect((mode as? Int) == 0o600)

    // Replayed through the scripted front into a fresh state.
    let problem = Paths.binaryProblem()
    #expect(problem == nil, "\(problem ?? "")")
    guard problem == nil else { return }
    let passwords = dir.appendingPathComponent("passwords.txt")
    try "# the trainer's operators\n01 0000\n00 123456\n".write(
      to: passwords, atomically: true, encoding: .utf8)
    let replay = shell([
      Paths.binary.path, "--headless", "--config", config.path, "--state",
      dir.appendingPathComponent("state2").path, "--receipts",
      dir.appendingPathComponent("receipts2").path, "--clock", Self.clock, "--lang", "zh",
      "--script", recording.path, "--passwords", passwords.path,
    ])
    #expect(replay.status == 0, "\(replay.output.suffix(2000))")
    #expect(!replay.output.contains("[input]"), "\(replay.output)")
    #expect(replay.output.contains("密码错"))
    #expect(!replay.output.contains("123456") && !replay.output.contains("0000 "))
    let replayed = try FileManager.default.contentsOfDirectory(
      atPath: dir.appendingPathComponent("receipts2").path
    ).sorted()
    #expect(replayed == slips)
    for name in slips {
      let a = try Data(contentsOf: dir.appendingPathComponent("receipts/" + name))
      let b = try Data(contentsOf: dir.appendingPathComponent("receipts2/" + name))
      #expect(a == b, "\(name) differs")
    }
  }

  /// Consecutive digit keys of a recording, joined ("1 5 0 0 0" → "15000").
  static func digitRuns(_ text: String) -> [String] {
    var runs: [String] = []
    var run = ""
    for token in InputTokenizer.tokens(text, mode: .scriptFile) {
      if case .key(.digit(let d)) = token {
        run += String(d)
      } else if !run.isEmpty {
        runs.append(run)
        run = ""
      }
    }
    if !run.isEmpty { runs.append(run) }
    return runs
  }
}
