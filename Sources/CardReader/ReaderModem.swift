import Foundation

public enum CopyUsed: String, Sendable, Codable { case high, low, combined }
public enum Polarity: String, Sendable, Codable { case normal, inverted }

/// A successful decode.
public struct DecodeReport: Equatable, Sendable {
  public var tracks: CardTracks
  /// Which copy gave the tracks: the 9600 Hz one, the 4800 Hz one, or both combined.
  public var copyUsed: CopyUsed
  public var polarity: Polarity
  /// Estimated Eb/N0 (dB) of the copy used (the better copy when combined); capped at 60.
  public var snrDB: Double
  public init(tracks: CardTracks, copyUsed: CopyUsed, polarity: Polarity, snrDB: Double) {
    self.tracks = tracks
    self.copyUsed = copyUsed
    self.polarity = polarity
    self.snrDB = snrDB
  }
}

/// A failed decode: a human sentence, and the SNR estimate when a copy was found.
public struct DecodeFailure: Error, Equatable, Sendable, CustomStringConvertible {
  public var reason: String
  public var snrDB: Double?
  public init(_ reason: String, snrDB: Double? = nil) {
    self.reason = reason
    self.snrDB = snrDB
  }
  public var description: String { reason }
}

/// Which copies the decoder may use (the bench measures each alone).
public enum CopySelection: Sendable {
  case auto, highOnly, lowOnly
}

/// The audio-jack reader's modem: track data in, samples out; samples in, tracks and report out.
public struct ReaderModem: Sendable {
  public var settings: ModemSettings
  public init(settings: ModemSettings = .standard) { self.settings = settings }

  /// A carrier is usable when the rate leaves room above it (≥ 2.2 samples per cycle).
  public static func carrierUsable(_ carrier: Double, sampleRate: Int) -> Bool {
    Double(sampleRate) >= 2.2 * carrier
  }

  /// transmit → channel(profile, seed) → receive.
  public func swipe(_ tracks: CardTracks, through profile: ChannelProfile, seed: UInt64)
    -> Result<DecodeReport, DecodeFailure>
  {
    receive(ImpairmentChannel.apply(profile, to: transmit(tracks), seed: seed, modem: settings))
  }

  /// Decodes a recording: tries each channel, loudest first.
  public func receive(_ audio: AudioBuffer) -> Result<DecodeReport, DecodeFailure> {
    receive(audio, using: .auto)
  }

  public func receive(_ audio: AudioBuffer, using selection: CopySelection)
    -> Result<DecodeReport, DecodeFailure>
  {
    guard audio.sampleRate > 0 else { return .failure(DecodeFailure("sample rate is 0")) }
    guard !audio.channels.isEmpty, audio.frameCount > 0 else {
      return .failure(DecodeFailure("the recording is empty"))
    }
    if audio.channels.count == 1 {
      return receiveMono(audio.channels[0], sampleRate: audio.sampleRate, using: selection)
    }
    let order = audio.channels.indices.sorted {
      energy(audio.channels[$0]) > energy(audio.channels[$1])
    }
    var firstFailure: DecodeFailure? = nil
    for c in order {
      switch receiveMono(audio.channels[c], sampleRate: audio.sampleRate, using: selection) {
      case .success(let r): return .success(r)
      case .failure(let f): if firstFailure == nil { firstFailure = f }
      }
    }
    return .failure(firstFailure ?? DecodeFailure("no preamble found"))
  }

  private func energy(_ x: [Float]) -> Double {
    guard !x.isEmpty else { return 0 }
    let m = Self.sum(x) / Double(x.count)
    return Self.sum(x, squared: true) / Double(x.count) - m * m
  }

  /// Σx (or Σx²) in Double, on four accumulators so that no add waits on the one before.
  static func sum(_ x: [Float], squared: Bool = false) -> Double {
    x.withUnsafeBufferPointer { p in
      var s0 = 0.0
      var s1 = 0.0
      var s2 = 0.0
      var s3 = 0.0
      let n = p.count
      var i = 0
      while i + 4 <= n {
        let a = Double(p[i])
        let b = Double(p[i + 1])
        let c = Double(p[i + 2])
        let d = Double(p[i + 3])
        if squared {
          s0 += a * a
          s1 += b * b
          s2 += c * c
          s3 += d * d
        } else {
          s0 += a
          s1 += b
          s2 += c
          s3 += d
        }
        i += 4
      }
      while i < n {
        let a = Double(p[i])
        s0 += squared ? a * a : a
        i += 1
      }
      return (s0 + s1) + (s2 + s3)
    }
  }

