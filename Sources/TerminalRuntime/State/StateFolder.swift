import Acquirer
import Foundation
import Journal
import StateFiles
import TerminalCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The state folder (`--state`, default `State/`): the journal, the simulated
/// acquirer's books, the `identity` file saying whose journal it is, and the `lock`.
///
/// At every power-on, before anything writes: the folder is locked; the journal and
/// the acquirer's file must be the ones the identity file names (a missing, emptied
/// or swapped file would otherwise pass for a fresh start and reuse voucher numbers);
/// a write-ahead log beside either must be its own (SQLite would replay another
/// database's); both files pass SQLite's integrity check. A new folder is set up
/// silently. Everything is readable by its owner only: the folder 0700, files 0600.
public enum StateFolder {
  public static let journalName = "journal.sqlite"
  public static let acquirerName = "acquirer.sqlite"

  /// What `state reset` moves aside: both databases with SQLite's companion files,
  /// and the identity. The lock stays: the reset holds it.
  static let resetFiles: [String] =
    [journalName, acquirerName].flatMap { name in
      ["", "-wal", "-shm", "-journal", "-seal", "-mark"].map { name + $0 }
    } + [StateIdentityFile.fileName]

  /// Files whose mode is tightened to 0600 at every power-on (a folder of an earlier
  /// release made them 0644, and the acquirer's books hold full card numbers).
  static let privateFiles = resetFiles + [StateFolderLock.fileName]

  /// The journal and the acquirer opened after the checks, or the problem that
  /// stops the terminal at its self-check (nothing then is open for writing).
  struct Opened {
    var lock: StateFolderLock?
    var journal: TerminalJournal?
    var acquirer: SimulatedAcquirer?
    var problem: String?
  }

  /// `lock`: the folder's lock if the caller has taken it already.
  /// `makeAcquirer`: opens the simulated acquirer on its file, which has passed its check
  /// here already; nil when the host is another link.
  static func open(
    _ directory: URL, terminalNo: String, merchantNo: String, lock: StateFolderLock?,
    makeAcquirer: ((URL) throws -> SimulatedAcquirer)?
  ) -> Opened {
    var opened = Opened()
    do {
      opened.lock = try lock ?? StateFolderLock.acquire(directory)
    } catch {
      opened.problem = "\(error)"
      return opened
    }
    tightenModes(directory)
    do {
      try requireNotHosts(directory)
      let files = FolderFiles(
        directory: directory, terminalNo: terminalNo, merchantNo: merchantNo,
        makeAcquirer: makeAcquirer)
      (opened.journal, opened.acquirer) = try files.open()
    } catch {
      opened.problem = problemText(error, directory: directory)
    }
    return opened
  }

  /// What the terminal shows and prints: the file, what is wrong, and what to do.
  static func problemText(_ error: Error, directory: URL) -> String {
    let what: String
    switch error {
    case JournalError.integrityCheckFailed(let path, let detail),
      AcquirerFileError.integrityCheckFailed(let path, let detail):
      what = "\(fileName(path)): damaged (integrity check failed: \(detail))"
    case JournalError.notThisJournal(let path, let detail),
      JournalError.behindHistory(let path, let detail),
      AcquirerFileError.behindHistory(let path, let detail):
      what = "\(fileName(path)): \(detail)"
    case let problem as Problem:
      what = problem.text
    default:
      what = "\(error)"
    }
    if StorageSpace.isFull(what, directory: directory) {
      // The file is not damaged: nothing to reset, only room to make. SQLite's own
      // words are kept, without the "damaged" they were taken for.
      let file = what.prefix { $0 != ":" }
      var detail = what
      if case JournalError.integrityCheckFailed(_, let d) = error { detail = d }
      if case AcquirerFileError.integrityCheckFailed(_, let d) = error { detail = d }
      return
        "\(file): storage full (存储空间不足): the disk holding \(directory.path) has no room left "
        + "(\(detail)). The files are intact: free space on that disk and power on again"
    }
    return
      "\(what). State folder \(directory.path): to start over on purpose, "
      + "pos-terminal state reset --state \(directory.path) (it moves the old files aside and deletes nothing)"
  }

