import Foundation

/// Reads a SQLite write-ahead log (`…-wal`) the way SQLite's recovery does, before
/// SQLite may replay it, and says whether it belongs to the database beside it.
///
/// SQLite replays any log whose header and frames hold together (magic, version,
/// page size, salts, running checksum) onto whatever database has the matching name:
/// nothing in the database file ties the log to it. So the tie is ours: the journal
/// and the acquirer's file change their identity row with every write, and the
/// page holding it (with the journal id, as text) is in every commit of their log.
/// A log none of whose commits holds the id is another database's.
enum WriteAheadLog {
  enum Verdict: Equatable {
    /// No file, or no committed transaction SQLite would replay.
    case nothingToReplay
    /// A committed transaction holds the journal id.
    case belongs
    /// Committed transactions, none of which holds the journal id.
    case foreign(commits: Int)
  }

  static func inspect(_ url: URL, journalID: String) throws -> Verdict {
    guard FileManager.default.fileExists(atPath: url.path) else { return .nothingToReplay }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw StateFolderError.unusable(path: url.path, detail: "cannot read the write-ahead log")
    }
    return inspect([UInt8](data), journalID: Array(journalID.utf8))
  }

  static func inspect(_ log: [UInt8], journalID: [UInt8]) -> Verdict {
    let headerSize = 32
    let frameHeaderSize = 24
    guard log.count >= headerSize else { return .nothingToReplay }
    let magic = word(log, 0)
    guard magic & 0xFFFF_FFFE == 0x377F_0682, word(log, 4) == 3_007_000 else {
      return .nothingToReplay
    }
    // The low bit of the magic says in which byte order the checksums read words.
    let bigEndian = magic & 1 == 1
    let pageSize = Int(word(log, 8))
    guard (512...65536).contains(pageSize), pageSize & (pageSize - 1) == 0 else {
      return .nothingToReplay
    }
    var sum = checksum(log, 0..<24, bigEndian: bigEndian, from: (0, 0))
    guard sum == (word(log, 24), word(log, 28)) else { return .nothingToReplay }
    let salts = (word(log, 16), word(log, 20))

    var commits = 0
    var holdingID = 0
    var transactionHoldsID = false
    var offset = headerSize
    while offset + frameHeaderSize + pageSize <= log.count {
      // A frame counts while its salts are the header's and the running checksum holds.
      guard word(log, offset) != 0, (word(log, offset + 8), word(log, offset + 12)) == salts
      else { break }
      sum = checksum(log, offset..<(offset + 8), bigEndian: bigEndian, from: sum)
      let page = (offset + frameHeaderSize)..<(offset + frameHeaderSize + pageSize)
      sum = checksum(log, page, bigEndian: bigEndian, from: sum)
      guard sum == (word(log, offset + 16), word(log, offset + 20)) else { break }
      if !transactionHoldsID, contains(log[page], journalID) { transactionHoldsID = true }
      if word(log, offset + 4) != 0 {  // the database size after a commit: a commit frame
        commits += 1
        if transactionHoldsID { holdingID += 1 }
        transactionHoldsID = false
      }
      offset += frameHeaderSize + pageSize
    }
    if commits == 0 { return .nothingToReplay }
    return holdingID > 0 ? .belongs : .foreign(commits: commits)
  }

  /// A big-endian 32-bit word (the log's headers are big-endian whatever the checksum order).
  private static func word(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8
      | UInt32(bytes[at + 3])
  }

  /// SQLite's WAL checksum over `range` (a multiple of 8 bytes), continuing `from`.
  private static func checksum(
    _ bytes: [UInt8], _ range: Range<Int>, bigEndian: Bool, from: (UInt32, UInt32)
  ) -> (UInt32, UInt32) {
    var (s0, s1) = from
    var i = range.lowerBound
    while i < range.upperBound {
      let x0 = bigEndian ? word(bytes, i) : word(bytes, i).byteSwapped
      let x1 = bigEndian ? word(bytes, i + 4) : word(bytes, i + 4).byteSwapped
      s0 = s0 &+ x0 &+ s1
      s1 = s1 &+ x1 &+ s0
      i += 8
    }
    return (s0, s1)
  }

  private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
    guard let first = needle.first, needle.count <= haystack.count else { return false }
    var i = haystack.startIndex
    let last = haystack.endIndex - needle.count
    while i <= last {
      if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) {
        return true
      }
      i += 1
    }
    return false
  }
}
