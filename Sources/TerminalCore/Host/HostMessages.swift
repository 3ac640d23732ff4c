import Foundation

/// What every request carries and every reply must echo to be accepted: the
/// terminal, the merchant, the batch and the trace (field notes §8: 41, 42, 60.2, 11).
public struct HostEnvelope: Sendable, Equatable, Hashable {
  public var terminalNo: String
  public var merchantNo: String
  public var batch: Int
  public var trace: Int
  public init(terminalNo: String, merchantNo: String, batch: Int, trace: Int) {
    self.terminalNo = terminalNo
    self.merchantNo = merchantNo
    self.batch = batch
    self.trace = trace
  }
}

/// Which exchange a message belongs to; a reply must name the request's.
public enum HostMessageType: Sendable, Equatable, Hashable {
  case signIn  // 0800
  case signOff  // 0820
  case transaction(TransactionKind)  // the kind's MTI and processing code
  case reversal(TransactionKind)  // 0400 of that kind
  case settlement  // 0500
  case batchUpload  // 0320
  /// 扫码支付: the order with the customer's payment code.
  case qrOrder
  /// The order's state, asked while the customer confirms on the phone (USERPAYING).
  case qrQuery
  /// 撤单: the order is closed; anything taken goes back.
  case qrCancel
}

/// A financial transaction as sent to the acquirer. Holds the full PAN and the
/// PIN block in memory only; neither is ever written anywhere.
public struct TransactionRequest: Sendable, Equatable {
  public var kind: TransactionKind
  public var message: HostMessageSpec
  public var amountFen: Int64
  public var pan: String
  public var expiry: String  // YYMM
  public var serviceCode: String
  public var entryMode: EntryMode
  public var pinBlock: PINBlock
  public var original: OriginalTransaction?
  /// Field 55: the chip's BER-TLV list (ARQC and what it was computed over).
  public var field55: [UInt8]?
  /// A chip card swiped after its chip failed (field 22 = 02x, 60.5 = 2).
  public var fallback = false
  /// The card checked the PIN itself (offline PIN): no PIN block travels.
  public var pinVerifiedByCard = false
  /// Field 23, the card sequence number a chip gives (5F34).
  public var panSequence: Int?
  public init(
    kind: TransactionKind, message: HostMessageSpec, amountFen: Int64, pan: String,
    expiry: String, serviceCode: String, entryMode: EntryMode, pinBlock: PINBlock,
    original: OriginalTransaction? = nil
  ) {
    self.kind = kind
    self.message = message
    self.amountFen = amountFen
    self.pan = pan
    self.expiry = expiry
    self.serviceCode = serviceCode
    self.entryMode = entryMode
    self.pinBlock = pinBlock
    self.original = original
  }
}

public enum HostRequestBody: Sendable, Equatable {
  /// 0800: the host answers with the batch number and its time.
  case signIn(operatorNo: String)
  case transaction(TransactionRequest)
  /// 0400: reverses the transaction named by the envelope; no PIN, no track data.
  case reversal(ReversalRecord)
  /// 0500: the batch's totals (field 48's debit and credit sides); the host
  /// says whether they agree with its own.
  case settlement(debit: Totals, credit: Totals)
  /// 0820 (60.3 = 002): the operator leaves; the host forgets the working keys.
  case signOff(operatorNo: String)
  /// 0320 after an unbalanced settlement: one transaction of the batch (60.3 =
  /// 201), or, with `nil`, the batch end carrying how many were sent (202).
  case batchUpload(BatchUploadItem?, sent: Int)
  /// 扫码支付: the order, carrying the payment code (memory only, never journalled).
  case qrOrder(QROrderRequest)
  /// What became of the order (the reply is a `.qrOrder` body).
  case qrQuery(orderNo: String)
  /// Closes the order: unpaid, it is never paid; paid, the wallet gets it back.
  case qrCancel(orderNo: String)
}

/// A QR payment order: the terminal's order number, the code scanned from the
/// customer's phone, its wallet and the amount.
public struct QROrderRequest: Sendable, Equatable {
  public var orderNo: String
  public var code: String
  public var wallet: PaymentCodeKind
  public var amountFen: Int64
  public init(orderNo: String, code: String, wallet: PaymentCodeKind, amountFen: Int64) {
    self.orderNo = orderNo
    self.code = code
    self.wallet = wallet
    self.amountFen = amountFen
  }
}

/// Where a QR order stands, as the wallet's platform says.
public enum QROrderStatus: Sendable, Equatable {
  /// Paid: the wallet was charged.
  case paid
  /// USERPAYING (用户支付中): the customer must confirm on the phone; ask again.
  case userPaying
  /// Not paid, and it never will be: insufficient funds (51), code used or expired
  /// (Q1), order closed (Q3), or a host fault.
  case failed(ResponseCode)
}

/// The answer to a QR order or query.
public struct QROrderReply: Sendable, Equatable {
  public var status: QROrderStatus
  /// 12 digits when paid.
  public var referenceNo: String?
  public var authCode: String?
  public init(status: QROrderStatus, referenceNo: String? = nil, authCode: String? = nil) {
    self.status = status
    self.referenceNo = referenceNo
    self.authCode = authCode
  }
}

/// One transaction as the batch upload (0320) repeats it to the host: what the
/// journal keeps, no PIN, no track data, the PAN masked.
public struct BatchUploadItem: Sendable, Equatable {
  public var kind: TransactionKind
  public var trace: Int
  public var amountFen: Int64
  public var maskedPAN: String
  public var entryMode: EntryMode
  public var referenceNo: String?
  public var authCode: String?
  public var time: Date
  public init(_ record: TransactionRecord) {
    kind = record.kind
    trace = record.trace
    amountFen = record.amountFen
    maskedPAN = record.maskedPAN
    entryMode = record.entryMode
    referenceNo = record.referenceNo
    authCode = record.authCode
    time = record.startedAt
  }
}

