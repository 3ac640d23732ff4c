import Foundation

/// How one phone/reader pair degrades the signal on its way to the recording; seeded, reproducible.
public struct ChannelProfile: Equatable, Sendable {
  /// Eb/N0 in dB, Eb being the average energy per bit of the *high* copy as received
  /// (after gain); the same white noise spans the whole recording. nil: no noise.
  public var ebN0dB: Double? = nil
  /// Level change (a phone's mic gain); the product with the amplitude may clip at ±1.
  public var gain: Double = 1
  /// The phone inverts the waveform.
  public var inverted: Bool = false
  /// Constant added at recording (before clipping).
  public var dcOffset: Double = 0
  /// Recorder clock error in parts per million (10_000 = +1 %: the recorder runs fast).
  public var clockPPM: Double = 0
  /// The recorder's nominal sample rate.
  public var sampleRate: Int = 44100
  /// A poor high-frequency response: linear-phase low-pass at this cutoff. nil: none.
  public var lowpassHz: Double? = nil
  /// Silence (or noise, with ebN0dB) before the signal.
  public var leadSeconds: Double = 0
  /// Silence (or noise, with ebN0dB) after the signal.
  public var trailSeconds: Double = 0
  /// Channels in the recording (1 or 2); only `signalChannel` carries the signal.
  public var channelCount: Int = 1
  public var signalChannel: Int = 0
  public init() {}
  public init(
    ebN0dB: Double? = nil, gain: Double = 1, inverted: Bool = false, dcOffset: Double = 0,
    clockPPM: Double = 0, sampleRate: Int = 44100, lowpassHz: Double? = nil,
    leadSeconds: Double = 0, trailSeconds: Double = 0, channelCount: Int = 1,
    signalChannel: Int = 0
  ) {
    self.ebN0dB = ebN0dB
    self.gain = gain
    self.inverted = inverted
    self.dcOffset = dcOffset
    self.clockPPM = clockPPM
    self.sampleRate = sampleRate
    self.lowpassHz = lowpassHz
    self.leadSeconds = leadSeconds
    self.trailSeconds = trailSeconds
    self.channelCount = channelCount
    self.signalChannel = signalChannel
  }
  public static let clean = ChannelProfile()
}

/// Sampled audio; `channels[c][n]` is sample n of channel c, nominally in −1…1.
public struct AudioBuffer: Equatable, Sendable {
  public var sampleRate: Int
  public var channels: [[Float]]
  public init(sampleRate: Int, channels: [[Float]]) {
    self.sampleRate = sampleRate
    self.channels = channels
  }
  /// Samples per channel (the shortest channel).
  public var frameCount: Int { channels.map(\.count).min() ?? 0 }
  public var duration: Double { sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0 }
}
