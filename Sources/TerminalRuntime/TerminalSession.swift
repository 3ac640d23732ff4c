import Acquirer
import CardReader
import Chip
import Foundation
import Journal
import Passwords
import Printer
import TerminalConfig
import TerminalCore

/// The driver: feeds events to the pure core, runs the effects it returns
/// (journal, host, printer, reader) and feeds their results back as events.
/// Both fronts talk only to this class.
public final class TerminalSession {
  public let configuration: Configuration
  public let options: SessionOptions
  public private(set) var state: TerminalState
  public private(set) var now: Date

  private let journal: TerminalJournal?
  /// Why the state folder is unusable (the journal, the acquirer's file, the lock):
  /// a storage fault at the self-check. nil when all is well.
  private let journalProblem: String?
  /// Held for the session's life: one terminal per state folder.
  private let stateLock: StateFolderLock?
  private let host: (any HostLink)?
  /// The simulated acquirer this session opened on the state folder (not an injected link).
  private let ownAcquirer: SimulatedAcquirer?
  /// The simulated host's `reply_delay_s`; nil for an injected link, whose replies
  /// take the time they take.
  private let replyDelay: Double?
  private let inbox = HostInbox()
  private let printer: SlipPrinter
  private let receipts: ReceiptWriter?
  private let receiptsProblem: String?
  private var paper: PaperRoll
  /// The job last sent to the printer and its slips already in the tray (a retry
  /// after paper-out prints only the rest).
  private var printing: (job: PrintJob, done: Set<String>)?
  private let modem: ReaderModem
  /// The chip slot and the antenna (chip-cards.json in the state folder).
  private let chipReader: ChipReader
  private let faultLog: FaultLog
  /// Checks and hashes passwords for the core (PBKDF2 stays out of `reduce`).
  private var passwordWorker: PasswordWorker
  private var swipeCount: UInt64 = 0
  /// The last deck card swiped and its reader's audio before the channel.
  private var lastTransmit: (tracks: CardTracks, audio: AudioBuffer)?
  private var outputs: [SessionOutput] = []
  private var frames: [ShownFrame] = []
  private var lastFrame: Screen?
  private var crashCounts: [CrashPoint.Stage: Int] = [:]
  /// Power-on left the open batch to be read before the next event.
  private var openBatchDue = false
  /// Wall time spent per stage, for the benchmark (the driver may read clocks; the core never does).
  public private(set) var stageTimes = StageTimes()
  /// Sees every event after the core has taken it (a lesson scoring the cashier).
  public var eventObserver: ((Event, TerminalState) -> Void)?

  /// `hostLink` nil: the in-process simulated acquirer, with its state in the state folder.
  /// `stateLock`: the state folder's lock when the caller has taken it already
  /// (`StateFolderLock.acquire`); otherwise the session takes it, and a folder in use
  /// stops the terminal at its self-check.
  public init(
    configuration: Configuration, options: SessionOptions, hostLink: (any HostLink)? = nil,
    stateLock: StateFolderLock? = nil
  ) {
    var configuration = configuration
    if let lang = options.language { configuration.profile.language = lang }
    self.configuration = configuration
    self.options = options
    let start = options.clockStart ?? Date()
    now = start
    state = TerminalState(
      profile: configuration.profile, operators: configuration.operators, now: start)
    // Salts for passwords set at the terminal: the core reads no randomness itself.
    var random = SystemRandomNumberGenerator()
    passwordWorker = PasswordWorker(
      salts: SaltSource(
        seed: (0..<SaltSource.seedBytes).map { _ in
          UInt8.random(in: .min ... .max, using: &random)
        }))
    printer = SlipPrinter(profile: configuration.profile)
    paper = PaperRoll(slipsPerRoll: configuration.paperOutAfter)
    modem = ReaderModem(settings: configuration.modem)

    // Nothing in the state folder is opened for writing before it has passed its
    // checks (lock, identity, write-ahead logs, integrity): see `StateFolder`.
    let accounts = configuration.deck.map(\.acquirerAccount)
    let wallets = configuration.wallets.map(\.acquirerWallet)
    let fault = configuration.hostFault.acquirerFault
    let timeZone = configuration.profile.timeZone
    let opened = StateFolder.open(
      options.stateDirectory, terminalNo: configuration.profile.terminalNo,
      merchantNo: configuration.profile.merchantNo, lock: stateLock,
      makeAcquirer: hostLink != nil
        ? nil
        : { path in
          try SimulatedAcquirer(
            accounts: accounts, wallets: wallets, fault: fault, statePath: path,
            timeZone: timeZone, fileChecked: true)
        })
    self.stateLock = opened.lock
    // The log is this process's only while it holds the folder: a terminal that
    // found the folder in use writes nothing there.
    faultLog = FaultLog(
      url: opened.lock == nil ? nil : options.stateDirectory.appendingPathComponent("terminal.log"),
      timeZone: configuration.profile.timeZone)
    journal = opened.problem == nil ? opened.journal : nil
    journalProblem = opened.problem ?? (opened.journal == nil ? "journal unavailable" : nil)
    if let problem = opened.problem {
      // The LCD has room for the start of it; the transcript and the face's notes get it all.
      outputs.append(.note("storage: \(problem)"))
    }
    chipReader = ChipReader(
      deck: configuration.deck, profile: configuration.profile,
      stateDirectory: opened.lock == nil ? nil : options.stateDirectory, seed: options.seed)
    if let hostLink {
      host = hostLink
      replyDelay = nil
    } else {
      replyDelay = configuration.hostReplyDelaySeconds
      // It lives in the state folder: its file failing is a storage fault (above), not the host link's.
      host = opened.problem == nil ? opened.acquirer : nil
    }
    ownAcquirer = opened.acquirer
    do {
      receipts = try ReceiptWriter(directory: options.receiptsDirectory)
      receiptsProblem = nil
    } catch {
      receipts = nil
      receiptsProblem = "\(error)"
    }
  }

