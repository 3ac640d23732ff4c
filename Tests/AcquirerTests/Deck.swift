import Acquirer
import Foundation
import TerminalCore
import Testing

/// 2024-06-15 12:00:00 in Beijing.
let noon = Date(timeIntervalSince1970: 1_718_424_000)
let beijing = TimeZone(identifier: "Asia/Shanghai")!

/// Appends the Luhn check digit (computed here, independently of the module).
func withCheckDigit(_ body: String) -> String {
  var sum = 0
  for (i, ch) in body.reversed().enumerated() {
    let d = Int(String(ch))!
    if i % 2 == 0 {
      let x = d * 2
      sum += x > 9 ? x - 9 : x
    } else {
      sum += d
    }
  }
  return body + String((10 - sum % 10) % 10)
}

/// The one place test accounts are built.
func account(
  pan: String, expiry: String = "3012", pin: String? = "1234", pinOptional: Bool = false,
  balanceFen: Int64 = 100_000, limitFen: Int64? = nil, status: AcquirerAccount.Status = .normal,
  issuer: String = "中国银行"
) -> AcquirerAccount {
  AcquirerAccount(
    pan: pan, expiry: expiry, status: status, pin: pin, pinOptional: pinOptional,
    balanceFen: balanceFen, limitFen: limitFen, issuer: issuer, kind: .debit)
}

enum Cards {
  static let good = withCheckDigit("622202000000001")
  static let lost = withCheckDigit("622202000000002")
  static let stolen = withCheckDigit("622202000000003")
  static let restricted = withCheckDigit("622202000000004")
  static let expiresJune = withCheckDigit("622202000000005")
  static let noPIN = withCheckDigit("622202000000006")
  static let limited = withCheckDigit("622202000000007")
  static let poor = withCheckDigit("622202000000008")
  static let expiresMay = withCheckDigit("622202000000009")
  /// In the deck, but its check digit is wrong.
  static let badCheckDigit: String = {
    let good = withCheckDigit("622202000000010")
    let last = Int(String(good.last!))!
    return String(good.dropLast()) + String((last + 1) % 10)
  }()
  /// Luhn-valid, not in the deck.
  static let stranger = withCheckDigit("622202999999999")
}

let accounts: [AcquirerAccount] = [
  account(pan: Cards.good),
  account(pan: Cards.lost, status: .lost),
  account(pan: Cards.stolen, status: .stolen),
  account(pan: Cards.restricted, status: .restricted),
  account(pan: Cards.expiresJune, expiry: "2406"),  // good through June 2024
  account(pan: Cards.noPIN, pin: nil, pinOptional: true, issuer: "工商银行"),
  account(pan: Cards.limited, balanceFen: 500_000, limitFen: 100_000),
  account(pan: Cards.poor, balanceFen: 1_000),
  account(pan: Cards.expiresMay, expiry: "2405"),  // expired May 2024
  account(pan: Cards.badCheckDigit),
]

func digits(_ s: String) -> [UInt8] { s.utf8.map { $0 - 48 } }

let testTerminal = "12345678"
let merchantNo = "123456789012345"

func envelope(trace: Int = 1, batch: Int = 1, terminalNo: String = testTerminal) -> HostEnvelope {
  HostEnvelope(terminalNo: terminalNo, merchantNo: merchantNo, batch: batch, trace: trace)
}

func transactionRequest(
  _ kind: TransactionKind, _ pan: String, amountFen: Int64 = 5000, trace: Int = 1,
  batch: Int = 1, pin: String? = "1234", pinBlock: PINBlock? = nil, at time: Date = noon,
  terminalNo: String = testTerminal, original: OriginalTransaction? = nil
) -> HostRequest {
  HostRequest(
    envelope: envelope(trace: trace, batch: batch, terminalNo: terminalNo),
    body: .transaction(
      TransactionRequest(
        kind: kind, message: kind.descriptor.message, amountFen: amountFen, pan: pan,
        expiry: "3012", serviceCode: "201", entryMode: .swipe,
        pinBlock: pinBlock ?? pin.map { PINBlock.format0(pin: digits($0), pan: pan) }
          ?? PINBlock(bytes: []),
        original: original)),
    time: time)
}

func saleRequest(
  _ pan: String, amountFen: Int64 = 5000, trace: Int = 1, batch: Int = 1, pin: String? = "1234",
  pinBlock: PINBlock? = nil, at time: Date = noon, terminalNo: String = testTerminal
) -> HostRequest {
  transactionRequest(
    .sale, pan, amountFen: amountFen, trace: trace, batch: batch, pin: pin, pinBlock: pinBlock,
    at: time, terminalNo: terminalNo)
}

/// 撤销 of the sale with voucher `of` in the same batch. `pan` "" and `pin` nil: the
/// terminal asked for neither (void_requires_swipe and void_requires_pin false).
func voidRequest(
  _ pan: String, of originalTrace: Int, amountFen: Int64 = 5000, trace: Int, batch: Int = 1,
  pin: String? = "1234", at time: Date = noon, kind: TransactionKind = .void
) -> HostRequest {
  transactionRequest(
    kind, pan, amountFen: amountFen, trace: trace, batch: batch, pin: pin, at: time,
    original: OriginalTransaction(trace: originalTrace, batch: batch))
}

