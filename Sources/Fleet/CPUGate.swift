import Foundation
import TerminalRuntime

/// A counting semaphore as a `HostWaitGate`.
public final class CPUGate: HostWaitGate, @unchecked Sendable {
  // @unchecked: DispatchSemaphore is thread-safe.
  private let semaphore: DispatchSemaphore
  public init(_ count: Int) { semaphore = DispatchSemaphore(value: max(1, count)) }
  public func enter() { semaphore.wait() }
  public func leave() { semaphore.signal() }
}
