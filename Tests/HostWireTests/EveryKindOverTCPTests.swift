import Acquirer
import Ciphers
import Foundation
import ISO8583
import TerminalCore
import TerminalRuntime
import Testing

@testable import HostWire

/// A day with every kind of transaction, over TCP to the host: each travels as
/// its own message (MTI, processing code, field 60.1), and at the end the manual
/// settlement balances and the host's books equal the terminal's journal.
@Suite("Every kind over TCP")
struct EveryKindOverTCPTests {
  let clock = Date(timeIntervalSince1970: 1_795_224_600)  // 2026-11-21 09:30 +08:00

  func swipe(_ session: TerminalSession, _ keys: [Key]) {
    type(session, keys)
    session.swipeDeckCard(1)
  }

  @Test func aDayOfEveryKindEndsBalancedWithTheHostsBooksEqualToTheJournal() throws {
    let fixture = try WireFixture()
    let tracePath = fixture.directory.appendingPathComponent("every-kind.trace").path
    let link = fixture.link(trace: try WireTrace(path: tracePath))
    defer { link.close() }
    let session = fixture.session("every-kind", link: link, clock: clock)
    session.powerOn()
    type(session, [.enter] + digits("01") + digits("0000"))
    #expect(link.isSignedIn)

    // V1 sale 50.00, V2 sale 500.00, V3 void of V2.
    for fen in ["5000", "50000"] {
      swipe(session, digits("1" + fen).dropLast() + [.enter])
      type(session, [.enter] + digits("123456") + [.enter])
    }
    type(session, [.digit(3)] + digits("123456") + digits("2") + [.enter])
    session.swipeDeckCard(1)
    type(session, digits("123456") + [.enter])
    // V4 balance; V5 refund of 20.00 of V1 (reference 000000000001).
    swipe(session, [.digit(5)])
    type(session, digits("123456") + [.enter])
    swipe(session, [.digit(4)] + digits("123456"))
    type(session, digits("000000000001") + digits("1121") + digits("2000") + [.enter])
    // V6 pre-auth 300.00 (auth 000006), V7 completion 320.00, V8 its void; V9
    // pre-auth 100.00 (auth 000009), V10 its void.
    swipe(session, [.digit(6), .digit(1)] + digits("30000"))
    type(session, [.enter] + digits("123456") + [.enter])
    swipe(session, [.digit(6), .digit(3)])
    type(session, [.enter] + digits("000006") + digits("1121") + digits("32000") + digits("123456"))
    type(session, [.enter])
    type(session, [.digit(6), .digit(4)] + digits("123456") + digits("7") + [.enter])
    session.swipeDeckCard(1)
    type(session, digits("123456") + [.enter])
    swipe(session, [.digit(6), .digit(1)] + digits("10000"))
    type(session, [.enter] + digits("123456") + [.enter])
    swipe(session, [.digit(6), .digit(2)] + digits("123456"))
    type(session, digits("000009") + digits("1121") + digits("10000") + digits("123456"))
    type(session, [.enter])

    let journal = session.state.openBatch
    #expect(
      journal.map(\.kind) == [
        .sale, .sale, .void, .balance, .refund, .preAuth, .preAuthCompletion,
        .preAuthCompletionVoid, .preAuth, .preAuthVoid,
      ])
    #expect(journal.allSatisfy { $0.status == .approved }, "\(journal.map(\.responseCode))")

    // 8-4 settles now: the host's books agree; then 8-2 signs off.
    let totals = session.state.batchTotals
    type(session, [.digit(8), .digit(4), .enter, .cancel, .cancel])
    #expect(
      try fixture.acquirer.settlementTotals(terminalNo: "10000001", batch: 1).debit == totals.debit)
    #expect(
      try fixture.acquirer.settlementTotals(terminalNo: "10000001", batch: 1).credit
        == totals.credit)
    #expect(totals.debit == Totals(count: 1, amountFen: 5_000), "V2 voided; V7's completion voided")
    #expect(totals.credit == Totals(count: 1, amountFen: 2_000))
    let settled = try #require(session.state.lastSettlement)
    #expect(settled.balanced && session.state.batch == 2)
    type(session, [.digit(8), .digit(2)])
    #expect(session.state.flow == .signIn(.signedOff))
    #expect(try fixture.acquirer.balance(pan: "6222020000002227") == 10_000_000 - 5_000 + 2_000)

    // Each kind went as its own message (field notes §8).
    let requests = try String(contentsOfFile: tracePath, encoding: .utf8).split(separator: "\n")
      .filter { $0.hasPrefix(">") }
      .map {
        try ISOMessage.decode(
          WireFrame.parse(frame: Hex.decode(String($0.split(separator: " ")[1]))!).message)
      }
    let summary = requests.map { m in
      [m.mti, m.string(3) ?? "", String((m.string(60) ?? "").prefix(2))].joined(separator: " ")
    }
    #expect(
      summary == [
        "0800  00", "0200 000000 22", "0200 000000 22", "0200 200000 23", "0200 310000 01",
        "0220 200000 25", "0100 030000 10", "0200 000000 20", "0200 200000 21",
        "0100 030000 10", "0100 200000 11", "0500  00", "0820  00",
      ], "\(summary)")
  }

  /// 扫一扫 over TCP: paid at once, confirmed on the phone after the terminal's
  /// queries, voided the same day, and never confirmed (cancelled, nothing charged).
  @Test func qrPaymentsTravelAsOrdersQueriesAndCancels() throws {
    let fixture = try WireFixture()
    let link = fixture.link()
    defer { link.close() }
    let session = fixture.session("qr", link: link, clock: clock)
    session.powerOn()
    type(session, [.enter] + digits("01") + digits("0000"))
    func pay(_ fen: String, _ code: String) {
      type(session, [.digit(2)] + digits(fen))
      session.scan(code)
      session.settleTimers()
    }
    pay("100", "134502000000000001")  // WeChat: paid at once
    type(session, [.enter])
    pay("200", "285002000000000002")  // Alipay: 用户支付中, confirmed after 10 s
    type(session, [.enter])
    type(session, [.digit(3)] + digits("123456") + digits("1") + [.enter, .enter])
    pay("400", "134502000000000003")  // never confirmed: cancelled at 30 s
    type(session, [.enter])
    let journal = session.state.openBatch
    #expect(journal.map(\.kind) == [.qr, .qr, .qrVoid, .qr])
    #expect(journal.map(\.responseCode) == [.approved, .approved, .approved, .orderCancelled])
    #expect(try fixture.acquirer.walletBalance(code: "134502000000000001") == 1_000_000)
    #expect(try fixture.acquirer.walletBalance(code: "285002000000000002") == 1_000_000 - 200)
    #expect(try fixture.acquirer.walletBalance(code: "134502000000000003") == 1_000_000)
  }
}
