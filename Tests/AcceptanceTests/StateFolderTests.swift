import Foundation
import Journal
import StateFiles
import TerminalCore
import TerminalRuntime
import Testing

/// The state folder (`--state`): one terminal at a time, only its own journal and
/// acquirer books (never a silent fresh start), readable by its owner only, and
/// `state reset` to start over on purpose.
@Suite("The state folder")
struct StateFolderTests {
  static let sale = "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>"

  func args(_ dir: URL, state: String = "state", receipts: String = "receipts") -> [String] {
    [
      "--state", dir.appendingPathComponent(state).path, "--receipts",
      dir.appendingPathComponent(receipts).path, "--clock", "2026-11-21T09:30:00+08:00",
    ]
  }

  /// Every file under `dir` (recursively): its bytes, mode and modification time.
  func contents(_ dir: URL) -> [String: String] {
    var out: [String: String] = [:]
    let fm = FileManager.default
    guard let names = fm.subpaths(atPath: dir.path) else { return out }
    for name in names {
      let path = dir.appendingPathComponent(name).path
      let attributes = (try? fm.attributesOfItem(atPath: path)) ?? [:]
      let bytes =
        fm.contents(atPath: path).map { "\($0.count) bytes, hash \($0.hashValue)" } ?? "dir"
      out[name] =
        "\(bytes), mode \(String(attributes[.posixPermissions] as? Int ?? -1, radix: 8)), "
        + "modified \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1)"
    }
    return out
  }

  // MARK: 1. One terminal per folder

  @Test func aSecondTerminalOnTheSameFolderExits4AndTouchesNothing() throws {
    let dir = Acceptance.scratch("state-lock")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    #expect(try Acceptance.runBinary(args(dir), input: Self.sale).status == 0)

    // The first terminal is powered on and waits for keys on a pipe kept open.
    let first = Process()
    first.executableURL = Acceptance.binary
    first.arguments = args(dir)
    let keys = Pipe()
    first.standardInput = keys
    let screens = Pipe()
    first.standardOutput = screens
    try first.run()
    defer {
      try? keys.fileHandleForWriting.close()
      first.waitUntilExit()
    }
    // Its self-check has passed (every power-on write done) once it asks for the sign-in key.
    var shown = ""
    while !shown.contains("按任意键签到"), !shown.contains("自检失败") {
      let chunk = screens.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      shown += String(decoding: chunk, as: UTF8.self)
    }
    #expect(shown.contains("按任意键签到"), "\(shown.suffix(600))")
    let pid = "\(first.processIdentifier)"
    let before = contents(dir)

    let second = try Acceptance.runBinary(
      args(dir, receipts: "receipts-2"), input: Self.sale)
    #expect(second.status == 4, "\(second.stdout.suffix(600))")
    #expect(second.stderr.contains("state folder \(state.path) is in use by process \(pid)"))
    #expect(second.stdout.isEmpty, "no frame: nothing was powered on")
    let reset = try Acceptance.runBinary(["state", "reset", "--state", state.path], input: "")
    #expect(reset.status == 4)
    #expect(reset.stderr.contains("is in use by process \(pid)"))
    #expect(contents(dir) == before, "no file created, changed or moved")

    try keys.fileHandleForWriting.close()
    first.waitUntilExit()
    #expect(first.terminationStatus == 0)
  }

  @Test func aSessionInThisProcessStopsOnAFolderAlreadyLocked() throws {
    let dir = Acceptance.scratch("state-lock-in-process")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let lock = try StateFolderLock.acquire(state)
    let run = try Acceptance.runScript(
      Self.sale, clock: "2026-11-21T09:30:00+08:00", state: state,
      receipts: dir.appendingPathComponent("receipts"))
    #expect(run.outcome == .stopped)
    #expect(run.transcript.contains("is in use by process \(getpid())"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: state.path) == ["lock"])
    withExtendedLifetime(lock) {}
  }

  // MARK: 2. Only this folder's journal and acquirer books

  enum Loss: String, CaseIterable {
    case journalDeleted, journalEmptied, acquirerDeleted, acquirerEmptied
    var file: String { rawValue.hasPrefix("journal") ? "journal.sqlite" : "acquirer.sqlite" }
    var deleted: Bool { rawValue.hasSuffix("Deleted") }
  }

