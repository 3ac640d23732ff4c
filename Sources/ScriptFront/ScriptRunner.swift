import Foundation
import TerminalCore
import TerminalRuntime

/// Runs a session from tokens and writes the transcript as it goes.
public final class ScriptRunner {
  public enum Outcome: Equatable, Sendable {
    case atRest  // exit 0
    case unfinished(String)  // exit 3
    case stopped  // exit 4: the terminal stopped on a self-check or storage fault

    public var exitCode: Int32 {
      switch self {
      case .atRest: return 0
      case .unfinished: return 3
      case .stopped: return 4
      }
    }
  }

  let session: TerminalSession
  var transcript: Transcript
  let write: (String) -> Void
  /// Masks keys typed into a masked field (PIN, password) in frame headers.
  var maskNextKeys = false
  /// Operator → password, for `<password NN>` in a recording (`--passwords FILE`).
  public var passwords: [String: String] = [:]

  public init(session: TerminalSession, write: @escaping (String) -> Void) {
    self.session = session
    self.transcript = Transcript(timeZone: session.configuration.profile.timeZone)
    self.write = write
  }

  /// Powers on and runs `tokens`, then ends the run.
  public func run(_ tokens: [InputToken]) -> Outcome {
    start()
    for token in tokens { step(token) }
    return finish()
  }

  public func start() {
    session.powerOn()
    flush(cause: "power on")
  }

  /// Input has ended: the host's answer still comes (virtual time runs to it),
  /// then the run says whether the terminal is at rest.
  public func finish() -> Outcome {
    waitForHost()
    if session.isStopped {
      write("[end] the terminal stopped on a fault; see the last frame\n")
      return .stopped
    }
    if let business = session.unfinishedBusiness {
      write("[end] input ended mid-transaction: \(business)\n")
      return .unfinished(business)
    }
    write("[end] at rest\n")
    return .atRest
  }

  public func step(_ token: InputToken) {
    switch token {
    case .key(let key):
      waitForHost()
      let masked = session.screen.field?.masked == true
      session.press(key)
      flush(cause: "key " + (masked && isDigit(key) ? "*" : InputToken.key(key).text))
    case .swipe(let n):
      waitForHost()
      session.swipeDeckCard(n)
      flush(cause: token.text)
    case .swipeWAV(let path):
      waitForHost()
      session.swipeWAV(URL(fileURLWithPath: path))
      flush(cause: "<swipe-wav \(URL(fileURLWithPath: path).lastPathComponent)>")
    case .wait(let seconds):
      session.advanceClock(by: seconds)
      flush(cause: token.text)
    case .paper:
      session.loadPaper()
      flush(cause: token.text)
    case .secret(let entry):
      // A recorded PIN or password: typed from the deck or `passwords`, shown as `*`.
      waitForHost()
      switch session.keys(for: entry, passwords: passwords) {
      case .success(let keys):
        for key in keys { session.press(key) }
        flush(cause: token.text)
      case .failure(let problem):
        write("[input] \(token.text): \(problem)\n")
      }
    case .ignored(let what):
      write("[input] \(what)\n")
    }
  }

  /// A key or card that arrives while the terminal waits for the host is taken
  /// after the reply (or the timeout): virtual time runs to that moment first.
  private func waitForHost() {
    guard session.isWaitingForHost else { return }
    session.settleHost()
    flush(cause: "waiting for the host")
  }

  private func isDigit(_ key: Key) -> Bool {
    if case .digit = key { return true }
    return false
  }

  private func flush(cause: String) {
    // The reader's report comes before the screens it caused; slips after them.
    let outputs = session.drainOutputs()
    for output in outputs where isSwipe(output) { write(Transcript.output(output)) }
    for shown in session.drainFrames() {
      write(transcript.frame(shown.screen, at: shown.time, cause: cause))
    }
    for output in outputs where !isSwipe(output) { write(Transcript.output(output)) }
  }

  private func isSwipe(_ output: SessionOutput) -> Bool {
    if case .swipe = output { return true }
    return false
  }
}