public struct HostRequest: Sendable, Equatable {
  public var envelope: HostEnvelope
  public var body: HostRequestBody
  /// The terminal's time when it sent the request (fields 12/13).
  public var time: Date
  public init(envelope: HostEnvelope, body: HostRequestBody, time: Date) {
    self.envelope = envelope
    self.body = body
    self.time = time
  }

  public var type: HostMessageType {
    switch body {
    case .signIn: return .signIn
    case .signOff: return .signOff
    case .transaction(let t): return .transaction(t.kind)
    case .reversal(let r): return .reversal(r.kind)
    case .settlement: return .settlement
    case .batchUpload: return .batchUpload
    case .qrOrder: return .qrOrder
    case .qrQuery: return .qrQuery
    case .qrCancel: return .qrCancel
    }
  }
}

/// The host's answer to a financial transaction.
public struct TransactionReply: Sendable, Equatable {
  public var responseCode: ResponseCode
  public var authCode: String?  // 6 chars when approved
  public var referenceNo: String?  // 12 digits
  public var issuer: String?  // issuing bank name for the slip
  public var balanceFen: Int64?  // a balance inquiry's answer
  /// Field 55 of the reply: the issuer's ARPC (91) for the card.
  public var field55: [UInt8]?
  public init(
    responseCode: ResponseCode, authCode: String? = nil, referenceNo: String? = nil,
    issuer: String? = nil, balanceFen: Int64? = nil
  ) {
    self.responseCode = responseCode
    self.authCode = authCode
    self.referenceNo = referenceNo
    self.issuer = issuer
    self.balanceFen = balanceFen
  }
}

public enum HostReplyBody: Sendable, Equatable {
  case signedIn(batch: Int, hostTime: Date)
  case transaction(TransactionReply)
  case reversal(accepted: Bool)
  case settled(balanced: Bool, nextBatch: Int)
  case signedOff
  /// A batch-upload item or the batch end was taken.
  case uploaded
  /// The answer to a QR order or to a query of it.
  case qrOrder(QROrderReply)
  /// The order is closed (accepted), or the host refused to close it.
  case qrCancelled(accepted: Bool)
}

/// The replies sign-in's requests get (0810, 0830).
public enum SignInReply: Sendable, Equatable {
  case signedIn(batch: Int, hostTime: Date)
  case signedOff
}

/// The replies settlement's requests get (0510, 0330).
public enum SettlementReply: Sendable, Equatable {
  case settled(balanced: Bool, nextBatch: Int)
  case uploaded
}

/// The replies a QR payment's requests get from the wallet's platform.
public enum QRReply: Sendable, Equatable {
  case order(QROrderReply)
  case cancelled(accepted: Bool)
}

/// Each flow's share of the replies: a flow hears only its own (`HostExchange.deliver`).
/// A new reply type is a case above and one line here, beside the flow that sends it.
extension HostReplyBody {
  var signInReply: SignInReply? {
    switch self {
    case .signedIn(let batch, let hostTime): return .signedIn(batch: batch, hostTime: hostTime)
    case .signedOff: return .signedOff
    default: return nil
    }
  }
  var settlementReply: SettlementReply? {
    switch self {
    case .settled(let balanced, let nextBatch):
      return .settled(balanced: balanced, nextBatch: nextBatch)
    case .uploaded: return .uploaded
    default: return nil
    }
  }
  var transactionReply: TransactionReply? {
    if case .transaction(let reply) = self { return reply }
    return nil
  }
  var reversalAccepted: Bool? {
    if case .reversal(let accepted) = self { return accepted }
    return nil
  }
  var qrReply: QRReply? {
    switch self {
    case .qrOrder(let reply): return .order(reply)
    case .qrCancelled(let accepted): return .cancelled(accepted: accepted)
    default: return nil
    }
  }
}

public struct HostReply: Sendable, Equatable {
  public var envelope: HostEnvelope
  public var type: HostMessageType
  public var body: HostReplyBody
  public init(envelope: HostEnvelope, type: HostMessageType, body: HostReplyBody) {
    self.envelope = envelope
    self.type = type
    self.body = body
  }
  /// The reply to `request`, echoing its envelope and type.
  public init(to request: HostRequest, _ body: HostReplyBody) {
    self.init(envelope: request.envelope, type: request.type, body: body)
  }
}

// Chip and contactless
extension TransactionRequest {
  /// Field 22, POS entry mode: 02x swipe, 05x chip, 07x contactless, 01x manual;
  /// x = 1 a PIN was entered, 2 no PIN (field notes §8).
  public var posEntryMode: String {
    let how: String
    switch entryMode {
    case .swipe: how = "02"
    case .insert: how = "05"
    case .contactless: how = "07"
    case .manual: how = "01"
    case .qrCode: how = "03"  // a barcode or QR code read by the scanner
    }
    return how + (pinBlock.isEmpty && !pinVerifiedByCard ? "2" : "1")
  }

  /// Field 60.4, the terminal's read capability: 6 (contactless, which includes chip).
  public var readCapability: String { "6" }

  /// Field 60.5, the chip condition: 2 after a chip failed (fallback), 0 otherwise.
  public var chipCondition: String { fallback ? "2" : "0" }
}
