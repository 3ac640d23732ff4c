import Foundation
import Testing

@testable import ScriptFront

/// The frame header's time is formatted by hand; it must read as a DateFormatter would.
@Suite struct TranscriptStampTests {
  static func reference(_ tz: TimeZone) -> DateFormatter {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.calendar = Calendar(identifier: .gregorian)
    f.timeZone = tz
    f.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
    return f
  }

  @Test(arguments: [
    "Asia/Shanghai", "UTC", "America/New_York", "Asia/Kolkata", "America/St_Johns",
    "Pacific/Chatham", "Europe/London",
  ])
  func matchesDateFormatter(zone: String) throws {
    let tz = try #require(TimeZone(identifier: zone))
    let reference = Self.reference(tz)
    // 1970 to 2100 in uneven steps (leap days, month ends, DST changes), and around them.
    var t = -86_400.0 * 3
    while t < 4_102_444_800 {
      for d in [0.0, 0.999, 59.5, 3599, 86_399.9] {
        let date = Date(timeIntervalSince1970: t + d)
        #expect(Transcript.format(date, tz) == reference.string(from: date), "\(date) in \(zone)")
      }
      t += 86_400 * 29 + 3_607
    }
    for fixed in ["2026-11-21T09:30:00+08:00", "2000-02-29T23:59:59Z", "2100-03-01T00:00:00Z"] {
      let date = try #require(ISO8601DateFormatter().date(from: fixed))
      #expect(Transcript.format(date, tz) == reference.string(from: date))
    }
  }
}
