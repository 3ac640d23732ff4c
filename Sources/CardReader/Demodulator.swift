import Foundation

/// A recording's samples less their DC offset: sample n reads `samples[n] - dc` (in Float,
/// as subtracting in place would), without a second copy of the recording.
struct Recording {
  let samples: [Float]
  let dc: Float
  var count: Int { samples.count }
}

/// The prefix sums of one carrier, computed on demand: interleaved I and Q, `count + 1`
/// pairs, of which `0...filled` are valid. Freed with the last copy of its `Baseband`.
///
/// A clean swipe is decoded from the high copy alone, which ends before half the recording:
/// the sums (and their memory, never touched) after what the decoder reads are not made.
final class PrefixSums {
  let pointer: UnsafeMutablePointer<Double>
  let recording: Recording
  let w: Double
  /// e^{−iωj} for j in one block.
  let tableC: [Double]
  let tableS: [Double]
  private(set) var filled = 0

  /// The mixer's phase is exact at each block start (cos/sin of ω·start) and rotated by a
  /// table of e^{−iωj} inside the block, so no sample waits on the previous one's rotation.
  static let block = 64
  /// Sums are made this many samples at a time (a multiple of `block`).
  static let chunk = 4096

  init(_ recording: Recording, w: Double) {
    self.recording = recording
    self.w = w
    pointer = .allocate(capacity: 2 * (recording.count + 1))
    pointer[0] = 0
    pointer[1] = 0
    tableC = (0..<Self.block).map { cos(w * Double($0)) }
    tableS = (0..<Self.block).map { sin(w * Double($0)) }
  }
  deinit { pointer.deallocate() }

  /// Makes the sums valid up to index `k` (at least), a chunk at a time.
  func extend(to k: Int) {
    let n = recording.count
    let target = min(n, (k + Self.chunk - 1) / Self.chunk * Self.chunk)
    guard target > filled else { return }
    let out = pointer
    let dc = recording.dc
    let w = self.w
    recording.samples.withUnsafeBufferPointer { x in
      tableC.withUnsafeBufferPointer { tcb in
        tableS.withUnsafeBufferPointer { tsb in
          let src = x.baseAddress!
          let tcp = tcb.baseAddress!
          let tsp = tsb.baseAddress!
          var accI = out[2 * filled]
          var accQ = out[2 * filled + 1]
          var start = filled
          while start < target {
            let len = min(Self.block, target - start)
            let c0 = cos(w * Double(start))
            let s0 = sin(w * Double(start))
            let xs = src + start
            let o = out + 2 * (start + 1)
            for k in 0..<len {
              // cos/sin of ω(start + k) from the block's phase and the table.
              let c = c0 * tcp[k] - s0 * tsp[k]
              let s = s0 * tcp[k] + c0 * tsp[k]
              let v = Double(xs[k] - dc)
              accI += v * c
              accQ -= v * s
              o[2 * k] = accI
              o[2 * k + 1] = accQ
            }
            start += len
          }
        }
      }
    }
    filled = target
  }
}

/// Complex baseband of one carrier as prefix sums, so that the integrate-and-dump value
/// over any interval costs O(1): Z(a,b) = Σ_{a≤n<b} x[n]·e^{−iωn}.
struct Baseband {
  private let storage: PrefixSums
  /// `storage.pointer`: entry 2k is Σ_{n<k} Re, 2k+1 is Σ_{n<k} Im.
  private let sums: UnsafeMutablePointer<Double>
  let count: Int
  /// e^{−2iω}: the image-rejection term (see `mag`).
  let rI: Double
  let rQ: Double
  /// Only near Nyquist (fs < 3f) does the image alias close to DC; elsewhere it integrates to
  /// (nearly) zero over a chip and the plain sum is used.
  let imageReject: Bool

  init(_ x: Recording, frequency: Double, sampleRate: Double) {
    count = x.count
    let w = 2 * Double.pi * frequency / sampleRate
    storage = PrefixSums(x, w: w)
    sums = storage.pointer
    rI = cos(2 * w)
    rQ = -sin(2 * w)
    imageReject = sampleRate < 3 * frequency
  }

