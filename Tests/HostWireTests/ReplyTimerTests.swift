import Foundation
import TerminalCore
import TerminalRuntime
import Testing

/// A terminal's reply timer measures the host's time only: a terminal of a fleet
/// that waits for its compute turn after the reply came back in time (here 3 s, with
/// host_timeout_s 2) still takes the reply.
@Suite("The reply timer")
struct ReplyTimerTests {
  /// A compute turn that takes `seconds` to come, once armed.
  final class SlowTurn: HostWaitGate {
    var armed = false
    let seconds: Double
    init(seconds: Double) { self.seconds = seconds }
    func leave() {}
    func enter() { if armed { Thread.sleep(forTimeInterval: seconds) } }
  }

  @Test func doesNotCountTheWaitForAComputeTurn() throws {
    let fixture = try WireFixture()
    let link = fixture.link()
    defer { link.close() }
    var configuration = fixture.configuration
    configuration.profile.hostTimeoutSeconds = 2
    let session = fixture.session(
      "a", link: link, clock: Date(timeIntervalSince1970: 1_795_743_000),
      configuration: configuration)
    let gate = SlowTurn(seconds: 3)
    func press(_ keys: [Key]) {
      for key in keys {
        if session.isWaitingForHost { session.settleHost(gate: gate) }
        session.press(key)
      }
      if session.isWaitingForHost { session.settleHost(gate: gate) }
    }
    session.powerOn()
    press([.enter] + digits("01") + digits("0000"))
    #expect(link.isSignedIn)
    press(digits("1100"))
    session.swipeDeckCard(1)
    gate.armed = true
    press([.enter] + digits("123456"))
    guard case .transaction(.approved) = session.state.flow else {
      Issue.record(Comment(rawValue: "\(session.state.flow)"))
      return
    }
  }
}
