// CONTRACT STUB — the reader helper replaces this file with the real module.
// The public names and signatures below are what the rest of the package calls.
import Foundation

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
}

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
}

public struct CardTracks: Equatable, Sendable, Codable {
  public var track1: Track1?
  public var track2: Track2
  public init(track1: Track1?, track2: Track2) {
    self.track1 = track1
    self.track2 = track2
  }
}

/// Reader modem parameters (Config/reader.yaml).
public struct ModemSettings: Equatable, Sendable {
  public var highCarrierHz: Double = 9600
  public var lowCarrierHz: Double = 4800
  public var highBitRate: Double = 2400
  public var lowBitRate: Double = 1200
  public var amplitude: Double = 0.8
  public var gapSeconds: Double = 0.02
  public var preambleBits: Int = 32
  public var transmitSampleRate: Int = 44100
  public init() {}
  public static let standard = ModemSettings()
}

/// How one phone/reader pair degrades the signal; seeded, reproducible.
public struct ChannelProfile: Equatable, Sendable {
  public var ebN0dB: Double? = nil  // nil: no noise
  public var gain: Double = 1
  public var inverted: Bool = false
  public var dcOffset: Double = 0
  public var clockPPM: Double = 0  // recorder clock error
  public var sampleRate: Int = 44100  // recorder rate
  public var lowpassHz: Double? = nil
  public init() {}
  public static let clean = ChannelProfile()
}

public struct AudioBuffer: Equatable, Sendable {
  public var sampleRate: Int
  public var channels: [[Float]]
  public init(sampleRate: Int, channels: [[Float]]) {
    self.sampleRate = sampleRate
    self.channels = channels
  }
}

public enum CopyUsed: String, Sendable, Codable { case high, low, combined }
public enum Polarity: String, Sendable, Codable { case normal, inverted }

public struct DecodeReport: Equatable, Sendable {
  public var tracks: CardTracks
  public var copyUsed: CopyUsed
  public var polarity: Polarity
  public var snrDB: Double
}

public struct DecodeFailure: Error, Equatable, Sendable, CustomStringConvertible {
  public var reason: String
  public var snrDB: Double?
  public var description: String { reason }
}

public struct ReaderModem: Sendable {
  public var settings: ModemSettings
  public init(settings: ModemSettings = .standard) { self.settings = settings }
  public func transmit(_ tracks: CardTracks) -> AudioBuffer { fatalError("stub") }
  public func receive(_ audio: AudioBuffer) -> Result<DecodeReport, DecodeFailure> {
    fatalError("stub")
  }
  /// transmit → channel(profile, seed) → receive.
  public func swipe(_ tracks: CardTracks, through profile: ChannelProfile, seed: UInt64)
    -> Result<DecodeReport, DecodeFailure>
  { fatalError("stub") }
}

public enum ImpairmentChannel {
  public static func apply(_ profile: ChannelProfile, to audio: AudioBuffer, seed: UInt64)
    -> AudioBuffer
  { fatalError("stub") }
}

public struct WAVError: Error, Equatable, CustomStringConvertible {
  public var file: String
  public var problem: String
  public var description: String { "\(file): \(problem)" }
}

public enum WAVFile {
  public enum Encoding: Sendable { case pcm16, float32 }
  public static func read(_ url: URL) throws -> AudioBuffer { fatalError("stub") }
  public static func write(_ audio: AudioBuffer, to url: URL, encoding: Encoding = .pcm16) throws {
    fatalError("stub")
  }
}
