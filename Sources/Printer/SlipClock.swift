import Foundation
import TerminalCore

/// Date and time as printed, in the terminal's time zone (never the host's).
public struct SlipClock: Sendable {
  public let timeZone: TimeZone

  public init(timeZone: TimeZone) { self.timeZone = timeZone }

  /// `2026/11/21 09:30:00`
  public func slipText(_ date: Date) -> String {
    let c = CivilTime(date, timeZone)
    return "\(c.year)/\(CivilTime.two(c.month))/\(CivilTime.two(c.day)) " + c.timeText
  }

  /// `20261121-093000`, for file names.
  public func fileStamp(_ date: Date) -> String { CivilTime(date, timeZone).fileStamp }
}
