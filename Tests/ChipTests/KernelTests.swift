import Ciphers
import Foundation
import Testing

@testable import Chip

@Suite struct ContactSaleTests {
  @Test func approvedSaleEndsWithATCThatTheIssuerVerifies() throws {
    var card = debitCard()
    let profile = card.profile
    let result = try contactSale(&card) {
      try issuerApproves($0, profile: profile)
    }
    let session = result.session
    #expect(session.pan == "6228480402564890018")
    #expect(session.expiry == "301231")
    #expect(session.serviceCode == "220")
    #expect(session.cardholderName == "ZHANG/SAN")
    #expect(session.panSequence == 1)
    #expect(session.track2Equivalent == "6228480402564890018D301222000000")
    #expect(session.pinTriesLeft == nil)  // verified: the screen no longer needs it
    #expect(result.request.arqc.type == .arqc)
    #expect(result.completion.approved)
    #expect(!result.completion.declinedByCardAfterApproval)
    #expect(result.completion.final.type == .tc)
    #expect(result.completion.final.atc == 1)

    let slip = result.completion.slip
    #expect(slip.aid == "A000000333010101")
    #expect(slip.applicationLabel == "UnionPay Debit")
    #expect(slip.cryptogramName == "TC")
    #expect(slip.cryptogram == Hex.upper(result.completion.final.cryptogram))
    #expect(slip.cryptogram.count == 16)
    #expect(slip.atc == "0001")

    // The TC, too, verifies at the issuer from the completion's field 55.
    let key = card.cardMasterKey
    let tc = try IssuerVerifier.verify(field55: result.completion.field55, cardMasterKey: key)
      .get()
    #expect(tc.type == .tc)
    #expect(tc.cryptogram != result.request.arqc.cryptogram)

    // The ATC goes up with each transaction; the card keeps it.
    let second = try contactSale(&card) {
      try issuerApproves($0, profile: profile)
    }
    #expect(second.completion.slip.atc == "0002")
    #expect(card.profile.applications[0].atc == 2)
  }

  @Test func field55CarriesTheTagsInOrder() throws {
    var card = debitCard()
    let profile = card.profile
    let result = try contactSale(&card) {
      try issuerApproves($0, profile: profile)
    }
    let tags = try TLV.decode(result.request.field55).map(\.tag)
    #expect(
      tags == [
        0x9F26, 0x9F27, 0x9F10, 0x9F37, 0x9F36, 0x95, 0x9A, 0x9C, 0x9F02, 0x5F2A, 0x82, 0x9F1A,
        0x9F03, 0x9F33, 0x84, 0x9F34, 0x9F35, 0x9F1E,
      ])
    let objects = try TLV.decode(result.request.field55)
    #expect(objects.first(0x9F02)?.value == h("000000012345"))
    #expect(objects.first(0x9A)?.value == h("250731"))
    #expect(objects.first(0x9F37)?.value == h("12345678"))
    #expect(objects.first(0x84)?.value == UnionPayAID.debit)
    #expect(objects.first(0x9F27)?.value == [0x80])
    #expect(objects.first(0x9F34)?.value == h("010002"))  // plaintext PIN by the ICC, succeeded
  }

  @Test func sameInputsSameBytes() throws {
    // No clock, no randomness: two identical cards and transactions give identical data;
    // another unpredictable number gives another cryptogram.
    var a = debitCard()
    var b = debitCard()
    var c = debitCard()
    let host: (OnlineRequest) throws -> HostOutcome = { _ in .declined(responseCode: "51") }
    let ra = try contactSale(&a, host: host)
    let rb = try contactSale(&b, host: host)
    let rc = try contactSale(&c, transaction: sale(un: [0, 0, 0, 1]), host: host)
    #expect(ra.request.field55 == rb.request.field55)
    #expect(ra.request.arqc.cryptogram != rc.request.arqc.cryptogram)
  }

  @Test func eachCardHasItsOwnKey() throws {
    let one = debitCard()
    var other = debitCard().profile
    other.pan = "6228480402564890026"
    let two = try SimulatedICC(profile: other, issuerMasterKey: issuerMasterKey)
    #expect(one.cardMasterKey != two.cardMasterKey)
    #expect(one.cardMasterKey.count == 16)
    // Odd parity on every byte of the derived key.
    #expect(one.cardMasterKey.allSatisfy { $0.nonzeroBitCount % 2 == 1 })
  }
}

