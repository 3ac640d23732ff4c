/// What the host process does wrong on the wire, for training and tests (the app
/// layer maps host.yaml's `wire_fault` onto it).
public enum WireFault: Sendable, Equatable, CaseIterable {
  case none
  /// Close the connection instead of replying.
  case close
  /// Reply with a frame that is not a message.
  case garbled
  /// Reply with a wrong MAC (field 64).
  case wrongMAC
  /// Reply for another trace (field 11 + 1).
  case otherTrace
  /// Reply after `WireHost.Settings.delaySeconds`.
  case delay
}
