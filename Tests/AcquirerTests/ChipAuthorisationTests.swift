import Acquirer
import Chip
import Foundation
import TerminalCore
import Testing

/// The issuer's side of a chip sale: the ARQC in field 55 verified with the card's
/// own key (derived from the issuer's master key), the ARPC sent back for the card,
/// and any change to the card data the cryptogram covers refused (A7).
@Suite("The acquirer verifies the chip's ARQC")
struct ChipAuthorisationTests {
  /// A chip card personalised from the same issuer key the acquirer holds.
  static func card(pan: String = Cards.good, issuer: String = "中国银行") -> SimulatedICC {
    let profile = ChipCardProfile(
      pan: pan, expiry: "301231", cardholderName: "TEST/CARD",
      applications: [
        ChipApplicationProfile(aid: UnionPayAID.debit, label: "UnionPay Debit", priority: 1)
      ],
      pin: "1234")
    let key = IssuerKeys.cardMasterKey(issuer: issuer, pan: pan, panSequence: 1)!
    return SimulatedICC(profile: profile, cardMasterKey: key)
  }

  /// Runs the kernel to the ARQC (offline PIN verified) for `amountFen`.
  static func online(_ card: inout SimulatedICC, amountFen: Int = 5_000) throws -> (
    ChipSession, OnlineRequest
  ) {
    let parameters = ChipTerminalParameters()
    let apps = try ChipKernel.applications(card: &card, interface: .contact, parameters: parameters)
    var session = try ChipKernel.start(
      card: &card, application: apps[0], interface: .contact,
      transaction: ChipTransaction(
        amountFen: amountFen, date: "240615", unpredictableNumber: [1, 2, 3, 4]),
      parameters: parameters)
    #expect(
      try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: "1234") == .verified)
    let online = try ChipKernel.requestOnline(
      card: &card, session: &session, verification: .offlinePlaintextPIN)
    return (session, online)
  }

  static func chipSale(_ field55: [UInt8], amountFen: Int64 = 5_000, trace: Int) -> HostRequest {
    var request = TransactionRequest(
      kind: .sale, message: TransactionKind.sale.descriptor.message, amountFen: amountFen,
      pan: Cards.good, expiry: "3012", serviceCode: "220", entryMode: .insert,
      pinBlock: PINBlock(bytes: []))
    request.field55 = field55
    request.pinVerifiedByCard = true
    request.panSequence = 1
    return HostRequest(envelope: envelope(trace: trace), body: .transaction(request), time: noon)
  }

  @Test func aGenuineARQCIsApprovedWithAnARPCTheCardAccepts() throws {
    let host = try acquirer()
    var card = Self.card()
    var (session, online) = try Self.online(&card)
    guard case .transaction(let reply) = send(host, Self.chipSale(online.field55, trace: 1)) else {
      Issue.record("no transaction reply")
      return
    }
    #expect(reply.responseCode == .approved)
    let field55 = try #require(reply.field55)
    // The reply's field 55 is one 91: ARPC (8) ‖ ARC "00".
    let objects = try TLV.decode(field55)
    #expect(objects.map(\.tag) == [0x91] && objects[0].value.count == 10)
    #expect(Array(objects[0].value.suffix(2)) == Array("00".utf8))
    // The card checks the ARPC and gives its TC.
    let done = try ChipKernel.complete(
      card: &card, session: &session,
      host: try Chip.HostOutcome.approved(responseCode: "00", field55: field55))
    #expect(done.approved && done.final.type == .tc)
    #expect(try host.balance(pan: Cards.good) == 95_000)
  }

  @Test func oneChangedByteOfCardDataIsRefusedWithA7() throws {
    var card = Self.card()
    let (_, online) = try Self.online(&card)
    let objects = try TLV.decode(online.field55)
    // Each data element the cryptogram covers, one byte changed in turn.
    for tag: EMVTag in [0x9F02, 0x9F37, 0x9F36, 0x95, 0x9A, 0x82, 0x9F26, 0x9F10] {
      let host = try acquirer()
      let changed = objects.map { object -> TLV in
        guard object.tag == tag else { return object }
        var value = object.value
        value[value.count - 1] ^= 0x01
        return TLV(tag, value)
      }
      let reply = send(host, Self.chipSale(TLV.encode(changed), trace: 1))
      #expect(
        reply == .transaction(TransactionReply(responseCode: .cryptogramFailure)), "\(tag)")
      #expect(try host.balance(pan: Cards.good) == 100_000, "nothing taken (\(tag))")
    }
    // Another card's key (another issuer): A7 too.
    var stranger = Self.card(issuer: "工商银行")
    let (_, foreign) = try Self.online(&stranger)
    let host = try acquirer()
    #expect(
      send(host, Self.chipSale(foreign.field55, trace: 2))
        == .transaction(TransactionReply(responseCode: .cryptogramFailure)))
  }

  @Test func theRequestSaysChipAndFallbackInFields22And60() {
    var request = TransactionRequest(
      kind: .sale, message: TransactionKind.sale.descriptor.message, amountFen: 1, pan: Cards.good,
      expiry: "3012", serviceCode: "220", entryMode: .insert, pinBlock: PINBlock(bytes: []))
    request.pinVerifiedByCard = true
    #expect(request.posEntryMode == "051" && request.chipCondition == "0")
    request.entryMode = .contactless
    request.pinVerifiedByCard = false
    #expect(request.posEntryMode == "072")
    request.entryMode = .swipe
    request.fallback = true
    request.pinBlock = PINBlock.format0(pin: digits("1234"), pan: Cards.good)
    #expect(request.posEntryMode == "021" && request.chipCondition == "2")
  }
}
