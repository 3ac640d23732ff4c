import Ciphers
import Foundation
import TerminalCore

/// Every host message to and from ISO 8583 (the README's field table).
/// The terminal builds requests and reads replies; the host reads requests and
/// builds replies. Field 64 (the MAC) is added and checked by `MAC`.
public enum WireMessages {
  /// Field 49: renminbi.
  public static let currency = "156"

  // MARK: Terminal → host

  /// What the terminal sends besides the request itself.
  public struct RequestContext: Sendable {
    public var algorithm: KeyAlgorithm
    /// nil before sign-in: no PIN block or track data can be encrypted then.
    public var keys: WorkingKeys?
    public var time: WireTime
    /// A reversal's field 39: 98 no reply, A0 MAC error, 06 other.
    public var reversalReason: String
    /// A reversal's field 2, when the link still knows the original's PAN.
    public var reversalPAN: String?
    /// A reversal's field 22: the original's entry mode, when the link knows it.
    public var reversalEntryMode: String?
    /// Field 62 of the sign-in request.
    public var serial: String
    public init(
      algorithm: KeyAlgorithm, keys: WorkingKeys?, time: WireTime, reversalReason: String = "98",
      reversalPAN: String? = nil, serial: String = ""
    ) {
      self.algorithm = algorithm
      self.keys = keys
      self.time = time
      self.reversalReason = reversalReason
      self.reversalPAN = reversalPAN
      self.serial = serial
    }
  }