  private static func fileName(_ path: String) -> String {
    URL(fileURLWithPath: path).lastPathComponent
  }

  /// A state-folder problem in words, beginning with the file it concerns.
  struct Problem: Error {
    var text: String
  }

  // MARK: Creating and tightening

  /// Creates the folder, mode 0700, if it does not exist (its parents as usual).
  static func createPrivateFolder(_ directory: URL) throws {
    let fm = FileManager.default
    if fm.fileExists(atPath: directory.path) { return }
    do {
      try fm.createDirectory(
        at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
    } catch {
      throw StateFolderError.unusable(path: directory.path, detail: "cannot create: \(error)")
    }
    if mkdir(directory.path, 0o700) != 0, errno != EEXIST {
      throw StateFolderError.unusable(
        path: directory.path, detail: "cannot create: \(String(cString: strerror(errno)))")
    }
    _ = chmod(directory.path, 0o700)  // whatever the umask
  }

  /// The folder's own files become 0600; anything else in it is left alone.
  static func tightenModes(_ directory: URL) {
    for name in privateFiles {
      let path = directory.appendingPathComponent(name).path
      var info = stat()
      if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 != 0 {
        _ = chmod(path, 0o600)
      }
    }
  }

  // MARK: Starting over

  /// What `state reset` did.
  public struct ResetReport: Sendable, Equatable {
    /// The files moved, by name, in the order listed in `resetFiles`.
    public var moved: [String]
    /// The folder they were moved into; nil when there was nothing to move.
    public var archive: URL?
  }

  /// Moves the state files aside into `DIR/reset-YYYYMMDD-HHMMSS/` (never deletes
  /// them), so the next power-on sets up a new journal and new acquirer books.
  /// Throws `StateFolderError.inUse` while a terminal holds the folder.
  public static func reset(
    _ directory: URL, at date: Date = Date(), in zone: TimeZone = .current
  ) throws -> ResetReport {
    guard let lock = try StateFolderLock.acquireExisting(directory) else {
      return ResetReport(moved: [], archive: nil)
    }
    defer { withExtendedLifetime(lock) {} }
    let fm = FileManager.default
    let present = resetFiles.filter {
      fm.fileExists(atPath: directory.appendingPathComponent($0).path)
    }
    guard !present.isEmpty else { return ResetReport(moved: [], archive: nil) }
    let base = "reset-" + CivilTime(date, zone).fileStamp
    var archive = directory.appendingPathComponent(base)
    var n = 2
    while fm.fileExists(atPath: archive.path) {
      archive = directory.appendingPathComponent("\(base)-\(n)")
      n += 1
    }
    if mkdir(archive.path, 0o700) != 0 {
      throw StateFolderError.unusable(
        path: archive.path, detail: "cannot create: \(String(cString: strerror(errno)))")
    }
    var moved: [String] = []
    for name in present {
      let from = directory.appendingPathComponent(name)
      guard rename(from.path, archive.appendingPathComponent(name).path) == 0 else {
        let detail = String(cString: strerror(errno))
        throw StateFolderError.unusable(
          path: from.path,
          detail:
            "cannot move it into \(archive.path): \(detail)"
            + (moved.isEmpty ? "" : " (moved already: \(moved.joined(separator: ", ")))"))
      }
      moved.append(name)
    }
    return ResetReport(moved: moved, archive: archive)
  }
}

/// The checks and opening of one folder's journal and acquirer file, in order.
private struct FolderFiles {
  let directory: URL
  let terminalNo: String
  let merchantNo: String
  let makeAcquirer: ((URL) throws -> SimulatedAcquirer)?

  var journalURL: URL { directory.appendingPathComponent(StateFolder.journalName) }
  var acquirerURL: URL { directory.appendingPathComponent(StateFolder.acquirerName) }
  var identityURL: URL { directory.appendingPathComponent(StateIdentityFile.fileName) }

  typealias Problem = StateFolder.Problem

