/// What a session leaves while it blocks on a remote host (see `settleHost(gate:)`).
public protocol HostWaitGate: AnyObject {
  func leave()
  func enter()
}
