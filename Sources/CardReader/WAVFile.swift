import Foundation

/// A WAV file that cannot be read or written, naming the file and the problem.
public struct WAVError: Error, Equatable, CustomStringConvertible {
  public var file: String
  public var problem: String
  public init(file: String, problem: String) {
    self.file = file
    self.problem = problem
  }
  public var description: String { "\(file): \(problem)" }
}

/// RIFF/WAVE: 16-bit PCM and 32-bit float (format 1, 3, and WAVE_FORMAT_EXTENSIBLE with
/// those subformats), mono to 8 channels, 1 Hz to 1 MHz.
public enum WAVFile {
  public enum Encoding: Sendable { case pcm16, float32 }

  public static func read(_ url: URL) throws -> AudioBuffer {
    let name = url.path
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw WAVError(file: name, problem: "cannot read the file (\(error.localizedDescription))")
    }
    return try decode([UInt8](data), file: name)
  }

  public static func write(_ audio: AudioBuffer, to url: URL, encoding: Encoding = .pcm16) throws {
    let bytes = try encode(audio, encoding: encoding, file: url.path)
    do { try Data(bytes).write(to: url) } catch {
      throw WAVError(
        file: url.path, problem: "cannot write the file (\(error.localizedDescription))")
    }
  }

  // MARK: decoding

  static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
  static func u32(_ b: [UInt8], _ i: Int) -> Int {
    Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24
  }

  /// Parses a whole WAV file held in memory.
  public static func decode(_ b: [UInt8], file: String = "<memory>") throws -> AudioBuffer {
    func fail(_ p: String) -> WAVError { WAVError(file: file, problem: p) }
    guard b.count >= 12 else { throw fail("truncated: \(b.count) bytes, no RIFF header") }
    guard b[0..<4].elementsEqual("RIFF".utf8), b[8..<12].elementsEqual("WAVE".utf8) else {
      throw fail("not a RIFF/WAVE file")
    }
    var pos = 12
    var format: (tag: Int, channels: Int, rate: Int, blockAlign: Int, bits: Int)? = nil
    var dataRange: Range<Int>? = nil
    while pos + 8 <= b.count {
      let id = String(decoding: b[pos..<(pos + 4)], as: UTF8.self)
      let size = u32(b, pos + 4)
      let body = pos + 8
      if id == "fmt " {
        guard size >= 16, body + 16 <= b.count else { throw fail("truncated fmt chunk") }
        var tag = u16(b, body)
        let channels = u16(b, body + 2)
        let rate = u32(b, body + 4)
        let align = u16(b, body + 12)
        let bits = u16(b, body + 14)
        if tag == 0xFFFE {
          guard size >= 40, body + 40 <= b.count else {
            throw fail("truncated WAVE_FORMAT_EXTENSIBLE fmt chunk")
          }
          tag = u16(b, body + 24)  // first two bytes of the subformat GUID
        }
        format = (tag, channels, rate, align, bits)
      } else if id == "data" {
        guard body + size <= b.count else {
          throw fail("data chunk of \(size) bytes is larger than the file (\(b.count - body) left)")
        }
        dataRange = body..<(body + size)
        if format != nil { break }
      }
      pos = body + size + (size & 1)
    }
    guard let f = format else { throw fail("no fmt chunk") }
    guard let range = dataRange else { throw fail("no data chunk") }
    guard f.channels >= 1, f.channels <= 8 else {
      throw fail("unsupported channel count \(f.channels)")
    }
    guard f.rate >= 1, f.rate <= 1_000_000 else { throw fail("absurd sample rate \(f.rate) Hz") }
    let bytesPerSample: Int
    switch (f.tag, f.bits) {
    case (1, 16): bytesPerSample = 2
    case (3, 32): bytesPerSample = 4
    case (1, let bits), (3, let bits):
      throw fail("unsupported sample format: \(bits)-bit \(f.tag == 1 ? "PCM" : "float")")
    default: throw fail("unsupported codec (format tag \(f.tag))")
    }
    guard f.blockAlign == bytesPerSample * f.channels else {
      throw fail(
        "block align \(f.blockAlign) does not match \(f.channels) channel(s) of \(f.bits) bits")
    }
    let frames = range.count / f.blockAlign
    guard frames > 0 else { throw fail("no samples (zero-length data)") }
    var channels = [[Float]](repeating: [Float](repeating: 0, count: frames), count: f.channels)
    for c in 0..<f.channels {
      channels[c].withUnsafeMutableBufferPointer { out in
        for n in 0..<frames {
          let i = range.lowerBound + n * f.blockAlign + c * bytesPerSample
          if bytesPerSample == 2 {
            out[n] = Float(Int16(bitPattern: UInt16(u16(b, i)))) / 32768
          } else {
            let v = Float(bitPattern: UInt32(truncatingIfNeeded: u32(b, i)))
            out[n] = v.isFinite ? v : 0
          }
        }
      }
    }
    return AudioBuffer(sampleRate: f.rate, channels: channels)
  }

  // MARK: encoding

  public static func encode(_ audio: AudioBuffer, encoding: Encoding, file: String = "<memory>")
    throws -> [UInt8]
  {
    func fail(_ p: String) -> WAVError { WAVError(file: file, problem: p) }
    let nch = audio.channels.count
    guard nch >= 1, nch <= 8 else { throw fail("cannot write \(nch) channels") }
    guard audio.sampleRate >= 1, audio.sampleRate <= 1_000_000 else {
      throw fail("cannot write sample rate \(audio.sampleRate) Hz")
    }
    let frames = audio.frameCount
    let bps = encoding == .pcm16 ? 2 : 4
    let dataSize = frames * nch * bps
    var out: [UInt8] = []
    out.reserveCapacity(44 + dataSize)
    func put32(_ v: Int) { for k in 0..<4 { out.append(UInt8((v >> (8 * k)) & 0xFF)) } }
    func put16(_ v: Int) { for k in 0..<2 { out.append(UInt8((v >> (8 * k)) & 0xFF)) } }
    out += Array("RIFF".utf8)
    put32(36 + dataSize)
    out += Array("WAVEfmt ".utf8)
    put32(16)
    put16(encoding == .pcm16 ? 1 : 3)
    put16(nch)
    put32(audio.sampleRate)
    put32(audio.sampleRate * nch * bps)
    put16(nch * bps)
    put16(bps * 8)
    out += Array("data".utf8)
    put32(dataSize)
    for n in 0..<frames {
      for c in 0..<nch {
        let v = audio.channels[c][n]
        if encoding == .pcm16 {
          let s = Int((Double(max(-1, min(1, v))) * 32767).rounded())
          put16(s & 0xFFFF)
        } else {
          put32(Int(v.bitPattern))
        }
      }
    }
    return out
  }
}
