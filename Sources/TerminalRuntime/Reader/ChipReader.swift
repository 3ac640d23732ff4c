import Acquirer
import Chip
import Ciphers
import Foundation
import TerminalConfig
import TerminalCore

/// The chip slot and the antenna: the deck's chip cards as simulated ICCs, and the
/// kernel run against them for the core's `ChipCommand`s. The driver's part of the
/// chip flow (the core never sees an APDU).
///
/// - Each chip card is personalised from its deck entry with its own key, derived
///   from its issuer's master key (`IssuerKeys`, the same the acquirer verifies with).
/// - The cards' counters (each application's ATC and the PIN try counter) persist in
///   the state folder's `chip-cards.json`, so ATCs go on increasing across runs. The
///   file holds only counters, keyed by a fingerprint of the PAN (`cardKey`): no PIN,
///   no key, no card number. The deck's `pin_tries_left` caps the persisted counter
///   (the trainer can exhaust it; a fresh state folder restores it).
/// - The unpredictable number (9F37) comes from the session's seeded generator
///   (SplitMix64 of the seed and the exchange count): reproducible runs.
final class ChipReader {
  private let deck: [DeckCard]
  private let parameters: ChipTerminalParameters
  private let countersURL: URL?
  private let seed: UInt64
  private var exchanges: UInt64 = 0
  /// Personalised cards by deck position, with their counters.
  private var cards: [Int: SimulatedICC] = [:]
  private var counters: [String: CardCounters]

  /// The deck card in the slot, and the one last held to the antenna.
  private(set) var slot: Int?
  private var tapped: Int?
  /// The card and session of the exchange under way.
  private var active: (position: Int, interface: CardInterface)?
  private var candidates: [CandidateApplication] = []
  private var transaction: ChipTransaction?
  private var session: ChipSession?

  struct CardCounters: Codable, Equatable {
    /// Application AID (hex) → ATC.
    var atc: [String: UInt16]
    var pinTriesLeft: UInt8
  }

  init(deck: [DeckCard], profile: TerminalProfile, stateDirectory: URL?, seed: UInt64) {
    self.deck = deck
    parameters = ChipTerminalParameters(
      ifdSerial: String(profile.terminalNo.suffix(8)),
      contactlessNoCVMLimitFen: Int(profile.quickPassLimitFen))
    countersURL = stateDirectory?.appendingPathComponent(ChipCardsFile.name)
    self.seed = seed
    counters =
      countersURL.flatMap { try? Data(contentsOf: $0) }
      .flatMap { try? JSONDecoder().decode([String: CardCounters].self, from: $0) } ?? [:]
  }

  // MARK: The trainer's hands

  enum HandProblem: Error, CustomStringConvertible {
    case noSuchCard(Int, Int)
    case slotTaken(Int)
    case slotEmpty
    var description: String {
      switch self {
      case .noSuchCard(let n, let count): return "there is no card \(n) in the deck (1–\(count))"
      case .slotTaken(let n): return "card \(n) is already in the slot: <remove> it first"
      case .slotEmpty: return "there is no card in the slot"
      }
    }
  }

  func insert(_ position: Int) throws(HandProblem) {
    guard (1...deck.count).contains(position) else { throw .noSuchCard(position, deck.count) }
    if let slot { throw .slotTaken(slot) }
    slot = position
  }

  func tap(_ position: Int) throws(HandProblem) {
    guard (1...deck.count).contains(position) else { throw .noSuchCard(position, deck.count) }
    tapped = position
  }

  func remove() throws(HandProblem) {
    guard let position = slot else { throw .slotEmpty }
    cards[position]?.powerOff()
    slot = nil
    if active?.position == position && active?.interface == .contact { active = nil }
  }

  // MARK: The core's commands

