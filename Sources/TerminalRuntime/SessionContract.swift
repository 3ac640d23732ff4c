// CONTRACT STUB — replaced by the real driver; the public API is what fronts call.
import CardReader
import Foundation
import Printer
import TerminalConfig
import TerminalCore

public struct SessionOptions: Sendable {
  public var stateDirectory: URL
  public var receiptsDirectory: URL
  public var clockStart: Date?  // nil: the wall clock
  public var language: Language?  // overrides the config
  public var seed: UInt64
  public init(
    stateDirectory: URL, receiptsDirectory: URL, clockStart: Date? = nil,
    language: Language? = nil, seed: UInt64 = 1
  ) {
    self.stateDirectory = stateDirectory
    self.receiptsDirectory = receiptsDirectory
    self.clockStart = clockStart
    self.language = language
    self.seed = seed
  }
}

/// Something the session did that a front may want to show besides the screen.
public enum SessionOutput: Sendable, Equatable {
  case printed(PrintedSlip, path: URL)
  case swipe(SwipeSummary)
  case note(String)
}

public struct SwipeSummary: Sendable, Equatable {
  public var source: String  // "card 1" or the WAV path
  public var ok: Bool
  public var copyUsed: String?  // high / low / combined
  public var polarity: String?
  public var snrDB: Double?
  public var reason: String?  // on failure
}

public final class TerminalSession {
  public init(configuration: Configuration, options: SessionOptions) throws { fatalError("stub") }
  public var screen: Screen { fatalError("stub") }
  public var status: StatusInfo { fatalError("stub") }
  public var deck: [DeckCard] { fatalError("stub") }
  public var language: Language { fatalError("stub") }
  public func powerOn() { fatalError("stub") }
  public func press(_ key: Key) { fatalError("stub") }
  public func swipeDeckCard(_ position: Int) { fatalError("stub") }
  public func swipeWAV(_ url: URL) { fatalError("stub") }
  /// Virtual time moves only through this in scripted runs; the face calls it once a second.
  public func advanceClock(by seconds: Double) { fatalError("stub") }
  public func drainOutputs() -> [SessionOutput] { fatalError("stub") }
  /// nil when the terminal is at rest; otherwise what is in progress and how the journal treats it.
  public var unfinishedBusiness: String? { fatalError("stub") }
}