  /// `a` rounded to the nearest sample (halves up) as an index; callers clamp. For a ≥ −½
  /// this is `a.rounded()`; below, both clamp to the same index.
  @inline(__always) static func index(_ a: Double) -> Int {
    let v = a + 0.5
    // Outside ±2^52 (never a sample position) clamp before converting.
    return v < -4e15 ? -1 : v > 4e15 ? Int.max / 4 : Int(v)
  }

  /// |Σ z[n]| over [a, b) where z[n] = b[n] − e^{−2iω}·b[n−1] and b[n] = x[n]·e^{−iωn}.
  /// The two-tap term is the complex filter 1 − e^{−iω}z⁻¹ applied before mixing: it has a zero
  /// at −f, so the mixer's image at −2f (which near Nyquist aliases close to DC and does not
  /// integrate away over a chip) is cancelled, while signal and in-band noise at +f are scaled
  /// alike (|1 − e^{−2iω}| = 2|sin ω|), leaving the SNR unchanged.
  /// With image rejection the window is [a+1, b) so that z never reaches into the previous chip.
  @inline(__always) func mag(_ a: Int, _ b: Int) -> Double {
    let p = sums
    guard imageReject else {
      let a = min(max(a, 0), count)
      let b = min(max(b, a), count)
      if b > storage.filled { storage.extend(to: b) }
      let i = p[2 * b] - p[2 * a]
      let q = p[2 * b + 1] - p[2 * a + 1]
      return (i * i + q * q).squareRoot()
    }
    let a = min(max(a + 1, 1), count)
    let b = min(max(b, a), count)
    if b > storage.filled { storage.extend(to: b) }
    let i0 = p[2 * b] - p[2 * a]
    let q0 = p[2 * b + 1] - p[2 * a + 1]
    let i1 = p[2 * b - 2] - p[2 * a - 2]
    let q1 = p[2 * b - 1] - p[2 * a - 1]
    let i = i0 - (rI * i1 - rQ * q1)
    let q = q0 - (rI * q1 + rQ * i1)
    return (i * i + q * q).squareRoot()
  }

  @inline(__always) func mag(_ a: Double, _ b: Double) -> Double {
    mag(Self.index(a), Self.index(b))
  }
}

/// Per-bit values from one copy: soft value (on-chip minus off-chip magnitude) and both chips.
struct BitObservation {
  var first: Double
  var second: Double
  var soft: Double { first - second }
}

/// Tracks one copy's bit timing: integrate-and-dump per chip, Manchester decision by comparing
/// the halves, and a decision-directed second-order loop on the mid-bit edge.
struct CopyDemodulator {
  let bb: Baseband
  /// Start of the next bit (samples).
  var t: Double
  /// Current chip length estimate (samples).
  var chip: Double
  let nominalChip: Double
  static let alpha = 0.3
  static let beta = 0.04

  /// Observes the next bit without moving on.
  func observe() -> BitObservation {
    BitObservation(first: bb.mag(t, t + chip), second: bb.mag(t + chip, t + 2 * chip))
  }

  /// Moves on past the current bit, whose value was decided as `bit`.
  mutating func advance(_ o: BitObservation, bit: UInt8) {
    let a = (o.first + o.second) / chip
    var e = 0.0
    if a > 0 {
      let w = bb.mag(t + 0.5 * chip, t + 1.5 * chip) / a
      e = bit == 1 ? w - 0.5 * chip : 0.5 * chip - w
      e = min(max(e, -0.5 * chip), 0.5 * chip)
    }
    t += 2 * chip + Self.alpha * e
    chip += Self.beta * e / 2
    chip = min(max(chip, nominalChip * 0.97), nominalChip * 1.03)
  }

  var atEnd: Bool { Int((t + 2 * chip).rounded()) > bb.count }
}

/// What the search found for one copy: where its sync word starts and the chip length.
struct SyncLock {
  var syncStart: Double
  var chip: Double
  var score: Double
}

enum SyncSearch {
  /// A preamble+sync correlation at least this good ends a search at once.
  static let strongScore = 0.6

  /// Chips (+1 on, −1 off) of the last `lead` preamble bits followed by the sync word.
  static func pattern(lead: Int) -> [Double] {
    var chips: [Double] = []
    for bit in [UInt8](repeating: 1, count: lead) + FrameCodec.syncBits {
      chips += bit == 1 ? [1, -1] : [-1, 1]
    }
    return chips
  }

