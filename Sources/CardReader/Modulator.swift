import Foundation

/// Where the parts of a transmitted swipe lie (samples at the transmit rate).
public struct TransmitLayout: Equatable, Sendable {
  public var highStart: Int
  public var highEnd: Int  // end of the high frame (start of its polarity mark)
  public var lowStart: Int
  public var lowEnd: Int
  /// Bits per copy: preamble + sync + flags + length + payload + CRC.
  public var frameBits: Int
  /// Bits after the sync word that must all be right: flags + length + payload + CRC.
  public var bodyBits: Int
}

extension ReaderModem {
  /// Samples per chip (half a bit) at `sampleRate` for a copy of `bitRate`.
  static func chipLength(sampleRate: Double, bitRate: Double) -> Double {
    sampleRate / (2 * bitRate)
  }

  /// Adds one copy: Manchester OOK frame on `carrier`, then the polarity mark
  /// (tones at the carrier and half of it, half amplitude each). Returns (start, frameEnd).
  static func appendCopy(
    _ out: inout [Float], frame: [UInt8], carrier: Double, bitRate: Double, amplitude: Double,
    markBits: Int, sampleRate fs: Double
  ) -> (Int, Int) {
    let start = out.count
    let L = chipLength(sampleRate: fs, bitRate: bitRate)
    let w = 2 * Double.pi * carrier / fs
    let chips = frame.count * 2
    let total = Int((Double(chips + 2 * max(0, markBits)) * L).rounded())
    out.append(contentsOf: repeatElement(0, count: total))
    out.withUnsafeMutableBufferPointer { buf in
      let cw = cos(w)
      let sw = sin(w)
      for k in 0..<chips {
        let bit = frame[k / 2]
        let on = (k % 2 == 0) ? bit == 1 : bit == 0
        guard on else { continue }
        let a = Int((Double(k) * L).rounded())
        let b = Int((Double(k + 1) * L).rounded())
        // sin(w·n) for absolute n, by rotation from an exact start.
        var s = sin(w * Double(start + a))
        var c = cos(w * Double(start + a))
        for n in a..<b {
          buf[start + n] = Float(amplitude * s)
          let s2 = s * cw + c * sw
          c = c * cw - s * sw
          s = s2
        }
      }
      let a = Int((Double(chips) * L).rounded())
      if markBits > 0 {
        for n in a..<total {
          let t = Double(start + n)
          buf[start + n] = Float(amplitude * 0.5 * (sin(w * t) + sin(0.5 * w * t)))
        }
      }
    }
    return (start, start + Int((Double(chips) * L).rounded()))
  }

  /// The frame bits of a swipe, or the stripe problem that prevents encoding.
  public func frameBits(_ tracks: CardTracks) throws -> [UInt8] {
    try FrameCodec.frame(tracks, preambleBits: settings.preambleBits)
  }

  /// Transmits and also returns where each copy lies. Invalid track data yields silence.
  public func transmitWithLayout(_ tracks: CardTracks) -> (AudioBuffer, TransmitLayout) {
    let fs = Double(max(1, settings.transmitSampleRate))
    guard let frame = try? frameBits(tracks) else {
      return (
        AudioBuffer(sampleRate: Int(fs), channels: [[Float](repeating: 0, count: Int(fs / 10))]),
        TransmitLayout(
          highStart: 0, highEnd: 0, lowStart: 0, lowEnd: 0, frameBits: 0, bodyBits: 0)
      )
    }
    var out: [Float] = []
    let estimate =
      Double(frame.count + settings.polarityMarkBits)
      * (fs / settings.highBitRate + fs / settings.lowBitRate) + settings.gapSeconds * fs
    out.reserveCapacity(Int(estimate) + 16)
    let (hs, he) = Self.appendCopy(
      &out, frame: frame, carrier: settings.highCarrierHz, bitRate: settings.highBitRate,
      amplitude: settings.amplitude, markBits: settings.polarityMarkBits, sampleRate: fs)
    out.append(contentsOf: repeatElement(0, count: Int(max(0, settings.gapSeconds) * fs)))
    let (ls, le) = Self.appendCopy(
      &out, frame: frame, carrier: settings.lowCarrierHz, bitRate: settings.lowBitRate,
      amplitude: settings.amplitude, markBits: settings.polarityMarkBits, sampleRate: fs)
    let layout = TransmitLayout(
      highStart: hs, highEnd: he, lowStart: ls, lowEnd: le, frameBits: frame.count,
      bodyBits: frame.count - max(0, settings.preambleBits) - 16)
    return (AudioBuffer(sampleRate: Int(fs), channels: [out]), layout)
  }

  /// The reader's audio for one swipe: the frame on the high carrier, a gap, the frame on the
  /// low carrier; each copy followed by its polarity mark. Mono, at `transmitSampleRate`.
  public func transmit(_ tracks: CardTracks) -> AudioBuffer {
    transmitWithLayout(tracks).0
  }
}
