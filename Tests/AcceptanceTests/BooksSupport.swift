import Acquirer
import Foundation
import Journal
import ScriptFront
import TerminalConfig
import TerminalCore
import TerminalRuntime
import Testing

/// A counter's day in one state folder, run in-process session by session: each
/// session is a power cycle, with its own host fault (host.yaml `fault`).
struct BooksDay {
  let dir: URL
  var state: URL { dir.appendingPathComponent("state") }
  var receipts: URL { dir.appendingPathComponent("receipts") }
  var transcript = ""
  let base: Configuration

  init(_ name: String) throws {
    dir = Acceptance.scratch(name)
    base = try Acceptance.configuration()
  }

  /// Runs `script` from `clock` with the host doing `fault`; returns its transcript.
  @discardableResult
  mutating func run(_ script: String, at clock: String, fault: HostFaultMode = .none) throws
    -> String
  {
    var configuration = base
    configuration.hostFault = fault
    let options = SessionOptions(
      stateDirectory: state, receiptsDirectory: receipts,
      clockStart: ISO8601DateFormatter().date(from: clock)!, seed: 1)
    var out = ""
    do {
      let session = TerminalSession(configuration: configuration, options: options)
      let runner = ScriptRunner(session: session) { out += $0 }
      _ = runner.run(InputTokenizer.tokens(script, mode: .scriptFile))
    }
    transcript += out
    return out
  }

  var journal: TerminalJournal {
    get throws { try TerminalJournal(path: state.appendingPathComponent("journal.sqlite")) }
  }

  func acquirer() throws -> SimulatedAcquirer {
    try SimulatedAcquirer(
      accounts: base.deck.map(\.acquirerAccount), fault: .none,
      statePath: state.appendingPathComponent("acquirer.sqlite"),
      timeZone: TimeZone(secondsFromGMT: 8 * 3600)!)
  }

  var slips: [(String, String)] { Acceptance.slips(in: receipts) }

  func slip(endingWith suffix: String) -> String? { slips.last { $0.0.hasSuffix(suffix) }?.1 }
}

/// The books as the test sums them itself, from the journal's rows alone (not the
/// ledger's code): approved sales, completions (and their advices) and QR payments
/// not voided by an approved void, on the debit side; approved refunds, and refunds
/// still owed to the host, on the credit side.
enum IndependentSum {
  static let debitKinds: Set<TransactionKind> = [
    .sale, .preAuthCompletion, .preAuthCompletionAdvice, .qr,
  ]
  static let voidKinds: Set<TransactionKind> = [.void, .preAuthCompletionVoid, .qrVoid]

  static func books(_ rows: [TransactionRecord]) -> (debit: Totals, credit: Totals) {
    var voided = Set<String>()
    for r in rows where voidKinds.contains(r.kind) && r.status == .approved {
      if let t = r.original?.trace { voided.insert("\(r.original?.batch ?? r.batch)/\(t)") }
    }
    var debit = Totals()
    var credit = Totals()
    for r in rows {
      let counted =
        r.status == .approved
        || (r.status == .pending && [.refund, .preAuthCompletionAdvice].contains(r.kind))
      guard counted else { continue }
      if debitKinds.contains(r.kind) && !voided.contains("\(r.batch)/\(r.trace)") {
        debit.count += 1
        debit.amountFen += r.amountFen
      }
      if r.kind == .refund {
        credit.count += 1
        credit.amountFen += r.amountFen
      }
    }
    return (debit, credit)
  }

  static func money(_ fen: Int64) -> String {
    let v = abs(fen)
    return (fen < 0 ? "-" : "") + "\(v / 100)." + String(format: "%02d", Int(v % 100))
  }

  /// The settlement slip's (or 7-4's) `name count amount` row, split at spaces.
  static func slipRow(_ text: String, _ name: String) -> [String]? {
    text.split(separator: "\n").map(String.init).first { $0.hasPrefix(name) }?
      .split(separator: " ").map(String.init)
  }

  /// Every line of every slip at most 32 display columns.
  static func expectFits(_ slips: [(String, String)], _ where_: String = "") {
    for (name, text) in slips {
      for line in text.split(separator: "\n") {
        #expect(DisplayWidth.of(String(line)) <= 32, "\(where_) \(name): '\(line)' too wide")
      }
    }
  }
}