  /// The state folder's files are closed, and sealed (`StateSeal`), while the session
  /// still holds the folder's lock.
  deinit {
    try? journal?.close()
    ownAcquirer?.close()
  }

  // MARK: What fronts read

  public var screen: Screen { state.screen }
  public var status: StatusInfo { state.status }
  public var deck: [DeckCard] { configuration.deck }
  /// The phones of the deck, each showing a wallet's payment code.
  public var wallets: [DeckWallet] { configuration.wallets }
  public var language: Language { state.language }
  public var unfinishedBusiness: String? { state.unfinishedBusiness }
  /// The terminal stopped on a self-check or storage fault.
  public var isStopped: Bool { state.isStopped }
  /// A request is with the host and its reply (or timeout) has not come yet.
  public var isWaitingForHost: Bool { state.hostWait != nil }
  /// Durable journal commits made so far (for the sales bench's floor).
  public var journalCommits: Int { journal?.commits ?? 0 }
  /// The terminal waits for a moment of its own (the next query of a QR order the
  /// customer is confirming on the phone).
  public var isWaitingForTimer: Bool { state.timerDue != nil }
  /// 请扫描付款码: a scanned code now is taken.
  public var isAskingForPaymentCode: Bool { state.isAskingForPaymentCode }

  /// The masked field on screen (a PIN or password being typed) as a recording
  /// writes it, never its digits: `<pin>`, `<password NN>` or `<masked N>`; nil
  /// when no such field takes keys.
  public var maskedEntry: SecretEntry? {
    state.maskedEntry(pinOf: deckPIN, isPassword: PasswordHash.verify)
  }

  /// The keys a secret token types into the masked field on screen (the deck's
  /// PIN of the card in play, a password from `passwords`, stand-in digits),
  /// after a Backspace for every digit the field holds.
  public func keys(for entry: SecretEntry, passwords: [String: String]) -> Result<
    [Key], SecretEntryProblem
  > {
    state.keys(for: entry, pinOf: deckPIN, isPassword: PasswordHash.verify, passwords: passwords)
  }

  private func deckPIN(_ pan: String) -> String? {
    configuration.deck.first { $0.pan == pan }?.pin
  }

  /// Everything printed, swiped or noted since the last call.
  public func drainOutputs() -> [SessionOutput] {
    defer { outputs = [] }
    return outputs
  }

  /// Every distinct screen shown since the last call, in order (intermediate
  /// screens such as "processing" included), for the transcript.
  public func drainFrames() -> [ShownFrame] {
    defer { frames = [] }
    return frames
  }

  // MARK: What fronts do

