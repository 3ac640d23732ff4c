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

  /// `yyyy-MM-dd HH:mm:ss xxx` (2026-11-21 09:30:00 +08:00), proleptic Gregorian, formatted
  /// by hand: a DateFormatter built per frame cost more than the rest of the frame.
  static func format(_ date: Date, _ tz: TimeZone) -> String {
    let offset = tz.secondsFromGMT(for: date)
    let local = (date.timeIntervalSince1970 + Double(offset)).rounded(.down)
    let t = Int64(max(min(local, 2.5e14), -2.5e14))
    let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
    let secs = Int(t - days * 86_400)
    // Days since 1970-01-01 to year, month, day (Howard Hinnant's civil_from_days).
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = Int(doy - (153 * mp + 2) / 5 + 1)
    let month = Int(mp < 10 ? mp + 3 : mp - 9)
    let year = Int(yoe + era * 400 + (month <= 2 ? 1 : 0))
    let minutes = abs(offset) / 60
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    let y = year < 0 ? "-" + pad4(-year) : pad4(year)
    return
      "\(y)-\(two(month))-\(two(day)) \(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60)) "
      + (offset < 0 ? "-" : "+") + "\(two(minutes / 60)):\(two(minutes % 60))"
  }

  private static func pad4(_ v: Int) -> String {
    let s = String(v)
    return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
  }
}
