import Acquirer
import Foundation
import TerminalCore
import Testing

@Suite("Sign-in and settlement (结算)")
struct SettlementTests {
  func signIn(_ host: SimulatedAcquirer, terminalNo: String = testTerminal) -> HostReplyBody? {
    send(host, signInRequest(terminalNo: terminalNo))
  }

  @Test func signInGivesBatchOneAndEchoesTheTime() throws {
    let host = try acquirer()
    #expect(signIn(host) == .signedIn(batch: 1, hostTime: noon))
  }

  @Test func matchingTotalsAreBalancedAndTheBatchAdvances() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1)) == "00")
    #expect(code(host, saleRequest(Cards.good, amountFen: 2_000, trace: 2)) == "00")
    #expect(code(host, saleRequest(Cards.poor, amountFen: 9_000, trace: 3)) == "51")
    #expect(
      send(host, settleRequest(batch: 1, count: 2, amountFen: 3_000))
        == .settled(balanced: true, nextBatch: 2))
    #expect(signIn(host) == .signedIn(batch: 2, hostTime: noon))
  }

  @Test func reversedSalesDoNotCountAtSettlement() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1)) == "00")
    #expect(code(host, saleRequest(Cards.good, amountFen: 2_000, trace: 2)) == "00")
    _ = send(host, reversalRequest(Cards.good, amountFen: 2_000, trace: 2))
    #expect(
      send(host, settleRequest(batch: 1, count: 1, amountFen: 1_000))
        == .settled(balanced: true, nextBatch: 2))
  }

  @Test func aCreditSideIsUnbalancedWhileTheHostBooksNoCredits() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1)) == "00")
    #expect(
      send(
        host,
        settleRequest(
          batch: 1, count: 1, amountFen: 1_000, credit: Totals(count: 1, amountFen: 500)))
        == .settled(balanced: false, nextBatch: 2))
  }

  @Test func differingTotalsAreUnbalanced() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1)) == "00")
    #expect(
      send(host, settleRequest(batch: 1, count: 1, amountFen: 1_100))
        == .settled(balanced: false, nextBatch: 2))
  }

  @Test func settlingTheSameBatchAgainRepeatsTheAnswerAndDoesNotAdvanceTwice() throws {
    let host = try acquirer()
    #expect(code(host, saleRequest(Cards.good, amountFen: 1_000, trace: 1)) == "00")
    let first = send(host, settleRequest(batch: 1, count: 1, amountFen: 900))
    #expect(first == .settled(balanced: false, nextBatch: 2))
    #expect(send(host, settleRequest(batch: 1, count: 1, amountFen: 900)) == first)
    #expect(try host.currentBatch(terminalNo: testTerminal) == 2)
  }

  @Test func terminalsHaveTheirOwnBatches() throws {
    let host = try acquirer()
    _ = send(host, settleRequest(batch: 1, count: 0, amountFen: 0, terminalNo: "11111111"))
    #expect(signIn(host, terminalNo: "11111111") == .signedIn(batch: 2, hostTime: noon))
    #expect(signIn(host, terminalNo: "22222222") == .signedIn(batch: 1, hostTime: noon))
  }

  @Test func settlingABatchTheHostIsNotOnLeavesTheHostsBatch() throws {
    let host = try acquirer()
    #expect(
      send(host, settleRequest(batch: 7, count: 1, amountFen: 100))
        == .settled(balanced: false, nextBatch: 1))
    #expect(try host.currentBatch(terminalNo: testTerminal) == 1)
  }
}

@Suite("The acquirer's state file")
struct AcquirerStateTests {
  @Test func balancesPINTriesAndBatchesSurviveAReopen() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("state/acquirer.sqlite")

    do {
      let host = try acquirer(statePath: path)
      #expect(code(host, saleRequest(Cards.good, amountFen: 30_000, trace: 1)) == "00")
      #expect(code(host, saleRequest(Cards.poor, trace: 2, pin: "0000")) == "55")
      #expect(code(host, saleRequest(Cards.poor, trace: 3, pin: "0000")) == "55")
      #expect(
        send(host, settleRequest(batch: 1, count: 1, amountFen: 30_000))
          == .settled(balanced: true, nextBatch: 2))
    }

    let host = try acquirer(statePath: path)
    #expect(try host.balance(pan: Cards.good) == 70_000)
    #expect(try host.wrongPINCount(pan: Cards.poor) == 2)
    #expect(code(host, saleRequest(Cards.poor, trace: 4, pin: "0000")) == "75")
    #expect(try host.currentBatch(terminalNo: testTerminal) == 2)
    // The sequences run on: no auth code is handed out twice.
    #expect(
      send(host, saleRequest(Cards.good, amountFen: 100, trace: 5, batch: 2))
        == .transaction(
          TransactionReply(
            responseCode: .approved, authCode: "000002", referenceNo: "000000000002",
            issuer: "中国银行")))
    // A duplicate of the first run's sale is still recognised.
    #expect(code(host, saleRequest(Cards.good, trace: 1)) == "94")
  }

  @Test func aBalanceIsTakenFromTheDeckOnlyTheFirstTime() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("acquirer.sqlite")
    do {
      let host = try acquirer(statePath: path)
      #expect(code(host, saleRequest(Cards.good, amountFen: 40_000)) == "00")
    }
    // The deck now says 999999.99 for the same card; the issuer keeps its own record.
    let richer = accounts.map { account in
      var a = account
      if a.pan == Cards.good { a.balanceFen = 99_999_999 }
      return a
    }
    let host = try SimulatedAcquirer(
      accounts: richer, fault: .none, statePath: path, timeZone: beijing)
    #expect(try host.balance(pan: Cards.good) == 60_000)
  }

  @Test func thePINBlockIsNeverWrittenToTheStateFile() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("acquirer.sqlite")
    let host = try acquirer(statePath: path)
    #expect(code(host, saleRequest(Cards.good, trace: 1, pin: "1234")) == "00")
    #expect(code(host, saleRequest(Cards.poor, trace: 2, pin: "7777")) == "55")

    var written = Data()
    for suffix in ["", "-wal"] {
      if let d = FileManager.default.contents(atPath: path.path + suffix) { written += d }
    }
    #expect(!written.isEmpty)
    for (pan, pin) in [(Cards.good, "1234"), (Cards.poor, "7777")] {
      let block = Data(PINBlock.format0(pin: digits(pin), pan: pan).bytes)
      #expect(written.range(of: block) == nil)
    }
  }
}
