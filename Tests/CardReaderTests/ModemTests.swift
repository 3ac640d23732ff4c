import CardReader
import Foundation
import Testing

/// One impairment of the list the decoder must survive, and what it must report.
struct Impairment: CustomTestStringConvertible, Sendable {
  var label: String
  var profile: ChannelProfile
  var expectCopy: Set<CopyUsed> = [.high]
  var expectPolarity: Polarity = .normal
  var testDescription: String { label }
}

let impairments: [Impairment] = {
  var list: [Impairment] = []
  func add(
    _ label: String, _ p: ChannelProfile, copy: Set<CopyUsed> = [.high], pol: Polarity = .normal
  ) {
    list.append(Impairment(label: label, profile: p, expectCopy: copy, expectPolarity: pol))
  }
  for rate in [44100, 48000, 22050] { add("rate \(rate)", ChannelProfile(sampleRate: rate)) }
  for rate in [16000, 11025] { add("rate \(rate)", ChannelProfile(sampleRate: rate), copy: [.low]) }
  add("gain 0.05", ChannelProfile(gain: 0.05))
  add("gain 1", ChannelProfile(gain: 1))
  add("gain 20 (clipping)", ChannelProfile(gain: 20))
  add("inverted", ChannelProfile(inverted: true), pol: .inverted)
  add(
    "inverted at 11025", ChannelProfile(inverted: true, sampleRate: 11025), copy: [.low],
    pol: .inverted)
  add("DC 0.3", ChannelProfile(dcOffset: 0.3))
  add("DC 0.3 at gain 0.05", ChannelProfile(gain: 0.05, dcOffset: 0.3))
  add("clock +1%", ChannelProfile(clockPPM: 10_000))
  add("clock −1%", ChannelProfile(clockPPM: -10_000))
  add("clock +1% at 22050", ChannelProfile(clockPPM: 10_000, sampleRate: 22050))
  add("clock −1% at 11025", ChannelProfile(clockPPM: -10_000, sampleRate: 11025), copy: [.low])
  add("silence lead and trail", ChannelProfile(leadSeconds: 0.4, trailSeconds: 0.3))
  add("noise lead and trail", ChannelProfile(ebN0dB: 18, leadSeconds: 0.4, trailSeconds: 0.3))
  add("stereo, signal on the right", ChannelProfile(channelCount: 2, signalChannel: 1))
  add("stereo, signal on the left, 48000", ChannelProfile(sampleRate: 48000, channelCount: 2))
  add(
    "poor high frequencies (low-pass 6000 Hz)", ChannelProfile(lowpassHz: 6000),
    copy: [.low, .combined])
  add(
    "everything at once",
    ChannelProfile(
      ebN0dB: 20, gain: 0.1, inverted: true, dcOffset: 0.2, clockPPM: -8000, sampleRate: 48000,
      leadSeconds: 0.2, trailSeconds: 0.2, channelCount: 2, signalChannel: 1), pol: .inverted)
  return list
}()

@Suite struct ModemRoundTripTests {
  @Test(arguments: impairments)
  func roundTrip(_ imp: Impairment) {
    let modem = ReaderModem()
    for (i, card) in Fixtures.cards.enumerated() {
      let r = modem.swipe(card, through: imp.profile, seed: UInt64(100 + i))
      guard case .success(let rep) = r else {
        Issue.record("\(imp.label), card \(i): \(r)")
        continue
      }
      #expect(rep.tracks == card)
      #expect(imp.expectCopy.contains(rep.copyUsed), "\(imp.label): used \(rep.copyUsed)")
      #expect(rep.polarity == imp.expectPolarity, "\(imp.label)")
      #expect(rep.snrDB > 8, "\(imp.label): SNR \(rep.snrDB)")
    }
  }

  /// At 44100, 48000 and 22050 Hz each copy must decode on its own.
  @Test(arguments: [44100, 48000, 22050])
  func bothCopiesUsable(rate: Int) {
    let modem = ReaderModem()
    let audio = ImpairmentChannel.apply(
      ChannelProfile(sampleRate: rate), to: modem.transmit(Fixtures.card19), seed: 5)
    for sel in [CopySelection.highOnly, .lowOnly] {
      let r = modem.receive(audio, using: sel)
      #expect((try? r.get())?.tracks == Fixtures.card19, "\(rate) \(sel): \(r)")
    }
  }

  /// With both copies at the same bit rate and too much noise for either alone, some swipes
  /// decode only by combining soft values; the combined answers must be right.
  @Test func combiningRescuesFramesBothCopiesLose() {
    var s = ModemSettings()
    s.lowBitRate = s.highBitRate
    let modem = ReaderModem(settings: s)
    var combined = 0
    var wrong = 0
    for seed in 0..<30 {
      let r = modem.swipe(
        Fixtures.card16, through: ChannelProfile(ebN0dB: 11.5), seed: UInt64(seed))
      if case .success(let rep) = r {
        if rep.copyUsed == .combined { combined += 1 }
        if rep.tracks != Fixtures.card16 { wrong += 1 }
      }
    }
    #expect(combined >= 3)
    #expect(wrong == 0)
  }

  @Test func reproducibleFromSeed() {
    let modem = ReaderModem()
    let p = ChannelProfile(ebN0dB: 10, clockPPM: 3000, sampleRate: 48000)
    let tx = modem.transmit(Fixtures.card16)
    let a = ImpairmentChannel.apply(p, to: tx, seed: 42)
    let b = ImpairmentChannel.apply(p, to: tx, seed: 42)
    let c = ImpairmentChannel.apply(p, to: tx, seed: 43)
    #expect(a == b)
    #expect(a != c)
  }

