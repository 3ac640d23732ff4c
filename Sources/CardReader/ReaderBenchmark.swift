import Foundation

/// Frame error rate against Eb/N0 for the high copy alone, the low copy alone and the full
/// decoder (high, else low, else soft combination), beside non-coherent OOK theory; and speed.
///
/// Eb/N0 on the x axis is the *high* copy's: E = (A²/4)/highBitRate, N0 set from it, and one
/// white noise spans the whole recording (so the low copy, at half the bit rate, sees +3 dB).
public struct ReaderBenchmark: Sendable {
  public struct Point: Sendable, Equatable {
    public var ebN0dB: Double
    public var frames: Int
    public var highErrors: Int
    public var lowErrors: Int
    public var combinedErrors: Int
    /// Theory for the same number of decided bits: P_b = ½·exp(−E/2N0), FER = 1 − (1 − P_b)^bits.
    public var theoryHigh: Double
    public var theoryLow: Double
    public var highFER: Double { Double(highErrors) / Double(max(1, frames)) }
    public var lowFER: Double { Double(lowErrors) / Double(max(1, frames)) }
    public var combinedFER: Double { Double(combinedErrors) / Double(max(1, frames)) }
  }

  public struct Result: Sendable {
    public var points: [Point]
    /// Bits decided per copy (sync + flags + length + payload + CRC).
    public var decidedBits: Int
    public var seed: UInt64
    /// Eb/N0 (dB) at 1 % FER, interpolated on log FER; nil when not crossed in the range.
    public var highAt1: Double?
    public var lowAt1: Double?
    public var combinedAt1: Double?
    public var theoryHighAt1: Double
    public var theoryLowAt1: Double
    /// Audio seconds decoded per CPU second of one core (receive() only).
    public var decodeRealTime: Double
    /// Mean CPU time of one clean swipe (transmit + channel + receive), seconds.
    public var swipeSeconds: Double
    public var audioSeconds: Double
  }

  /// Level of the bench recordings: low enough that signal + noise stay inside ±1 down to the
  /// lowest Eb/N0 (σ ≈ 0.11 at 4 dB), so clipping does not disturb the noise calibration.
  public static let gain = 0.1

  public var modem: ReaderModem
  public var tracks: CardTracks
  public init(modem: ReaderModem = ReaderModem(), tracks: CardTracks = ReaderBenchmark.sampleCard) {
    self.modem = modem
    self.tracks = tracks
  }

  /// A deck-like card: 16-digit UnionPay PAN, track 1 and track 2.
  public static let sampleCard: CardTracks = {
    let body = "622202100112345"
    let pan = body + String(Luhn.checkDigit(for: body))
    return CardTracks(
      track1: Track1(pan: pan, name: "ZHANG/SAN", expiry: "2812", serviceCode: "201"),
      track2: Track2(pan: pan, expiry: "2812", serviceCode: "201"))
  }()

  /// Non-coherent OOK bit error rate at average energy per bit E/N0 (linear).
  public static func theoryBER(_ ebN0: Double) -> Double { 0.5 * exp(-ebN0 / 2) }

  public static func theoryFER(ebN0dB: Double, bits: Int) -> Double {
    let pb = theoryBER(pow(10, ebN0dB / 10))
    return 1 - pow(1 - pb, Double(bits))
  }

