import Foundation
import TerminalCore
import Testing

@testable import CursesFront

@Suite struct ControllerTests {
  @Test func keysGoToTheSessionAndQuitAsksFirst() {
    let fake = FakeSession()
    let face = FaceController(session: fake)
    face.start()
    #expect(fake.poweredOn)
    #expect(face.handle(.key(.digit(5))) == false)
    #expect(face.handle(.key(.enter)) == false)
    #expect(face.handle(.quit) == false)
    #expect(face.quitPending)
    // Any other key closes the dialog and is not sent.
    #expect(face.handle(.key(.digit(1))) == false)
    #expect(!face.quitPending)
    #expect(face.handle(.quit) == false)
    #expect(face.handle(.resize) == false)
    #expect(face.quitPending)
    #expect(face.handle(.key(.enter)) == true)
    #expect(fake.calls == ["powerOn", "5", "<enter>"])
  }

  @Test func pReloadsThePaperAndIsRecordedAsThePaperToken() throws {
    let fake = FakeSession()
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-paper-\(getpid()).keys")
    defer { try? FileManager.default.removeItem(at: url) }
    let face = FaceController(session: fake, recorder: try ScriptRecorder(url: url))
    face.handle(KeyMap.action(for: .char(UInt32(UInt8(ascii: "p")))))
    face.handle(.key(.enter))
    #expect(fake.calls.suffix(2) == ["<paper>", "<enter>"])
    let recorded = try String(contentsOf: url, encoding: .utf8)
    #expect(InputTokenizer.tokens(recorded, mode: .scriptFile) == [.paper, .key(.enter)])
  }

