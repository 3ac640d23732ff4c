import CardReader
import Foundation

/// A sale on its way to the host. Holds the full PAN and the PIN block in
/// memory only until the request is sent.
public struct SaleDraft: Sendable, Equatable {
  public var amountFen: Int64
  public var tracks: CardTracks
  public var pinBlock: PINBlock
}

/// What to do once a pending reversal has gone through.
public enum OnlineStep: Sendable, Equatable {
  case sale(SaleDraft)
  case settlement
}

/// Where the terminal is in the counter procedure.
public enum Phase: Sendable, Equatable {
  case off
  case selfChecking
  case selfCheckFailed(SelfCheckReport)
  /// Storage failed: the terminal stops selling.
  case fatal(String)
  case awaitingSignInKey(SelfCheckReport)
  case operatorNumber(entered: String, notice: Msg?)
  case operatorPassword(operatorNo: String, entered: SecretDigits, notice: Msg?)
  case supervisorDone(unlocked: [String])
  case signingIn(operatorNo: String)
  case signInFailed(code: String)
  case settlementNotice
  case settlementSuccessTotals
  case settlementFailedTotals(printSuccess: Bool)
  case settling(printSuccess: Bool, printFailed: Bool)
  case settlementFailed(code: String)
  case mainMenu
  case amountEntry(fen: Int64, notice: Msg?)
  case awaitingCard(amountFen: Int64, retry: Bool)
  case confirmingCard(amountFen: Int64, tracks: CardTracks)
  case pinEntry(amountFen: Int64, tracks: CardTracks, pin: SecretDigits, notice: Msg?)
  case reversing(then: OnlineStep, triesLeft: Int)
  case reversalFailed(then: OnlineStep)
  case awaitingSaleReply(TransactionRecord)
  case approvedPrinting(TransactionRecord)
  /// The last sale's merchant copy was printed again; Enter reprints the cardholder copy.
  case reprinting(TransactionRecord)
  case declined(code: String)
}

/// The whole terminal as a value. `reduce` is the only thing that changes it.
public struct TerminalState: Sendable, Equatable {
  public var profile: TerminalProfile
  public var operators: [OperatorRecord]
  public var now: Date
  public var lastActivity: Date
  public var phase: Phase = .off

  public var signedInOperator: String?
  public var hostOnline = false
  public var batch = 1
  public var lastTrace = 0
  public var openBatch: [TransactionRecord] = []
  public var pendingReversal: ReversalRecord?
  public var operatorLocks: [String: OperatorLockState] = [:]
  /// Printed as soon as the printer passes the self-check.
  public var unprintedSettlement: PrintJob?
  /// A one-shot line for the next menu screen (sign-in result, print fault).
  public var banner: [String] = []

  public init(profile: TerminalProfile, operators: [OperatorRecord], now: Date) {
    self.profile = profile
    self.operators = operators
    self.now = now
    self.lastActivity = now
  }

  public var language: Language { profile.language }

  /// The card's service code says whether a PIN may be skipped
  /// (third digit 6 or 7: "prompt for PIN if PIN pad present").
  public static func pinIsOptional(_ tracks: CardTracks) -> Bool {
    guard let last = tracks.track2.serviceCode.last else { return false }
    return last == "6" || last == "7"
  }

  /// Calendar day of a moment in the terminal's time zone, as yyyymmdd.
  public func localDay(_ date: Date) -> Int {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = profile.timeZone
    let c = cal.dateComponents([.year, .month, .day], from: date)
    return (c.year ?? 0) * 10000 + (c.month ?? 0) * 100 + (c.day ?? 0)
  }

  /// The open batch holds a transaction from an earlier day: settle before selling.
  public var needsForcedSettlement: Bool {
    let today = localDay(now)
    return openBatch.contains { localDay($0.startedAt) < today }
  }

  public var successTotals: Totals {
    totals(openBatch.filter { $0.status == .approved })
  }
  public var failedTotals: Totals {
    totals(openBatch.filter { $0.status == .declined || $0.status == .reversed })
  }
  private func totals(_ records: [TransactionRecord]) -> Totals {
    Totals(count: records.count, amountFen: records.reduce(0) { $0 + $1.amountFen })
  }

  public var status: StatusInfo {
    let host: Msg =
      pendingReversal != nil
      ? .reversalPending
      : (signedInOperator == nil ? .notSignedIn : (hostOnline ? .hostOnline : .hostOffline))
    return StatusInfo(
      time: now, operatorNo: signedInOperator, batch: batch, lastVoucher: lastTrace,
      hostState: host.text(language))
  }

  /// nil when the terminal is at rest; otherwise what was left unfinished and
  /// how the journal treats it (for the end of a scripted run).
  public var unfinishedBusiness: String? {
    let message: Msg
    switch phase {
    case .amountEntry, .awaitingCard, .confirmingCard, .pinEntry:
      message = .unfinishedSaleEntry
    case .awaitingSaleReply(let r):
      message = .unfinishedSaleSent(SequenceNumber.format(r.trace))
    case .reversing, .reversalFailed:
      message = .unfinishedReversal
    case .approvedPrinting(let r):
      message = .unfinishedCardholderCopy(SequenceNumber.format(r.trace))
    case .settlementNotice, .settlementSuccessTotals, .settlementFailedTotals, .settling,
      .settlementFailed:
      message = .unfinishedSettlement
    default:
      return nil
    }
    return message.text(language)
  }

}