@Suite struct IssuerVerifierTests {
  func request() throws -> (OnlineRequest, [UInt8]) {
    var card = debitCard()
    let apps = try ChipKernel.applications(card: &card, interface: .contact, parameters: terminal)
    var session = try ChipKernel.start(
      card: &card, application: apps[0], interface: .contact, transaction: sale(),
      parameters: terminal)
    let request = try ChipKernel.requestOnline(
      card: &card, session: &session, verification: .onlinePIN)
    let key = try ChipCrypto.cardMasterKey(
      issuerMasterKey: issuerMasterKey, pan: card.profile.pan, panSequence: 1)
    return (request, key)
  }

  @Test func arqcVerifiesAndAnyChangedByteOfTheCardDataIsRejected() throws {
    let (request, key) = try request()
    let verified = try IssuerVerifier.verify(field55: request.field55, cardMasterKey: key).get()
    #expect(verified.type == .arqc)
    #expect(verified.atc == 1)

    // Every byte of every object the cryptogram covers, and of the cryptogram itself.
    let covered: Set<EMVTag> = [
      0x9F02, 0x9F03, 0x9F1A, 0x95, 0x5F2A, 0x9A, 0x9C, 0x9F37, 0x82, 0x9F36, 0x9F26,
    ]
    var tried = 0
    for (index, object) in request.objects.enumerated() where covered.contains(object.tag) {
      for byte in object.value.indices {
        var objects = request.objects
        objects[index].value[byte] ^= 0x01
        let result = IssuerVerifier.verify(field55: TLV.encode(objects), cardMasterKey: key)
        #expect(result == .failure(.cryptogramMismatch), "\(object.tag) byte \(byte)")
        tried += 1
      }
    }
    #expect(tried == 6 + 6 + 2 + 5 + 2 + 3 + 1 + 4 + 2 + 2 + 8)
    // The CVR inside 9F10 is covered too.
    var objects = request.objects
    let iad = objects.firstIndex { $0.tag == 0x9F10 }!
    objects[iad].value[5] ^= 0x04
    #expect(
      IssuerVerifier.verify(field55: TLV.encode(objects), cardMasterKey: key)
        == .failure(.cryptogramMismatch))
  }

  @Test func anotherCardsKeyOrMissingDataIsRejected() throws {
    let (request, key) = try request()
    var otherKey = key
    otherKey[0] ^= 0x02
    #expect(
      IssuerVerifier.verify(field55: request.field55, cardMasterKey: otherKey)
        == .failure(.cryptogramMismatch))
    let withoutUN = TLV.encode(request.objects.filter { $0.tag != 0x9F37 })
    #expect(
      IssuerVerifier.verify(field55: withoutUN, cardMasterKey: key) == .failure(.missing(0x9F37)))
    #expect(
      IssuerVerifier.verify(field55: Array(request.field55.dropLast(3)), cardMasterKey: key)
        == .failure(
          .malformed(
            .truncatedValue(
              tag: 0x9F1E, offset: request.field55.count - 11, declared: 8, available: 5))))
  }

  @Test func arpcIsTheEncryptedXorOfARQCAndARC() throws {
    let (request, key) = try request()
    let verified = try IssuerVerifier.verify(field55: request.field55, cardMasterKey: key).get()
    let data = try IssuerVerifier.issuerAuthenticationData(
      cardMasterKey: key, verified: verified, responseCode: "00")
    #expect(data.count == 10)
    #expect(Array(data.suffix(2)) == [0x30, 0x30])
    // Decrypting the ARPC under the session key gives back ARQC ⊕ (ARC ‖ 00…).
    let sk = try ChipCrypto.sessionKey(cardMasterKey: key, atc: verified.atc)
    let plain = try BlockCipher.tripleDES2Key.decrypt(Array(data.prefix(8)), key: sk, mode: .ecb)
    let expected = zip(verified.cryptogram, [0x30, 0x30, 0, 0, 0, 0, 0, 0]).map { $0 ^ $1 }
    #expect(plain == expected)
  }
}