  /// The request as a message, field 64 not yet added.
  public static func message(for request: HostRequest, _ context: RequestContext) throws
    -> ISOMessage
  {
    let e = request.envelope
    let (hhmmss, mmdd) = context.time.fields(request.time)
    var m: ISOMessage
    func common(_ mti: String) -> ISOMessage {
      var m = ISOMessage(mti: mti)
      m.set(11, six(e.trace))
      m.set(12, hhmmss)
      m.set(13, mmdd)
      m.set(41, e.terminalNo)
      m.set(42, e.merchantNo)
      return m
    }
    switch request.body {
    case .signIn(let op):
      m = common("0800")
      m.set(60, "00" + six(e.batch) + context.algorithm.networkCode)
      m.set(62, bytes: Array(context.serial.utf8))
      m.set(63, padRight(op, 3))
    case .signOff(let op):
      m = common("0820")
      m.set(60, "00" + six(e.batch) + "002")
      m.set(63, padRight(op, 3))
    case .transaction(let t):
      guard !t.message.travelsAsOrder else {
        // A QR payment travels as its order (`qrOrder`), never as a card transaction.
        throw WireMappingError.unsupported("a QR payment goes as a QR order, not a transaction")
      }
      let spec = t.message
      m = common(spec.mti)
      m.set(3, spec.processingCode)
      if spec.carriesAmount { m.set(4, twelve(t.amountFen)) }
      if !t.pan.isEmpty { m.set(2, t.pan) }
      let pinEntered = !t.pinBlock.isEmpty
      // 扫码撤销 names a QR payment: field 22 = 032 tells the host it is no card void.
      m.set(22, spec.scannedCode ? "032" : t.posEntryMode)
      if let seq = t.panSequence { m.set(23, pad(seq, 3)) }
      if let chip = t.field55 { m.set(55, bytes: chip) }
      m.set(25, spec.posCondition)
      if t.entryMode == .manual {
        m.set(14, t.expiry)
      } else if t.pan.isEmpty {
        // No card read (a void without the swipe, 扫码撤销): no track data.
      } else {
        guard let keys = context.keys else { throw WireMappingError.notSignedIn }
        let track = t.pan + "=" + t.expiry + t.serviceCode
        m.set(35, try WireCrypto.encryptTrack(track, keys: keys))
      }
      if pinEntered {
        guard let keys = context.keys else { throw WireMappingError.notSignedIn }
        m.set(26, "12")
        m.set(52, bytes: try WireCrypto.encryptPIN(t.pinBlock.bytes, keys: keys))
      }
      if m[35] != nil || m[52] != nil { m.set(53, context.algorithm.securityControl) }
      m.set(49, currency)
      m.set(60, field60(spec.typeCode, e.batch, "000", t.entryMode, fallback: t.fallback))
      if let o = t.original {
        if let ref = o.referenceNo { m.set(37, ref) }
        if let auth = o.authCode { m.set(38, auth) }
        m.set(61, six(o.batch ?? 0) + six(o.trace ?? 0) + (o.date ?? ""))
      }
    case .reversal(let r):
      let spec = r.kind.descriptor.message
      m = common("0400")
      m.set(3, spec.processingCode)
      if spec.carriesAmount { m.set(4, twelve(r.amountFen)) }
      if let pan = context.reversalPAN { m.set(2, pan) }
      m.set(25, spec.posCondition)
      m.set(39, context.reversalReason)
      // The original's entry mode (field notes §8: the original with MTI changed).
      if spec.scannedCode {
        m.set(22, "032")
      } else if let mode = context.reversalEntryMode {
        m.set(22, mode)
      }
      m.set(49, currency)
      m.set(60, "\(spec.typeCode)\(six(r.batch))000")
      m.set(61, six(r.batch) + six(r.trace) + context.time.fields(r.originalTime).date)
    case .qrOrder(let order):
      // 扫一扫 (this link's own encoding, README "QR over the wire"): a sale-shaped
      // 0200, field 22 = 032 (a scanned code, no PIN), 60.3 = 600, the code in 59.
      m = qrMessage(common("0200"), batch: e.batch, network: QRNetwork.order)
      m.set(4, twelve(order.amountFen))
      m.set(59, order.orderNo + "|" + order.code)
    case .qrQuery(let orderNo):
      m = qrMessage(common("0200"), batch: e.batch, network: QRNetwork.query)
      m.set(59, orderNo)
    case .qrCancel(let orderNo):
      m = qrMessage(common("0200"), batch: e.batch, network: QRNetwork.cancel)
      m.set(59, orderNo)
    case .settlement(let debit, let credit):
      m = common("0500")
      m.set(48, totals48(debit: debit, credit: credit, flag: "0"))
      m.set(49, currency)
      m.set(60, "00" + six(e.batch) + "201")
    case .batchUpload(let item, let sent):
      m = common("0320")
      if let item {
        // The spec's record (LiaoYang_POS's magstripe batch upload): the record
        // count (2), then per record the card organisation (00 UnionPay), trace (6),
        // the PAN right-aligned in 20 digits and the amount (12). The journal keeps
        // only the masked PAN: its hidden digits go as 0. A refund says so in 3.
        if item.kind.descriptor.ledgerSide == .credit { m.set(3, "200000") }
        m.set(48, "01" + uploadRecord(item))
        m.set(60, "00" + six(e.batch) + "201")
      } else {
        m.set(48, pad(sent, 4))
        m.set(60, "00" + six(e.batch) + "202")
      }
    }
    return m
  }

  /// What a request message is, for the host: decoded, and the sign-in's algorithm.
  public struct DecodedRequest: Sendable {
    public var request: HostRequest
    /// A sign-in's 60.3.
    public var algorithm: KeyAlgorithm?
    /// A reversal's field 39.
    public var reversalReason: String?
  }

