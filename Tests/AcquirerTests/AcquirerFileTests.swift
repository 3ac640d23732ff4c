import Foundation
import GRDB
import StateFiles
import TerminalCore
import Testing

@testable import Acquirer

/// The acquirer's file is checked like the terminal's journal before anything writes
/// to it (`StateFile.check`, tested in StateFilesTests), knows whose books it holds,
/// and is readable by its owner only.
@Suite("The acquirer's file")
struct AcquirerFileTests {
  let owner = StateIdentity(
    terminalNo: testTerminal, merchantNo: merchantNo, journalID: "JOURNAL-A")

  /// Books with a few sales, closed (the write-ahead log is checkpointed into the file).
  func filledBooks(in folder: URL) throws -> URL {
    let path = folder.appendingPathComponent("acquirer.sqlite")
    try AcquirerFile.mark(path, as: owner)
    do {
      let host = try acquirer(statePath: path)
      for trace in 1...30 {
        #expect(code(host, saleRequest(Cards.good, amountFen: 100, trace: trace)) == "00")
      }
    }
    #expect(!FileManager.default.fileExists(atPath: path.path + "-wal"), "closed")
    return path
  }

  /// A damaged file is the acquirer's error, and opening it writes nothing.
  @Test func aDamagedFileIsRefusedAndLeftAlone() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = try filledBooks(in: folder)
    var damaged = try Data(contentsOf: path)
    let pageSize = Int(damaged[16]) << 8 | Int(damaged[17])
    // The b-tree headers of pages 2 and 3 no longer hold together.
    for page in 1...2 {
      for i in 0..<16 { damaged[page * pageSize + i] = 0xA5 }
    }
    try damaged.write(to: path)

    let error = #expect(throws: AcquirerFileError.self) { _ = try acquirer(statePath: path) }
    guard case .integrityCheckFailed(let reported, let detail) = error else {
      Issue.record("expected an integrity failure, got \(String(describing: error))")
      return
    }
    #expect(reported == path.path)
    #expect(!detail.isEmpty)
    #expect(error?.description == "\(path.path): integrity check failed: \(detail)")
    #expect(throws: AcquirerFileError.integrityCheckFailed(path: reported, detail: detail)) {
      _ = try AcquirerFile.check(path)
    }
    #expect(try Data(contentsOf: path) == damaged, "never written to")
  }

  @Test func theFileSaysWhoseBooksItHolds() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("acquirer.sqlite")
    _ = try acquirer(statePath: path)
    #expect(try AcquirerFile.check(path) == .unmarked)
    try AcquirerFile.mark(path, as: owner)
    #expect(try AcquirerFile.check(path) == .marked(owner))
    // Marking again changes nothing: the first identity stays.
    var other = owner
    other.journalID = "JOURNAL-B"
    try AcquirerFile.mark(path, as: other)
    #expect(try AcquirerFile.check(path) == .marked(owner))
  }

  /// Every commit carries the identity page, so a write-ahead log can be told from
  /// another database's: every table has triggers that count writes.
  @Test func everyTableCountsItsWritesInTheIdentityRow() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("acquirer.sqlite")
    try AcquirerFile.mark(path, as: owner)
    #expect(
      try readOnly(path, IdentityTable.untrackedTables) == [], "a new table needs its triggers")

    var last = try #require(try readOnly(path, IdentityTable.writes))
    let host = try acquirer(statePath: path)
    let steps: [HostRequest] = [
      signInRequest(), saleRequest(Cards.good, trace: 1), reversalRequest(Cards.good, trace: 1),
      preAuthRequest(Cards.good, amountFen: 100, trace: 2),
      settleRequest(batch: 1, count: 0, amountFen: 0),
      HostRequest(
        envelope: envelope(trace: 3),
        body: .batchUpload(
          BatchUploadItem(
            TransactionRecord(
              trace: 1, batch: 1, kind: .sale, amountFen: 5000, maskedPAN: "622202******0019",
              expiry: "3012", entryMode: .swipe, operatorNo: "01", startedAt: noon,
              status: .approved)), sent: 0), time: noon),
      HostRequest(envelope: envelope(trace: 4), body: .batchUpload(nil, sent: 1), time: noon),
    ]
    for request in steps {
      _ = send(host, request)
      let writes = try #require(try readOnly(path, IdentityTable.writes))
      #expect(writes > last, "\(request.body) wrote without counting")
      last = writes
    }
  }

  @Test func aNewFileAndItsCompanionFilesAreReadableByTheOwnerOnly() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("acquirer.sqlite")
    let old = umask(0o022)
    defer { umask(old) }
    let host = try acquirer(statePath: path)
    #expect(code(host, saleRequest(Cards.good, trace: 1)) == "00")
    for suffix in ["", "-wal", "-shm"] {
      let attributes = try FileManager.default.attributesOfItem(atPath: path.path + suffix)
      #expect(
        (attributes[.posixPermissions] as? Int) == 0o600, "acquirer.sqlite\(suffix) is not 0600")
    }
  }
}

/// Reads the file at `url` on a read-only connection.
func readOnly<T>(_ url: URL, _ body: (Database) throws -> T) throws -> T {
  var config = Configuration()
  config.readonly = true
  let queue = try DatabaseQueue(path: url.path, configuration: config)
  defer { try? queue.close() }
  return try queue.read(body)
}
