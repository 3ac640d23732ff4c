import Foundation
import TerminalCore

/// Where a session keeps its files and how it gets time and randomness.
public struct SessionOptions: Sendable {
  public var stateDirectory: URL
  public var receiptsDirectory: URL
  /// nil: start from the wall clock (read once, here in the driver, never in the core).
  public var clockStart: Date?
  /// Overrides the configured language.
  public var language: Language?
  /// Seeds every swipe's channel noise: swipe k uses a value derived from (seed, k).
  public var seed: UInt64
  /// For crash tests only: stop the process dead at this point (see `CrashPoint`).
  public var crashPoint: CrashPoint?

  public init(
    stateDirectory: URL, receiptsDirectory: URL, clockStart: Date? = nil,
    language: Language? = nil, seed: UInt64 = 1, crashPoint: CrashPoint? = nil
  ) {
    self.stateDirectory = stateDirectory
    self.receiptsDirectory = receiptsDirectory
    self.clockStart = clockStart
    self.language = language
    self.seed = seed
    self.crashPoint = crashPoint
  }
}

/// A simulated power cut: after the `occurrence`-th action of `stage` the process
/// exits at once (no cleanup), as if the plug were pulled.
public struct CrashPoint: Sendable, Equatable {
  public enum Stage: String, Sendable, CaseIterable {
    case journal  // after a journal command committed
    case host  // after the host processed a request, before its reply is handled
    case print  // after a slip file was written
  }
  public var stage: Stage
  public var occurrence: Int
  public init(stage: Stage, occurrence: Int) {
    self.stage = stage
    self.occurrence = occurrence
  }

  /// `journal:3`, `host:1`, `print:2`.
  public init?(_ text: String) {
    let parts = text.split(separator: ":")
    guard parts.count == 2, let stage = Stage(rawValue: String(parts[0])),
      let n = Int(parts[1]), n > 0
    else { return nil }
    self.init(stage: stage, occurrence: n)
  }
}

/// Something the session did that a front may show besides the screen.
public enum SessionOutput: Sendable, Equatable {
  case printed(PrintedSlipSummary)
  case swipe(SwipeSummary)
  case note(String)
}

public struct PrintedSlipSummary: Sendable, Equatable {
  public var fileName: String
  public var path: URL
  public var lines: [String]
}

public struct SwipeSummary: Sendable, Equatable {
  public var source: String  // "card 1" or the WAV file name
  public var ok: Bool
  public var copyUsed: String?  // high / low / combined
  public var polarity: String?
  public var snrDB: Double?
  public var reason: String?  // why it failed

  /// One line for a transcript or a status bar.
  public var text: String {
    if ok {
      let snr = snrDB.map { String(format: "%.1f dB", $0) } ?? "?"
      return
        "\(source): decoded from the \(copyUsed ?? "?") copy, polarity \(polarity ?? "?"), SNR \(snr)"
    }
    return "\(source): swipe failed: \(reason ?? "unknown")"
  }
}

/// A screen as the terminal showed it, and when (virtual time).
public struct ShownFrame: Sendable, Equatable {
  public var screen: Screen
  public var time: Date
}
