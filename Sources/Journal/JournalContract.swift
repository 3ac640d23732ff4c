// CONTRACT STUB — the journal helper replaces this file with the real module.
import Foundation
import TerminalCore

public enum JournalError: Error, CustomStringConvertible {
  case integrityCheckFailed(path: String, detail: String)
  case storage(String)
  public var description: String {
    switch self {
    case .integrityCheckFailed(let p, let d): return "\(p): integrity check failed: \(d)"
    case .storage(let s): return s
    }
  }
}

public final class TerminalJournal {
  /// Opens or creates the SQLite journal (WAL, synchronous FULL) and migrates it.
  /// Throws `.integrityCheckFailed` without writing anything when the file is damaged.
  public init(path: URL) throws { fatalError("stub") }
  public static func inMemory() throws -> TerminalJournal { fatalError("stub") }
  public func snapshot() throws -> JournalSnapshot { fatalError("stub") }
  public func apply(_ command: JournalCommand) throws { fatalError("stub") }
  public func allTransactions() throws -> [TransactionRecord] { fatalError("stub") }
  public func settlements() throws -> [SettlementReport] { fatalError("stub") }
}