  /// Normalised correlation of chip magnitudes with `pattern` whose first chip starts at `pos`.
  static func correlate(_ bb: Baseband, _ pattern: [Double], at pos: Double, chip: Double) -> Double
  {
    pattern.withUnsafeBufferPointer { pat in
      var num = 0.0
      var den = 0.0
      for k in 0..<pat.count {
        let a = pos + Double(k) * chip
        let m = bb.mag(a, a + chip)
        num += pat[k] * m
        den += m
      }
      return den > 0 ? num / den : 0
    }
  }

  /// Finds the first copy whose preamble+sync pattern correlates well, at or after `from`;
  /// with `before`, only patterns that end before that sample are considered.
  ///
  /// The chip magnitudes at quarter-chip positions (`env`) are computed as the search moves
  /// on, each once; the pattern's correlation at a grid position then reads them (one chip =
  /// 4 grid steps), and each position is correlated at most once even where candidate
  /// windows overlap. A search that ends early computes nothing past where it ended.
  static func find(
    _ bb: Baseband, chip nominal: Double, preambleBits: Int, from: Int, before: Int? = nil,
    minimumScore: Double = 0.3
  ) -> SyncLock? {
    let lead = min(8, max(0, preambleBits))
    let bits = [UInt8](repeating: 1, count: lead) + FrameCodec.syncBits
    let patChips = 2 * bits.count
    let g = nominal / 4
    let n = min(bb.count, before ?? bb.count)
    guard n > from, Double(n - from) > Double(patChips + 4) * nominal else { return nil }
    let gridCount = Int((Double(n - from) - nominal) / g)
    guard gridCount > 80 else { return nil }
    // Envelope on a quarter-chip grid, and the preamble detector's alternating and plain
    // sums over it as prefix sums with stride 4 (one chip): alt/tot[j + 4] = alt/tot[j] ±
    // env[j]. Grown together (`ready` entries of env); scores[k] is the correlation at k
    // (NaN: not yet computed). Memory past what the search reaches is never touched.
    let env = UnsafeMutablePointer<Double>.allocate(capacity: gridCount)
    let alt = UnsafeMutablePointer<Double>.allocate(capacity: gridCount + 4)
    let tot = UnsafeMutablePointer<Double>.allocate(capacity: gridCount + 4)
    let scores = UnsafeMutablePointer<Double>.allocate(capacity: gridCount)
    defer {
      env.deallocate()
      alt.deallocate()
      tot.deallocate()
      scores.deallocate()
    }
    for j in 0..<4 {
      alt[j] = 0
      tot[j] = 0
    }
    var ready = 0
    /// Makes env valid below `k` (and alt/tot below k + 4), 256 grid steps at a time.
    @inline(__always) func need(_ k: Int) {
      guard k > ready else { return }
      let target = min(gridCount, max(k, ready + 256))
      for j in ready..<target {
        let a = Double(from) + Double(j) * g
        let e = bb.mag(a, a + nominal)
        let sign: Double = (j / 4) % 2 == 0 ? 1 : -1
        env[j] = e
        alt[j + 4] = alt[j] + sign * e
        tot[j + 4] = tot[j] + e
        scores[j] = .nan
      }
      ready = target
    }
    // The pattern at grid position k: bit b's chips are env[k + 8b] and env[k + 8b + 4],
    // weighted +1/−1 for a 1 (on, off) and −1/+1 for a 0.
    let signs = bits.map { $0 == 1 ? 1.0 : -1.0 }
    let lastStart = gridCount - 1 - 4 * (patChips - 1)
    func score(_ k: Int) -> Double {
      need(k + 4 * (patChips - 1) + 1)
      if !scores[k].isNaN { return scores[k] }
      var num = 0.0
      var den = 0.0
      signs.withUnsafeBufferPointer { sg in
        var i = k
        for b in 0..<sg.count {
          let on = env[i]
          let off = env[i + 4]
          num += sg[b] * (on - off)
          den += on + off
          i += 8
        }
      }
      let s = den > 0 ? num / den : 0
      scores[k] = s
      return s
    }
    let span = 16
    let searchSpan = 4 * 2 * (max(0, preambleBits) + 8)
    // A strong match ends the search; weaker ones are kept and the best is taken at the end
    // (a preamble detected early could otherwise lock onto a partial match).
    var weak: (Int, Double)? = nil
    var j = 0
    while j + 4 * span < gridCount {
      let end = j + 4 * span
      need(end - 3)
      let sum = tot[end] - tot[j]
      let a = alt[end] - alt[j]
      let sign: Double = (j / 4) % 2 == 0 ? 1 : -1
      guard sum > 0, sign * a / sum > 0.3 else {
        j += 1
        continue
      }
      // A preamble candidate: look for the sync pattern in the following span.
      var bestScore = -1.0
      var bestJ = j
      let last = min(gridCount - 1, j + searchSpan)
      for k in j...last {
        let pos = Double(from) + Double(k) * g
        if pos + Double(patChips) * nominal > Double(n) || k > lastStart { break }
        let s = score(k)
        if s > bestScore {
          bestScore = s
          bestJ = k
        }
      }
      if bestScore >= strongScore {
        return refine(
          bb, around: Double(from) + Double(bestJ) * g, chip: nominal, lead: lead,
          preambleBits: preambleBits)
      }
      if bestScore >= minimumScore, bestScore > (weak?.1 ?? -1) { weak = (bestJ, bestScore) }
      j += max(1, searchSpan / 2)
    }
    guard let (bestJ, _) = weak else { return nil }
    return refine(
      bb, around: Double(from) + Double(bestJ) * g, chip: nominal, lead: lead,
      preambleBits: preambleBits)
  }

