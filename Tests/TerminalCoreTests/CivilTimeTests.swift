import Foundation
import Testing

@testable import TerminalCore

/// `CivilTime` reads and builds moments as Foundation's Gregorian calendar does.
@Suite struct CivilTimeTests {
  static let zones = [
    TimeZone(secondsFromGMT: 8 * 3600)!, TimeZone(secondsFromGMT: -(5 * 3600 + 1800))!,
    TimeZone(identifier: "Asia/Shanghai")!, TimeZone(identifier: "America/New_York")!,
  ]

  @Test(arguments: zones)
  func fieldsAgreeWithTheCalendar(zone: TimeZone) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    var random = SplitMix(seed: 42)
    // Every hour around two clock changes, then moments from 1900 to 2100.
    let changes = [1_772_953_200.0, 1_793_512_800.0].flatMap { c in
      (-48...48).map { c + Double($0) * 1800 }
    }
    let spread = (0..<2000).map { _ in Double(random.next() % 6_311_390_400) - 2_208_988_800 }
    for t in changes + spread {
      let date = Date(timeIntervalSince1970: t)
      let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
      let ours = CivilTime(date, zone)
      #expect(
        [ours.year, ours.month, ours.day, ours.hour, ours.minute, ours.second]
          == [c.year, c.month, c.day, c.hour, c.minute, c.second], "\(t) in \(zone.identifier)")
      #expect(
        ours.date(in: zone) == date
          || zone.secondsFromGMT(for: date) != zone.secondsFromGMT(for: date - 3600), "\(t)")
    }
  }

  @Test func fieldsThatAreNoDateAreRefused() {
    let zone = TimeZone(secondsFromGMT: 8 * 3600)!
    #expect(CivilTime(year: 2026, month: 2, day: 29).date(in: zone) == nil)
    #expect(CivilTime(year: 2028, month: 2, day: 29).date(in: zone) != nil)
    #expect(CivilTime(year: 2026, month: 13, day: 1).date(in: zone) == nil)
    #expect(CivilTime(year: 2026, month: 4, day: 31).date(in: zone) == nil)
    #expect(CivilTime(year: 2026, month: 4, day: 30, hour: 24).date(in: zone) == nil)
    // 02:30 on the morning New York's clocks skip does not exist.
    let newYork = TimeZone(identifier: "America/New_York")!
    #expect(CivilTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30).date(in: newYork) == nil)
    #expect(CivilTime(year: 2026, month: 3, day: 8, hour: 3, minute: 30).date(in: newYork) != nil)
  }

  @Test func daysRoundTrip() {
    for days in stride(from: -800_000, through: 800_000, by: 997) {
      let (y, m, d) = CivilTime.civil(fromDays: days)
      #expect(CivilTime.days(fromCivil: y, m, d) == days)
    }
    #expect(CivilTime.days(fromCivil: 1970, 1, 1) == 0)
    #expect(CivilTime.days(fromCivil: 2026, 11, 21) == 20_778)
  }
}

/// `--clock`'s reading: the moment named, or why the text names none.
@Suite struct MomentParsingTests {
  @Test func aMomentWithAnOffsetIsTheInstantItNames() throws {
    let date = try CivilTime.moment(iso8601: "2026-11-21T09:30:00+08:00").get()
    #expect(date.timeIntervalSince1970 == 1_795_224_600)
    #expect(try CivilTime.moment(iso8601: "2026-11-21T01:30:00Z").get() == date)
    #expect(try CivilTime.moment(iso8601: "2026-11-20T20:30:00-0500").get() == date)
  }

  @Test(arguments: [
    ("2026-13-01T00:00:00Z", "month 13 is not 01–12"),
    ("2026-02-29T00:00:00Z", "2026-02-29 is not a date (that month has 28 days)"),
    ("2026-11-21T09:30:00+14:30", "offset +14:30 is not within ±14:00"),
    ("2026-11-21T09:30:00", "not ISO 8601 with an offset (2026-11-21T09:30:00+08:00)"),
  ])
  func aTextThatNamesNoMomentSaysWhy(text: String, why: String) {
    guard case .failure(let problem) = CivilTime.moment(iso8601: text) else {
      Issue.record("\(text) was read as a moment")
      return
    }
    #expect(problem.text == why)
  }
}

/// A small seeded generator for the test's moments.
private struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
