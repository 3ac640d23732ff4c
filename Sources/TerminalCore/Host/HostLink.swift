import Foundation

/// Anything that answers host requests: the in-process acquirer, an ISO 8583
/// link over TCP. A request is handed over and the link calls `reply` later,
/// once, or never (a lost reply): the core's own timeout covers that.
/// `reply` may be called on any thread; the driver queues it as an event.
public protocol HostLink: AnyObject {
  func send(_ request: HostRequest, reply: @escaping @Sendable (HostReply) -> Void)
  /// For the self-check: is the link up?
  func ping() -> Bool
}
