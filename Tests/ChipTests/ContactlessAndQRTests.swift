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

@Suite struct PaymentCodeTests {
  @Test(arguments: [
    // WeChat: 18 digits, 10–15.
    ("134567890123456789", PaymentCodeKind?.some(.wechat)),
    ("100000000000000000", .wechat),
    ("159999999999999999", .wechat),
    ("16456789012345678", nil),  // 17 digits, 16 is not WeChat's
    ("1345678901234567890", nil),  // 19 digits
    ("13456789012345678", nil),  // 17 digits
    ("094567890123456789", nil),
    ("164567890123456789", nil),
    // Alipay: 16–24 digits, 25–30.
    ("2512345678901234", .alipay),
    ("281234567890123456", .alipay),
    ("301234567890123456789012", .alipay),
    ("251234567890123", nil),  // 15 digits
    ("3012345678901234567890123", nil),  // 25 digits
    ("3112345678901234", nil),
    ("2412345678901234", nil),
    // UnionPay QR: 19 digits, 62.
    ("6212345678901234567", .unionPayQR),
    ("621234567890123456", nil),  // 18
    ("62123456789012345678", nil),  // 20
    // Not digits at all.
    ("", nil),
    ("1", nil),
    ("13456789012345678X", nil),
    ("13456789 012345678", nil),
    ("１34567890123456789", nil),  // a full-width digit
  ])
  func classify(code: String, expected: PaymentCodeKind?) {
    #expect(PaymentCodeKind.classify(code) == expected)
  }

  @Test func slipNames() {
    #expect(PaymentCodeKind.allCases.map(\.displayName) == ["微信", "支付宝", "银联二维码"])
  }
}
