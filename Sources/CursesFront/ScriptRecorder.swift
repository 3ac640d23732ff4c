import Foundation
import TerminalCore

#if canImport(Glibc)
  import Glibc
#endif

/// Appends every action as its script token (`InputToken.text`: `5`, `<enter>`,
/// `<cancel>`, `<bksp>`, `<swipe N>`, `<paper>`, `<pin>`, …), each followed by a
/// space and never a newline, so the file replays the same session both as
/// `--script FILE` and piped into stdin. Idle seconds between actions are
/// written as one `<wait N>` before the next action; idle time after the last
/// action is not written (nothing happened after it).
///
/// It writes what it is given: keeping PIN and password digits out of the file
/// is the controller's business (`FaceController`). A new file is created with
/// mode 0600 (owner only).
public final class ScriptRecorder {
  private let handle: FileHandle
  private var idleSeconds = 0

  /// Opens `url` for appending, creating it (mode 0600) if needed.
  public init(url: URL) throws {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw CocoaError(
        .fileWriteUnknown,
        userInfo: [
          NSFilePathErrorKey: url.path,
          NSLocalizedDescriptionKey: String(cString: strerror(errno)),
        ])
    }
    handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
  }

  /// Whole seconds of real time passed without an action.
  public func idle(_ seconds: Int) {
    guard seconds > 0 else { return }
    idleSeconds += seconds
  }

  /// Idle time has passed since the last action written (its `<wait N>` is still to come).
  public var hasIdleTime: Bool { idleSeconds > 0 }

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