  func receiveMono(_ input: [Float], sampleRate: Int, using selection: CopySelection)
    -> Result<DecodeReport, DecodeFailure>
  {
    let fs = Double(sampleRate)
    let s = settings
    guard s.highBitRate > 0, s.lowBitRate > 0 else {
      return .failure(DecodeFailure("bit rates must be positive"))
    }
    // Remove a DC offset (the mixers would otherwise leak it at low gain): every reader of
    // the samples subtracts it.
    let mean = Self.sum(input) / Double(max(1, input.count))
    let x = Recording(samples: input, dc: mean != 0 ? Float(mean) : 0)

    let highOK =
      selection != .lowOnly && Self.carrierUsable(s.highCarrierHz, sampleRate: sampleRate)
    let lowOK = selection != .highOnly && Self.carrierUsable(s.lowCarrierHz, sampleRate: sampleRate)
    guard highOK || lowOK else {
      let needed = selection == .highOnly ? s.highCarrierHz : s.lowCarrierHz
      return .failure(
        DecodeFailure("sample rate \(sampleRate) Hz is too low for the \(Int(needed)) Hz carrier"))
    }
    let chipH = Self.chipLength(sampleRate: fs, bitRate: s.highBitRate)
    let chipL = Self.chipLength(sampleRate: fs, bitRate: s.lowBitRate)

    do {
      let buf = x
      var high: (Baseband, CopyResult)? = nil
      if highOK {
        let bb = Baseband(buf, frequency: s.highCarrierHz, sampleRate: fs)
        if let lock = SyncSearch.find(bb, chip: chipH, preambleBits: s.preambleBits, from: 0) {
          let r = CopyDecoder.decode(
            bb, lock: lock, nominalChip: chipH, preambleBits: s.preambleBits)
          if case .success(let tracks) = r.parsed {
            let pol =
              CopyDecoder.polarity(
                buf, sampleRate: fs, carrier: s.highCarrierHz, endT: r.endT, chip: r.endChip,
                nominalChip: chipH, markBits: s.polarityMarkBits)
              ?? (lowOK
                ? lowPolarity(buf, fs: fs, chip: chipL, from: Int(r.endT)) : nil) ?? .normal
            return .success(
              DecodeReport(tracks: tracks, copyUsed: .high, polarity: pol, snrDB: r.snrDB))
          }
          high = (bb, r)
        }
      }
      var low: (Baseband, CopyResult)? = nil
      if lowOK {
        let bb = Baseband(buf, frequency: s.lowCarrierHz, sampleRate: fs)
        // The high copy failed, so its lock may be false: with a poor high-frequency response
        // the 9600 Hz detector sees the low copy's sidebands and can lock inside the low
        // copy, and a search for the low copy starting there misses its preamble. A strong
        // match after the high frame is taken; otherwise the whole recording is searched too
        // and the better match wins.
        let from = high.map { Int($0.1.endT) } ?? 0
        var lock = SyncSearch.find(bb, chip: chipL, preambleBits: s.preambleBits, from: from)
        if from > 0, (lock?.score ?? -1) < SyncSearch.strongScore,
          let whole = SyncSearch.find(bb, chip: chipL, preambleBits: s.preambleBits, from: 0),
          whole.score > (lock?.score ?? -1)
        {
          lock = whole
        }
        if let lock {
          let r = CopyDecoder.decode(
            bb, lock: lock, nominalChip: chipL, preambleBits: s.preambleBits)
          if case .success(let tracks) = r.parsed {
            let pol =
              CopyDecoder.polarity(
                buf, sampleRate: fs, carrier: s.lowCarrierHz, endT: r.endT, chip: r.endChip,
                nominalChip: chipL, markBits: s.polarityMarkBits) ?? .normal
            return .success(
              DecodeReport(tracks: tracks, copyUsed: .low, polarity: pol, snrDB: r.snrDB))
          }
          low = (bb, r)
          // Combining needs the real high copy: a false high lock adds noise-only soft values.
          if let h = high {
            high = placedHigh(h, lowLock: lock, lowBody: r.body, fs: fs, chipH: chipH, chipL: chipL)
          }
        }
      }
      switch (high, low) {
      case (nil, nil):
        return .failure(DecodeFailure("no preamble found"))
      case (let h?, nil):
        return .failure(
          DecodeFailure(
            failureText(h.1.parsed, copy: "the 9600 Hz copy")
              + (lowOK ? "; the 4800 Hz copy was not found" : ""), snrDB: h.1.snrDB))
      case (nil, let l?):
        return .failure(
          DecodeFailure(
            failureText(l.1.parsed, copy: "the 4800 Hz copy")
              + (highOK ? "; the 9600 Hz copy was not found" : ""), snrDB: l.1.snrDB))
      case (let h?, let l?):
        let combined = CopyDecoder.combine(
          high: (h.0, h.1, chipH), low: (l.0, l.1, chipL), preambleBits: s.preambleBits)
        let snr = max(h.1.snrDB, l.1.snrDB)
        switch combined {
        case .success(let tracks):
          let pol =
            CopyDecoder.polarity(
              buf, sampleRate: fs, carrier: s.lowCarrierHz, endT: l.1.endT, chip: l.1.endChip,
              nominalChip: chipL, markBits: s.polarityMarkBits)
            ?? CopyDecoder.polarity(
              buf, sampleRate: fs, carrier: s.highCarrierHz, endT: h.1.endT, chip: h.1.endChip,
              nominalChip: chipH, markBits: s.polarityMarkBits) ?? .normal
          return .success(
            DecodeReport(tracks: tracks, copyUsed: .combined, polarity: pol, snrDB: snr))
        case .failure(let f):
          let both =
            isCRC(h.1.parsed) && isCRC(l.1.parsed)
            ? "CRC failed on both copies"
            : "both copies failed (\(failureText(h.1.parsed, copy: "the 9600 Hz copy")); "
              + "\(failureText(l.1.parsed, copy: "the 4800 Hz copy")))"
          return .failure(DecodeFailure("\(both); combined: \(f.reason)", snrDB: snr))
        }
      }
    }
  }

