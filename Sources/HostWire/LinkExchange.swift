import Foundation
import TerminalCore

extension TCPHostLink {
  /// Sends and waits for the reply: nil when it is lost, or none comes in `seconds`.
  /// For callers outside a session (the fleet's settlement, tests).
  public func exchange(_ request: HostRequest, seconds: Double) -> HostReply? {
    let box = ReplyBox()
    send(request, reply: { box.put($0) }, lost: { box.put(nil) })
    return box.wait(seconds: seconds)
  }
}

private final class ReplyBox: @unchecked Sendable {
  // @unchecked: guarded by the condition.
  private let condition = NSCondition()
  private var done = false
  private var reply: HostReply?
  func put(_ r: HostReply?) {
    condition.lock()
    defer { condition.unlock() }
    if !done {
      reply = r
      done = true
    }
    condition.broadcast()
  }
  func wait(seconds: Double) -> HostReply? {
    condition.lock()
    defer { condition.unlock() }
    let until = Date().addingTimeInterval(seconds)
    while !done { if !condition.wait(until: until) { break } }
    return reply
  }
}