  /// Runs one command against the card; the answer as the core's event (nil: none due).
  func run(_ command: ChipCommand) -> ChipEvent? {
    defer { saveCounters() }
    switch command {
    case .read(let request): return read(request)
    case .choose(let index):
      guard index < candidates.count else { return .failed(.noApplication) }
      return start(candidates[index])
    case .verifyPIN(let pin):
      return withCard { card, session throws(ChipError) in
        // The digits go to the card and nowhere else.
        switch try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: pin.plainText)
        {
        case .verified: return .pinVerified(.verified)
        case .wrong(let left): return .pinVerified(.wrong(triesLeft: Int(left)))
        case .blocked: return .pinVerified(.blocked)
        }
      }
    case .requestOnline(let verification):
      return withCard { card, session throws(ChipError) in
        let method: CardholderVerification
        switch verification {
        case .offlinePIN: method = .offlinePlaintextPIN
        case .offlinePINBlocked:
          // The PIN try counter was 0 (or ran out): cardholder verification failed,
          // PIN try limit exceeded (TVR byte 3: 80, 20); 9F34 offline PIN, failed.
          method = .offlinePlaintextPIN
          session.tvr[2] |= 0xA0
          session.cvmResults = [0x01, 0x00, 0x01]
        case .onlinePIN: method = .onlinePIN
        case .signature: method = .signature
        case .none: method = .none
        }
        let online = try ChipKernel.requestOnline(
          card: &card, session: &session, verification: method)
        return .onlineReady(field55: online.field55)
      }
    case .complete(let answer):
      return withCard { card, session throws(ChipError) in
        let outcome: Chip.HostOutcome
        switch answer {
        case .approved(let code, let field55):
          outcome = try Chip.HostOutcome.approved(responseCode: code, field55: field55)
        case .declined(let code): outcome = .declined(responseCode: code)
        case .noResponse: outcome = .noResponse
        }
        let done = try ChipKernel.complete(card: &card, session: &session, host: outcome)
        let slip = ChipSlipData(
          aid: done.slip.aid, label: done.slip.applicationLabel,
          cryptogramName: done.slip.cryptogramName, cryptogram: done.slip.cryptogram,
          atc: done.slip.atc)
        self.session = nil
        if done.approved { return .completed(.approved(slip)) }
        if done.declinedByCardAfterApproval { return .completed(.declinedByCard(slip)) }
        return .completed(.declined)
      }
    case .end:
      if let active, active.interface == .contactless { cards[active.position]?.powerOff() }
      active = nil
      session = nil
      candidates = []
      return nil
    }
  }

  private func read(_ request: ChipReadRequest) -> ChipEvent {
    let interface: CardInterface = request.interface == .contact ? .contact : .contactless
    guard let position = interface == .contact ? slot : tapped else { return .failed(.removed) }
    if interface == .contactless { tapped = nil }
    guard var card = card(at: position) else {
      // A magstripe-only card: no chip to answer, no antenna.
      return .failed(interface == .contact ? .readFailed("no chip") : .noContactless)
    }
    exchanges += 1
    let transaction = ChipTransaction(
      amountFen: Int(request.amountFen), date: request.date, type: request.transactionType,
      unpredictableNumber: unpredictableNumber())
    self.transaction = transaction
    active = (position, interface)
    session = nil
    do {
      let found = try ChipKernel.applications(
        card: &card, interface: interface, parameters: parameters)
      cards[position] = card
      candidates = found
      guard !found.isEmpty else { return .failed(.noApplication) }
      // The cardholder chooses at the slot; a tap takes the first by priority.
      if found.count > 1 && interface == .contact { return .applications(found.map(\.label)) }
      return start(found[0])
    } catch {
      cards[position] = card
      return .failed(failure(error, interface))
    }
  }

  private func start(_ application: CandidateApplication) -> ChipEvent {
    guard let active, let transaction else { return .failed(.removed) }
    if active.interface == .contact && slot != active.position { return .failed(.removed) }
    guard var card = cards[active.position] else { return .failed(.removed) }
    defer { cards[active.position] = card }
    do {
      let session = try ChipKernel.start(
        card: &card, application: application, interface: active.interface,
        transaction: transaction, parameters: parameters)
      self.session = session
      guard let pan = session.pan, let expiry = session.expiry else {
        return .failed(.readFailed("no PAN"))
      }
      let interface: ChipInterface = active.interface == .contact ? .contact : .contactless
      var data = CardData(
        pan: pan, expiry: String(expiry.prefix(4)), serviceCode: session.serviceCode ?? "220",
        holderName: session.cardholderName, entryMode: interface.entryMode)
      data.panSequence = session.panSequence.map(Int.init)
      var cvm: ContactlessCVMDecision?
      if interface == .contactless {
        switch ChipKernel.contactlessVerification(session) {
        case .noCVM: cvm = .noCVM
        case .onlinePIN: cvm = .onlinePIN
        case .signature: cvm = .signature
        case .useAnotherInterface: cvm = .useAnotherInterface
        }
      }
      return .started(
        ChipCardInfo(
          card: data, aid: Hex.upper(application.aid), label: application.label,
          pinTriesLeft: session.pinTriesLeft.map(Int.init), contactlessCVM: cvm))
    } catch {
      return .failed(failure(error, active.interface))
    }
  }

  /// Runs `body` on the active card and session; a contact card no longer in the
  /// slot answers nothing (the reader sees it gone).
  private func withCard(
    _ body: (inout SimulatedICC, inout ChipSession) throws(ChipError) -> ChipEvent
  ) -> ChipEvent {
    guard let active, var session, var card = cards[active.position] else {
      return .failed(.removed)
    }
    if active.interface == .contact && slot != active.position { return .failed(.removed) }
    defer {
      cards[active.position] = card
      if self.session != nil { self.session = session }
    }
    do {
      return try body(&card, &session)
    } catch {
      return .failed(failure(error, active.interface))
    }
  }

  private func failure(_ error: ChipError, _ interface: CardInterface) -> ChipFailure {
    switch error {
    case .cardBlocked: return .cardBlocked
    case .applicationBlocked: return .applicationBlocked
    case .noSupportedApplication: return .noApplication
    case .declinedOffline: return .declinedOffline
    case .cardRemoved: return .removed
    case .noAnswer where interface == .contactless: return .noContactless
    default: return error.allowsFallback ? .readFailed(error.description) : .noApplication
    }
  }

  private func unpredictableNumber() -> [UInt8] {
    // SplitMix64 of (seed, exchange count), as the swipe seeds are made.
    var z = seed &+ 0x5DEE_CE66_D1CE_5EED &+ exchanges &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return (0..<4).map { UInt8(truncatingIfNeeded: z >> (8 * UInt64($0))) }
  }

  // MARK: The cards

  /// The deck card's simulated ICC, personalised once, with its persisted counters.
  private func card(at position: Int) -> SimulatedICC? {
    if let card = cards[position] { return card }
    let entry = deck[position - 1]
    guard let chip = entry.chip, let pin = entry.pin else { return nil }
    let applications = chip.applications.enumerated().map { i, app -> ChipApplicationProfile in
      let saved = counters[ChipCardsFile.key(entry.pan)]?.atc[Hex.upper(app.aid)] ?? 0
      return ChipApplicationProfile(
        aid: app.aid, label: app.label, priority: UInt8(i + 1), atc: saved)
    }
    let profile = ChipCardProfile(
      pan: entry.pan, expiry: entry.expiry + "31", cardholderName: entry.name,
      serviceCode: entry.serviceCode, applications: applications, pin: pin,
      contactless: chip.contactless, contactlessCVM: chip.contactlessCVM.kernel)
    let key = IssuerKeys.cardMasterKey(issuer: entry.issuer, pan: entry.pan, panSequence: 1) ?? []
    var card = SimulatedICC(profile: profile, cardMasterKey: key)
    card.cardBlocked = chip.blocked
    card.declinesAfterApproval = chip.declinesAfterApproval
    card.condition = chip.condition.kernel
    card.pinTriesLeft = min(
      UInt8(chip.pinTriesLeft),
      counters[ChipCardsFile.key(entry.pan)]?.pinTriesLeft ?? profile.pinTryLimit)
    cards[position] = card
    return card
  }

  private func saveCounters() {
    var changed = false
    for (position, card) in cards {
      let pan = ChipCardsFile.key(deck[position - 1].pan)
      let now = CardCounters(
        atc: Dictionary(
          card.profile.applications.map { (Hex.upper($0.aid), $0.atc) },
          uniquingKeysWith: { a, _ in a }),
        pinTriesLeft: card.pinTriesLeft)
      if counters[pan] != now {
        counters[pan] = now
        changed = true
      }
    }
    guard changed, let countersURL else { return }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    guard let data = try? encoder.encode(counters) else { return }
    // Made 0600 from the start, then renamed over the old file: never half written,
    // never readable by others.
    let temporary = countersURL.path + ".new"
    guard
      FileManager.default.createFile(
        atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
    else { return }
    if rename(temporary, countersURL.path) != 0 { unlink(temporary) }
  }

  // MARK: Self-check

  /// A probe card answers the PSE and gives its application: the kernel and the
  /// slot's APDU path work.
  static func loopback() -> Bool {
    var probe = SimulatedICC(
      profile: ChipCardProfile(
        pan: "6200000000000000005", expiry: "991231", cardholderName: "PROBE",
        applications: [ChipApplicationProfile(aid: UnionPayAID.debit, label: "PROBE", priority: 1)],
        pin: "0000"),
      cardMasterKey: [UInt8](repeating: 0x11, count: 16))
    let found = try? ChipKernel.applications(
      card: &probe, interface: .contact, parameters: ChipTerminalParameters())
    return found?.first?.aid == UnionPayAID.debit
  }
}