  public func powerOn() {
    guard let journal else {
      dispatch(.powerOn(JournalSnapshot()))
      return
    }
    do {
      // The open batch waits for the next event (`loadOpenBatchIfDue`): power-on's
      // screens need only the counters and pending items, and a batch of thousands
      // would otherwise delay the first screen.
      var snapshot = try journal.snapshot(includingOpenBatch: false)
      // Only upgrades of the very entries configured stand (a fingerprint each):
      // a password changed in the config since wins.
      snapshot.upgradedOperators = PasswordHash.standingUpgrades(
        snapshot.upgradedOperators, configured: configuration.operators)
      dispatch(.powerOn(snapshot))
      openBatchDue = true
    } catch {
      dispatch(.powerOn(JournalSnapshot()))
      faultLog.record("storage", "\(error)", at: now)
      dispatch(.journalFailed(StorageSpace.reason(error, directory: options.stateDirectory)))
    }
  }

  /// The time of the journal's latest record (nil: none, or no journal).
  public var latestJournalTime: Date? { (try? journal?.latestRecordTime()) ?? nil }

  public func press(_ key: Key) {
    dispatch(.key(key))
    deliverDueReplies()
  }

  /// Swipes deck card `position` (1-based) through the real reader path:
  /// encode → the card's channel profile → decode.
  public func swipeDeckCard(_ position: Int) {
    guard position >= 1, position <= configuration.deck.count else {
      outputs.append(
        .note("there is no card \(position) in the deck (1–\(configuration.deck.count))"))
      return
    }
    let card = configuration.deck[position - 1]
    let seed = nextSwipeSeed()
    let result = stageTimes.measure(.reader) {
      // The card's stripe read by the reader head is the same every swipe: its audio is
      // made once (per card in a row); the channel (noise by seed) and the decode run each time.
      let clean: AudioBuffer
      if let last = lastTransmit, last.tracks == card.tracks {
        clean = last.audio
      } else {
        clean = modem.transmit(card.tracks)
        lastTransmit = (card.tracks, clean)
      }
      return modem.receive(
        ImpairmentChannel.apply(card.readerProfile, to: clean, seed: seed, modem: modem.settings))
    }
    handleDecode(result, source: "card \(position)")
  }

  // Chip and contactless

  /// Puts deck card `position` into the chip slot (`<insert N>`). False, with a
  /// note, when there is no such card or the slot holds one already.
  @discardableResult
  public func insertDeckCard(_ position: Int) -> Bool {
    do {
      try chipReader.insert(position)
    } catch {
      outputs.append(.note("\(error)"))
      return false
    }
    outputs.append(.note("card \(position) inserted"))
    dispatch(.chip(.inserted))
    return true
  }

  /// Holds deck card `position` to the antenna (`<tap N>`).
  @discardableResult
  public func tapDeckCard(_ position: Int) -> Bool {
    do {
      try chipReader.tap(position)
    } catch {
      outputs.append(.note("\(error)"))
      return false
    }
    outputs.append(.note("card \(position) tapped"))
    dispatch(.chip(.tapped))
    return true
  }

  /// Takes the card out of the chip slot (`<remove>`). False, with a note, when the
  /// slot is empty.
  @discardableResult
  public func removeCard() -> Bool {
    guard let position = chipReader.slot else {
      outputs.append(.note("there is no card in the slot"))
      return false
    }
    try? chipReader.remove()
    outputs.append(.note("card \(position) removed"))
    dispatch(.chip(.removed))
    return true
  }

  /// The deck card in the chip slot, if any (the face's tray).
  public var cardInSlot: Int? { chipReader.slot }

  /// Swipes a recorded or impaired WAV file. A file that cannot be read as a
  /// recording (missing, not a WAV, longer than `WAVFile.maximumSeconds`: refused
  /// from its header) is a failed swipe that says why; that problem is returned.
  @discardableResult
  public func swipeWAV(_ url: URL) -> WAVError? {
    let audio: AudioBuffer
    do {
      audio = try WAVFile.read(url)
    } catch {
      let problem = error as? WAVError ?? WAVError(file: url.path, problem: "\(error)")
      outputs.append(
        .swipe(
          SwipeSummary(
            source: url.lastPathComponent, ok: false, copyUsed: nil, polarity: nil, snrDB: nil,
            reason: problem.problem)))
      dispatch(.cardRead(.failure(reason: problem.problem)))
      return problem
    }
    handleDecode(modem.receive(audio), source: url.lastPathComponent)
    return nil
  }

  /// The QR scanner reads `code` off the customer's phone.
  public func scan(_ code: String) {
    dispatch(.codeScanned(code))
    deliverDueReplies()
  }

