import Foundation

/// Reader modem parameters (Config/reader.yaml maps onto these).
///
/// Bits are Manchester-coded on–off keying: a `1` is carrier-on then carrier-off for half a bit
/// each, a `0` is off then on. So each bit has exactly one "on" chip, the average power is
/// A²/4 whatever the data, the decoder needs no amplitude threshold (it compares the two halves)
/// and every bit carries a timing edge.
public struct ModemSettings: Equatable, Sendable {
  /// Carrier of the first copy.
  public var highCarrierHz: Double = 9600
  /// Carrier of the second copy.
  public var lowCarrierHz: Double = 4800
  /// Data bits per second of the high copy (chips per second are twice this).
  public var highBitRate: Double = 1200
  /// Data bits per second of the low copy: half the high rate gives it twice the energy per bit.
  public var lowBitRate: Double = 600
  /// Peak amplitude of a carrier-on chip (full scale is 1).
  public var amplitude: Double = 0.8
  /// Silence between the copies.
  public var gapSeconds: Double = 0.02
  /// Preamble length in bits (all ones: a square envelope at the bit rate).
  public var preambleBits: Int = 32
  /// The reader's own output sample rate.
  public var transmitSampleRate: Int = 44100
  /// Length of the two-tone polarity mark after each copy, in bits of that copy.
  public var polarityMarkBits: Int = 8
  public init() {}
  public static let standard = ModemSettings()

  /// Energy per bit (amplitude² · seconds) of the transmitted high copy at gain 1.
  /// Manchester OOK has exactly one "on" chip per bit: E = (A²/2)·(Tb/2).
  public var highEnergyPerBit: Double { amplitude * amplitude / 4 / highBitRate }
  /// Energy per bit of the low copy: twice the high copy's at half the bit rate.
  public var lowEnergyPerBit: Double { amplitude * amplitude / 4 / lowBitRate }
}
