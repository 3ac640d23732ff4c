import Ciphers
import Testing

@testable import Chip

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The exchange of one chip sale, timed in process CPU time. Not an assertion on the
/// time: the figure is printed for the notes.
@Suite struct TimingTests {
  static func cpuMilliseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1_000_000
  }

  @Test func chipSaleExchangeTime() throws {
    let fresh = debitCard()
    // Every run starts from the same card, so the ARQC (ATC 1) and hence the issuer's
    // answer are the same each time: the issuer's work is done once, outside the timing.
    var probe = fresh
    var host: HostOutcome? = nil
    _ = try contactSale(&probe) {
      host = try issuerApproves($0, profile: fresh.profile)
      return host!
    }
    let runs = 200
    var approved = 0
    let start = Self.cpuMilliseconds()
    for _ in 0..<runs {
      var card = fresh
      let result = try contactSale(&card) { _ in host! }
      if result.completion.approved { approved += 1 }
    }
    let exchange = (Self.cpuMilliseconds() - start) / Double(runs)
    #expect(approved == runs)

    // The issuer's side per sale: derive the card key, verify the ARQC, make the ARPC.
    var card = fresh
    let request = try contactSale(&card) { _ in host! }
      .request
    let issuerStart = Self.cpuMilliseconds()
    for _ in 0..<runs { _ = try issuerApproves(request, profile: fresh.profile) }
    let issuer = (Self.cpuMilliseconds() - issuerStart) / Double(runs)
    print(
      "chip sale exchange: \(format(exchange)) ms CPU per sale (11 APDUs, card + kernel, "
        + "mean of \(runs)); issuer verify + ARPC: \(format(issuer)) ms CPU")
  }

  func format(_ ms: Double) -> String {
    let hundredths = Int((ms * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
