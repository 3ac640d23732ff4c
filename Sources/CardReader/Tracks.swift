import Foundation

/// ISO/IEC 7813 track 2: `;` PAN `=` YYMM service-code discretionary `?` LRC.
public struct Track2: Equatable, Sendable, Codable {
  public var pan: String
  public var expiry: String  // YYMM
  public var serviceCode: String  // 3 digits
  public var discretionary: String
  public init(pan: String, expiry: String, serviceCode: String, discretionary: String = "") {
    self.pan = pan
    self.expiry = expiry
    self.serviceCode = serviceCode
    self.discretionary = discretionary
  }
  /// Whether the PAN's check digit is right. A wrong one is the host's business, not the reader's.
  public var luhnValid: Bool { Luhn.isValid(pan) }
}

/// ISO/IEC 7813 track 1 (format B): `%B` PAN `^` NAME `^` YYMM service-code discretionary `?` LRC.
public struct Track1: Equatable, Sendable, Codable {
  public var pan: String
  public var name: String  // SURNAME/GIVEN
  public var expiry: String
  public var serviceCode: String
  public var discretionary: String
  public init(
    pan: String, name: String, expiry: String, serviceCode: String, discretionary: String = ""
  ) {
    self.pan = pan
    self.name = name
    self.expiry = expiry
    self.serviceCode = serviceCode
    self.discretionary = discretionary
  }
  public var luhnValid: Bool { Luhn.isValid(pan) }
}

/// What one swipe carries: track 2 always, track 1 when the card has it.
public struct CardTracks: Equatable, Sendable, Codable {
  public var track1: Track1?
  public var track2: Track2
  public init(track1: Track1?, track2: Track2) {
    self.track1 = track1
    self.track2 = track2
  }
}
