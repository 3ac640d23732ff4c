import Foundation
import Testing

@testable import Acquirer
@testable import TerminalCore

/// The wallet platform behind 扫一扫: orders, USERPAYING queries on the request's
/// clock, cancels that close (and refund), and the void that refunds the wallet.
@Suite("QR wallets and orders")
struct QRWalletTests {
  static let pays = "134502000000000001"
  static let late = "285002000000000002"
  static let never = "134502000000000003"
  static let short = "285002000000000004"
  static let used = "134502000000000005"

  static let wallets = [
    AcquirerWallet(code: pays, balanceFen: 100_000, behaviour: .pays),
    AcquirerWallet(code: late, balanceFen: 100_000, behaviour: .confirmsOnPhone(afterSeconds: 10)),
    AcquirerWallet(code: never, balanceFen: 100_000, behaviour: .neverConfirms),
    AcquirerWallet(code: short, balanceFen: 1_000, behaviour: .pays),
    AcquirerWallet(code: used, balanceFen: 100_000, behaviour: .usedOrExpired),
  ]

  static func host(fault: AcquirerFault = .none) throws -> SimulatedAcquirer {
    try SimulatedAcquirer(
      accounts: accounts, wallets: wallets, fault: fault, statePath: nil, timeZone: beijing)
  }

  static func order(_ code: String, _ amount: Int64 = 2_500, trace: Int = 1, at time: Date = noon)
    -> HostRequest
  {
    HostRequest(
      envelope: envelope(trace: trace),
      body: .qrOrder(
        QROrderRequest(
          orderNo: "O\(trace)", code: code, wallet: PaymentCodeKind.classify(code) ?? .wechat,
          amountFen: amount)), time: time)
  }
  static func query(trace: Int = 1, at time: Date) -> HostRequest {
    HostRequest(envelope: envelope(trace: trace), body: .qrQuery(orderNo: "O\(trace)"), time: time)
  }
  static func cancel(trace: Int = 1, at time: Date = noon) -> HostRequest {
    HostRequest(envelope: envelope(trace: trace), body: .qrCancel(orderNo: "O\(trace)"), time: time)
  }
  static func status(_ body: HostReplyBody?) -> QROrderStatus? {
    if case .qrOrder(let reply) = body { return reply.status }
    return nil
  }

