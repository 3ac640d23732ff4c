/// A host's field 39. Named constants for the codes the terminal itself acts
/// on; the screen text of every code is in the catalog (`Msg.response`).
public struct ResponseCode: RawRepresentable, Sendable, Hashable, Codable,
  CustomStringConvertible
{
  public var rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ rawValue: String) { self.rawValue = rawValue }

  public var description: String { rawValue }
  public var isApproval: Bool { self == .approved }

  public static let approved = ResponseCode("00")
  public static let referToIssuer = ResponseCode("01")
  public static let invalidMerchant = ResponseCode("03")
  public static let invalidTransaction = ResponseCode("12")
  public static let invalidAmount = ResponseCode("13")
  public static let invalidCardNumber = ResponseCode("14")
  public static let noOriginal = ResponseCode("25")
  public static let expiredCardRetain = ResponseCode("33")
  public static let lostCard = ResponseCode("41")
  public static let stolenCard = ResponseCode("43")
  public static let insufficientFunds = ResponseCode("51")
  public static let expiredCard = ResponseCode("54")
  public static let incorrectPIN = ResponseCode("55")
  public static let notPermitted = ResponseCode("57")
  public static let amountOverLimit = ResponseCode("61")
  public static let restrictedCard = ResponseCode("62")
  /// The terminal's own code for a reply that never came.
  public static let timedOut = ResponseCode("68")
  public static let pinTriesExceeded = ResponseCode("75")
  public static let batchMismatch = ResponseCode("77")
  public static let duplicate = ResponseCode("94")
  public static let systemFault = ResponseCode("96")
  public static let issuerTimedOut = ResponseCode("98")
  // QR payment: the simulated wallets' own answers (the platforms name them in words).
  /// The payment code was used already or has expired (AUTHCODEEXPIRE).
  public static let paymentCodeUsed = ResponseCode("Q1")
  /// The order was cancelled (撤单) before the customer paid: nothing was charged.
  public static let orderCancelled = ResponseCode("Q3")
  /// UnionPay's A7, 安全处理失败 (security processing failure): the issuer could not
  /// verify the card's ARQC.
  public static let cryptogramFailure = ResponseCode("A7")

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(rawValue)
  }
}