/// 退货 of the sale with this reference number (field 37) and date MMDD; no PIN.
func refundRequest(
  _ pan: String, reference: String?, date: String = "0615", amountFen: Int64, trace: Int,
  batch: Int = 1, at time: Date = noon
) -> HostRequest {
  transactionRequest(
    .refund, pan, amountFen: amountFen, trace: trace, batch: batch, pin: nil, at: time,
    original: OriginalTransaction(referenceNo: reference, date: date))
}

func balanceRequest(_ pan: String, trace: Int, pin: String? = "1234", at time: Date = noon)
  -> HostRequest
{
  transactionRequest(.balance, pan, amountFen: 0, trace: trace, pin: pin, at: time)
}

func preAuthRequest(
  _ pan: String, amountFen: Int64, trace: Int, batch: Int = 1, pin: String? = "1234",
  at time: Date = noon
) -> HostRequest {
  transactionRequest(
    .preAuth, pan, amountFen: amountFen, trace: trace, batch: batch, pin: pin, at: time)
}

/// 预授权撤销 or 预授权完成 of the pre-authorisation with this code and date MMDD.
func holdRequest(
  _ kind: TransactionKind, _ pan: String, authCode: String?, date: String = "0615",
  amountFen: Int64, trace: Int, batch: Int = 1, pin: String? = "1234", at time: Date = noon
) -> HostRequest {
  transactionRequest(
    kind, pan, amountFen: amountFen, trace: trace, batch: batch, pin: pin, at: time,
    original: OriginalTransaction(date: date, authCode: authCode))
}

/// The reversal (冲正) of the transaction with this envelope (the envelope names it).
func reversalRequest(
  _ pan: String, amountFen: Int64 = 5000, trace: Int = 1, batch: Int = 1,
  terminalNo: String = testTerminal, kind: TransactionKind = .sale, at time: Date = noon + 30
) -> HostRequest {
  HostRequest(
    envelope: envelope(trace: trace, batch: batch, terminalNo: terminalNo),
    body: .reversal(
      ReversalRecord(
        kind: kind, trace: trace, batch: batch, amountFen: amountFen,
        maskedPAN: PANMask.mask(pan), originalTime: noon)),
    time: time)
}

func settleRequest(
  batch: Int, count: Int, amountFen: Int64, credit: Totals = Totals(),
  terminalNo: String = testTerminal, trace: Int = 99
) -> HostRequest {
  HostRequest(
    envelope: envelope(trace: trace, batch: batch, terminalNo: terminalNo),
    body: .settlement(debit: Totals(count: count, amountFen: amountFen), credit: credit),
    time: noon + 3600)
}

func signInRequest(terminalNo: String = testTerminal) -> HostRequest {
  HostRequest(
    envelope: envelope(trace: 1, batch: 1, terminalNo: terminalNo),
    body: .signIn(operatorNo: "01"), time: noon)
}

/// Collects what `reply` was called with; the simulator calls it before `send`
/// returns, so reading right after `send` sees every reply.
final class Replies: @unchecked Sendable {
  // @unchecked: `received` is only touched under `lock`.
  private let lock = NSLock()
  private var received: [HostReply] = []
  func append(_ reply: HostReply) {
    lock.lock()
    defer { lock.unlock() }
    received.append(reply)
  }
  var all: [HostReply] {
    lock.lock()
    defer { lock.unlock() }
    return received
  }
}

/// The replies one request got: none (a lost reply) or one.
func replies(_ host: SimulatedAcquirer, _ request: HostRequest) -> [HostReply] {
  let replies = Replies()
  host.send(request) { replies.append($0) }
  return replies.all
}

/// The reply's body; nil when no reply came. Records an issue for more than one.
func send(
  _ host: SimulatedAcquirer, _ request: HostRequest,
  sourceLocation: SourceLocation = #_sourceLocation
) -> HostReplyBody? {
  let got = replies(host, request)
  #expect(got.count <= 1, "a request answered \(got.count) times", sourceLocation: sourceLocation)
  return got.first?.body
}

/// The transaction reply to `request`; nil when there was none.
func transactionReply(_ host: SimulatedAcquirer, _ request: HostRequest) -> TransactionReply? {
  if case .transaction(let reply) = send(host, request) { return reply }
  return nil
}

/// The approved reply's authorisation code and reference number; records an issue
/// when the request was not approved.
func approved(
  _ host: SimulatedAcquirer, _ request: HostRequest,
  sourceLocation: SourceLocation = #_sourceLocation
) -> (authCode: String, referenceNo: String) {
  let reply = transactionReply(host, request)
  #expect(reply?.responseCode == .approved, sourceLocation: sourceLocation)
  return (reply?.authCode ?? "", reply?.referenceNo ?? "")
}

/// Field 39 of the answer to `request`; nil when no transaction reply came.
func code(_ host: SimulatedAcquirer, _ request: HostRequest) -> String? {
  transactionReply(host, request)?.responseCode.rawValue
}

func acquirer(fault: AcquirerFault = .none, statePath: URL? = nil) throws -> SimulatedAcquirer {
  try SimulatedAcquirer(accounts: accounts, fault: fault, statePath: statePath, timeZone: beijing)
}

func scratchFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("acquirer-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
