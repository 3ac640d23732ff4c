import CursesFront
import Foundation
import TerminalConfig
import TerminalCore
import TerminalRuntime
import Testing

/// Every screen of a sale and of the forced settlement, drawn by the real core
/// through the face at 80×24, in both languages, compared with golden frames.
/// Regenerate with UPDATE_GOLDEN=1 (then read the diff).
@Suite("The face draws the real terminal's screens", .serialized)
struct RealSessionFrameTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let goldens = packageRoot.appendingPathComponent("Tests/CursesFrontTests/Golden")

  /// Face actions in the order a trainee presses them; `F1` swipes tray card 1.
  static let sale: [FaceAction] =
    [.key(.enter)] + digits("01") + [.key(.enter)] + digits("0000") + [.key(.enter)]
    + digits("15000") + [.key(.enter), .swipe(1), .key(.enter)] + digits("123456")
    + [.key(.enter), .key(.enter)]
  static let forcedSettlement: [FaceAction] =
    [.key(.enter)] + digits("01") + [.key(.enter)] + digits("0000")
    + [.key(.enter), .key(.enter), .key(.enter), .key(.cancel)]

  static func digits(_ s: String) -> [FaceAction] {
    s.compactMap { $0.wholeNumberValue }.map { .key(.digit(UInt8($0))) }
  }

  /// Runs `actions` on a fresh face over a real session and returns every frame
  /// whose LCD changed, as plain text.
  static func frames(
    _ actions: [FaceAction], language: Language, clock: String, state: URL
  ) throws -> String {
    let configuration = try ConfigLoader.load(
      directory: packageRoot.appendingPathComponent("Config"))
    let session = TerminalSession(
      configuration: configuration,
      options: SessionOptions(
        stateDirectory: state.appendingPathComponent("state"),
        receiptsDirectory: state.appendingPathComponent("receipts"),
        clockStart: ISO8601DateFormatter().date(from: clock)!, language: language, seed: 1))
    let face = FaceController(session: session)
    face.start()
    var out: [String] = []
    var lastLCD: Screen?
    func snap(_ cause: String) {
      let model = face.model()
      guard model.screen != lastLCD else { return }
      lastLCD = model.screen
      let lines = FaceRenderer.render(model, width: 80, height: 24).lines(
        trimmingTrailingSpaces: true)
      out.append("=== \(out.count + 1): \(cause) ===\n" + lines.joined(separator: "\n"))
    }
    snap("power on")
    for action in actions {
      // A digit typed into the PIN or password field is shown as `*`, never its value.
      let masked = face.model().screen.field?.masked == true
      let cause: String
      switch action {
      case .key(.digit) where masked: cause = "key *"
      case .key(let key): cause = "key \(InputToken.key(key).text)"
      case .swipe(let n): cause = "<swipe \(n)>"
      default: cause = "\(action)"
      }
      face.handle(action)
      snap(cause)
    }
    return out.joined(separator: "\n") + "\n"
  }

  static func check(_ actual: String, _ name: String) throws {
    let url = goldens.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try actual.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let firstDiff = (0..<max(a.count, e.count)).first {
      ($0 < a.count ? a[$0] : nil) != ($0 < e.count ? e[$0] : nil)
    }
    #expect(
      firstDiff == nil,
      "\(name) differs at line \((firstDiff ?? 0) + 1):\n  expected: \(firstDiff.map { $0 < e.count ? String(e[$0]) : "<end>" } ?? "")\n  actual:   \(firstDiff.map { $0 < a.count ? String(a[$0]) : "<end>" } ?? "")"
    )
  }

  @Test(arguments: Language.allCases)
  func everyScreenOfASale(language: Language) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-sale-\(language)-\(getpid())")
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = try Self.frames(
      Self.sale, language: language, clock: "2026-11-21T09:30:00+08:00", state: dir)
    // Every line fits the 80-column face; no wide glyph spills.
    for line in text.split(separator: "\n") where !line.hasPrefix("===") {
      #expect(DisplayWidth.of(String(line)) <= 80)
    }
    try Self.check(text, "sale-\(language).txt")
  }

  @Test(arguments: Language.allCases)
  func everyScreenOfTheForcedSettlement(language: Language) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-settle-\(language)-\(getpid())")
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try Self.frames(
      Self.sale, language: language, clock: "2026-11-20T18:00:00+08:00", state: dir)
    let text = try Self.frames(
      Self.forcedSettlement, language: language, clock: "2026-11-21T09:30:00+08:00", state: dir)
    #expect(text.contains(language == .zh ? "终端隔日强制结算" : "FORCED SETTLEMENT"))
    try Self.check(text, "settlement-\(language).txt")
  }
}

/// 扫一扫 at the face: the tray lists the deck's phones after its cards, and `c`
/// scans the selected phone's payment code (recorded as `<scan CODE>`).
@Suite("The face scans a phone's payment code")
struct FaceScanTests {
  @Test func theSelectedPhoneIsScannedAndRecorded() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-scan-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let configuration = try ConfigLoader.load(
      directory: RealSessionFrameTests.packageRoot.appendingPathComponent("Config"))
    let session = TerminalSession(
      configuration: configuration,
      options: SessionOptions(
        stateDirectory: dir.appendingPathComponent("state"),
        receiptsDirectory: dir.appendingPathComponent("receipts"),
        clockStart: ISO8601DateFormatter().date(from: "2026-11-21T09:30:00+08:00")!,
        language: .zh, seed: 1))
    let recording = dir.appendingPathComponent("rec.keys")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let recorder = try ScriptRecorder(url: recording)
    let face = FaceController(session: session, recorder: recorder)
    face.start()
    let phones = face.tray.filter(\.isPhone)
    #expect(phones.map(\.pan).first == "134502000000000001")
    #expect(face.tray.count == configuration.deck.count + configuration.wallets.count)
    for action in [.key(.enter)] + RealSessionFrameTests.digits("01") + [.key(.enter)]
      + RealSessionFrameTests.digits("0000") + [.key(.enter)]
      + RealSessionFrameTests.digits("22500")
      + [.key(.enter)]
    {
      face.handle(action)
    }
    #expect(face.model().screen.lines.contains { $0.text.contains("请扫描付款码") })
    // `c` on a card does nothing; select the first phone and scan it.
    face.handle(.scanSelected)
    #expect(face.model().screen.lines.contains { $0.text.contains("请扫描付款码") })
    for _ in 0..<configuration.deck.count { face.handle(.selectNext) }
    let frame = FaceRenderer.render(face.model(), width: 80, height: 24).lines(
      trimmingTrailingSpaces: true
    ).joined(separator: "\n")
    #expect(frame.contains("Q1 **0001 微信 付款成功"))
    #expect(frame.contains("微信 134502000000000001"))
    face.handle(.scanSelected)
    #expect(face.model().screen.lines.contains { $0.text.contains("支付成功") })
    let text = try String(contentsOf: recording, encoding: .utf8)
    #expect(text.contains("<scan 134502000000000001>"), "\(text)")
    #expect(KeyMap.action(for: .char(UInt32(UInt8(ascii: "c")))) == .scanSelected)
  }
}
