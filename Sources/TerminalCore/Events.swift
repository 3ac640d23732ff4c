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

/// Everything that can happen to the terminal. Keys, the reader and the host
/// become events; the driver reports every effect's outcome back as an event.
public enum Event: Sendable, Equatable {
  /// Power on with what the journal holds.
  case powerOn(JournalSnapshot)
  case selfCheckFinished(SelfCheckReport)
  /// The open batch, read from the journal after power-on's first screens: the driver
  /// reads it before the next event (power-on reads only what it needs).
  case openBatchLoaded([TransactionRecord])
  case key(Key)
  case cardRead(CardReadResult)
  /// The QR scanner read a payment code (digits) off the customer's phone.
  case codeScanned(String)
  /// A reply from the host link; dropped unless it matches the request awaited.
  case hostReplied(HostReply)
  /// The clock moved (virtual in scripted runs). Timeouts happen here.
  case tick(Date)
  /// A journal command is durable.
  case journalWritten(JournalCommand)
  /// A journal write failed: nothing after it in that step was done.
  case journalFailed(String)
  /// Every slip of the job is in place as a file.
  case printed(PrintJob)
  /// The printer could not print the job (paper out, receipts folder unwritable).
  case printFailed(PrintJob, reason: String)
  /// The chip slot and the antenna: a card in, out or tapped, and the card's answers.
  case chip(ChipEvent)
  /// The answer to `Effect.checkPassword`.
  case passwordChecked(PasswordCheck.Result)
  /// The answer to `Effect.hashPassword`.
  case passwordHashed(NewPassword.Result)
}

/// What the core asks the driver to do, in order.
public enum Effect: Sendable, Equatable {
  case runSelfCheck
  case journal(JournalCommand)
  case host(HostRequest)
  case print(PrintJob)
  /// A line for the transcript and the face's note line (a reply that was dropped).
  case note(String)
  /// Talk to the card in the slot or on the antenna (the driver runs the kernel).
  case chip(ChipCommand)
  /// Check a typed password against operator records (PBKDF2, the driver's work).
  case checkPassword(PasswordCheck)
  /// Hash a new password with a fresh salt (PBKDF2, the driver's work).
  case hashPassword(NewPassword)
}