@Suite struct CardStateTests {
  @Test func blockedCard() throws {
    var card = debitCard()
    card.cardBlocked = true
    #expect(throws: ChipError.cardBlocked) {
      try ChipKernel.applications(card: &card, interface: .contact, parameters: terminal)
    }
    #expect(throws: ChipError.cardBlocked) {
      try ChipKernel.applications(card: &card, interface: .contactless, parameters: terminal)
    }
    #expect(!ChipError.cardBlocked.allowsFallback)
    _ = try card.powerOn(.contact)
    #expect(try card.transmit(CommandAPDU.select(UnionPayAID.debit).bytes) == [0x6A, 0x81])
  }

  @Test func blockedApplication() throws {
    var card = debitCard()
    card.profile.applications[0].blocked = true
    let apps = try ChipKernel.applications(card: &card, interface: .contact, parameters: terminal)
    #expect(throws: ChipError.applicationBlocked(aid: UnionPayAID.debit)) {
      try ChipKernel.start(
        card: &card, application: apps[0], interface: .contact, transaction: sale(),
        parameters: terminal)
    }
  }

  @Test func pinTriesRunOut() throws {
    var card = debitCard()
    let apps = try ChipKernel.applications(card: &card, interface: .contact, parameters: terminal)
    var session = try ChipKernel.start(
      card: &card, application: apps[0], interface: .contact, transaction: sale(),
      parameters: terminal)
    #expect(session.pinTriesLeft == 3)  // GET DATA 9F17, for 还剩3次
    #expect(
      try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: "111111")
        == .wrong(triesLeft: 2))
    #expect(
      try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: "222222")
        == .wrong(triesLeft: 1))
    #expect(session.pinTriesLeft == 1)
    #expect(
      try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: "333333") == .blocked)
    // Even the right PIN is refused now, with 6983.
    #expect(
      try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: "123456") == .blocked)
    #expect(card.pinTriesLeft == 0)
    #expect(session.tvr[2] & 0xA0 == 0xA0)
    #expect(
      try card.transmit(CommandAPDU.verifyPlaintextPIN(h("26123456FFFFFFFF")).bytes) == [
        0x69, 0x83,
      ])
    #expect(try card.transmit(CommandAPDU.getData(0x9F17).bytes) == h("9F17 01 00 9000"))

    // The next insert shows no tries left.
    let apps2 = try ChipKernel.applications(card: &card, interface: .contact, parameters: terminal)
    let next = try ChipKernel.start(
      card: &card, application: apps2[0], interface: .contact, transaction: sale(),
      parameters: terminal)
    #expect(next.pinTriesLeft == 0)
    #expect(next.tvr[2] & 0x20 == 0x20)
  }

  @Test func rightPINResetsTheCounter() throws {
    var card = debitCard()
    let apps = try ChipKernel.applications(card: &card, interface: .contact, parameters: terminal)
    var session = try ChipKernel.start(
      card: &card, application: apps[0], interface: .contact, transaction: sale(),
      parameters: terminal)
    #expect(
      try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: "654321")
        == .wrong(triesLeft: 2))
    #expect(
      try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: "123456") == .verified)
    #expect(card.pinTriesLeft == 3)
    #expect(throws: ChipError.invalidPIN) {
      try ChipKernel.verifyOfflinePIN(card: &card, session: &session, pin: "12a4")
    }
  }

  @Test func declinesAfterOnlineApproval() throws {
    var card = debitCard()
    let profile = card.profile
    card.declinesAfterApproval = true
    let result = try contactSale(&card) {
      try issuerApproves($0, profile: profile)
    }
    #expect(result.completion.final.type == .aac)
    #expect(result.completion.final.cid == 0x00)
    #expect(!result.completion.approved)
    #expect(result.completion.declinedByCardAfterApproval)  // 卡片拒绝, then reverse
    #expect(result.completion.slip.cryptogramName == "AAC")
    let aac = try IssuerVerifier.verify(
      field55: result.completion.field55, cardMasterKey: card.cardMasterKey
    ).get()
    #expect(aac.type == .aac)
  }

  @Test func forgedARPCMakesTheCardDecline() throws {
    var card = debitCard()
    let profile = card.profile
    let result = try contactSale(&card) { request in
      guard case .approved(let code, var data?) = try issuerApproves(request, profile: profile)
      else {
        throw ChipError.wrongStep("no approval")
      }
      data[3] ^= 0x10
      return .approved(responseCode: code, issuerAuthenticationData: data)
    }
    #expect(result.completion.final.type == .aac)
    #expect(result.completion.declinedByCardAfterApproval)
    // The CVR says issuer authentication failed (byte 2, bit 4).
    #expect(result.completion.final.issuerApplicationData[4] & 0x08 == 0x08)
  }

  @Test func hostDeclineOrNoReplyEndsInAAC() throws {
    for outcome in [HostOutcome.declined(responseCode: "51"), .noResponse] {
      var card = debitCard()
      let result = try contactSale(&card) { _ in outcome }
      #expect(result.completion.final.type == .aac)
      #expect(!result.completion.approved)
      #expect(!result.completion.declinedByCardAfterApproval)
    }
  }

  @Test func deadChip() throws {
    var mute = debitCard()
    mute.condition = .mute
    #expect(throws: ChipError.noAnswer) {
      try ChipKernel.applications(card: &mute, interface: .contact, parameters: terminal)
    }
    #expect(ChipError.noAnswer.allowsFallback)

    var faulty = debitCard()
    faulty.condition = .faulty
    let error = #expect(throws: ChipError.self) {
      try ChipKernel.applications(card: &faulty, interface: .contact, parameters: terminal)
    }
    #expect(error == .unexpectedStatus(command: "SELECT PSE", statusWord: 0x6F00))
    #expect(error?.allowsFallback == true)
  }

  @Test func twoApplicationsAreListedByPriority() throws {
    var card = twoApplicationCard()
    let profile = card.profile
    let apps = try ChipKernel.applications(card: &card, interface: .contact, parameters: terminal)
    #expect(apps.map(\.aid) == [UnionPayAID.credit, UnionPayAID.debit])
    #expect(apps.map(\.label) == ["UnionPay Credit", "UnionPay Debit"])
    #expect(apps.map(\.priority) == [1, 2])

    // The cardholder picks the second line (debit).
    let result = try contactSale(
      &card, choose: 1, pin: nil
    ) { try issuerApproves($0, profile: profile) }
    #expect(result.completion.slip.aid == "A000000333010101")
    #expect(result.completion.slip.applicationLabel == "UnionPay Debit")
    #expect(try TLV.decode(result.request.field55).first(0x84)?.value == UnionPayAID.debit)
    #expect(result.completion.approved)
    #expect(card.profile.applications.map(\.atc) == [1, 0])
  }

  @Test func unsupportedApplicationsAreLeftOut() throws {
    var card = twoApplicationCard()
    let debitOnly = ChipTerminalParameters(supportedAIDs: [UnionPayAID.debit])
    let apps = try ChipKernel.applications(card: &card, interface: .contact, parameters: debitOnly)
    #expect(apps.map(\.aid) == [UnionPayAID.debit])
    let none = ChipTerminalParameters(supportedAIDs: [UnionPayAID.quasiCredit])
    #expect(throws: ChipError.noSupportedApplication) {
      try ChipKernel.applications(card: &card, interface: .contact, parameters: none)
    }
  }

  @Test func countersSurviveCodable() throws {
    var card = debitCard()
    _ = try contactSale(&card, pin: nil) { _ in .noResponse }
    card.pinTriesLeft = 2
    card.declinesAfterApproval = true
    let data = try JSONDecoder().decode(SimulatedICC.self, from: JSONEncoder().encode(card))
    #expect(data.profile.applications[0].atc == 1)
    #expect(data.pinTriesLeft == 2)
    #expect(data.declinesAfterApproval)
    #expect(data.cardMasterKey == card.cardMasterKey)
  }
}

