import Foundation

/// Date and time as printed, in the terminal's time zone (never the host's).
struct SlipClock {
  let calendar: Calendar

  init(timeZone: TimeZone) {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = timeZone
    calendar = c
  }

  private func parts(_ date: Date) -> [Int] {
    let d = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return [d.year ?? 0, d.month ?? 0, d.day ?? 0, d.hour ?? 0, d.minute ?? 0, d.second ?? 0]
  }

  private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  /// `2026/11/21 09:30:00`
  func slipText(_ date: Date) -> String {
    let p = parts(date)
    return "\(p[0])/\(Self.two(p[1]))/\(Self.two(p[2])) "
      + "\(Self.two(p[3])):\(Self.two(p[4])):\(Self.two(p[5]))"
  }

  /// `20261121-093000`, for file names.
  func fileStamp(_ date: Date) -> String {
    let p = parts(date)
    return "\(p[0])\(Self.two(p[1]))\(Self.two(p[2]))-"
      + "\(Self.two(p[3]))\(Self.two(p[4]))\(Self.two(p[5]))"
  }
}