  /// The host's reading of a request. `keys`: the terminal's working keys (nil
  /// before it signed in); `near`: the host's clock, for the year.
  public static func request(
    from m: ISOMessage, keys: WorkingKeys?, time: WireTime, near: Date
  ) throws -> DecodedRequest {
    func need(_ n: Int) throws -> String {
      guard let s = m.string(n) else { throw WireMappingError.missing(n, m.mti) }
      return s
    }
    let f60 = try need(60)
    guard f60.count >= 11, let batch = Int(sub(f60, 2, 6)) else {
      throw WireMappingError.bad(60, "\"\(f60)\" is not type (2) + batch (6) + network code (3)")
    }
    let type = sub(f60, 0, 2)
    let network = sub(f60, 8, 3)
    guard let trace = Int(try need(11)) else { throw WireMappingError.bad(11, "not digits") }
    let envelope = HostEnvelope(
      terminalNo: try need(41), merchantNo: try need(42), batch: batch, trace: trace)
    let when =
      time.date(mmdd: m.string(13) ?? "", hhmmss: m.string(12), near: near) ?? near
    func decoded(_ body: HostRequestBody, algorithm: KeyAlgorithm? = nil, reason: String? = nil)
      -> DecodedRequest
    {
      DecodedRequest(
        request: HostRequest(envelope: envelope, body: body, time: when), algorithm: algorithm,
        reversalReason: reason)
    }
    let amount = Int64(m.string(4) ?? "0") ?? 0
    if m.mti == "0200", [QRNetwork.order, QRNetwork.query, QRNetwork.cancel].contains(network) {
      let f59 = try need(59)
      switch network {
      case QRNetwork.order:
        let parts = f59.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw WireMappingError.bad(59, "not order|code") }
        // An unknown code still reaches the platform, which answers it (Q1).
        let wallet = PaymentCodeKind.classify(parts[1]) ?? .unionPayQR
        return decoded(
          .qrOrder(
            QROrderRequest(orderNo: parts[0], code: parts[1], wallet: wallet, amountFen: amount)))
      case QRNetwork.query: return decoded(.qrQuery(orderNo: f59))
      default: return decoded(.qrCancel(orderNo: f59))
      }
    }
    switch m.mti {
    case "0800":
      guard let algorithm = KeyAlgorithm(networkCode: network) else {
        throw WireMappingError.bad(
          60, "network code \(network) is neither 004 (3DES) nor 005 (SM4)")
      }
      return decoded(
        .signIn(operatorNo: (m.string(63) ?? "").trimmingCharacters(in: .whitespaces)),
        algorithm: algorithm)
    case "0820":
      return decoded(
        .signOff(operatorNo: (m.string(63) ?? "").trimmingCharacters(in: .whitespaces)))
    case "0500":
      let f48 = try need(48)
      guard let (debit, credit, _) = parse48(f48) else {
        throw WireMappingError.bad(48, "not the settlement totals")
      }
      return decoded(.settlement(debit: debit, credit: credit))
    case "0320":
      let f48 = try need(48)
      if network == "202" {
        return decoded(.batchUpload(nil, sent: Int(f48) ?? 0))
      }
      // One record (this terminal sends one a message; a spec terminal up to 8:
      // the host keeps the first, as its books need only the count and totals).
      guard f48.count >= 42, let count = Int(sub(f48, 0, 2)), count >= 1,
        f48.count == 2 + 40 * count, let itemTrace = Int(sub(f48, 4, 6)),
        let itemAmount = Int64(sub(f48, 30, 12))
      else { throw WireMappingError.bad(48, "not batch-upload records (NN + 40 digits each)") }
      var digits = Substring(sub(f48, 10, 20))
      while digits.first == "0" { digits.removeFirst() }
      // The record carries no kind: a refund's 0320 says 3 = 200000.
      let kind: TransactionKind = m.string(3) == "200000" ? .refund : .sale
      let record = TransactionRecord(
        trace: itemTrace, batch: batch, kind: kind, amountFen: itemAmount,
        maskedPAN: PANMask.mask(String(digits)), expiry: "", entryMode: .swipe,
        operatorNo: "", startedAt: when, status: .approved, authCode: nil, referenceNo: nil)
      return decoded(.batchUpload(BatchUploadItem(record), sent: 0))
    case "0400":
      let proc = try need(3)
      guard
        let kind = kind(
          mti: nil, processingCode: proc, typeCode: type,
          scanned: (m.string(22) ?? "").hasPrefix("03"))
      else { throw WireMappingError.bad(60, "no transaction kind has 3 = \(proc), 60.1 = \(type)") }
      let f61 = m.string(61) ?? ""
      let originalTime =
        f61.count >= 16 ? time.date(mmdd: sub(f61, 12, 4), hhmmss: nil, near: when) ?? when : when
      let record = ReversalRecord(
        kind: kind, trace: trace, batch: batch, amountFen: amount,
        maskedPAN: m.string(2).map(PANMask.mask) ?? "", originalTime: originalTime)
      return decoded(.reversal(record), reason: m.string(39))
    default:
      let proc = try need(3)
      let mode = entryMode(m.string(22) ?? "021")
      guard
        let kind = kind(
          mti: m.mti, processingCode: proc, typeCode: type, scanned: mode == .qrCode)
      else {
        throw WireMappingError.bad(
          60, "no transaction kind has MTI \(m.mti), 3 = \(proc), 60.1 = \(type)")
      }
      var pan = m.string(2) ?? ""
      var expiry = m.string(14) ?? ""
      var serviceCode = ""
      if let f35 = m.string(35) {
        guard let keys else { throw WireMappingError.notSignedIn }
        let track = try WireCrypto.decryptTrack(f35, keys: keys)
        let parts = track.split(separator: "D", maxSplits: 1)
        guard parts.count == 2, parts[1].count >= 7 else {
          throw WireMappingError.bad(35, "the track does not decrypt to PAN=YYMMSSS")
        }
        let trackPAN = String(parts[0])
        if pan.isEmpty { pan = trackPAN }
        guard trackPAN == pan else {
          throw WireMappingError.bad(35, "the track's card number is not field 2's")
        }
        expiry = String(parts[1].prefix(4))
        serviceCode = String(parts[1].dropFirst(4).prefix(3))
      }
      var pinBlock = PINBlock(bytes: [])
      if let f52 = m[52] {
        guard let keys else { throw WireMappingError.notSignedIn }
        pinBlock = PINBlock(bytes: try WireCrypto.decryptPIN(f52, keys: keys))
      }
      var original: OriginalTransaction?
      if m[37] != nil || m[38] != nil || m[61] != nil {
        let f61 = m.string(61) ?? ""
        let b = f61.count >= 6 ? Int(sub(f61, 0, 6)) ?? 0 : 0
        let t = f61.count >= 12 ? Int(sub(f61, 6, 6)) ?? 0 : 0
        original = OriginalTransaction(
          trace: t == 0 ? nil : t, batch: b == 0 ? nil : b, referenceNo: m.string(37),
          date: f61.count >= 16 ? sub(f61, 12, 4) : nil, authCode: m.string(38))
      }
      var request = TransactionRequest(
        kind: kind, message: kind.descriptor.message, amountFen: amount, pan: pan,
        expiry: expiry, serviceCode: serviceCode, entryMode: mode, pinBlock: pinBlock,
        original: original)
      request.field55 = m[55]
      request.panSequence = m.string(23).flatMap { Int($0) }
      let f60 = m.string(60) ?? ""
      request.fallback = f60.count >= 13 && Array(f60)[12] == "2"
      request.pinVerifiedByCard = mode == .insert && pinBlock.isEmpty && m.string(22)?.last == "1"
      return decoded(.transaction(request))
    }
  }

  // MARK: Host → terminal

  /// The host's reply to `request` (the request's message, for the fields a
  /// reply echoes). `signInKeys`: field 62 of a sign-in reply. Field 64 not yet added.
  public static func reply(
    _ reply: HostReply, to request: ISOMessage, time: WireTime, hostTime: Date,
    signInKeys: [UInt8]? = nil
  ) throws -> ISOMessage {
    var m = ISOMessage(mti: replyMTI(request.mti))
    for n in [3, 4, 11, 41, 42, 49, 60] { if let v = request[n] { m[n] = v } }
    if request.mti == "0400", let v = request[2] { m[2] = v }
    let (hhmmss, mmdd) = time.fields(hostTime)
    m.set(12, hhmmss)
    m.set(13, mmdd)
    m.set(39, "00")
    switch reply.body {
    case .signedIn(let batch, let hostClock):
      let (t, d) = time.fields(hostClock)
      m.set(12, t)
      m.set(13, d)
      let f60 = request.string(60) ?? "00000000004"
      m.set(60, "00" + six(batch) + sub(f60, 8, 3))
      if let signInKeys { m.set(62, bytes: signInKeys) }
    case .transaction(let t):
      m.set(39, t.responseCode.rawValue)
      if let auth = t.authCode { m.set(38, auth) }
      if let ref = t.referenceNo { m.set(37, ref) }
      if let issuer = t.issuer { m.set(63, "CUP" + issuer) }
      if let chip = t.field55 { m.set(55, bytes: chip) }
      if let balance = t.balanceFen {
        m.set(54, "1002" + currency + (balance < 0 ? "D" : "C") + twelve(abs(balance)))
      }
    case .reversal(let accepted):
      m.set(39, accepted ? "00" : "96")
    case .settled(let balanced, _):
      if let f48 = request.string(48), f48.count == 62 {
        var chars = Array(f48)
        chars[30] = balanced ? "1" : "2"
        m.set(48, String(chars))
      }
    // The spec's 0510 does not name the next batch: the terminal takes the
    // current one + 1 (or the next sign-in's 60.2).
    case .signedOff, .uploaded:
      break
    case .qrOrder(let order):
      switch order.status {
      case .paid: m.set(39, "00")
      case .userPaying: m.set(39, QRNetwork.userPayingCode)
      case .failed(let code): m.set(39, code.rawValue)
      }
      if let auth = order.authCode { m.set(38, auth) }
      if let ref = order.referenceNo { m.set(37, ref) }
    case .qrCancelled(let accepted):
      m.set(39, accepted ? "00" : "96")
    }
    return m
  }

  /// Why a reply is not the one awaited (field notes §8: MTI + 10, processing
  /// code, trace, terminal, merchant and amount must match); nil when it is.
  public static func mismatch(reply: ISOMessage, request: ISOMessage) -> String? {
    if reply.mti != replyMTI(request.mti) {
      return "MTI \(reply.mti), expected \(replyMTI(request.mti))"
    }
    for (n, name) in [
      (3, "processing code"), (11, "trace"), (41, "terminal"), (42, "merchant"), (4, "amount"),
    ]
    where request[n] != nil && reply[n] != request[n] {
      return
        "\(name) (field \(n)) \(reply.string(n) ?? "missing"), expected \(request.string(n) ?? "")"
    }
    return nil
  }

  /// The terminal's reading of a reply it has matched to `request`.
  public static func replyBody(
    _ m: ISOMessage, for request: HostRequest, time: WireTime
  ) throws -> HostReplyBody {
    let code = m.string(39) ?? ""
    switch request.body {
    case .signIn:
      let f60 = m.string(60) ?? ""
      guard f60.count >= 8, let batch = Int(sub(f60, 2, 6)) else {
        throw WireMappingError.bad(60, "the sign-in reply names no batch")
      }
      let hostTime =
        time.date(mmdd: m.string(13) ?? "", hhmmss: m.string(12), near: request.time)
        ?? request.time
      return .signedIn(batch: batch, hostTime: hostTime)
    case .signOff: return .signedOff
    case .batchUpload: return .uploaded
    case .qrOrder, .qrQuery:
      guard code.count == 2 else { throw WireMappingError.missing(39, m.mti) }
      let status: QROrderStatus =
        code == "00"
        ? .paid : code == QRNetwork.userPayingCode ? .userPaying : .failed(ResponseCode(code))
      return .qrOrder(
        QROrderReply(status: status, referenceNo: m.string(37), authCode: m.string(38)))
    case .qrCancel:
      return .qrCancelled(accepted: code == "00")
    case .reversal: return .reversal(accepted: code == "00")
    case .settlement:
      let flag = m.string(48).flatMap { parse48($0)?.flag } ?? ""
      // A host that names the next batch in 62 is followed; the spec's does not.
      let named = m[62].flatMap { Int(String(decoding: $0, as: UTF8.self)) }
      return .settled(
        balanced: flag == "1",
        nextBatch: named ?? SequenceNumber.next(after: request.envelope.batch))
    case .transaction:
      guard code.count == 2 else { throw WireMappingError.missing(39, m.mti) }
      var issuer = m.string(63)
      if let i = issuer, i.hasPrefix("CUP") { issuer = String(i.dropFirst(3)) }
      var balance: Int64?
      if let f54 = m.string(54), f54.count == 20, let v = Int64(f54.suffix(12)) {
        balance = Array(f54)[7] == "D" ? -v : v
      }
      var reply = TransactionReply(
        responseCode: ResponseCode(code), authCode: m.string(38), referenceNo: m.string(37),
        issuer: issuer?.isEmpty == true ? nil : issuer, balanceFen: balance)
      reply.field55 = m[55]
      return .transaction(reply)
    }
  }

  // MARK: Pieces

  /// One batch-upload record (40 digits): card organisation 00 (UnionPay), trace,
  /// the PAN (masked digits as 0) right-aligned in 20, amount.
  static func uploadRecord(_ item: BatchUploadItem) -> String {
    let pan = String(item.maskedPAN.map { $0.isNumber ? $0 : "0" }.suffix(20))
    return "00" + six(item.trace) + String(repeating: "0", count: 20 - pan.count) + pan
      + twelve(item.amountFen)
  }

  public static func replyMTI(_ mti: String) -> String {
    guard let n = Int(mti) else { return mti }
    return pad(n + 10, 4)
  }

  /// Field 48 of a settlement: debit amount (12) and count (3), credit amount (12)
  /// and count (3), the reconciliation flag (1: 0 asked, 1 balanced, 2 not), then
  /// the same 31 digits for foreign cards (zeros here).
  public static func totals48(debit: Totals, credit: Totals, flag: String) -> String {
    twelve(debit.amountFen) + pad(debit.count, 3) + twelve(credit.amountFen)
      + pad(credit.count, 3) + flag + String(repeating: "0", count: 31)
  }

  static func parse48(_ s: String) -> (Totals, Totals, flag: String)? {
    guard s.count == 62, let da = Int64(sub(s, 0, 12)), let dc = Int(sub(s, 12, 3)),
      let ca = Int64(sub(s, 15, 12)), let cc = Int(sub(s, 27, 3))
    else { return nil }
    return (Totals(count: dc, amountFen: da), Totals(count: cc, amountFen: ca), sub(s, 30, 1))
  }

  /// Field 22: 02x swipe, 05x chip, 07x contactless, 01x manual; x = 1 PIN entered, 2 none.
  public static func entryMode(_ mode: EntryMode, pin: Bool) -> String {
    let head: String
    switch mode {
    case .swipe: head = "02"
    case .insert: head = "05"
    case .contactless: head = "07"
    case .manual: head = "01"
    case .qrCode: head = "03"
    }
    return head + (pin ? "1" : "2")
  }

  static func entryMode(_ field: String) -> EntryMode {
    switch field.prefix(2) {
    case "05": return .insert
    case "07": return .contactless
    case "03": return .qrCode
    case "01": return .manual
    default: return .swipe
    }
  }

  /// Field 60: 60.1 type, 60.2 batch, 60.3 network code; chip and contactless add
  /// 60.4 read capability (5 chip, 6 contactless) and 60.5 chip condition (0).
  static func field60(
    _ type: String, _ batch: Int, _ network: String, _ mode: EntryMode, fallback: Bool = false
  ) -> String {
    var s = type + six(batch) + network
    switch mode {
    case .insert: s += "50"
    case .contactless: s += "60"
    case .swipe where fallback: s += "52"  // 60.4 chip-capable, 60.5 = 2: fallback
    case .swipe, .manual, .qrCode: break
    }
    return s
  }

  /// 扫一扫 on this link: 60.3 says which QR message a 0200 is (our codes; UnionPay's
  /// own QR messages are not public), and a reply's 39 = 09 ("in progress") says
  /// USERPAYING.
  enum QRNetwork {
    static let order = "600"
    static let query = "601"
    static let cancel = "602"
    static let userPayingCode = "09"
  }

  static func qrMessage(_ base: ISOMessage, batch: Int, network: String) -> ISOMessage {
    var m = base
    m.set(3, "000000")
    m.set(22, "032")
    m.set(25, "00")
    m.set(49, currency)
    m.set(60, "22" + six(batch) + network)
    return m
  }

  /// The kinds this link carries as card transactions. A QR payment travels as its
  /// order; it and its void share a sale's (a void's) MTI, processing code and 60.1,
  /// and are told apart by field 22 (032, a scanned code).
  public static let carriedKinds = TransactionKind.allCases.filter {
    !$0.descriptor.message.scannedCode
  }

  /// The kind whose message this is, from the table: its MTI (nil for a reversal,
  /// which keeps the original's other fields), 3, 60.1, and whether 22 names a
  /// scanned code.
  static func kind(mti: String?, processingCode: String, typeCode: String, scanned: Bool)
    -> TransactionKind?
  {
    TransactionKind.allCases.first {
      let s = $0.descriptor.message
      return (mti == nil || s.mti == mti) && s.processingCode == processingCode
        && s.typeCode == typeCode && s.scannedCode == scanned
    }
  }

  static func kindFor(typeCode: String) -> TransactionKind? {
    carriedKinds.first { $0.descriptor.message.typeCode == typeCode }
  }

  static func six(_ n: Int) -> String { pad(n, 6) }
  static func twelve(_ n: Int64) -> String { zeroPadded(n, width: 12) }
  static func pad(_ n: Int, _ width: Int) -> String { zeroPadded(n, width: width) }
  static func padRight(_ s: String, _ width: Int) -> String {
    s.count >= width ? String(s.prefix(width)) : s + String(repeating: " ", count: width - s.count)
  }
  static func sub(_ s: String, _ start: Int, _ count: Int) -> String {
    let chars = Array(s)
    guard start < chars.count else { return "" }
    return String(chars[start..<min(chars.count, start + count)])
  }
}

