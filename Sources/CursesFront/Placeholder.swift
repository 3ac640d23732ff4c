// Placeholder until the training face lands: the real one replaces this file.
import Foundation
import TerminalRuntime

public enum CursesFace {
  public static func run(session: TerminalSession, recordTo: URL?) -> Int32 {
    FileHandle.standardError.write(Data("the training face is not built yet; use --headless\n".utf8))
    return 2
  }
}