  private func lowPolarity(_ buf: Recording, fs: Double, chip: Double, from: Int)
    -> Polarity?
  {
    let bb = Baseband(buf, frequency: settings.lowCarrierHz, sampleRate: fs)
    guard
      let lock = SyncSearch.find(bb, chip: chip, preambleBits: settings.preambleBits, from: from)
    else { return nil }
    let r = CopyDecoder.decode(
      bb, lock: lock, nominalChip: chip, preambleBits: settings.preambleBits)
    return CopyDecoder.polarity(
      buf, sampleRate: fs, carrier: settings.lowCarrierHz, endT: r.endT, chip: r.endChip,
      nominalChip: chip, markBits: settings.polarityMarkBits)
  }

  /// The high copy where the transmit layout puts it relative to the low copy, or nil.
  ///
  /// The high frame, its polarity mark and the gap come before the low copy, so the high sync
  /// lies a known distance before the low sync once the payload length is known. A high lock
  /// at or after the low preamble, or one that fits neither the low copy's header length nor
  /// its own, is false: typically the 9600 Hz detector reacting to the low copy's sidebands
  /// when the high copy itself is filtered away. The high copy is then searched for again
  /// where the low copy's header puts it (or anywhere before the low preamble).
  func placedHigh(
    _ h: (Baseband, CopyResult), lowLock: SyncLock, lowBody: [UInt8], fs: Double,
    chipH: Double, chipL: Double
  ) -> (Baseband, CopyResult)? {
    let s = settings
    let p = Double(max(0, s.preambleBits))
    let lowStart = lowLock.syncStart - 2 * p * lowLock.chip
    func length(_ body: [UInt8]) -> Int? {
      guard body.count >= FrameCodec.headerBits,
        case .success(let n) = FrameCodec.payloadLength(body[..<FrameCodec.headerBits])
      else { return nil }
      return n
    }
    /// Where the high sync should be for payload length n, and how far off it may be
    /// (±1.5 % clock error over the distance, plus a few chips for the locks).
    func predicted(_ n: Int) -> (at: Double, tolerance: Double) {
      // From the high sync to the low sync: the rest of the high frame and its mark, the gap,
      // the low preamble.
      let bits = Double(16 + FrameCodec.headerBits + n + 16 + max(0, s.polarityMarkBits))
      let distance = bits * 2 * chipH + max(0, s.gapSeconds) * fs + 2 * p * chipL
      return (lowLock.syncStart - distance, 0.015 * distance + 8 * chipH)
    }
    let lowN = length(lowBody)
    let candidates = [lowN, length(h.1.body)].compactMap { $0 }
    if h.1.lock.syncStart < lowStart {
      if candidates.isEmpty { return h }
      for n in candidates {
        let (at, tol) = predicted(n)
        if abs(h.1.lock.syncStart - at) <= tol { return h }
      }
    }
    var from = 0.0
    var before = lowStart
    if let n = lowN {
      let (at, tol) = predicted(n)
      from = at - 2 * p * chipH - tol
      before = min(lowStart, at + 40 * chipH + tol)
    }
    guard
      let lock = SyncSearch.find(
        h.0, chip: chipH, preambleBits: s.preambleBits, from: max(0, Int(from)),
        before: Int(before))
    else { return nil }
    return (
      h.0, CopyDecoder.decode(h.0, lock: lock, nominalChip: chipH, preambleBits: s.preambleBits)
    )
  }

  private func isCRC(_ r: Result<CardTracks, DecodeFailure>) -> Bool {
    if case .failure(let f) = r { return f.reason == "CRC mismatch" }
    return false
  }

  private func failureText(_ r: Result<CardTracks, DecodeFailure>, copy: String) -> String {
    if case .failure(let f) = r {
      return f.reason == "CRC mismatch" ? "CRC failed on \(copy)" : "\(copy): \(f.reason)"
    }
    return "\(copy) failed"
  }
}