  /// Lets virtual time run until neither a host reply nor a timer of the terminal's
  /// is due (a QR order paid, failed or cancelled). Returns false when nothing is
  /// scheduled while a reply is still awaited (a real link).
  @discardableResult
  public func settleTimers() -> Bool {
    deliverDueReplies()
    while isWaitingForHost || isWaitingForTimer {
      // A host in another process answers in real time: wait for it, not its deadline.
      if isWaitingForHost, host is RemoteHostLink {
        settleHost()
        continue
      }
      guard let next = nextHostMoment else { return false }
      moveClock(to: max(now, next))
    }
    return true
  }

  /// Moves the session's clock; scripted runs move it only through `<wait>` and
  /// while the terminal waits for the host. A reply or timeout that falls due
  /// within the interval happens at its own moment.
  public func advanceClock(by seconds: Double) {
    guard seconds > 0 else { return }
    let target = now.addingTimeInterval(seconds)
    while true {
      // A request sent on the way (a QR order's query) to a host in another process
      // is answered in real time: the wait is for its reply, not its deadline.
      if isWaitingForHost, host is RemoteHostLink {
        settleHost()
        if now >= target { return }
        continue
      }
      guard let next = nextHostMoment, next <= target else { break }
      moveClock(to: next)
    }
    moveClock(to: target)
  }

  /// Lets virtual time run until the host has answered or the wait timed out:
  /// a key piped in while the terminal waits is taken after the reply, as a
  /// cashier's would be. Returns false when nothing is scheduled (a real link
  /// whose reply has not arrived yet).
  @discardableResult
  public func settleHost() -> Bool { settleHost(gate: nil) }

  /// `settleHost`, leaving `gate` while blocked on a remote host's reply and
  /// entering it again before going on: a driver of many sessions (the fleet)
  /// lets only as many of them compute at once as there are cores.
  @discardableResult
  public func settleHost(gate: HostWaitGate?) -> Bool {
    deliverDueReplies()
    if let remote = host as? RemoteHostLink {
      // A host in another process answers in real time: wait for it, and let the
      // session's clock run as long as the wait (to the timeout if the link gave up).
      while let wait = state.hostWait {
        if inbox.isLost(wait.envelope, wait.type) {
          moveClock(to: max(now, wait.deadline))
          continue
        }
        let started = Date()
        gate?.leave()
        inbox.waitForNews(
          seconds: min(0.5, max(0, wait.deadline.timeIntervalSince(now))),
          awaiting: wait.envelope, wait.type)
        // The host's time only: the wait for a compute turn (`gate`) is not the host's
        // and must not run the reply timer down.
        let elapsed = Date().timeIntervalSince(started)
        gate?.enter()
        absorbNotes(remote)
        if inbox.hasReply(dueBy: now) {
          now = now.addingTimeInterval(elapsed)
          deliverDueReplies()
        } else {
          moveClock(to: now.addingTimeInterval(max(elapsed, 0.001)))
        }
      }
      return true
    }
    while isWaitingForHost {
      guard let next = nextHostMoment else { return false }
      moveClock(to: max(now, next))
    }
    return true
  }

  /// Delivers replies that arrived from a link on its own thread; a request the
  /// link gave up on times out now.
  public func pollHost() {
    deliverDueReplies()
    if let remote = host as? RemoteHostLink {
      absorbNotes(remote)
      if let wait = state.hostWait, inbox.isLost(wait.envelope, wait.type) {
        moveClock(to: max(now, wait.deadline))
      }
    }
  }

  private func absorbNotes(_ remote: RemoteHostLink) {
    for note in remote.drainNotes() {
      outputs.append(.note("host link: \(note)"))
      faultLog.record("host link", note, at: now)
    }
  }

  /// The trainer fits a new roll of paper (`<paper>`, the face's `p`).
  public func loadPaper() {
    paper.reload()
    outputs.append(.note("printer: paper loaded"))
  }

  /// The next moment something happens on its own: a scheduled reply, the
  /// terminal's host timeout, or its own timer (the next query of a QR order).
  private var nextHostMoment: Date? {
    [inbox.nextDue, state.hostWait?.deadline, state.timerDue].compactMap { $0 }.min()
  }

  private func moveClock(to date: Date) {
    if date > now { now = date }
    // A reply due now is what the cashier sees next, not the countdown before it.
    dispatch(.tick(now), showFrame: !inbox.hasReply(dueBy: now))
    deliverDueReplies()
  }

  private func deliverDueReplies() {
    while let reply = inbox.takeDue(by: now) { dispatch(.hostReplied(reply)) }
  }

  // MARK: The loop