  @Test func eachWalletAnswersAsTheDeckSays() throws {
    let host = try Self.host()
    #expect(Self.status(send(host, Self.order(Self.pays, trace: 1))) == .paid)
    #expect(Self.status(send(host, Self.order(Self.late, trace: 2))) == .userPaying)
    #expect(Self.status(send(host, Self.order(Self.never, trace: 3))) == .userPaying)
    #expect(
      Self.status(send(host, Self.order(Self.short, trace: 4))) == .failed(.insufficientFunds))
    #expect(Self.status(send(host, Self.order(Self.used, trace: 5))) == .failed(.paymentCodeUsed))
    // A code that looks right but no phone shows: spent or out of date.
    #expect(
      Self.status(send(host, Self.order("134502999999999999", trace: 6)))
        == .failed(.paymentCodeUsed))
    // The same voucher again: 94.
    #expect(Self.status(send(host, Self.order(Self.pays, trace: 1))) == .failed(.duplicate))
    #expect(try host.walletBalance(code: Self.pays) == 97_500)
    #expect(try host.walletBalance(code: Self.short) == 1_000)
    let booked = try host.transactions(terminalNo: testTerminal, batch: 1)
    #expect(booked.map(\.kind) == [.qr] && booked[0].amountFen == 2_500)
    #expect(try host.settlementTotals(terminalNo: testTerminal, batch: 1).debit.amountFen == 2_500)
  }

  @Test func aLateConfirmationIsFoundByTheFirstQueryAfterIt() throws {
    let host = try Self.host()
    _ = send(host, Self.order(Self.late))
    #expect(Self.status(send(host, Self.query(at: noon + 5))) == .userPaying)
    #expect(try host.walletBalance(code: Self.late) == 100_000)
    #expect(Self.status(send(host, Self.query(at: noon + 10))) == .paid)
    #expect(Self.status(send(host, Self.query(at: noon + 15))) == .paid, "asked again: still paid")
    #expect(try host.walletBalance(code: Self.late) == 97_500)
    #expect(try host.qrOrderStatus(orderNo: "O1") == "paid")
  }

  @Test func aCancelClosesTheOrderAndAPaidOneIsRefunded() throws {
    let host = try Self.host()
    _ = send(host, Self.order(Self.never, trace: 1))
    #expect(send(host, Self.cancel(trace: 1)) == .qrCancelled(accepted: true))
    #expect(try host.qrOrderStatus(orderNo: "O1") == "closed")
    #expect(
      Self.status(send(host, Self.query(trace: 1, at: noon + 40))) == .failed(.orderCancelled))
    // A customer confirming after the cancel finds the order closed.
    _ = send(host, Self.order(Self.late, trace: 2))
    _ = send(host, Self.cancel(trace: 2))
    #expect(
      Self.status(send(host, Self.query(trace: 2, at: noon + 20))) == .failed(.orderCancelled))
    #expect(try host.walletBalance(code: Self.late) == 100_000)
    // A paid order cancelled: the money goes back.
    _ = send(host, Self.order(Self.pays, trace: 3))
    #expect(send(host, Self.cancel(trace: 3)) == .qrCancelled(accepted: true))
    #expect(try host.walletBalance(code: Self.pays) == 100_000)
    #expect(try host.transactions(terminalNo: testTerminal, batch: 1).map(\.status) == [.reversed])
    #expect(try host.settlementTotals(terminalNo: testTerminal, batch: 1).debit == Totals())
    // An order that never arrived: nothing to close.
    #expect(send(host, Self.cancel(trace: 9)) == .qrCancelled(accepted: true))
  }

  @Test func aVoidRefundsTheWalletAndItsReversalChargesItAgain() throws {
    let host = try Self.host()
    _ = send(host, Self.order(Self.pays, trace: 1))
    let void = voidRequest("", of: 1, amountFen: 2_500, trace: 2, pin: nil, kind: .qrVoid)
    let reply = try #require(transactionReply(host, void))
    #expect(reply.responseCode == .approved && reply.issuer == "微信")
    #expect(try host.walletBalance(code: Self.pays) == 100_000)
    #expect(
      transactionReply(
        host, voidRequest("", of: 1, amountFen: 2_500, trace: 3, pin: nil, kind: .qrVoid))?
        .responseCode == .noOriginal)
    _ = send(host, reversalRequest("", amountFen: 2_500, trace: 2, kind: .qrVoid))
    #expect(try host.walletBalance(code: Self.pays) == 97_500)
    #expect(
      try host.transactions(terminalNo: testTerminal, batch: 1).map(\.status) == [
        .approved, .reversed,
      ])
  }

  @Test func aReversalOfAnOrderCancelsIt() throws {
    let host = try Self.host()
    _ = send(host, Self.order(Self.pays, trace: 1))
    _ = send(host, Self.order(Self.never, trace: 2))
    #expect(
      send(host, reversalRequest("", amountFen: 2_500, trace: 1, kind: .qr))
        == .reversal(accepted: true))
    #expect(
      send(host, reversalRequest("", amountFen: 2_500, trace: 2, kind: .qr))
        == .reversal(accepted: true))
    #expect(try host.walletBalance(code: Self.pays) == 100_000, "refunded")
    #expect(try host.qrOrderStatus(orderNo: "O1") == "closed")
    #expect(try host.qrOrderStatus(orderNo: "O2") == "closed")
    #expect(try host.settlementTotals(terminalNo: testTerminal, batch: 1).debit == Totals())
  }

  @Test func faultsApplyToOrders() throws {
    #expect(
      Self.status(send(try Self.host(fault: .issuerTimeout), Self.order(Self.pays)))
        == .failed(.issuerTimedOut))
    let failing = try Self.host(fault: .failure)
    #expect(Self.status(send(failing, Self.order(Self.pays))) == .failed(.systemFault))
    #expect(send(failing, Self.cancel()) == .qrCancelled(accepted: false))
    let lost = try Self.host(fault: .noReply)
    #expect(send(lost, Self.order(Self.pays)) == nil)
    #expect(try lost.walletBalance(code: Self.pays) == 97_500, "processed, the answer lost")
    #expect(send(lost, Self.cancel()) == nil)
    #expect(try lost.walletBalance(code: Self.pays) == 100_000, "the cancel refunds it")
  }
}