  // Chip and contactless
  @Test func iTAndRInsertTapAndRemoveTheSelectedCardAndAreRecorded() throws {
    let fake = FakeSession()
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-chip-\(getpid()).keys")
    defer { try? FileManager.default.removeItem(at: url) }
    let face = FaceController(session: fake, recorder: try ScriptRecorder(url: url))
    func press(_ c: Character) { face.handle(KeyMap.action(for: .char(UInt32(c.asciiValue!)))) }
    face.handle(.selectNext)
    press("i")
    #expect(face.model().cardInSlot == 2)
    press("i")  // the slot is taken: nothing recorded
    press("r")
    press("r")  // the slot is empty: nothing recorded
    press("t")
    #expect(fake.calls == ["<insert 2>", "<insert 2>", "<remove>", "<remove>", "<tap 2>"])
    let recorded = try String(contentsOf: url, encoding: .utf8)
    #expect(
      InputTokenizer.tokens(recorded, mode: .scriptFile) == [.insert(2), .remove, .tap(2)])
  }

  @Test func quitDialogCarriesTheUnfinishedBusiness() {
    let fake = FakeSession()
    fake.unfinishedBusiness =
      "a sale is awaiting the host reply: the journal reverses it at next start"
    let face = FaceController(session: fake)
    #expect(face.model().unfinished == nil)
    face.handle(.quit)
    #expect(face.model().quitPrompt)
    #expect(face.model().unfinished == fake.unfinishedBusiness)
  }

  @Test func trayCardsAreSelectedAndSwiped() {
    let fake = FakeSession()
    let face = FaceController(session: fake)
    face.handle(.swipe(2))
    face.handle(.selectPrevious)
    #expect(face.selected == 3)
    face.handle(.selectNext)
    face.handle(.selectNext)
    #expect(face.selected == 1)
    face.handle(.swipeSelected)
    #expect(fake.calls == ["<swipe 2>", "<swipe 2>"])
    #expect(face.lastSwipe?.source == "card 2")
  }

  @Test func printedSlipsGoOnThePaperAndPagesScroll() {
    let fake = FakeSession()
    let face = FaceController(session: fake)
    face.paperPage = 21
    fake.onPress = { f, _ in f.pending.append(.printed((1...30).map { "m\($0)" })) }
    face.handle(.key(.enter))
    #expect(face.paper.count == 31)
    #expect(face.paper.last == FaceController.tearLine)
    face.handle(.paperUp)
    #expect(face.paperScroll == 10)  // stops at the top of the paper
    face.handle(.paperDown)
    #expect(face.paperScroll == 0)
    face.handle(.paperUp)
    fake.onPress = { f, _ in f.pending.append(.note("hello")) }
    face.handle(.key(.digit(1)))
    #expect(face.note == "hello")
    fake.onPress = nil
    face.handle(.key(.digit(2)))
    #expect(face.note == nil)
  }

  @Test func recordingReplaysAsAScript() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-rec-\(UUID()).txt")
    defer { try? FileManager.default.removeItem(at: url) }
    let fake = FakeSession()
    let face = FaceController(session: fake, recorder: try ScriptRecorder(url: url))
    face.start()
    face.tick(seconds: 3)
    face.handle(.key(.enter))
    face.handle(.key(.digit(0)))
    face.handle(.key(.digit(1)))
    face.tick(seconds: 1)
    face.tick(seconds: 1)
    face.handle(.key(.backspace))
    face.handle(.key(.cancel))
    face.handle(.selectNext)  // face-only actions are not recorded
    face.handle(.paperUp)
    face.handle(.swipeSelected)
    face.handle(.quit)
    face.handle(.key(.enter))  // confirms the quit: not a key for the terminal
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text == "<wait 3> <enter> 0 1 <wait 2> <bksp> <cancel> <swipe 2> ")
    #expect(!text.contains("\n"))  // piped, a newline would be Enter
    #expect(
      fake.calls == [
        "powerOn", "<wait 3>", "<enter>", "0", "1", "<wait 1>", "<wait 1>", "<bksp>", "<cancel>",
        "<swipe 2>",
      ])
  }

  /// While the window is below 80×24 only "enlarge the window" shows: no key but
  /// quit reaches the terminal (or the recording) until the face is visible.
  @Test func keysWaitUntilTheFaceIsVisible() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-small-\(UUID()).keys")
    defer { try? FileManager.default.removeItem(at: url) }
    let fake = FakeSession()
    let face = FaceController(session: fake, recorder: try ScriptRecorder(url: url))
    face.start()
    #expect(face.isVisible)
    face.windowSize = (width: 60, height: 20)
    #expect(!face.isVisible)
    for action: FaceAction in [
      .key(.enter), .key(.digit(0)), .key(.digit(1)), .key(.enter), .swipe(1), .swipeSelected,
      .reloadPaper, .selectNext, .paperUp,
    ] {
      #expect(face.handle(action) == false)
    }
    #expect(fake.calls == ["powerOn"])
    #expect(face.selected == 0)
    // Quit asks (the question shows in the small window); another key closes it.
    face.handle(.quit)
    #expect(face.model().quitPrompt)
    #expect(face.handle(.key(.digit(5))) == false)
    #expect(!face.quitPending)
    #expect(fake.calls == ["powerOn"])
    #expect(try String(contentsOf: url, encoding: .utf8) == "")
    // Each dimension counts.
    face.windowSize = (width: 80, height: 23)
    face.handle(.key(.enter))
    face.windowSize = (width: 79, height: 40)
    face.handle(.key(.enter))
    #expect(fake.calls == ["powerOn"])
    // Visible again: keys are the terminal's.
    face.windowSize = (width: 80, height: 24)
    face.handle(.key(.enter))
    #expect(fake.calls == ["powerOn", "<enter>"])
    #expect(try String(contentsOf: url, encoding: .utf8) == "<enter> ")
    // And quit still works while small.
    face.windowSize = (width: 40, height: 10)
    face.handle(.quit)
    #expect(face.handle(.key(.enter)) == true)
  }

  @Test func aNewRecordingIsTheOwnersOnly() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-mode-\(UUID()).keys")
    defer { try? FileManager.default.removeItem(at: url) }
    let old = umask(0o022)
    defer { umask(old) }
    _ = try ScriptRecorder(url: url)
    let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions]
    #expect((mode as? Int) == 0o600)
  }

  @Test func recordingAppendsToAnExistingFile() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "face-rec-\(UUID()).txt")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data("1 ".utf8).write(to: url)
    let face = FaceController(session: FakeSession(), recorder: try ScriptRecorder(url: url))
    face.handle(.key(.digit(2)))
    #expect(try String(contentsOf: url, encoding: .utf8) == "1 2 ")
  }
}
