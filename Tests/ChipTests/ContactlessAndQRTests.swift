import Ciphers
import Testing

@testable import Chip

@Suite struct ContactlessTests {
  func tap(_ card: inout SimulatedICC, amountFen: Int) throws -> ChipSession {
    let apps = try ChipKernel.applications(
      card: &card, interface: .contactless, parameters: terminal)
    return try ChipKernel.start(
      card: &card, application: apps[0], interface: .contactless,
      transaction: sale(amountFen: amountFen), parameters: terminal)
  }

  @Test func underTheLimitNoPINAndTheARQCFromGPOVerifies() throws {
    var card = debitCard()
    let profile = card.profile
    var session = try tap(&card, amountFen: 100_000)  // exactly the limit: still 免密免签
    #expect(ChipKernel.contactlessVerification(session) == .noCVM)
    #expect(session.firstAC?.type == .arqc)
    #expect(session.aip == [0x00, 0x00])
    let request = try ChipKernel.requestOnline(card: &card, session: &session, verification: .none)
    let objects = try TLV.decode(request.field55)
    #expect(objects.first(0x9F34)?.value == h("1F0002"))
    let verified = try IssuerVerifier.verify(
      field55: request.field55, cardMasterKey: card.cardMasterKey
    ).get()
    #expect(verified.type == .arqc)
    #expect(verified.atc == 1)

    // The card may already be gone: completion sends nothing to it.
    card.powerOff()
    let done = try ChipKernel.complete(
      card: &card, session: &session, host: try issuerApproves(request, profile: profile))
    #expect(done.approved)
    #expect(done.slip.cryptogramName == "ARQC")
    #expect(done.slip.cryptogram == Hex.upper(verified.cryptogram))
    #expect(done.slip.atc == "0001")
  }

  @Test func overTheLimitTheCardSaysWhatItNeeds() throws {
    var debit = debitCard(contactlessCVM: .onlinePIN)
    #expect(ChipKernel.contactlessVerification(try tap(&debit, amountFen: 100_001)) == .onlinePIN)
    var signer = debitCard(contactlessCVM: .signature)
    #expect(ChipKernel.contactlessVerification(try tap(&signer, amountFen: 250_000)) == .signature)
    var neither = debitCard(contactlessCVM: .none)
    #expect(
      ChipKernel.contactlessVerification(try tap(&neither, amountFen: 250_000))
        == .useAnotherInterface)
  }

  @Test func overTheLimitTheTTQAsksForACVMAndTheARQCStillVerifies() throws {
    var card = debitCard()
    var session = try tap(&card, amountFen: 500_000)
    let request = try ChipKernel.requestOnline(
      card: &card, session: &session, verification: .onlinePIN)
    #expect(session.terminalValues()[0x9F66] == [0x36, 0xC0, 0x00, 0x00])
    #expect(
      (try? IssuerVerifier.verify(field55: request.field55, cardMasterKey: card.cardMasterKey)
        .get().type) == .arqc)
  }

  @Test func aCardWithoutAntennaDoesNotAnswerATap() {
    var card = twoApplicationCard()
    #expect(throws: ChipError.noAnswer) {
      try ChipKernel.applications(card: &card, interface: .contactless, parameters: terminal)
    }
  }

  @Test func noSecondGenerateACOverTheAntenna() throws {
    var card = debitCard()
    _ = try tap(&card, amountFen: 100)
    let answer = try card.transmit(
      CommandAPDU.generateAC(.tc, data: [UInt8](repeating: 0, count: 21)).bytes)
    #expect(answer == [0x69, 0x85])
  }
}
