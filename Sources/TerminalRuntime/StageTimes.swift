/// Time the driver spent in each stage of its work.
public struct StageTimes: Sendable, Equatable {
  public enum Stage: String, Sendable, CaseIterable {
    case reader, core, journal, host, printer
    /// The APDU exchange with a chip card (the kernel against the simulated ICC).
    case chip
    /// PBKDF2: checking an operator's password, hashing a new one.
    case password
  }
  public private(set) var totals: [Stage: Duration] = [:]

  mutating func measure<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
    let clock = ContinuousClock()
    let start = clock.now
    defer { totals[stage, default: .zero] += clock.now - start }
    return try body()
  }

  public func seconds(_ stage: Stage) -> Double {
    let d = totals[stage] ?? .zero
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
