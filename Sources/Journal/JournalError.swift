import Foundation

/// Why the journal refused to open or to apply a command.
public enum JournalError: Error, CustomStringConvertible, Equatable {
  /// The file exists but is not a sound SQLite database. Nothing was written to it.
  case integrityCheckFailed(path: String, detail: String)
  /// The file is sound but holds fewer writes than were committed to it (its
  /// write-ahead log was lost): opening it would reuse voucher numbers. Nothing was
  /// written to it.
  case behindHistory(path: String, detail: String)
  /// The file is missing, empty, or not the journal of the identity expected. Nothing
  /// was written to it.
  case notThisJournal(path: String, detail: String)
  /// A record carried something that must never be stored (an unmasked PAN).
  case refusedSecret(String)
  /// A command referred to a transaction the journal does not hold, or SQLite failed.
  case storage(String)

  public var description: String {
    switch self {
    case .integrityCheckFailed(let p, let d): return "\(p): integrity check failed: \(d)"
    case .notThisJournal(let p, let d), .behindHistory(let p, let d): return "\(p): \(d)"
    case .refusedSecret(let s): return "refused to store: \(s)"
    case .storage(let s): return s
    }
  }
}
