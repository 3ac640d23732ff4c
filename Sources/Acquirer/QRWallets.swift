import Foundation
import GRDB
import StateFiles
import TerminalCore

/// One customer's wallet (WeChat Pay, Alipay, UnionPay QR) as its platform holds it:
/// the payment code the phone shows, the money in it and how the customer behaves.
/// The runtime builds these from the deck's `wallets:`.
public struct AcquirerWallet: Sendable, Equatable {
  public enum Behaviour: Sendable, Equatable {
    /// Pays at once when the balance covers the amount (else 51).
    case pays
    /// USERPAYING: the customer confirms on the phone this many seconds after the
    /// order; a query from then on finds the order paid (or 51).
    case confirmsOnPhone(afterSeconds: Double)
    /// USERPAYING, and the customer never confirms: the terminal cancels the order.
    case neverConfirms
    /// The code was used already or has expired: Q1, nothing charged.
    case usedOrExpired
  }

  public var code: String
  /// The opening balance; the books' balance wins once the platform has seen the code.
  public var balanceFen: Int64
  public var behaviour: Behaviour

  public init(code: String, balanceFen: Int64, behaviour: Behaviour) {
    self.code = code
    self.balanceFen = balanceFen
    self.behaviour = behaviour
  }
}

/// A QR order as the platform keeps it (`qr_orders`), one per order number.
struct QROrderRow: Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = "qr_orders"
  enum Status: String {
    case userPaying = "userpaying"
    case paid, failed, closed
  }

  var orderNo: String
  var terminalNo: String
  var batch: Int
  var trace: Int
  var code: String
  var amountFen: Int64
  var unixTime: Double
  var statusName: String
  var responseCode: String?
  enum CodingKeys: String, CodingKey {
    case batch, trace, code
    case orderNo = "order_no"
    case terminalNo = "terminal_no"
    case amountFen = "amount_fen"
    case unixTime = "unix_time"
    case statusName = "status"
    case responseCode = "response_code"
  }
  var status: Status {
    get { Status(rawValue: statusName) ?? .failed }
    set { statusName = newValue.rawValue }
  }
  var time: Date { Date(timeIntervalSince1970: unixTime) }

  /// The migration that brings QR orders in. A wallet's balance lives in `cards`,
  /// keyed by its payment code; a paid order is also a `transactions` row of kind
  /// `qr` (so totals, voids and reversals treat it as any other transaction).
  static let migrationSQL = """
    -- A QR payment order and where it stands: userpaying (the customer must confirm
    -- on the phone), paid, failed (51, Q1, a host fault) or closed (cancelled by the
    -- terminal; a paid order closed is refunded).
    CREATE TABLE qr_orders (
      order_no TEXT PRIMARY KEY,
      terminal_no TEXT NOT NULL,
      batch INTEGER NOT NULL,
      trace INTEGER NOT NULL,
      code TEXT NOT NULL,
      amount_fen INTEGER NOT NULL,
      unix_time REAL NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('userpaying', 'paid', 'failed', 'closed')),
      response_code TEXT,
      UNIQUE (terminal_no, batch, trace)
    );
    """ + IdentityTable.triggersSQL(for: ["qr_orders"])
}

extension SimulatedAcquirer {
  // MARK: Orders, queries, cancels

  /// 扫码支付. Faults apply as to card transactions: 98, 96, or processed without a reply.
  func qrOrder(_ request: QROrderRequest, envelope: HostEnvelope, time: Date, in db: Database)
    throws -> QROrderReply
  {
    func fail(_ code: ResponseCode, record: Bool = true) throws -> QROrderReply {
      if record {
        try QROrderRow(
          orderNo: request.orderNo, terminalNo: envelope.terminalNo, batch: envelope.batch,
          trace: envelope.trace, code: request.code, amountFen: request.amountFen,
          unixTime: time.timeIntervalSince1970, statusName: QROrderRow.Status.failed.rawValue,
          responseCode: code.rawValue
        ).insert(db)
      }
      return QROrderReply(status: .failed(code))
    }
    let duplicate =
      try QROrderRow.fetchOne(db, key: request.orderNo) != nil
      || QROrderRow.filter(
        Column("terminal_no") == envelope.terminalNo && Column("batch") == envelope.batch
          && Column("trace") == envelope.trace
      ).fetchCount(db) > 0 || TransactionRow.exists(db, key: Self.key(envelope))
    if duplicate { return try fail(.duplicate, record: false) }
    if request.amountFen <= 0 { return try fail(.invalidAmount) }
    // A code no wallet shows (or one the deck marks so) is spent or out of date.
    guard let wallet = wallets[request.code], PaymentCodeKind.classify(request.code) != nil,
      wallet.behaviour != .usedOrExpired
    else { return try fail(.paymentCodeUsed) }
    var order = QROrderRow(
      orderNo: request.orderNo, terminalNo: envelope.terminalNo, batch: envelope.batch,
      trace: envelope.trace, code: request.code, amountFen: request.amountFen,
      unixTime: time.timeIntervalSince1970, statusName: QROrderRow.Status.userPaying.rawValue,
      responseCode: nil)
    try order.insert(db)
    switch wallet.behaviour {
    case .pays: return try pay(&order, in: db)
    case .confirmsOnPhone, .neverConfirms, .usedOrExpired: return QROrderReply(status: .userPaying)
    }
  }

