import Foundation
import Testing

@testable import TerminalCore

/// A terminal driven event by event, in the style of swift-composable-architecture's
/// TestStore: each `send` states the whole change it expects of the state, each
/// effect it causes must be `receive`d by the test (and its outcome sent back by the
/// test, as the driver would), and an effect left unasserted fails the test. Screens
/// are compared whole, row by row.
///
/// Nothing is acknowledged behind the test's back: a journal write is durable only
/// when the test sends `.journalWritten`, a slip printed only when it sends `.printed`.
struct TestStore: ~Copyable {
  private(set) var state: TerminalState
  /// Effects of the events sent so far that the test has not received yet.
  private var unreceived: [Effect] = []
  private let sourceLocation: SourceLocation

  init(_ state: TerminalState, sourceLocation: SourceLocation = #_sourceLocation) {
    self.state = state
    self.sourceLocation = sourceLocation
  }

  /// Sends one event. `change` edits a copy of the state before the event into the
  /// state expected after it; anything else that changed fails the test. An event
  /// sent while effects are still unreceived fails too: the test has not said what
  /// became of them.
  mutating func send(
    _ event: Event, sourceLocation: SourceLocation = #_sourceLocation,
    _ change: (inout TerminalState) -> Void = { _ in }
  ) {
    if !unreceived.isEmpty {
      Issue.record(
        "sent \(event) with effects not yet received: \(unreceived)", sourceLocation: sourceLocation
      )
    }
    var expected = state
    change(&expected)
    unreceived += reduce(&state, event)
    if state != expected {
      Issue.record(
        "the state after \(event) is not the one expected:\n\(difference(expected, state))",
        sourceLocation: sourceLocation)
      // Go on from what the terminal really did, so one mistake is reported once.
    }
  }

  /// Keys in the one token syntax (`01<enter>0000<enter>`), each expected to change
  /// nothing but the flow and the last activity (`change` runs after every key).
  mutating func type(
    _ text: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ change: (inout TerminalState) -> Void = { _ in }
  ) {
    for token in InputTokenizer.tokens(text, mode: .scriptFile) {
      guard case .key(let key) = token else {
        Issue.record("not a key: \(token)", sourceLocation: sourceLocation)
        continue
      }
      let next = state.flowAfter(key)
      send(.key(key), sourceLocation: sourceLocation) {
        $0.flow = next
        $0.lastActivity = $0.now
        change(&$0)
      }
    }
  }

  /// The oldest unreceived effect must be `effect`.
  mutating func receive(_ effect: Effect, sourceLocation: SourceLocation = #_sourceLocation) {
    guard !unreceived.isEmpty else {
      Issue.record("expected \(effect), but there is no effect", sourceLocation: sourceLocation)
      return
    }
    let next = unreceived.removeFirst()
    #expect(next == effect, sourceLocation: sourceLocation)
  }

  /// The oldest unreceived effect, whatever it is, for effects the test takes apart
  /// (a request whose time or PIN block it checks field by field).
  mutating func receiveAny(sourceLocation: SourceLocation = #_sourceLocation) -> Effect? {
    guard !unreceived.isEmpty else {
      Issue.record("expected an effect, but there is none", sourceLocation: sourceLocation)
      return nil
    }
    return unreceived.removeFirst()
  }

  /// The LCD, whole: exactly the rows given (each padded to 24 columns).
  func assertScreen(_ rows: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let shown = LCD.rows(of: state.screen)
    let wanted = rows.split(separator: "\n", omittingEmptySubsequences: false).map {
      DisplayWidth.pad(String($0), to: LCD.columns)
    }
    #expect(
      shown == wanted,
      "LCD:\n\(shown.map { "|\($0)|" }.joined(separator: "\n"))",
      sourceLocation: sourceLocation)
  }

  /// Every effect was received: call at the end of each scenario.
  func finish(sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
      unreceived.isEmpty, "effects never received: \(unreceived)", sourceLocation: sourceLocation)
  }

  deinit {
    if !unreceived.isEmpty {
      Issue.record("effects never received: \(unreceived)", sourceLocation: sourceLocation)
    }
  }
}

extension TerminalState {
  /// The flow a key leads to, as `reduce` decides it, for `TestStore.type`'s
  /// expectation that a key changed nothing else.
  fileprivate func flowAfter(_ key: Key) -> Flow {
    var copy = self
    _ = reduce(&copy, .key(key))
    return copy.flow
  }
}

/// The stored properties of two states that differ, one line each.
func difference(_ expected: TerminalState, _ actual: TerminalState) -> String {
  let a = Mirror(reflecting: expected).children
  let b = Mirror(reflecting: actual).children
  return zip(a, b).compactMap { x, y in
    let left = String(describing: x.value)
    let right = String(describing: y.value)
    return left == right
      ? nil
      : "  \(x.label ?? "?"): expected \(left)\n  \(String(repeating: " ", count: (x.label ?? "?").count)): actual   \(right)"
  }.joined(separator: "\n")
}
