import CardReader
import Foundation

/// One module's self-check result; `advice` says what to do when it failed.
public struct SelfCheckItem: Sendable, Equatable {
  public var module: SelfCheckModule
  public var ok: Bool
  public var advice: String?
  public init(module: SelfCheckModule, ok: Bool, advice: String? = nil) {
    self.module = module
    self.ok = ok
    self.advice = advice
  }
}

public struct SelfCheckReport: Sendable, Equatable {
  public var items: [SelfCheckItem]
  public init(items: [SelfCheckItem]) { self.items = items }
  public var allOK: Bool { items.allSatisfy(\.ok) }
}

/// What the reader handed over after a swipe.
public enum CardReadResult: Sendable, Equatable {
  case success(CardTracks)
  case failure(reason: String)
}

/// Everything that can happen to the terminal. Keys, the reader and the host
/// become events; the driver feeds effect results back as events.
public enum Event: Sendable, Equatable {
  /// Power on with what the journal holds.
  case powerOn(JournalSnapshot)
  case selfCheckFinished(SelfCheckReport)
  case key(Key)
  case cardRead(CardReadResult)
  case hostReplied(HostResponse)
  /// The clock moved (virtual in scripted runs).
  case tick(Date)
  /// A journal write failed: nothing after it in that step was done.
  case journalFailed(String)
  case printFailed(String)
}

/// What the core asks the driver to do, in order.
public enum Effect: Sendable, Equatable {
  case runSelfCheck
  case journal(JournalCommand)
  case host(HostRequest)
  case print(PrintJob)
}
