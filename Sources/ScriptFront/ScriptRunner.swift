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

  public init(session: TerminalSession, write: @escaping (String) -> Void) {
    self.session = session
    self.transcript = Transcript(timeZone: session.configuration.profile.timeZone)
    self.write = write
  }

  public func run(_ tokens: [ScriptToken]) -> Outcome {
    session.powerOn()
    flush(cause: "power on")
    for token in tokens { step(token) }
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

  func step(_ token: ScriptToken) {
    switch token {
    case .key(let key):
      let masked = session.screen.field?.masked == true
      session.press(key)
      flush(cause: "key " + (masked && isDigit(key) ? "*" : key.scriptToken))
    case .swipe(let n):
      session.swipeDeckCard(n)
      flush(cause: "<swipe \(n)>")
    case .swipeWAV(let path):
      session.swipeWAV(URL(fileURLWithPath: path))
      flush(cause: "<swipe-wav \(URL(fileURLWithPath: path).lastPathComponent)>")
    case .wait(let seconds):
      session.advanceClock(by: seconds)
      flush(cause: "<wait \(Self.formatSeconds(seconds))>")
    case .ignored(let what):
      write("[input] \(what)\n")
    }
  }

  private func isDigit(_ key: Key) -> Bool {
    if case .digit = key { return true }
    return false
  }

  private func flush(cause: String) {
    // The reader's report comes before the screens it caused; slips after them.
    let outputs = session.drainOutputs()
    for output in outputs where isSwipe(output) { write(Transcript.output(output)) }
    for screen in session.drainFrames() {
      write(transcript.frame(screen, at: session.now, cause: cause))
    }
    for output in outputs where !isSwipe(output) { write(Transcript.output(output)) }
  }

  private func isSwipe(_ output: SessionOutput) -> Bool {
    if case .swipe = output { return true }
    return false
  }

  static func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(s)
  }
}