  /// A fresh start would reuse voucher 000001, and the host would answer 94.
  @Test(arguments: Loss.allCases)
  func aLostFileStopsTheTerminalInsteadOfStartingAfresh(_ loss: Loss) throws {
    let dir = Acceptance.scratch("state-loss")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    #expect(try Acceptance.runBinary(args(dir), input: Self.sale).status == 0)
    let file = state.appendingPathComponent(loss.file)
    if loss.deleted {
      try FileManager.default.removeItem(at: file)
    } else {
      try Data().write(to: file)
    }
    let before = contents(state).filter { $0.key != "lock" && $0.key != "terminal.log" }

    let run = try Acceptance.runBinary(args(dir), input: Self.sale)
    #expect(run.status == 4, "\(run.stdout.suffix(800))")
    #expect(run.stdout.contains("存储 故障"))
    #expect(
      run.stdout.contains("[note] storage: \(loss.file): \(loss.deleted ? "missing" : "empty")"))
    #expect(run.stdout.contains("pos-terminal state reset --state \(state.path)"))
    #expect(
      contents(state).filter { $0.key != "lock" && $0.key != "terminal.log" } == before,
      "nothing created or written")
    // The full reason, with the time, goes to terminal.log (and stderr), not onto the LCD.
    let log =
      (try? String(contentsOf: state.appendingPathComponent("terminal.log"), encoding: .utf8)) ?? ""
    #expect(log.hasPrefix("2026-11-21T09:30:00+08:00 storage: "), "\(log)")
    #expect(run.stderr.contains("pos-terminal: storage: "))
    #expect(Acceptance.slips(in: dir.appendingPathComponent("receipts")).count == 2, "no new slip")
  }

  /// Two folders of two terminals. A file of one put into the other is refused, and
  /// so is a write-ahead log: SQLite would replay it into the other's database.
  @Test(arguments: ["journal.sqlite", "acquirer.sqlite"])
  func anotherTerminalsFileOrWriteAheadLogIsRefused(_ file: String) throws {
    let dir = Acceptance.scratch("state-foreign")
    defer { try? FileManager.default.removeItem(at: dir) }
    let otherTerminal = try Acceptance.config(["terminal.yaml": ["terminal_no": "\"10000002\""]])
    let mine = dir.appendingPathComponent("state")
    let theirs = dir.appendingPathComponent("theirs")
    #expect(try Acceptance.runBinary(args(dir), input: Self.sale).status == 0)
    // Theirs is cut off after its sale's approval is journalled: its log is not checkpointed.
    let crashed = try Acceptance.runBinary(
      args(dir, state: "theirs", receipts: "their-receipts")
        + ["--config", otherTerminal.path, "--crash-at", "journal:2"],
      input: Self.sale)
    #expect(crashed.status == 86)
    let log = file + "-wal"
    #expect(
      (try? Data(contentsOf: theirs.appendingPathComponent(log)))?.isEmpty == false,
      "their \(log) holds commits")

    // Their log beside my database.
    try FileManager.default.copyItem(
      at: theirs.appendingPathComponent(log), to: mine.appendingPathComponent(log))
    let beforeLog = contents(mine).filter { $0.key != "lock" && $0.key != "terminal.log" }
    let withLog = try Acceptance.runBinary(args(dir), input: Self.sale)
    #expect(withLog.status == 4, "\(withLog.stdout.suffix(800))")
    #expect(withLog.stdout.contains("存储 故障"))
    #expect(withLog.stdout.contains("[note] storage: \(log): not this folder's write-ahead log"))
    #expect(
      contents(mine).filter { $0.key != "lock" && $0.key != "terminal.log" } == beforeLog,
      "the log and database untouched")
    try FileManager.default.removeItem(at: mine.appendingPathComponent(log))

    // Their database, closed cleanly, in place of mine.
    let theirsAgain = try Acceptance.runBinary(
      args(dir, state: "theirs", receipts: "their-receipts") + ["--config", otherTerminal.path],
      input: "")
    #expect(theirsAgain.status == 0)
    #expect(!FileManager.default.fileExists(atPath: theirs.appendingPathComponent(log).path))
    try FileManager.default.removeItem(at: mine.appendingPathComponent(file))
    try FileManager.default.copyItem(
      at: theirs.appendingPathComponent(file), to: mine.appendingPathComponent(file))
    let swapped = try Acceptance.runBinary(args(dir), input: Self.sale)
    #expect(swapped.status == 4, "\(swapped.stdout.suffix(800))")
    #expect(swapped.stdout.contains("[note] storage: \(file): "))
    #expect(swapped.stdout.contains("terminal 10000002"))
    #expect(Acceptance.slips(in: dir.appendingPathComponent("receipts")).count == 2, "no new slip")
  }

  @Test func aNewFolderIsSetUpSilentlyAndALostIdentityFileIsWrittenAgain() throws {
    let dir = Acceptance.scratch("state-new")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let first = try Acceptance.runBinary(args(dir), input: Self.sale)
    #expect(first.status == 0)
    #expect(!first.stdout.contains("[note]"))
    let identity = try String(
      contentsOf: state.appendingPathComponent("identity"), encoding: .utf8)
    #expect(identity.contains("terminal_no: 10000001\n"))
    #expect(identity.contains("merchant_no: 898310048160001\n"))
    let journal = try TerminalJournal(path: state.appendingPathComponent("journal.sqlite"))
    let recorded = try #require(try journal.identity())
    try journal.close()
    #expect(identity.contains("journal_id: \(recorded.journalID)\n"))

    // The identity file is written last when a folder is set up: without it, the
    // journal that carries this terminal's identity is taken as it is.
    try FileManager.default.removeItem(at: state.appendingPathComponent("identity"))
    let again = try Acceptance.runBinary(args(dir), input: Self.sale)
    #expect(again.status == 0, "\(again.stdout.suffix(800))")
    #expect(again.stdout.contains("V000002"))
    #expect(
      try String(contentsOf: state.appendingPathComponent("identity"), encoding: .utf8)
        == identity)
  }

  /// A folder of the release before identities: the journal has no identity row and
  /// there is no identity file. It carries on, and is marked.
  @Test func aFolderOfTheEarlierReleaseCarriesOn() throws {
    let dir = Acceptance.scratch("state-earlier")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let journal = try TerminalJournal(path: state.appendingPathComponent("journal.sqlite"))
    let record = TransactionRecord(
      trace: 7, batch: 1, kind: .sale, amountFen: 100, maskedPAN: "622202******2227",
      expiry: "3012", entryMode: .swipe, operatorNo: "01",
      startedAt: ISO8601DateFormatter().date(from: "2026-11-21T09:00:00+08:00")!, status: .pending)
    try journal.apply(.beginTransaction(record, reversal: nil))
    var declined = record
    declined.status = .declined
    declined.responseCode = .insufficientFunds
    declined.completedAt = record.startedAt
    try journal.apply(.completeTransaction(declined))
    #expect(try journal.identity() == nil)
    try journal.close()

    let run = try Acceptance.runBinary(args(dir), input: Self.sale)
    #expect(run.status == 0, "\(run.stdout.suffix(800))")
    #expect(run.stdout.contains("V000008"), "the voucher numbers carry on")
    let marked = try TerminalJournal(path: state.appendingPathComponent("journal.sqlite"))
    #expect(try marked.identity()?.terminalNo == "10000001")
    #expect(try marked.allTransactions().count == 2)
    try marked.close()
    #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent("identity").path))
  }

  @Test func stateResetMovesTheFilesAsideAndTheNextRunStartsOver() throws {
    let dir = Acceptance.scratch("state-reset")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    #expect(try Acceptance.runBinary(args(dir), input: Self.sale).status == 0)
    let names = ["journal.sqlite", "acquirer.sqlite", "identity"]
    let before = try names.map { try Data(contentsOf: state.appendingPathComponent($0)) }

    let reset = try Acceptance.runBinary(["state", "reset", "--state", state.path], input: "")
    #expect(reset.status == 0, "\(reset.stderr)")
    #expect(
      reset.stdout.contains(
        "moved journal.sqlite, journal.sqlite-seal, journal.sqlite-mark, acquirer.sqlite, "
          + "acquirer.sqlite-seal, acquirer.sqlite-mark, identity from \(state.path)"
      ))
    let archives = try FileManager.default.contentsOfDirectory(atPath: state.path)
      .filter { $0.hasPrefix("reset-") }
    #expect(archives.count == 1)
    let archive = state.appendingPathComponent(try #require(archives.first))
    #expect(reset.stdout.contains(archive.path))
    #expect(try names.map { try Data(contentsOf: archive.appendingPathComponent($0)) } == before)
    #expect(
      names.allSatisfy {
        !FileManager.default.fileExists(atPath: state.appendingPathComponent($0).path)
      })

    let next = try Acceptance.runBinary(args(dir, receipts: "receipts-2"), input: Self.sale)
    #expect(next.status == 0, "\(next.stdout.suffix(800))")
    #expect(
      next.stdout.contains("20261121-093000_B000001_V000001_merchant.txt"), "approved, not 94")

    let nothing = try Acceptance.runBinary(
      ["state", "reset", "--state", dir.appendingPathComponent("no-such").path], input: "")
    #expect(nothing.status == 0)
    #expect(nothing.stdout.contains("nothing to reset"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("no-such").path))
  }

  // MARK: 3. The acquirer's file is storage

  enum Damage: String, CaseIterable {
    case notSQLite, scribbledPages, truncated
  }

  @Test(arguments: Damage.allCases)
  func aDamagedAcquirerFileIsAStorageFault(_ damage: Damage) throws {
    let dir = Acceptance.scratch("state-acquirer-damage")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    #expect(try Acceptance.runBinary(args(dir), input: Self.sale).status == 0)
    let file = state.appendingPathComponent("acquirer.sqlite")
    #expect(StateSeal.matches(file), "sealed by the clean shutdown, and found all the same")
    var bytes = try Data(contentsOf: file)
    let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
    switch damage {
    case .notSQLite: bytes = Data("not a database\n".utf8)
    case .scribbledPages:
      for page in 1...2 {
        for i in 0..<16 { bytes[page * pageSize + i] = 0xA5 }
      }
    case .truncated: bytes = bytes.prefix(bytes.count - 2 * pageSize)
    }
    try bytes.write(to: file)

    let run = try Acceptance.runBinary(args(dir), input: Self.sale)
    #expect(run.status == 4, "\(run.stdout.suffix(800))")
    #expect(run.stdout.contains("存储 故障"))
    #expect(!run.stdout.contains("通讯模块 故障"), "the host link is fine: its books are not")
    #expect(run.stdout.contains("[note] storage: acquirer.sqlite: damaged"))
    #expect(try Data(contentsOf: file) == bytes, "the damaged file is never written to")
  }

  // MARK: The seal of a clean shutdown

  /// A run that ends cleanly seals both files, and the next power-on finds them as
  /// sealed; one cut off mid-sale seals nothing, and its logs still hold commits.
  @Test func aCleanShutdownSealsBothFilesAndACrashNeither() throws {
    let dir = Acceptance.scratch("state-seal")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let files = ["journal.sqlite", "acquirer.sqlite"].map { state.appendingPathComponent($0) }
    #expect(try Acceptance.runBinary(args(dir), input: Self.sale).status == 0)
    for file in files {
      #expect(StateSeal.matches(file), "\(file.lastPathComponent)")
      #expect(!FileManager.default.fileExists(atPath: file.path + "-wal"))
    }
    let sealed = try files.map { try Data(contentsOf: StateSeal.url(for: $0)) }

    // Another sale: new bytes, a new seal that matches them.
    #expect(try Acceptance.runBinary(args(dir), input: Self.sale).status == 0)
    for (file, old) in zip(files, sealed) {
      #expect(StateSeal.matches(file))
      #expect(try Data(contentsOf: StateSeal.url(for: file)) != old)
    }

    let crashed = try Acceptance.runBinary(
      args(dir) + ["--crash-at", "journal:2"], input: Self.sale)
    #expect(crashed.status == 86)
    for file in files {
      #expect(!StateSeal.matches(file), "\(file.lastPathComponent): cut off, not sealed")
    }
    // The next power-on checks both in full, recovers the sale and seals again.
    #expect(try Acceptance.runBinary(args(dir), input: "").status == 0)
    for file in files { #expect(StateSeal.matches(file)) }
  }

  // MARK: 4. Readable by the owner only

  @Test func theFolderIs0700AndEveryStateFile0600() throws {
    let dir = Acceptance.scratch("state-modes")
    defer { try? FileManager.default.removeItem(at: dir) }
    let state = dir.appendingPathComponent("state")
    let old = umask(0o022)
    defer { umask(old) }
    // Cut off mid-sale, so both databases' -wal and -shm files are still there.
    let crashed = try Acceptance.runBinary(
      args(dir) + ["--crash-at", "journal:2"], input: Self.sale)
    #expect(crashed.status == 86)
    func mode(_ name: String) -> String {
      let path = name.isEmpty ? state.path : state.appendingPathComponent(name).path
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      return String(attributes?[.posixPermissions] as? Int ?? -1, radix: 8)
    }
    let files = [
      "journal.sqlite", "journal.sqlite-wal", "journal.sqlite-shm", "acquirer.sqlite",
      "acquirer.sqlite-wal", "acquirer.sqlite-shm", "identity", "lock",
    ]
    #expect(mode("") == "700")
    for name in files { #expect(mode(name) == "600", "\(name)") }

    // Files an earlier release left readable to all are tightened at power-on.
    for name in files { chmod(state.appendingPathComponent(name).path, 0o644) }
    let again = try Acceptance.runBinary(args(dir) + ["--crash-at", "journal:1"], input: Self.sale)
    #expect(again.status == 86)
    for name in files { #expect(mode(name) == "600", "\(name) after power-on") }
  }
}