  func open() throws -> (TerminalJournal, SimulatedAcquirer?) {
    if let recorded = try StateIdentityFile.read(identityURL) {
      return try openRecorded(recorded)
    }
    return try setUp()
  }

  /// The usual power-on: the identity file names the journal both files must carry.
  private func openRecorded(_ recorded: StateIdentity) throws -> (
    TerminalJournal, SimulatedAcquirer?
  ) {
    guard recorded.terminalNo == terminalNo, recorded.merchantNo == merchantNo else {
      throw Problem(
        text:
          "\(StateIdentityFile.fileName): this state folder belongs to terminal \(recorded.terminalNo) "
          + "(merchant \(recorded.merchantNo)), but the configuration is terminal \(terminalNo) "
          + "(merchant \(merchantNo)); run with that terminal's --state folder")
    }
    // Said before SQLite opens anything, so the folder stays exactly as it was.
    try requirePresent(journalURL)
    if makeAcquirer != nil { try requirePresent(acquirerURL) }
    try requireOwnLog(beside: journalURL, journalID: recorded.journalID)
    var acquirer: SimulatedAcquirer?
    if let makeAcquirer {
      // Both files are checked before either is opened for writing.
      try requireOwnLog(beside: acquirerURL, journalID: recorded.journalID)
      let owner = try AcquirerFile.check(acquirerURL)
      guard owner == .marked(recorded) else {
        throw Problem(text: "\(StateFolder.acquirerName): \(describe(owner, expected: recorded))")
      }
      let journal = try TerminalJournal(path: journalURL, identity: recorded)
      acquirer = try openAcquirer(makeAcquirer)
      return (journal, acquirer)
    }
    return (try TerminalJournal(path: journalURL, identity: recorded), nil)
  }

  /// No identity file: a new folder, one of a release before identities, or a set-up
  /// a power cut interrupted (the identity file is written last). The journal and the
  /// acquirer's file are taken as they are when they can be this folder's, marked, and
  /// the identity file written.
  private func setUp() throws -> (TerminalJournal, SimulatedAcquirer?) {
    let journalOwner = try TerminalJournal.owner(at: journalURL)
    let acquirerOwner = try makeAcquirer.map { _ in try AcquirerFile.check(acquirerURL) }
    let identity: StateIdentity
    switch journalOwner {
    case .marked(let found):
      // A set-up cut short after the journal was made, or a lost identity file.
      guard found.terminalNo == terminalNo, found.merchantNo == merchantNo else {
        throw Problem(
          text:
            "\(StateFolder.journalName): is the journal of \(found), but the configuration is "
            + "terminal \(terminalNo) (merchant \(merchantNo))")
      }
      identity = found
    case .unmarked:
      // A journal of the release before identities: it carries on under a new id.
      identity = Self.newIdentity(terminalNo: terminalNo, merchantNo: merchantNo)
    case .noFile, .emptyFile:
      // The journal is made first: acquirer books without it mean it was lost.
      if let acquirerOwner, acquirerOwner != .noFile, acquirerOwner != .emptyFile {
        throw Problem(
          text:
            "\(StateFolder.journalName): \(journalOwner == .noFile ? "missing" : "empty (0 bytes)"), "
            + "but \(StateFolder.acquirerName) beside it holds the acquirer's books of this folder")
      }
      identity = Self.newIdentity(terminalNo: terminalNo, merchantNo: merchantNo)
    }
    if journalOwner != .unmarked {
      try requireOwnLog(beside: journalURL, journalID: identity.journalID)
    }
    if let acquirerOwner {
      if case .marked(let found) = acquirerOwner, found != identity {
        throw Problem(
          text: "\(StateFolder.acquirerName): \(describe(acquirerOwner, expected: identity))")
      }
      if acquirerOwner != .unmarked {
        try requireOwnLog(beside: acquirerURL, journalID: identity.journalID)
      }
    }
    let journal = try TerminalJournal(path: journalURL, identity: identity, setUp: true)
    var acquirer: SimulatedAcquirer?
    if let makeAcquirer {
      if acquirerOwner != .marked(identity) {
        try AcquirerFile.mark(acquirerURL, as: identity)
      }
      acquirer = try openAcquirer(makeAcquirer)
    }
    try StateIdentityFile.write(identity, to: identityURL)
    return (journal, acquirer)
  }

