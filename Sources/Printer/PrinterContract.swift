// CONTRACT STUB — the printer helper replaces this file with the real module.
import Foundation
import TerminalCore

public struct PrintedSlip: Sendable, Equatable {
  public var fileName: String
  public var lines: [String]
}

public struct SlipPrinter: Sendable {
  public static let columns = 32
  public init(profile: TerminalProfile) { fatalError("stub") }
  public func render(_ job: PrintJob) -> [PrintedSlip] { fatalError("stub") }
}

public final class ReceiptWriter {
  public init(directory: URL) throws { fatalError("stub") }
  /// Writes the slip as UTF-8 text; never overwrites an existing file.
  public func write(_ slip: PrintedSlip) throws -> URL { fatalError("stub") }
}