extension DeckChip.Application {
  var aid: [UInt8] {
    switch self {
    case .debit: return UnionPayAID.debit
    case .credit: return UnionPayAID.credit
    case .quasiCredit: return UnionPayAID.quasiCredit
    }
  }
  /// The application label 50 the card gives (应用标签).
  var label: String {
    switch self {
    case .debit: return "UnionPay Debit"
    case .credit: return "UnionPay Credit"
    case .quasiCredit: return "UnionPay QCredit"
    }
  }
}

extension DeckChip.ContactlessCVM {
  var kernel: ContactlessCVM {
    switch self {
    case .onlinePIN: return .onlinePIN
    case .signature: return .signature
    case .none: return .none
    }
  }
}

extension DeckChip.Condition {
  var kernel: ChipCondition {
    switch self {
    case .working: return .working
    case .mute: return .mute
    case .faulty: return .faulty
    }
  }
}

/// The state folder's file of chip-card counters.
public enum ChipCardsFile {
  public static let name = "chip-cards.json"

  /// A card's name in the file: the first 8 bytes of SHA-256 of the PAN with a fixed
  /// label, in hex, so the file never holds a card number.
  public static func key(_ pan: String) -> String {
    "card-" + Hex.encode(Array(((try? SHA256.hash("chip-cards.json/" + pan)) ?? []).prefix(8)))
  }
}
