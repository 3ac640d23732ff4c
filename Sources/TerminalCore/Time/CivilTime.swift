import Foundation

/// A moment's calendar date and time of day in a time zone (proleptic Gregorian), by
/// arithmetic on the zone's offset. A `Calendar` would do the same, but its first use
/// asks Foundation for the process's current time zone, which loads ICU's zone tables:
/// about 1 MB of a scripted sale's peak memory, for a zone the terminal never uses.
public struct CivilTime: Sendable, Equatable {
  public var year: Int
  public var month: Int
  public var day: Int
  public var hour: Int
  public var minute: Int
  public var second: Int

  public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// The fields of `date` in `zone` (whole seconds, rounded down).
  public init(_ date: Date, _ zone: TimeZone) {
    let local = date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))
    let t = Int64(max(min(local.rounded(.down), 2.5e14), -2.5e14))
    let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
    let seconds = Int(t - days * 86_400)
    (year, month, day) = Self.civil(fromDays: Int(days))
    hour = seconds / 3600
    minute = seconds / 60 % 60
    second = seconds % 60
  }

  /// yyyymmdd, for comparing days.
  public var dayNumber: Int { year * 10000 + month * 100 + day }

  /// Days since 1970-01-01 of this date.
  public var daysSinceEpoch: Int { Self.days(fromCivil: year, month, day) }

  /// The moment these fields name in `zone`; nil when they are not a date and time
  /// (month 13, 30 February, 24:00, a time a clock change skips).
  public func date(in zone: TimeZone) -> Date? {
    guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
      (0...59).contains(second), day >= 1, day <= Self.daysIn(month, of: year)
    else { return nil }
    let local = Double(daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second)
    // The offset at the moment itself: a guess from the local reading, then once more.
    var moment = Date(
      timeIntervalSince1970: local
        - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local))))
    moment = Date(timeIntervalSince1970: local - Double(zone.secondsFromGMT(for: moment)))
    return CivilTime(moment, zone) == self ? moment : nil
  }

  public static func daysIn(_ month: Int, of year: Int) -> Int {
    switch month {
    case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days from 1970-01-01 to the given date (Howard Hinnant's days_from_civil).
  public static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
  public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// `9` → `09`.
  public static func two(_ n: Int) -> String { zeroPadded(n, width: 2) }

  /// `HH:mm:ss`.
  public var timeText: String { Self.two(hour) + ":" + Self.two(minute) + ":" + Self.two(second) }

  /// `20261121-093000`, for file names (slips, a reset state folder's archive).
  public var fileStamp: String {
    zeroPadded(year, width: 4) + Self.two(month) + Self.two(day) + "-" + Self.two(hour)
      + Self.two(minute) + Self.two(second)
  }

  /// `2026-11-21T09:30:00+08:00` (`Z` at offset 0): ISO 8601 as `moment(iso8601:)` reads it.
  public static func iso8601(_ date: Date, _ zone: TimeZone) -> String {
    let c = CivilTime(date, zone)
    let offset = zone.secondsFromGMT(for: date)
    let minutes = abs(offset) / 60
    let zoneText =
      offset == 0 ? "Z" : (offset < 0 ? "-" : "+") + two(minutes / 60) + ":" + two(minutes % 60)
    return zeroPadded(c.year, width: 4) + "-" + two(c.month) + "-" + two(c.day) + "T" + c.timeText
      + zoneText
  }
}

extension CivilTime {
  /// Why a text is not a moment, in words for the user (`--clock`).
  public struct MomentProblem: Error, Equatable {
    public var text: String
  }

  public static let momentExample = "2026-11-21T09:30:00+08:00"

  /// ISO 8601 with an offset (`2026-11-21T09:30:00+08:00`, `…Z`), whose calendar fields
  /// must name a real moment: 2026-02-30 is refused, not read as 2026-03-02. By
  /// arithmetic, as the rest of this type: ISO8601DateFormatter loads ICU, 4.5 MB of a
  /// run's peak memory.
  public static func moment(iso8601 text: String) -> Result<Date, MomentProblem> {
    let shape = #/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:?\d{2})$/#
    guard let m = text.wholeMatch(of: shape) else {
      return .failure(MomentProblem(text: "not ISO 8601 with an offset (\(momentExample))"))
    }
    let (year, month, day) = (Int(m.1)!, Int(m.2)!, Int(m.3)!)
    let (hour, minute, second) = (Int(m.4)!, Int(m.5)!, Int(m.6)!)
    guard (1...12).contains(month) else {
      return .failure(MomentProblem(text: "month \(m.2) is not 01–12"))
    }
    guard hour <= 23, minute <= 59, second <= 59 else {
      return .failure(
        MomentProblem(text: "\(m.4):\(m.5):\(m.6) is not a time of day (00:00:00–23:59:59)"))
    }
    // The offset as written; the date read back in it must show the same fields.
    var offset = 0
    if m.7 != "Z" {
      let digits = m.7.dropFirst().filter(\.isNumber)
      let (hours, minutes) = (Int(digits.prefix(2))!, Int(digits.suffix(2))!)
      guard hours * 60 + minutes <= 14 * 60, minutes <= 59 else {
        return .failure(MomentProblem(text: "offset \(m.7) is not within ±14:00"))
      }
      offset = (hours * 60 + minutes) * 60
      if m.7.hasPrefix("-") { offset = -offset }
    }
    guard let zone = TimeZone(secondsFromGMT: offset) else {
      return .failure(MomentProblem(text: "offset \(m.7) is out of range"))
    }
    let fields = CivilTime(
      year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    guard let date = fields.date(in: zone) else {
      return .failure(
        MomentProblem(
          text:
            "\(m.1)-\(m.2)-\(m.3) is not a date (that month has \(daysIn(month, of: year)) days)"
        ))
    }
    return .success(date)
  }
}
