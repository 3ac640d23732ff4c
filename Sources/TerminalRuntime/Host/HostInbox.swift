import Foundation
import TerminalCore

/// Replies handed over by the host link, waiting to become events. A link may
/// call back on any thread (a TCP link does), so the inbox is locked. `due` is
/// when the reply may be delivered in the session's time: the simulated host's
/// `reply_delay_s` after the request; nil means at once.
final class HostInbox: @unchecked Sendable {
  // @unchecked: `entries` is only touched under `lock`.
  private let lock = NSLock()
  private var entries: [(reply: HostReply, due: Date?)] = []

  func put(_ reply: HostReply, due: Date?) {
    lock.lock()
    defer { lock.unlock() }
    entries.append((reply, due))
  }

  /// The oldest reply due by `now`, removed.
  func takeDue(by now: Date) -> HostReply? {
    lock.lock()
    defer { lock.unlock() }
    guard let i = entries.firstIndex(where: { ($0.due ?? now) <= now }) else { return nil }
    return entries.remove(at: i).reply
  }

  func hasReply(dueBy now: Date) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return entries.contains { ($0.due ?? now) <= now }
  }

  /// When the earliest scheduled reply falls due (nil: none scheduled).
  var nextDue: Date? {
    lock.lock()
    defer { lock.unlock() }
    return entries.compactMap(\.due).min()
  }
}
