import Foundation
import TerminalCore

/// Appends every action as its script token (`InputToken.text`: `5`, `<enter>`,
/// `<cancel>`, `<bksp>`, `<swipe N>`, `<paper>`, …), each followed by a space
/// and never a newline, so the file replays the same session both as
/// `--script FILE` and piped into stdin. Idle seconds between actions are
/// written as one `<wait N>` before the next action; idle time after the last
/// action is not written (nothing happened after it).
public final class ScriptRecorder {
  private let handle: FileHandle
  private var idleSeconds = 0

  /// Opens `url` for appending, creating it if needed.
  public init(url: URL) throws {
    if !FileManager.default.fileExists(atPath: url.path) {
      guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
      }
    }
    handle = try FileHandle(forWritingTo: url)
    try handle.seekToEnd()
  }

  /// Whole seconds of real time passed without an action.
  public func idle(_ seconds: Int) {
    guard seconds > 0 else { return }
    idleSeconds += seconds
  }

  /// Records one action. `.ignored` tokens have no text and are not written.
  public func action(_ token: InputToken) {
    let text = token.text
    guard !text.isEmpty else { return }
    var line = ""
    if idleSeconds > 0 { line += InputToken.wait(Double(idleSeconds)).text + " " }
    idleSeconds = 0
    line += text + " "
    try? handle.write(contentsOf: Data(line.utf8))
  }

  deinit { try? handle.close() }
}
