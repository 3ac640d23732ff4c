/// A host in another process (the ISO 8583 link over TCP): its replies take
/// real time, a request can be known lost before the terminal's timeout (the
/// connection closed, the reply failed its MAC), and it has things to say.
public protocol RemoteHostLink: HostLink {
  /// Sends `request`; `reply` once if an acceptable reply comes, or `lost`
  /// once when none can come any more (never both).
  func send(
    _ request: HostRequest, reply: @escaping @Sendable (HostReply) -> Void,
    lost: @escaping @Sendable () -> Void)
  /// Connects for real, for the self-check: nil when the host answers the
  /// connection, else what went wrong and what to do.
  func check() -> String?
  /// What the link noticed since the last call (a reply dropped, a MAC error…),
  /// for the transcript and the fault log.
  func drainNotes() -> [String]
}