  private func handleDecode(_ result: Result<DecodeReport, DecodeFailure>, source: String) {
    switch result {
    case .success(let report):
      outputs.append(
        .swipe(
          SwipeSummary(
            source: source, ok: true, copyUsed: report.copyUsed.rawValue,
            polarity: report.polarity.rawValue, snrDB: report.snrDB, reason: nil)))
      dispatch(.cardRead(.success(report.tracks.cardData)))
    case .failure(let failure):
      outputs.append(
        .swipe(
          SwipeSummary(
            source: source, ok: false, copyUsed: nil, polarity: nil, snrDB: failure.snrDB,
            reason: failure.reason)))
      dispatch(.cardRead(.failure(reason: failure.reason)))
    }
  }

  private func nextSwipeSeed() -> UInt64 {
    swipeCount += 1
    // SplitMix64 of (seed, count): distinct, reproducible seeds per swipe.
    var z = options.seed &+ swipeCount &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  private func dispatch(_ event: Event, showFrame: Bool = true) {
    if case .powerOn = event {} else { loadOpenBatchIfDue() }
    var queue = [event]
    while !queue.isEmpty {
      let event = queue.removeFirst()
      var follow: [Event] = []
      let effects = stageTimes.measure(.core) { reduce(&state, event) }
      eventObserver?(event, state)
      effectLoop: for effect in effects {
        switch effect {
        case .runSelfCheck:
          follow.append(.selfCheckFinished(selfCheck()))
        case .journal(let command):
          guard let journal else {
            follow.append(.journalFailed(journalProblem ?? "journal unavailable"))
            break effectLoop
          }
          do {
            try stageTimes.measure(.journal) { try journal.apply(command) }
            crashIfDue(.journal)
            follow.append(.journalWritten(command))
          } catch {
            // Nothing after a failed write runs: a sale is never sent unrecorded.
            faultLog.record("storage", "\(error)", at: now)
            follow.append(
              .journalFailed(StorageSpace.reason(error, directory: options.stateDirectory)))
            break effectLoop
          }
        case .host(let request):
          send(request)
        case .print(let job):
          follow.append(stageTimes.measure(.printer) { print(job) })
        case .note(let text):
          outputs.append(.note(text))
        case .chip(let command):
          let chipReader = self.chipReader
          if let answer = stageTimes.measure(.chip, { chipReader.run(command) }) {
            follow.append(.chip(answer))
          }
        case .checkPassword(let check):
          follow.append(
            .passwordChecked(stageTimes.measure(.password) { PasswordWorker.check(check) }))
        case .hashPassword(let request):
          follow.append(
            .passwordHashed(stageTimes.measure(.password) { passwordWorker.hash(request) }))
        }
      }
      queue = follow + queue
      // A screen is shown once the effects behind it have reported back, so the
      // transcript never shows a state the terminal only passed through.
      if showFrame || !queue.isEmpty, !queue.contains(where: \.isAcknowledgement) {
        stageTimes.measure(.core) { recordFrame() }
      }
    }
  }

  /// Reads the open batch left out of power-on's snapshot, once, before the first
  /// event that comes after power-on.
  private func loadOpenBatchIfDue() {
    guard openBatchDue, let journal else { return }
    openBatchDue = false
    do {
      let records = try journal.openBatch()
      dispatch(.openBatchLoaded(records), showFrame: false)
    } catch {
      faultLog.record("storage", "\(error)", at: now)
      dispatch(.journalFailed(StorageSpace.reason(error, directory: options.stateDirectory)))
    }
  }

  private func send(_ request: HostRequest) {
    guard let host else { return }  // no link: the terminal's timeout answers
    let due = replyDelay.map { request.time.addingTimeInterval($0) }
    let inbox = self.inbox
    stageTimes.measure(.host) {
      if let remote = host as? RemoteHostLink {
        let (envelope, type) = (request.envelope, request.type)
        inbox.clearLost(envelope, type)
        remote.send(
          request, reply: { reply in inbox.put(reply, due: nil) },
          lost: { inbox.markLost(envelope, type) })
        absorbNotes(remote)
      } else {
        host.send(request) { reply in inbox.put(reply, due: due) }
      }
    }
    crashIfDue(.host)
  }

  /// Prints every slip of the job not yet in the tray; the first that fails
  /// (paper out, folder unwritable) fails the job.
  private func print(_ job: PrintJob) -> Event {
    guard let receipts else { return .printFailed(job, reason: receiptsProblem ?? "no printer") }
    if printing?.job != job { printing = (job, []) }
    for slip in printer.render(job) where printing?.done.contains(slip.fileName) != true {
      guard !paper.isOut else {
        outputs.append(.note("printer: out of paper"))
        return .printFailed(job, reason: "out of paper")
      }
      do {
        let url = try receipts.write(slip)
        paper.use()
        printing?.done.insert(slip.fileName)
        outputs.append(
          .printed(
            PrintedSlipSummary(fileName: url.lastPathComponent, path: url, lines: slip.lines)))
        crashIfDue(.print)
      } catch {
        let reason = StorageSpace.reason(error, directory: options.receiptsDirectory)
        outputs.append(.note("printer: \(reason)"))
        return .printFailed(job, reason: reason)
      }
    }
    printing = nil
    return .printed(job)
  }

  private func recordFrame() {
    let screen = state.screen
    if screen != lastFrame {
      frames.append(ShownFrame(screen: screen, time: now))
      lastFrame = screen
    }
  }

  private func crashIfDue(_ stage: CrashPoint.Stage) {
    guard let point = options.crashPoint, point.stage == stage else { return }
    crashCounts[stage, default: 0] += 1
    if crashCounts[stage] == point.occurrence { _exit(86) }
  }

  // MARK: Self-check

  private func selfCheck() -> SelfCheckReport {
    let lang = state.language
    /// A module's line: OK, or the fault with what to do; the problem's own words
    /// go to the fault log, not onto the 24-column LCD.
    func item(_ module: SelfCheckModule, _ ok: Bool, _ advice: Msg, _ problem: String? = nil)
      -> SelfCheckItem
    {
      if !ok { faultLog.record(module.rawValue, problem ?? advice.text(.en), at: now) }
      return SelfCheckItem(module: module, ok: ok, advice: ok ? nil : advice.text(lang))
    }
    let p = configuration.profile
    let identityOK =
      p.terminalNo.count == 8 && p.terminalNo.allSatisfy(\.isNumber) && p.merchantNo.count == 15
      && p.merchantNo.allSatisfy(\.isNumber)
    var linkOK = host?.ping() ?? (replyDelay != nil)
    var linkProblem: String?
    if let remote = host as? RemoteHostLink {
      // 通讯模块 connects for real; the transcript gets the fault and what to do.
      linkProblem = remote.check()
      linkOK = linkProblem == nil
      if let linkProblem { outputs.append(.note("通讯模块 host link: \(linkProblem)")) }
    }
    return SelfCheckReport(items: [
      // No simulated acquirer means its file failed: the storage line says so.
      item(.hostLink, linkOK, .adviceHostLink, linkProblem),
      item(.identity, identityOK, .adviceIdentity),
      item(.cardReader, readerLoopback(), .adviceReader),
      item(.chipReader, ChipReader.loopback(), .adviceChipReader),
      item(
        .printer, receipts != nil && isWritable(options.receiptsDirectory), .adviceReceipts,
        receiptsProblem),
      item(
        .storage, journal != nil,
        journalProblem.map { StorageSpace.isFull($0, directory: options.stateDirectory) } == true
          ? .adviceFreeSpace : .adviceStorage, journalProblem),
      SelfCheckItem(module: .pinPad, ok: true),
      // The scanner reads a known payment code back as its wallet's.
      item(.qrScanner, PaymentCodeKind.classify("134502000000000001") == .wechat, .adviceQRScanner),
    ])
  }

  /// Encodes a known frame through the real modem and decodes it back.
  private func readerLoopback() -> Bool {
    let probe = CardTracks(
      track1: nil, track2: Track2(pan: "6200000000000000005", expiry: "9912", serviceCode: "201"))
    if case .success(let report) = modem.receive(modem.transmit(probe)) {
      return report.tracks.track2 == probe.track2
    }
    return false
  }

  private func isWritable(_ dir: URL) -> Bool {
    let probe = dir.appendingPathComponent(".write-test-\(getpid())")
    guard FileManager.default.createFile(atPath: probe.path, contents: Data()) else { return false }
    try? FileManager.default.removeItem(at: probe)
    return true
  }
}

extension Event {
  /// An effect's report that the screen before it should not be shown without.
  fileprivate var isAcknowledgement: Bool {
    switch self {
    // A password's answer comes before the next screen: 请稍候 is never drawn here.
    case .journalWritten, .journalFailed, .printed, .printFailed, .passwordChecked,
      .passwordHashed:
      return true
    case .powerOn, .selfCheckFinished, .openBatchLoaded, .key, .cardRead, .codeScanned,
      .hostReplied, .tick, .chip:
      return false
    }
  }
}
