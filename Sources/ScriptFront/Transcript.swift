import Foundation
import TerminalCore
import TerminalRuntime

/// Plain-text frames: no escape codes, one box per screen, each with a numbered header.
public struct Transcript {
  public private(set) var frameCount = 0
  let timeZone: TimeZone

  public init(timeZone: TimeZone) { self.timeZone = timeZone }

  public mutating func frame(_ screen: Screen, at time: Date, cause: String) -> String {
    frameCount += 1
    let border = "+" + String(repeating: "-", count: LCD.columns) + "+"
    var out = "=== frame \(frameCount) · \(Self.format(time, timeZone)) · \(cause) ===\n"
    out += border + "\n"
    for row in LCD.rows(of: screen) {
      // Trailing spaces trimmed inside the box would shift the border; keep the row exact.
      out += "|" + row + "|\n"
    }
    out += border + "\n"
    return out
  }

  public static func output(_ output: SessionOutput) -> String {
    switch output {
    case .printed(let slip): return "[printer] \(slip.fileName) (\(slip.lines.count) lines)\n"
    case .swipe(let swipe): return "[reader] \(swipe.text)\n"
    case .note(let note): return "[note] \(note)\n"
    }
  }

  static func format(_ date: Date, _ tz: TimeZone) -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = tz
    f.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
    return f.string(from: date)
  }
}
