import Foundation
import TerminalCore

/// Fields 12 (hhmmss) and 13 (MMDD) in a time zone. The wire carries no year:
/// a reader takes the year that puts the moment nearest a date it knows.
public struct WireTime: Sendable {
  public var timeZone: TimeZone
  public init(timeZone: TimeZone) { self.timeZone = timeZone }

  public func fields(_ date: Date) -> (time: String, date: String) {
    let c = CivilTime(date, timeZone)
    let two = CivilTime.two
    return (two(c.hour) + two(c.minute) + two(c.second), two(c.month) + two(c.day))
  }

  /// The moment `MMDD hhmmss` nearest `near`; nil when they are not a date and time.
  public func date(mmdd: String, hhmmss: String?, near: Date) -> Date? {
    let d = Array(mmdd.utf8).map { Int($0) - 48 }
    let t = Array((hhmmss ?? "000000").utf8).map { Int($0) - 48 }
    guard d.count == 4, t.count == 6, (d + t).allSatisfy({ (0...9).contains($0) }) else {
      return nil
    }
    let year = CivilTime(near, timeZone).year
    var best: Date?
    for y in [year - 1, year, year + 1] {
      let fields = CivilTime(
        year: y, month: d[0] * 10 + d[1], day: d[2] * 10 + d[3], hour: t[0] * 10 + t[1],
        minute: t[2] * 10 + t[3], second: t[4] * 10 + t[5])
      guard let date = fields.date(in: timeZone) else { continue }
      if best == nil || abs(date.timeIntervalSince(near)) < abs(best!.timeIntervalSince(near)) {
        best = date
      }
    }
    return best
  }
}