  /// What became of an order at the query's time: a customer who has confirmed by
  /// now has paid (or found the wallet short: 51).
  func qrQuery(orderNo: String, time: Date, in db: Database) throws -> QROrderReply {
    guard var order = try QROrderRow.fetchOne(db, key: orderNo) else {
      return QROrderReply(status: .failed(.noOriginal))
    }
    switch order.status {
    case .userPaying:
      if case .confirmsOnPhone(let after)? = wallets[order.code]?.behaviour,
        time.timeIntervalSince(order.time) >= after
      {
        return try pay(&order, in: db)
      }
      return QROrderReply(status: .userPaying)
    case .paid:
      let row = try TransactionRow.fetchOne(db, key: Self.orderKey(order))
      return QROrderReply(status: .paid, referenceNo: row?.referenceNo, authCode: row?.authCode)
    case .failed:
      return QROrderReply(
        status: .failed(order.responseCode.map(ResponseCode.init(rawValue:)) ?? .declinedQR))
    case .closed:
      return QROrderReply(status: .failed(.orderCancelled))
    }
  }

  /// 撤单: an unpaid order is closed and never paid (a customer confirming later finds
  /// it closed); a paid one is closed and the wallet gets the money back. Closing an
  /// order the platform never received is accepted: there is nothing to charge.
  func qrCancel(orderNo: String, in db: Database) throws {
    guard let order = try QROrderRow.fetchOne(db, key: orderNo) else { return }
    try close(order, in: db)
  }

  /// The same, for the order of this terminal, batch and voucher (a reversal names
  /// the order so).
  func qrCancel(terminalNo: String, batch: Int, trace: Int, in db: Database) throws {
    guard
      let order = try QROrderRow.filter(
        Column("terminal_no") == terminalNo && Column("batch") == batch && Column("trace") == trace
      ).fetchOne(db)
    else { return }
    try close(order, in: db)
  }

  private func close(_ order: QROrderRow, in db: Database) throws {
    var order = order
    if order.status == .paid,
      var row = try TransactionRow.fetchOne(db, key: Self.orderKey(order)),
      row.status == .approved
    {
      try Self.changeBalance(row.pan, by: row.amountFen, in: db)
      row.status = .reversed
      try row.update(db)
    }
    if order.status == .userPaying || order.status == .paid {
      order.status = .closed
      try order.update(db)
    }
  }

  /// Charges the wallet for the order: paid, booked as a `qr` transaction; or 51.
  private func pay(_ order: inout QROrderRow, in db: Database) throws -> QROrderReply {
    let balance = try walletBalance(db, code: order.code)
    guard order.amountFen <= balance else {
      order.status = .failed
      order.responseCode = ResponseCode.insufficientFunds.rawValue
      try order.update(db)
      return QROrderReply(status: .failed(.insufficientFunds))
    }
    try Self.changeBalance(order.code, by: -order.amountFen, in: db)
    let (auth, ref) = try Self.nextAuthAndReference(db)
    try TransactionRow(
      terminalNo: order.terminalNo, batch: order.batch, trace: order.trace,
      kindName: TransactionKind.qr.rawValue, pan: order.code, amountFen: order.amountFen,
      authCode: auth, referenceNo: ref, unixTime: order.unixTime,
      statusName: AcquirerTransaction.Status.approved.rawValue, originalTerminalNo: nil,
      originalBatch: nil, originalTrace: nil
    ).insert(db)
    order.status = .paid
    order.responseCode = ResponseCode.approved.rawValue
    try order.update(db)
    return QROrderReply(status: .paid, referenceNo: ref, authCode: auth)
  }

  /// 扫码撤销: an approved QR payment of this terminal's open batch, named by voucher,
  /// for its full amount: the money goes back to the wallet that paid.
  func qrVoid(_ p: Presented, in db: Database) throws -> TransactionReply {
    guard var payment = try voucherOriginal(p, kind: .qr, in: db) else {
      return Self.decline(.noOriginal)
    }
    guard p.amountFen == payment.amountFen else { return Self.decline(.invalidAmount) }
    payment.status = .voided
    try payment.update(db)
    var reply = try approve(
      p, pan: payment.pan, original: payment, balanceChange: payment.amountFen, in: db)
    reply.issuer = PaymentCodeKind.classify(payment.pan)?.displayName
    return reply
  }

  // MARK: Helpers

  /// The wallet's balance now; its `cards` row is made at first sighting.
  func walletBalance(_ db: Database, code: String) throws -> Int64 {
    if let row = try CardRow.fetchOne(db, key: code) { return row.balanceFen }
    let opening = wallets[code]?.balanceFen ?? 0
    try CardRow(pan: code, balanceFen: opening, wrongPINCount: 0).insert(db)
    return opening
  }

  static func orderKey(_ order: QROrderRow) -> [String: (any DatabaseValueConvertible)?] {
    ["terminal_no": order.terminalNo, "batch": order.batch, "trace": order.trace]
  }

  // MARK: Queries for tests and the trainer

  /// The wallet's balance: the books' once the platform has seen the code, else the
  /// deck's; nil for a code no wallet shows.
  public func walletBalance(code: String) throws -> Int64? {
    guard let wallet = wallets[code] else { return nil }
    return try queue.read { db in try CardRow.fetchOne(db, key: code)?.balanceFen }
      ?? wallet.balanceFen
  }

  /// Where the platform's order stands: `userpaying`, `paid`, `failed` or `closed`;
  /// nil when no such order arrived.
  public func qrOrderStatus(orderNo: String) throws -> String? {
    try queue.read { db in try QROrderRow.fetchOne(db, key: orderNo)?.statusName }
  }
}

extension ResponseCode {
  /// A failed order recorded without its code (not expected).
  fileprivate static let declinedQR = ResponseCode("05")
}