  @Test func failuresAreAnswersNotCrashes() {
    let modem = ReaderModem()
    let reason = { (a: AudioBuffer) -> String in
      if case .failure(let f) = modem.receive(a) { return f.reason }
      return "decoded"
    }
    #expect(reason(AudioBuffer(sampleRate: 44100, channels: [])) == "the recording is empty")
    #expect(reason(AudioBuffer(sampleRate: 44100, channels: [[]])) == "the recording is empty")
    #expect(reason(AudioBuffer(sampleRate: 0, channels: [[0.1, 0.2]])) == "sample rate is 0")
    #expect(
      reason(AudioBuffer(sampleRate: 44100, channels: [[0.3, -0.1, 0.7]])) == "no preamble found")
    #expect(
      reason(AudioBuffer(sampleRate: 44100, channels: [[Float](repeating: 0, count: 44100)]))
        == "no preamble found")
    #expect(
      reason(AudioBuffer(sampleRate: 8000, channels: [[Float](repeating: 0, count: 800)]))
        == "sample rate 8000 Hz is too low for the 4800 Hz carrier")
    var rng = SeededRandom(seed: 9)
    let noise = (0..<44100).map { _ in Float(0.3 * rng.gaussian()) }
    #expect(reason(AudioBuffer(sampleRate: 44100, channels: [noise])) != "decoded")
    // The recording stops in the middle of the high copy.
    let tx = modem.transmit(Fixtures.card19)
    let cut = Array(tx.channels[0].prefix(tx.channels[0].count / 5))
    let r = reason(AudioBuffer(sampleRate: 44100, channels: [cut]))
    #expect(r.contains("9600 Hz copy"), "\(r)")
    // Odd lengths and mismatched stereo channels.
    #expect(
      reason(AudioBuffer(sampleRate: 44100, channels: [[0.1], [0.2, 0.3, 0.4]]))
        == "no preamble found")
  }

  @Test func hopelessNoiseReportsCRCOnBothCopies() {
    let modem = ReaderModem()
    var reasons: [String] = []
    for seed in 0..<10 {
      if case .failure(let f) = modem.swipe(
        Fixtures.card16, through: ChannelProfile(ebN0dB: 6, gain: 0.1), seed: UInt64(seed))
      {
        reasons.append(f.reason)
        #expect(f.snrDB != nil)
      }
    }
    #expect(reasons.count >= 5)
    #expect(reasons.contains { $0.hasPrefix("CRC failed on both copies") }, "\(reasons)")
  }
}

@Suite struct CalibrationTests {
  /// Noise alone (silent input): its measured variance must match σ² = N0·fs/2 with
  /// N0 = E/10^(Eb/N0/10) and E = (A·gain)²/4 / highBitRate.
  /// Gains keep signal + noise inside ±1: clipping at recording would otherwise cut the noise.
  @Test(arguments: [(44100, 10.0, 0.1), (48000, 4.0, 0.05), (11025, 16.0, 0.5)])
  func noisePowerMatchesRequestedN0(rate: Int, ebN0: Double, gain: Double) {
    let s = ModemSettings.standard
    let silent = AudioBuffer(sampleRate: rate, channels: [[Float](repeating: 0, count: rate * 2)])
    let p = ChannelProfile(ebN0dB: ebN0, gain: gain, sampleRate: rate)
    let out = ImpairmentChannel.apply(p, to: silent, seed: 77, modem: s)
    let x = out.channels[0]
    let mean = x.reduce(0.0) { $0 + Double($1) } / Double(x.count)
    let variance =
      x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(x.count)
    let e = s.amplitude * s.amplitude * gain * gain / 4 / s.highBitRate
    let n0 = e / pow(10, ebN0 / 10)
    let expected = n0 * Double(rate) / 2
    #expect(abs(variance / expected - 1) < 0.03, "measured \(variance), expected \(expected)")
    // And the noise is Gaussian: ~4.55 % of samples beyond 2σ.
    let sigma = expected.squareRoot()
    let beyond = Double(x.filter { abs(Double($0)) > 2 * sigma }.count) / Double(x.count)
    #expect(abs(beyond - 0.0455) < 0.004)
  }

  /// The E used for calibration is the measured energy per bit of the transmitted high copy.
  @Test func energyPerBitIsTheTransmittedOne() {
    let modem = ReaderModem()
    let (audio, layout) = modem.transmitWithLayout(Fixtures.card19)
    let fs = Double(audio.sampleRate)
    let high = audio.channels[0][layout.highStart..<layout.highEnd]
    let energy = high.reduce(0.0) { $0 + Double($1) * Double($1) } / fs
    let perBit = energy / Double(layout.frameBits)
    #expect(abs(perBit / modem.settings.highEnergyPerBit - 1) < 0.02)
    let low = audio.channels[0][layout.lowStart..<layout.lowEnd]
    let lowPerBit = low.reduce(0.0) { $0 + Double($1) * Double($1) } / fs / Double(layout.frameBits)
    #expect(abs(lowPerBit / (2 * modem.settings.highEnergyPerBit) - 1) < 0.02)
  }

  @Test func theoryMatchesFieldNotes() {
    // ≈13.3 dB for 1 % FER on an 800-bit frame.
    let at = ReaderBenchmark.theoryAt(0.01, bits: 800)
    #expect(abs(at - 13.3) < 0.1, "\(at)")
  }

  @Test func benchSmoke() {
    let r = ReaderBenchmark().run(from: 6, to: 14, step: 8, frames: 8, seed: 3)
    #expect(r.points.count == 2)
    #expect(r.points[0].highErrors >= 6)  // 6 dB: far below the high copy's threshold
    #expect(r.points[1].combinedErrors == 0)
    #expect(r.decodeRealTime > 1)
  }
}
