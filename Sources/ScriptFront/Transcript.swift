import Foundation
import TerminalCore
import TerminalRuntime

/// Plain-text frames: no escape codes, one box per screen, each with a numbered header.
public struct Transcript {
  public private(set) var frameCount = 0
  let timeZone: TimeZone
  private var lastStamp: (time: Date, text: String)?

  public init(timeZone: TimeZone) { self.timeZone = timeZone }

  public mutating func frame(_ screen: Screen, at time: Date, cause: String) -> String {
    frameCount += 1
    // One string, sized once: every screen of a piped run is built here.
    var out = ""
    out.reserveCapacity(120 + cause.utf8.count + LCD.rows * (LCD.columns * 3 + 3))
    out += "=== frame "
    out += String(frameCount)
    out += " · "
    out += stamp(time)
    out += " · "
    out += cause
    out += " ===\n"
    out += Self.border
    for row in LCD.rows(of: screen) {
      // Trailing spaces trimmed inside the box would shift the border; keep the row exact.
      out += "|"
      out += row
      out += "|\n"
    }
    out += Self.border
    return out
  }

  /// The header's time: the screens of one key share it, so it is formatted once.
  private mutating func stamp(_ time: Date) -> String {
    if let last = lastStamp, last.time == time { return last.text }
    let text = Self.format(time, timeZone)
    lastStamp = (time, text)
    return text
  }

  private static let border = "+" + String(repeating: "-", count: LCD.columns) + "+\n"

  /// A screen's box without a header: what a failed expectation shows.
  public static func box(_ screen: Screen) -> String {
    var out = border
    for row in LCD.rows(of: screen) { out += "|" + row + "|\n" }
    return out + border
  }

  public static func output(_ output: SessionOutput) -> String {
    switch output {
    case .printed(let slip): return "[printer] \(slip.fileName) (\(slip.lines.count) lines)\n"
    case .swipe(let swipe): return "[reader] \(swipe.text)\n"
    case .note(let note): return "[note] \(note)\n"
    }
  }

  /// `yyyy-MM-dd HH:mm:ss xxx` (2026-11-21 09:30:00 +08:00), proleptic Gregorian, formatted
  /// by hand: a DateFormatter built per frame cost more than the rest of the frame.
  static func format(_ date: Date, _ tz: TimeZone) -> String {
    let c = CivilTime(date, tz)
    let offset = tz.secondsFromGMT(for: date)
    let minutes = abs(offset) / 60
    let two = CivilTime.two
    let y = c.year < 0 ? "-" + zeroPadded(-c.year, width: 4) : zeroPadded(c.year, width: 4)
    return "\(y)-\(two(c.month))-\(two(c.day)) " + c.timeText + " "
      + (offset < 0 ? "-" : "+") + "\(two(minutes / 60)):\(two(minutes % 60))"
  }
}