  /// Sample-accurate position and chip length: tries clock scales within ±1.2 %.
  static func refine(
    _ bb: Baseband, around pos: Double, chip nominal: Double, lead: Int,
    preambleBits: Int
  ) -> SyncLock {
    // Whole preamble + sync anchored at the sync start discriminates the clock rate.
    let full = self.pattern(lead: max(0, preambleBits))
    let preChips = Double(2 * lead)
    let preFull = Double(2 * max(0, preambleBits))
    var bestPos = pos + preChips * nominal
    var bestChip = nominal
    var bestScore = -2.0
    let step = max(1.0, nominal / 8)
    for scale in stride(from: 0.988, through: 1.0121, by: 0.003) {
      let c = nominal * scale
      var off = -nominal / 2
      while off <= nominal / 2 {
        let syncStart = pos + preChips * nominal + off
        let s = correlate(bb, full, at: syncStart - preFull * c, chip: c)
        if s > bestScore {
          bestScore = s
          bestPos = syncStart
          bestChip = c
        }
        off += step
      }
    }
    return SyncLock(syncStart: bestPos, chip: bestChip, score: bestScore)
  }
}

/// One copy demodulated on its own.
struct CopyResult {
  var lock: SyncLock
  var body: [UInt8]
  var soft: [Double]
  /// Mean on-chip magnitude and mean off-chip power (decision-directed).
  var onMean: Double
  var offPower: Double
  var endT: Double
  var endChip: Double
  var parsed: Result<CardTracks, DecodeFailure>

  /// Estimated Eb/N0 in dB: (E|z_on|² − E|z_off|²)/E|z_off|² on a matched chip integral.
  var snrDB: Double {
    let on2 = onMean * onMean
    guard offPower > 0 else { return 60 }
    return min(60, 10 * log10(max(on2 - offPower, 1e-12) / offPower))
  }
  /// Log-likelihood scale for soft values: amplitude / noise variance.
  var weight: Double { offPower > 0 ? onMean / offPower : 1e6 }
}

enum CopyDecoder {
  /// Starts the demodulator a few preamble bits before the sync so the loop settles on known bits.
  static func start(_ bb: Baseband, lock: SyncLock, nominalChip: Double, preambleBits: Int)
    -> CopyDemodulator
  {
    let lead = min(8, max(0, preambleBits))
    var d = CopyDemodulator(
      bb: bb, t: lock.syncStart - Double(2 * lead) * lock.chip, chip: lock.chip,
      nominalChip: nominalChip)
    for bit in [UInt8](repeating: 1, count: lead) + FrameCodec.syncBits {
      let o = d.observe()
      d.advance(o, bit: bit)
    }
    return d
  }