  /// Eb/N0 (dB) where the theoretical FER is `target`, by bisection.
  public static func theoryAt(_ target: Double, bits: Int, offsetDB: Double = 0) -> Double {
    var lo = -10.0
    var hi = 40.0
    for _ in 0..<80 {
      let mid = (lo + hi) / 2
      if theoryFER(ebN0dB: mid + offsetDB, bits: bits) > target { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
  }

  /// Interpolates where a measured FER curve crosses `target` (linear in log10 FER).
  public static func crossing(_ xs: [Double], _ fers: [Double], target: Double = 0.01) -> Double? {
    guard xs.count == fers.count else { return nil }
    for i in 1..<max(1, xs.count) {
      let a = fers[i - 1]
      let b = fers[i]
      if a >= target, b < target {
        if b <= 0 {
          return xs[i - 1] + (xs[i] - xs[i - 1]) * (a - target) / (a - b)
        }
        let la = log10(a)
        let lb = log10(b)
        return xs[i - 1] + (xs[i] - xs[i - 1]) * (la - log10(target)) / (la - lb)
      }
    }
    return nil
  }

  public func run(
    from: Double = 4, to: Double = 16, step: Double = 1, frames: Int = 1000, seed: UInt64 = 7,
    progress: ((Point) -> Void)? = nil
  ) -> Result {
    let (clean, layout) = modem.transmitWithLayout(tracks)
    let bits = layout.bodyBits + 16
    var points: [Point] = []
    var x = from
    var pointIndex: UInt64 = 0
    while x <= to + 1e-9 {
      var p = Point(
        ebN0dB: x, frames: frames, highErrors: 0, lowErrors: 0, combinedErrors: 0,
        theoryHigh: Self.theoryFER(ebN0dB: x, bits: bits),
        theoryLow: Self.theoryFER(ebN0dB: x + 10 * log10(2), bits: bits))
      var profile = ChannelProfile()
      profile.ebN0dB = x
      profile.gain = Self.gain
      profile.sampleRate = clean.sampleRate
      for i in 0..<frames {
        let s = seed &+ pointIndex &* 1_000_003 &+ UInt64(i)
        let audio = ImpairmentChannel.apply(profile, to: clean, seed: s, modem: modem.settings)
        if !ok(modem.receive(audio, using: .highOnly)) { p.highErrors += 1 }
        if !ok(modem.receive(audio, using: .lowOnly)) { p.lowErrors += 1 }
        if !ok(modem.receive(audio, using: .auto)) { p.combinedErrors += 1 }
      }
      progress?(p)
      points.append(p)
      x += step
      pointIndex += 1
    }
    let xs = points.map(\.ebN0dB)
    // Speed: receive() on noisy recordings at the middle of the range, and clean swipes.
    var profile = ChannelProfile()
    profile.ebN0dB = 14
    profile.gain = Self.gain
    let audio = ImpairmentChannel.apply(profile, to: clean, seed: seed, modem: modem.settings)
    let runs = 50
    var sink = 0
    let t0 = CPUClock.seconds()
    for _ in 0..<runs { if ok(modem.receive(audio)) { sink += 1 } }
    let decode = CPUClock.seconds() - t0
    let t1 = CPUClock.seconds()
    for k in 0..<runs {
      if ok(modem.swipe(tracks, through: .clean, seed: UInt64(k))) { sink += 1 }
    }
    let swipe = CPUClock.seconds() - t1
    return Result(
      points: points, decidedBits: bits, seed: seed,
      highAt1: Self.crossing(xs, points.map(\.highFER)),
      lowAt1: Self.crossing(xs, points.map(\.lowFER)),
      combinedAt1: Self.crossing(xs, points.map(\.combinedFER)),
      theoryHighAt1: Self.theoryAt(0.01, bits: bits),
      theoryLowAt1: Self.theoryAt(0.01, bits: bits, offsetDB: 10 * log10(2)),
      decodeRealTime: audio.duration * Double(runs) / max(decode, 1e-9),
      swipeSeconds: sink >= 0 ? swipe / Double(runs) : 0, audioSeconds: audio.duration)
  }

  func ok(_ r: Swift.Result<DecodeReport, DecodeFailure>) -> Bool {
    if case .success(let rep) = r { return rep.tracks == tracks }
    return false
  }

  /// The printed table.
  public static func table(_ r: Result, frames: Int) -> String {
    func f(_ v: Double) -> String { String(format: "%.4f", v) }
    func db(_ v: Double?) -> String { v.map { String(format: "%.2f dB", $0) } ?? "not reached" }
    var s =
      "Eb/N0 is the high copy's (E = (A·gain)²/4 per bit at its bit rate, gain \(gain)); one white noise, N0 set\n"
    s += "from that E, spans the whole recording, so the low copy (half the bit rate) gets +3 dB.\n"
    s +=
      "Theory: non-coherent OOK, P_b = ½·exp(−E/2N0) (high-SNR form), FER = 1 − (1 − P_b)^\(r.decidedBits)\n"
    s +=
      "(\(r.decidedBits) decided bits: sync + flags + length + payload + CRC); \(frames) frames a point, seed \(r.seed).\n\n"
    s += "Eb/N0 dB | high FER | theory(high) | low FER | theory(low, +3dB) | combined FER\n"
    s += "-------- | -------- | ------------ | ------- | ----------------- | ------------\n"
    for p in r.points {
      s +=
        String(format: "%8.1f", p.ebN0dB)
        + " | \(f(p.highFER))   | \(f(p.theoryHigh))       | \(f(p.lowFER))  | \(f(p.theoryLow))            | \(f(p.combinedFER))\n"
    }
    s += "\n1% FER at: high \(db(r.highAt1)) (theory \(db(r.theoryHighAt1))), "
    s += "low \(db(r.lowAt1)) (theory \(db(r.theoryLowAt1))), combined \(db(r.combinedAt1))\n"
    if let h = r.highAt1 {
      s += String(format: "high copy vs theory: %+.2f dB\n", h - r.theoryHighAt1)
    }
    if let l = r.lowAt1 {
      s += String(format: "low copy vs theory: %+.2f dB\n", l - r.theoryLowAt1)
    }
    if let h = r.highAt1, let c = r.combinedAt1 {
      s += String(format: "combined gain over the high copy: %.2f dB\n", h - c)
    }
    s += String(
      format:
        "decode speed: %.0f× real time, CPU time of one core (receive() of a %.2f s recording at 14 dB)\n",
      r.decodeRealTime, r.audioSeconds)
    s += String(
      format: "clean swipe (transmit + channel + receive, 44100 Hz): %.3f ms CPU\n",
      r.swipeSeconds * 1000)
    return s
  }
}

extension ReaderBenchmark {
  /// One recording set to time: several seeds of the same swipe, decoded in turn.
  public struct SpeedCase: Sendable {
    public var label: String
    public var recordings: [AudioBuffer]
    public var tracks: CardTracks
    public init(label: String, recordings: [AudioBuffer], tracks: CardTracks) {
      self.label = label
      self.recordings = recordings
      self.tracks = tracks
    }

    /// `seeds` swipes of `tracks` through `profile`, as the reader would record them.
    public init(
      label: String, tracks: CardTracks, profile: ChannelProfile, modem: ReaderModem,
      seeds: Int = 8
    ) {
      let clean = modem.transmit(tracks)
      self.init(
        label: label,
        recordings: (1...max(1, seeds)).map {
          ImpairmentChannel.apply(profile, to: clean, seed: UInt64($0), modem: modem.settings)
        }, tracks: tracks)
    }
  }

  public struct Speed: Sendable {
    public var label: String
    public var sampleRate: Int
    /// Audio seconds decoded, CPU seconds spent in receive(), and how many decodes.
    public var audioSeconds: Double
    public var cpuSeconds: Double
    public var decodes: Int
    /// Decodes that did not give the card's tracks.
    public var failures: Int
    /// Audio seconds per CPU second.
    public var realTime: Double { audioSeconds / max(cpuSeconds, 1e-12) }
  }

  /// Decodes the case's recordings in turn until at least `cpuSeconds` of CPU time
  /// (and at least one round) has been spent in receive(), after one untimed round.
  public func speed(of c: SpeedCase, cpuSeconds budget: Double = 0.3) -> Speed {
    for audio in c.recordings { _ = modem.receive(audio) }
    var audioSeconds = 0.0
    var spent = 0.0
    var decodes = 0
    var failures = 0
    repeat {
      for audio in c.recordings {
        let t0 = CPUClock.seconds()
        let r = modem.receive(audio)
        spent += CPUClock.seconds() - t0
        audioSeconds += audio.duration
        decodes += 1
        if case .success(let rep) = r, rep.tracks == c.tracks {} else { failures += 1 }
      }
    } while spent < budget
    return Speed(
      label: c.label, sampleRate: c.recordings.first?.sampleRate ?? 0, audioSeconds: audioSeconds,
      cpuSeconds: spent, decodes: decodes, failures: failures)
  }

  /// The printed speed lines.
  public static func speedTable(_ rows: [Speed]) -> String {
    var s =
      "decode speed, CPU time of one core (receive() only, 8 seeds a case, decoded in turn):\n"
    let width = rows.map(\.label.count).max() ?? 0
    for r in rows {
      let label = r.label + String(repeating: " ", count: width - r.label.count)
      s +=
        "  \(label)  "
        + String(
          format: "%6.0f× real time  (%d decodes, %.3f ms CPU each, %d failed)\n", r.realTime,
          r.decodes, 1000 * r.cpuSeconds / Double(max(1, r.decodes)), r.failures)
    }
    return s
  }
}

/// CPU time of this process (all threads; the decoder runs on one), in seconds.
public enum CPUClock {
  public static func seconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }
}