public enum WireMappingError: Error, Sendable, Equatable, CustomStringConvertible {
  case missing(Int, String)
  case bad(Int, String)
  case notSignedIn
  case unsupported(String)
  public var description: String {
    switch self {
    case .unsupported(let what): return what
    case .missing(let n, let mti): return "\(mti) without field \(n)"
    case .bad(let n, let problem): return "field \(n): \(problem)"
    case .notSignedIn: return "no working keys: the terminal has not signed in"
    }
  }
}

/// Field 64.
public enum MAC {
  /// The message with field 64 added: the MAC over MTI, bitmap (bit 64 set) and
  /// every field before 64 (the MAB), under the MAC key, in the dialect's algorithm.
  public static func seal(
    _ message: ISOMessage, keys: WorkingKeys, dialect: WireDialect = .unionPay
  ) throws -> ISOMessage {
    var m = message
    m.set(64, bytes: [UInt8](repeating: 0, count: 8))
    let data = Array(try m.encode(field22: dialect.field22).dropLast(8))
    m.set(64, bytes: try WireCrypto.mac(data, keys: keys, algorithm: dialect.mac))
    return m
  }

  /// Whether field 64 is there and right.
  public static func verify(
    _ message: ISOMessage, keys: WorkingKeys, dialect: WireDialect = .unionPay
  ) -> Bool {
    guard let given = message[64], given.count == 8,
      let encoded = try? message.encode(field22: dialect.field22),
      let expected = try? WireCrypto.mac(
        Array(encoded.dropLast(8)), keys: keys, algorithm: dialect.mac)
    else { return false }
    return ConstantTime.equal(expected, given)
  }
}