  private func openAcquirer(_ make: (URL) throws -> SimulatedAcquirer) throws -> SimulatedAcquirer {
    do {
      return try make(acquirerURL)
    } catch let error as AcquirerFileError {
      throw error
    } catch {
      throw Problem(text: "\(StateFolder.acquirerName): cannot open: \(error)")
    }
  }

  private func requirePresent(_ database: URL) throws {
    var info = stat()
    if stat(database.path, &info) != 0 {
      throw Problem(
        text:
          "\(database.lastPathComponent): missing, though this folder's identity file says it began here"
      )
    }
    if info.st_size == 0 {
      throw Problem(
        text:
          "\(database.lastPathComponent): empty (0 bytes), though this folder's identity file says it began here"
      )
    }
  }

  /// Refuses a write-ahead log that is not the database's own, before SQLite can replay it.
  private func requireOwnLog(beside database: URL, journalID: String) throws {
    let log = URL(fileURLWithPath: database.path + "-wal")
    guard case .foreign(let commits) = try WriteAheadLog.inspect(log, journalID: journalID)
    else { return }
    throw Problem(
      text:
        "\(log.lastPathComponent): not this folder's write-ahead log (none of its \(commits) "
        + "committed transactions names journal id \(journalID)); opening \(database.lastPathComponent) "
        + "would replay another database into it. Both were left as they are; if the log was "
        + "put here by mistake, move it out of the folder")
  }

  private func describe(_ owner: StateFile.Owner, expected: StateIdentity) -> String {
    switch owner {
    case .noFile: return "missing"
    case .emptyFile: return "empty (0 bytes)"
    case .unmarked:
      return "carries no identity, so it is not the acquirer's books this folder began"
    case .marked(let found): return "holds the books of \(found), not of \(expected)"
    }
  }

  static func newIdentity(terminalNo: String, merchantNo: String) -> StateIdentity {
    StateIdentity(
      terminalNo: terminalNo, merchantNo: merchantNo, journalID: UUID().uuidString)
  }
}

// MARK: The host's folder

extension StateFolder {
  /// The file that makes a folder the host's (`pos-terminal host --state`).
  public static let hostMarkName = "host-folder"

  /// Takes the host's state folder: creates it (0700) when new, locks it as a terminal
  /// locks its own (`StateFolderError.inUse` names the holder), refuses a terminal's
  /// folder, and marks it the host's, so that no terminal opens it. The host keeps the
  /// lock as long as it runs.
  public static func openForHost(_ directory: URL) throws -> StateFolderLock {
    let lock = try StateFolderLock.acquire(directory)
    let fm = FileManager.default
    for name in [StateIdentityFile.fileName, journalName]
    where fm.fileExists(atPath: directory.appendingPathComponent(name).path) {
      throw StateFolderError.unusable(
        path: directory.path,
        detail:
          "is a terminal's state folder (it holds \(name)); the host needs a folder of its own "
          + "(pos-terminal host --state HOSTDIR)")
    }
    _ = chmod(directory.path, 0o700)  // a host folder of an earlier release was 0755
    tightenModes(directory)
    let mark = directory.appendingPathComponent(hostMarkName)
    if !fm.fileExists(atPath: mark.path) {
      let text =
        "# The simulated host's state folder (pos-terminal host --state). Not a terminal's.\n"
      guard
        fm.createFile(
          atPath: mark.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
      else {
        throw StateFolderError.unusable(path: mark.path, detail: "cannot create")
      }
    }
    return lock
  }

  /// Refuses a host's folder to a terminal, before anything is created in it.
  static func requireNotHosts(_ directory: URL) throws {
    guard
      FileManager.default.fileExists(atPath: directory.appendingPathComponent(hostMarkName).path)
    else { return }
    throw Problem(
      text:
        "\(hostMarkName): this is the simulated host's state folder (pos-terminal host --state), "
        + "not a terminal's; run the terminal with its own --state folder")
  }
}
