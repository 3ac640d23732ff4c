import Foundation
import TerminalCore

/// Replies handed over by the host link, waiting to become events. A link may
/// call back on any thread (a TCP link does), so the inbox is locked. `due` is
/// when the reply may be delivered in the session's time: the simulated host's
/// `reply_delay_s` after the request; nil means at once.
final class HostInbox: @unchecked Sendable {
  // @unchecked: `entries` and `lost` are only touched under `lock`.
  private let lock = NSCondition()
  private var entries: [(reply: HostReply, due: Date?)] = []
  /// Requests a remote link gave up on (no reply can come any more).
  private var lost: [(HostEnvelope, HostMessageType)] = []

  func put(_ reply: HostReply, due: Date?) {
    lock.lock()
    defer { lock.unlock() }
    entries.append((reply, due))
    lock.broadcast()
  }

  func markLost(_ envelope: HostEnvelope, _ type: HostMessageType) {
    lock.lock()
    defer { lock.unlock() }
    lost.append((envelope, type))
    if lost.count > 64 { lost.removeFirst(lost.count - 64) }
    lock.broadcast()
  }

  /// A new request with this envelope and type is going out: an old loss is not its.
  func clearLost(_ envelope: HostEnvelope, _ type: HostMessageType) {
    lock.lock()
    defer { lock.unlock() }
    lost.removeAll { $0.0 == envelope && $0.1 == type }
  }

  func isLost(_ envelope: HostEnvelope, _ type: HostMessageType) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return lost.contains { $0.0 == envelope && $0.1 == type }
  }

  /// Blocks until a reply or a loss arrives, or `seconds` pass (real time).
  /// Blocks until a reply is waiting or the awaited request is marked lost, or
  /// `seconds` pass (real time).
  func waitForNews(seconds: Double, awaiting envelope: HostEnvelope, _ type: HostMessageType) {
    lock.lock()
    defer { lock.unlock() }
    let until = Date().addingTimeInterval(max(0, seconds))
    while entries.isEmpty && !lost.contains(where: { $0.0 == envelope && $0.1 == type }) {
      if !lock.wait(until: until) { break }
    }
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