@Suite struct CardCommandTests {
  @Test func commandsOutOfOrderOrMalformed() throws {
    var card = debitCard()
    #expect(throws: CardIOError.noAnswer) {
      try card.transmit(CommandAPDU.select(DirectoryName.pse).bytes)
    }
    _ = try card.powerOn(.contact)
    func sw(_ bytes: [UInt8]) throws -> [UInt8] { Array(try card.transmit(bytes).suffix(2)) }
    #expect(try sw([0x00, 0xA4]) == [0x67, 0x00])  // not an APDU
    #expect(try sw([0x00, 0x99, 0x00, 0x00]) == [0x6D, 0x00])
    #expect(try sw([0x90, 0xA4, 0x04, 0x00]) == [0x6E, 0x00])
    #expect(try sw(CommandAPDU.select(DirectoryName.ppse).bytes) == [0x6A, 0x82])  // contact
    #expect(
      try sw(CommandAPDU.generateAC(.arqc, data: [UInt8](repeating: 0, count: 29)).bytes) == [
        0x69, 0x85,
      ])
    #expect(try sw(CommandAPDU.select(UnionPayAID.debit).bytes) == [0x90, 0x00])
    #expect(try sw(CommandAPDU.getProcessingOptions(pdolData: [1, 2, 3]).bytes) == [0x67, 0x00])
    #expect(try sw(CommandAPDU.readRecord(sfi: 1, record: 3).bytes) == [0x6A, 0x83])
    #expect(try sw(CommandAPDU.getData(0x9F13).bytes) == [0x6A, 0x88])
  }
}
