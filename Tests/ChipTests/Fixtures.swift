import Ciphers
import Testing

@testable import Chip

func h(_ text: String) -> [UInt8] {
  guard let bytes = Hex.decode(text) else { fatalError("bad hex in a test: \(text)") }
  return bytes
}

/// The issuer master key (IMK-AC) the test cards are personalised under.
let issuerMasterKey = h("0123456789ABCDEF FEDCBA9876543210")

let debitApp = ChipApplicationProfile(
  aid: UnionPayAID.debit, label: "UnionPay Debit", priority: 1)
let creditApp = ChipApplicationProfile(
  aid: UnionPayAID.credit, label: "UnionPay Credit", priority: 2)

/// Like the deck's card 9: chip debit card with a stripe, contactless, PIN 123456.
func debitCard(contactlessCVM: ContactlessCVM = .onlinePIN) -> SimulatedICC {
  try! SimulatedICC(
    profile: ChipCardProfile(
      pan: "6228480402564890018", panSequence: 1, expiry: "301231", cardholderName: "ZHANG/SAN",
      serviceCode: "220", applications: [debitApp], pin: "123456", pinTryLimit: 3,
      contactless: true, contactlessCVM: contactlessCVM),
    issuerMasterKey: issuerMasterKey)
}

/// Like card 10: two applications, the credit one first by priority even though the
/// card lists the debit one first.
func twoApplicationCard() -> SimulatedICC {
  var credit = creditApp
  credit.priority = 1
  var debit = debitApp
  debit.priority = 2
  return try! SimulatedICC(
    profile: ChipCardProfile(
      pan: "6258091234567890", panSequence: 0, expiry: "291130", cardholderName: "LI/SI",
      serviceCode: "220", applications: [debit, credit], pin: "8888", contactless: false),
    issuerMasterKey: issuerMasterKey)
}

let terminal = ChipTerminalParameters()

func sale(amountFen: Int = 12_345, un: [UInt8] = [0x12, 0x34, 0x56, 0x78]) -> ChipTransaction {
  ChipTransaction(amountFen: amountFen, date: "250731", type: 0x00, unpredictableNumber: un)
}

/// The acquirer's side for the tests: derive the card's key from the issuer master key,
/// verify the ARQC, approve with 91.
func issuerApproves(_ request: OnlineRequest, profile: ChipCardProfile, code: String = "00")
  throws -> HostOutcome
{
  let key = try ChipCrypto.cardMasterKey(
    issuerMasterKey: issuerMasterKey, pan: profile.pan, panSequence: profile.panSequence)
  let verified = try IssuerVerifier.verify(field55: request.field55, cardMasterKey: key).get()
  let reply = try IssuerVerifier.responseField55(
    cardMasterKey: key, verified: verified, responseCode: code)
  return try HostOutcome.approved(responseCode: code, field55: reply)
}

/// A card wrapper that keeps every command and response, for the independent decoder.
struct RecordingCard<Inner: Card>: Card {
  var inner: Inner
  var log: [(command: [UInt8], response: [UInt8])] = []

  mutating func powerOn(_ interface: CardInterface) throws(CardIOError) -> [UInt8] {
    try inner.powerOn(interface)
  }

  mutating func transmit(_ command: [UInt8]) throws(CardIOError) -> [UInt8] {
    let response = try inner.transmit(command)
    log.append((command, response))
    return response
  }
}

/// A contact sale from insert to second GENERATE AC.
struct ContactSale {
  var session: ChipSession
  var request: OnlineRequest
  var completion: ChipCompletion
}

func contactSale<C: Card>(
  _ card: inout C, choose: Int = 0,
  transaction: ChipTransaction = sale(), pin: String? = "123456",
  host: (OnlineRequest) throws -> HostOutcome
) throws -> ContactSale {
  let apps = try ChipKernel.applications(card: &card, interface: .contact, parameters: terminal)
  var session = try ChipKernel.start(
    card: &card, application: apps[choose], interface: .contact, transaction: transaction,
    parameters: terminal)
  var verification = CardholderVerification.onlinePIN
  if let pin {
    #expect(try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: pin) == .verified)
    verification = .offlinePlaintextPIN
  }
  let request = try ChipKernel.requestOnline(
    card: &card, session: &session, verification: verification)
  let outcome = try host(request)
  let completion = try ChipKernel.complete(card: &card, session: &session, host: outcome)
  return ContactSale(session: session, request: request, completion: completion)
}
