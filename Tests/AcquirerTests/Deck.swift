import Acquirer
import CardReader
import Foundation
import TerminalConfig
import TerminalCore

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

/// The one place test decks are built, so the DeckCard initialiser can be switched over.
func deckCard(
  _ position: Int, _ label: String, pan: String, expiry: String = "3012", pin: String? = "1234",
  pinOptional: Bool = false, balanceFen: Int64 = 100_000, limitFen: Int64? = nil,
  status: CardStatus = .normal, issuer: String = "中国银行"
) -> DeckCard {
  DeckCard(
    position: position, label: label, pan: pan, expiry: expiry, serviceCode: "201",
    name: "ZHANG/SAN", issuer: issuer, kind: .debit, pin: pin, pinOptional: pinOptional,
    balanceFen: balanceFen, limitFen: limitFen, status: status, readerProfile: .clean)
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

let deck: [DeckCard] = [
  deckCard(1, "good", pan: Cards.good),
  deckCard(2, "lost", pan: Cards.lost, status: .lost),
  deckCard(3, "stolen", pan: Cards.stolen, status: .stolen),
  deckCard(4, "restricted", pan: Cards.restricted, status: .restricted),
  deckCard(5, "expires June 2024", pan: Cards.expiresJune, expiry: "2406"),
  deckCard(6, "no PIN", pan: Cards.noPIN, pin: nil, pinOptional: true, issuer: "工商银行"),
  deckCard(7, "limit 1000.00", pan: Cards.limited, balanceFen: 500_000, limitFen: 100_000),
  deckCard(8, "poor", pan: Cards.poor, balanceFen: 1_000),
  deckCard(9, "expired May 2024", pan: Cards.expiresMay, expiry: "2405"),
  deckCard(10, "bad check digit", pan: Cards.badCheckDigit),
]

func digits(_ s: String) -> [UInt8] { s.utf8.map { $0 - 48 } }

func saleRequest(
  _ pan: String, amountFen: Int64 = 5000, trace: Int = 1, batch: Int = 1, pin: String? = "1234",
  at time: Date = noon, terminalNo: String = "12345678"
) -> HostRequest {
  .sale(
    SaleRequest(
      terminalNo: terminalNo, merchantNo: "123456789012345", trace: trace, batch: batch,
      amountFen: amountFen, pan: pan, expiry: "3012", serviceCode: "201",
      pinBlock: pin.map { PINBlock.format0(pin: digits($0), pan: pan) } ?? PINBlock(bytes: []),
      time: time))
}

func reversalRequest(
  _ pan: String, amountFen: Int64 = 5000, trace: Int = 1, batch: Int = 1,
  terminalNo: String = "12345678"
) -> HostRequest {
  .reversal(
    terminalNo: terminalNo, merchantNo: "123456789012345",
    ReversalRecord(
      trace: trace, batch: batch, amountFen: amountFen, maskedPAN: PANMask.mask(pan),
      originalTime: noon),
    time: noon + 30)
}

func settleRequest(batch: Int, count: Int, amountFen: Int64, terminalNo: String = "12345678")
  -> HostRequest
{
  .settle(
    terminalNo: terminalNo, merchantNo: "123456789012345", batch: batch,
    sales: Totals(count: count, amountFen: amountFen), time: noon + 3600)
}

func code(_ response: HostResponse) -> String? {
  if case .sale(let reply) = response { return reply.responseCode }
  return nil
}

func acquirer(fault: HostFaultMode = .none, statePath: URL? = nil) throws -> SimulatedAcquirer {
  try SimulatedAcquirer(deck: deck, fault: fault, statePath: statePath, timeZone: beijing)
}

func scratchFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("acquirer-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
