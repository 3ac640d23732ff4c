import Foundation

/// The path from the reader to a phone's recording: low-pass, gain and inversion, clock drift
/// and resampling to the recorder's rate, lead/trail, white Gaussian noise at a calibrated
/// Eb/N0, DC offset, clipping at ±1, and the channel layout. Seeded and reproducible.
///
/// Calibration: E = average energy per bit of the transmitted *high* copy after the gain,
/// (A·gain)²/4 / highBitRate for Manchester OOK (one "on" chip per bit); N0 = E / 10^(Eb/N0/10)
/// is the one-sided noise PSD, so each real sample gets noise of variance σ² = N0·fs/2 at the
/// recorder rate fs. The same noise spans the whole recording, so the low copy (half the bit
/// rate) sees twice the energy per bit: +3 dB.
public enum ImpairmentChannel {
  public static func apply(_ profile: ChannelProfile, to audio: AudioBuffer, seed: UInt64)
    -> AudioBuffer
  {
    apply(profile, to: audio, seed: seed, modem: .standard)
  }

  /// Noise standard deviation per sample for a profile and modem (0 without noise).
  public static func noiseSigma(_ profile: ChannelProfile, modem: ModemSettings) -> Double {
    guard let db = profile.ebN0dB, profile.sampleRate > 0 else { return 0 }
    let e = modem.highEnergyPerBit * profile.gain * profile.gain
    let n0 = e / pow(10, db / 10)
    return (n0 * Double(profile.sampleRate) / 2).squareRoot()
  }

  public static func apply(
    _ profile: ChannelProfile, to audio: AudioBuffer, seed: UInt64, modem: ModemSettings
  ) -> AudioBuffer {
    let rateOut = max(1, profile.sampleRate)
    var rng = SeededRandom(seed: seed)
    let sigma = noiseSigma(profile, modem: modem)
    let source = audio.channels.first ?? []
    var x = source
    if let fc = profile.lowpassHz, fc > 0, fc < Double(audio.sampleRate) / 2 {
      x = lowpass(x, cutoff: fc, sampleRate: Double(audio.sampleRate))
    }
    let g = Float(profile.gain * (profile.inverted ? -1 : 1))
    if g != 1 {
      x.withUnsafeMutableBufferPointer { p in
        for i in 0..<p.count { p[i] *= g }
      }
    }
    x = resample(
      x, from: Double(audio.sampleRate),
      to: Double(rateOut) * (1 + profile.clockPPM / 1_000_000))
    let lead = Int(max(0, profile.leadSeconds) * Double(rateOut))
    let trail = Int(max(0, profile.trailSeconds) * Double(rateOut))
    if lead > 0 || trail > 0 {
      x = [Float](repeating: 0, count: lead) + x + [Float](repeating: 0, count: trail)
    }
    let dc = Float(profile.dcOffset)
    x.withUnsafeMutableBufferPointer { p in
      if sigma > 0 {
        for i in 0..<p.count {
          var v = p[i]
          v += Float(sigma * rng.gaussian())
          v += dc
          p[i] = min(1, max(-1, v))
        }
      } else {
        for i in 0..<p.count { p[i] = min(1, max(-1, p[i] + dc)) }
      }
    }
    let count = min(8, max(1, profile.channelCount))
    let signal = min(max(0, profile.signalChannel), count - 1)
    let channels = (0..<count).map { $0 == signal ? x : [Float](repeating: 0, count: x.count) }
    return AudioBuffer(sampleRate: rateOut, channels: channels)
  }

  /// Linear-phase windowed-sinc (Blackman) low-pass; delay compensated, so only magnitude changes.
  static func lowpass(_ x: [Float], cutoff: Double, sampleRate: Double) -> [Float] {
    let half = max(8, Int((2.5 * sampleRate / cutoff).rounded()))
    let taps = 2 * half + 1
    let fcn = cutoff / sampleRate
    var h = [Double](repeating: 0, count: taps)
    var sum = 0.0
    for k in 0..<taps {
      let m = Double(k - half)
      let sinc = m == 0 ? 2 * fcn : sin(2 * Double.pi * fcn * m) / (Double.pi * m)
      let w =
        0.42 - 0.5 * cos(2 * Double.pi * Double(k) / Double(taps - 1)) + 0.08
        * cos(4 * Double.pi * Double(k) / Double(taps - 1))
      h[k] = sinc * w
      sum += h[k]
    }
    let n = x.count
    var y = [Float](repeating: 0, count: n)
    x.withUnsafeBufferPointer { xp in
      y.withUnsafeMutableBufferPointer { yp in
        for i in 0..<n {
          var acc = 0.0
          let lo = max(0, i - half)
          let hi = min(n - 1, i + half)
          if lo <= hi {
            for j in lo...hi { acc += h[j - i + half] * Double(xp[j]) }
          }
          yp[i] = Float(acc / sum)
        }
      }
    }
    return y
  }

  /// Band-limited resampling (windowed sinc from a table, cutoff 0.47 × the lower rate).
  /// `to` is the recorder's true rate (nominal × clock error).
  static func resample(_ x: [Float], from: Double, to: Double) -> [Float] {
    guard from > 0, to > 0, !x.isEmpty else { return [] }
    if abs(from - to) < 1e-9 { return x }
    let step = from / to  // input samples per output sample
    let cutoff = 0.47 * min(from, to) / from  // normalised to the input rate
    let halfWidth = 12.0 / (2 * cutoff)  // input samples: 12 zero crossings each side
    let W = Int(halfWidth.rounded(.up))
    let res = 64
    let tableCount = 2 * W * res + 2
    var table = [Double](repeating: 0, count: tableCount)
    for i in 0..<tableCount {
      let d = Double(i) / Double(res) - Double(W)
      let sinc = d == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * d) / (Double.pi * d)
      let r = d / Double(W)
      let w = abs(r) >= 1 ? 0 : 0.42 + 0.5 * cos(Double.pi * r) + 0.08 * cos(2 * Double.pi * r)
      table[i] = sinc * w
    }
    let outCount = Int(Double(x.count) / step)
    var y = [Float](repeating: 0, count: max(0, outCount))
    x.withUnsafeBufferPointer { xp in
      table.withUnsafeBufferPointer { tp in
        y.withUnsafeMutableBufferPointer { yp in
          for n in 0..<outCount {
            let u = Double(n) * step
            let k0 = Int(u.rounded(.down))
            var acc = 0.0
            let lo = max(0, k0 - W + 1)
            let hi = min(xp.count - 1, k0 + W)
            if lo <= hi {
              for k in lo...hi {
                let pos = (Double(k) - u + Double(W)) * Double(res)
                let i = Int(pos)
                let f = pos - Double(i)
                if i < 0 || i + 1 >= tableCount { continue }
                let hv = tp[i] + f * (tp[i + 1] - tp[i])
                acc += hv * Double(xp[k])
              }
            }
            yp[n] = Float(acc)
          }
        }
      }
    }
    return y
  }
}
