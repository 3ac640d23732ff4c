/// How the card reached the terminal; the letter printed after the masked PAN.
public enum EntryMode: String, Sendable, Equatable, Codable, CaseIterable {
  case swipe = "S"
  case insert = "I"
  case contactless = "C"
  case manual = "M"
  /// A payment code scanned from the customer's phone (扫码): no card at all.
  case qrCode = "Q"
}

/// What the terminal learns from a card, whatever read it (the stripe today;
/// chip and contactless later). The reader's own track types stay in CardReader:
/// the driver turns a decoded swipe into this.
public struct CardData: Sendable, Equatable {
  public var pan: String
  public var expiry: String  // YYMM
  public var serviceCode: String  // 3 digits
  /// Track 1's SURNAME/GIVEN, when the card has track 1.
  public var holderName: String?
  public var entryMode: EntryMode
  /// The PAN sequence number (5F34) a chip gives; nil for a swipe.
  public var panSequence: Int? = nil

  public init(
    pan: String, expiry: String, serviceCode: String, holderName: String? = nil,
    entryMode: EntryMode = .swipe
  ) {
    self.pan = pan
    self.expiry = expiry
    self.serviceCode = serviceCode
    self.holderName = holderName
    self.entryMode = entryMode
  }

  /// The service code's third digit 6 or 7 means "prompt for PIN if a PIN pad is
  /// present": the cardholder may skip it.
  public var pinIsOptional: Bool {
    guard let last = serviceCode.last else { return false }
    return last == "6" || last == "7"
  }

  public var maskedPAN: String { PANMask.mask(pan) }
}

/// What the reader handed over after a swipe.
public enum CardReadResult: Sendable, Equatable {
  case success(CardData)
  case failure(reason: String)
}