  static func decode(_ bb: Baseband, lock: SyncLock, nominalChip: Double, preambleBits: Int)
    -> CopyResult
  {
    var d = start(bb, lock: lock, nominalChip: nominalChip, preambleBits: preambleBits)
    var body: [UInt8] = []
    var soft: [Double] = []
    var onSum = 0.0
    var offSum = 0.0
    var total = FrameCodec.headerBits
    var failure: DecodeFailure? = nil
    while body.count < total {
      if d.atEnd {
        failure = DecodeFailure("signal ends inside the frame")
        break
      }
      let o = d.observe()
      let bit: UInt8 = o.soft > 0 ? 1 : 0
      onSum += max(o.first, o.second)
      let off = min(o.first, o.second)
      offSum += off * off
      body.append(bit)
      soft.append(o.soft)
      d.advance(o, bit: bit)
      if body.count == FrameCodec.headerBits {
        switch FrameCodec.payloadLength(body[...]) {
        case .success(let n): total = FrameCodec.headerBits + n + 16
        case .failure(let f):
          failure = f
          total = 0
        }
      }
    }
    let count = Double(max(1, body.count))
    let parsed: Result<CardTracks, DecodeFailure> =
      failure.map { .failure($0) } ?? FrameCodec.parse(body: body)
    return CopyResult(
      lock: lock, body: body, soft: soft, onMean: onSum / count, offPower: offSum / count,
      endT: d.t, endChip: d.chip, parsed: parsed)
  }

  /// Both copies in lockstep, deciding each bit from the weighted sum of their soft values.
  static func combine(
    high: (Baseband, CopyResult, Double), low: (Baseband, CopyResult, Double), preambleBits: Int
  ) -> Result<CardTracks, DecodeFailure> {
    var dh = start(high.0, lock: high.1.lock, nominalChip: high.2, preambleBits: preambleBits)
    var dl = start(low.0, lock: low.1.lock, nominalChip: low.2, preambleBits: preambleBits)
    let wh = high.1.weight
    let wl = low.1.weight
    var body: [UInt8] = []
    var total = FrameCodec.headerBits
    while body.count < total {
      if dh.atEnd || dl.atEnd { return .failure(DecodeFailure("signal ends inside the frame")) }
      let oh = dh.observe()
      let ol = dl.observe()
      let bit: UInt8 = wh * oh.soft + wl * ol.soft > 0 ? 1 : 0
      body.append(bit)
      dh.advance(oh, bit: bit)
      dl.advance(ol, bit: bit)
      if body.count == FrameCodec.headerBits {
        switch FrameCodec.payloadLength(body[...]) {
        case .success(let n): total = FrameCodec.headerBits + n + 16
        case .failure(let f): return .failure(f)
        }
      }
    }
    return FrameCodec.parse(body: body)
  }

  /// Polarity from the two-tone mark after the frame: the phase of the carrier tone relative
  /// to twice the phase of the half-carrier tone is +90° as sent and −90° when inverted,
  /// whatever the delay. Returns nil when the mark is too weak to tell.
  static func polarity(
    _ recording: Recording, sampleRate fs: Double, carrier: Double, endT: Double,
    chip: Double, nominalChip: Double, markBits: Int
  ) -> Polarity? {
    guard markBits > 0 else { return nil }
    let x = recording.samples
    let dc = recording.dc
    let len = Double(2 * markBits) * chip
    let a = max(0, Int((endT + 0.15 * len).rounded()))
    let b = min(x.count, Int((endT + 0.85 * len).rounded()))
    guard b - a > 8 else { return nil }
    let f = carrier * nominalChip / chip
    func z(_ freq: Double) -> (Double, Double) {
      let w = 2 * Double.pi * freq / fs
      var re = 0.0
      var im = 0.0
      var c = cos(w * Double(a))
      var s = sin(w * Double(a))
      let cw = cos(w)
      let sw = sin(w)
      for n in a..<b {
        let v = Double(x[n] - dc)
        re += v * c
        im -= v * s
        let c2 = c * cw - s * sw
        s = s * cw + c * sw
        c = c2
      }
      return (re, im)
    }
    let (fr, fi) = z(f)
    let (hr, hi) = z(f / 2)
    // conj(h)^2
    let h2r = hr * hr - hi * hi
    let h2i = -2 * hr * hi
    let pr = fr * h2r - fi * h2i
    let pi = fr * h2i + fi * h2r
    let mag = (pr * pr + pi * pi).squareRoot()
    guard mag > 0, abs(pi) > 0.3 * mag else { return nil }
    return pi > 0 ? .normal : .inverted
  }
}
