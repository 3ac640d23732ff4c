import Foundation
import TerminalCore

/// Date and time as printed, in the terminal's time zone (never the host's).
public struct SlipClock: Sendable {
  public let timeZone: TimeZone

  public init(timeZone: TimeZone) { self.timeZone = timeZone }

  private func parts(_ date: Date) -> [Int] {
    let d = CivilTime(date, timeZone)
    return [d.year, d.month, d.day, d.hour, d.minute, d.second]
  }

  private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  /// `2026/11/21 09:30:00`
  public func slipText(_ date: Date) -> String {
    let p = parts(date)
    return "\(p[0])/\(Self.two(p[1]))/\(Self.two(p[2])) "
      + "\(Self.two(p[3])):\(Self.two(p[4])):\(Self.two(p[5]))"
  }

  /// `20261121-093000`, for file names.
  public func fileStamp(_ date: Date) -> String {
    let p = parts(date)
    return "\(p[0])\(Self.two(p[1]))\(Self.two(p[2]))-"
      + "\(Self.two(p[3]))\(Self.two(p[4]))\(Self.two(p[5]))"
  }
}
