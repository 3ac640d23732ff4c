// CONTRACT STUB — the journal/acquirer helper replaces this file with the real module.
import Foundation
import TerminalConfig
import TerminalCore

public final class SimulatedAcquirer: HostLink {
  /// `statePath` nil keeps balances and PIN-try counts in memory only.
  public init(deck: [DeckCard], fault: HostFaultMode, statePath: URL?, timeZone: TimeZone) throws {
    fatalError("stub")
  }
  public var fault: HostFaultMode = .none
  public func send(_ request: HostRequest) -> HostResponse { fatalError("stub") }
  public func ping() -> Bool { fatalError("stub") }
}
