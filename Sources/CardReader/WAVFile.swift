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
/// those subformats), mono to 8 channels, 1 Hz to 1 MHz, at most `maximumSeconds` long.
public enum WAVFile {
  public enum Encoding: Sendable { case pcm16, float32 }

  /// The longest recording read. A swipe lasts about a second; a longer file is
  /// refused from its header, before a sample is read.
  public static let maximumSeconds = 30
  /// The most samples (all channels together) read: 30 s of stereo at 192 kHz.
  /// Bounds the memory a header with an absurd rate or channel count could ask for.
  public static let maximumSamples = 30 * 192_000 * 2

  /// Reads a WAV file: the chunk headers first, then only the data chunk, once
  /// its length (data size over sample rate × block align, never the header's
  /// own byte-rate field) is known to be within `maximumSeconds` and the file.
  /// Anything but a regular file (a folder, a FIFO, a device) is refused unread.
  public static func read(_ url: URL) throws -> AudioBuffer {
    let name = url.path
    func fail(_ p: String) -> WAVError { WAVError(file: name, problem: p) }
    let attributes: [FileAttributeKey: Any]
    // Follow symbolic links: the type is the target's (a link to /dev/zero is a device).
    let path = url.resolvingSymlinksInPath().path
    do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
      throw fail("cannot read the file (\(FileErrorText.reason(error)))")
    }
    switch attributes[.type] as? FileAttributeType {
    case .typeRegular?: break
    case .typeDirectory?: throw fail("is a folder, not a WAV file")
    case .typeCharacterSpecial?, .typeBlockSpecial?: throw fail("is a device, not a WAV file")
    default: throw fail("is not a regular file (a FIFO or socket?); give a WAV file")
    }
    let total = (attributes[.size] as? NSNumber)?.intValue ?? 0
    let handle: FileHandle
    do { handle = try FileHandle(forReadingFrom: url) } catch {
      throw fail("cannot read the file (\(FileErrorText.reason(error)))")
    }
    defer { try? handle.close() }
    func bytes(_ offset: Int, _ count: Int) throws -> [UInt8] {
      do {
        try handle.seek(toOffset: UInt64(offset))
        return [UInt8](try handle.read(upToCount: count) ?? Data())
      } catch {
        throw fail("cannot read the file (\(FileErrorText.reason(error)))")
      }
    }
    let (format, range) = try layout(total: total, file: name, bytes)
    let body = try bytes(range.lowerBound, range.count)
    guard body.count == range.count else {
      throw fail("data chunk of \(range.count) bytes ends early (the file shrank while read)")
    }
    return samples(body, 0..<body.count, format)
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

  /// What the fmt chunk says, checked.
  struct Format {
    var tag: Int
    var channels: Int
    var rate: Int
    var blockAlign: Int
    var bits: Int
    var bytesPerSample: Int
  }

  /// Parses a whole WAV file held in memory (the same checks and bounds as `read`).
  public static func decode(_ b: [UInt8], file: String = "<memory>") throws -> AudioBuffer {
    let (format, range) = try layout(total: b.count, file: file) { offset, count in
      Array(b[offset..<min(b.count, offset + count)])
    }
    return samples(b, range, format)
  }

  /// Walks the chunk headers of a file of `total` bytes, reading them through
  /// `bytes(offset, count)` (which may return fewer at the end), and returns the
  /// format and where the data chunk lies, after every check: nothing of the
  /// samples is read here.
  static func layout(
    total: Int, file: String, _ bytes: (Int, Int) throws -> [UInt8]
  ) throws -> (Format, Range<Int>) {
    func fail(_ p: String) -> WAVError { WAVError(file: file, problem: p) }
    guard total >= 12 else { throw fail("truncated: \(total) bytes, no RIFF header") }
    let head = try bytes(0, 12)
    guard head.count == 12, head[0..<4].elementsEqual("RIFF".utf8),
      head[8..<12].elementsEqual("WAVE".utf8)
    else {
      throw fail("not a RIFF/WAVE file")
    }
    var pos = 12
    var format: (tag: Int, channels: Int, rate: Int, blockAlign: Int, bits: Int)? = nil
    var dataRange: Range<Int>? = nil
    while pos + 8 <= total {
      let header = try bytes(pos, 8)
      guard header.count == 8 else { break }
      let id = String(decoding: header[0..<4], as: UTF8.self)
      let size = u32(header, 4)
      let body = pos + 8
      if id == "fmt " {
        guard size >= 16, body + 16 <= total else { throw fail("truncated fmt chunk") }
        let f = try bytes(body, min(size, 40))
        guard f.count >= 16 else { throw fail("truncated fmt chunk") }
        var tag = u16(f, 0)
        let channels = u16(f, 2)
        let rate = u32(f, 4)
        let align = u16(f, 12)
        let bits = u16(f, 14)
        if tag == 0xFFFE {
          guard size >= 40, body + 40 <= total, f.count >= 40 else {
            throw fail("truncated WAVE_FORMAT_EXTENSIBLE fmt chunk")
          }
          tag = u16(f, 24)  // first two bytes of the subformat GUID
        }
        format = (tag, channels, rate, align, bits)
      } else if id == "data" {
        guard body + size <= total else {
          throw fail("data chunk of \(size) bytes is larger than the file (\(total - body) left)")
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
    let seconds = Double(frames) / Double(f.rate)
    guard seconds <= Double(maximumSeconds) else {
      throw fail(
        String(
          format:
            "the recording is %.1f s long; a swipe lasts about a second and at most %d s is read",
          seconds, maximumSeconds))
    }
    guard frames * f.channels <= maximumSamples else {
      throw fail(
        "the recording holds \(frames * f.channels) samples; at most \(maximumSamples) are read (30 s of stereo at 192 kHz)"
      )
    }
    let checked = Format(
      tag: f.tag, channels: f.channels, rate: f.rate, blockAlign: f.blockAlign, bits: f.bits,
      bytesPerSample: bytesPerSample)
    return (checked, range.lowerBound..<(range.lowerBound + frames * f.blockAlign))
  }

  /// The samples of the whole frames of `range` in `b`, one array per channel.
  static func samples(_ b: [UInt8], _ range: Range<Int>, _ f: Format) -> AudioBuffer {
    let start = range.lowerBound
    let frames = range.count / f.blockAlign
    let bytesPerSample = f.bytesPerSample
    let align = f.blockAlign
    precondition(start >= 0 && start + frames * align <= b.count)
    var channels: [[Float]] = []
    channels.reserveCapacity(f.channels)
    b.withUnsafeBytes { raw in
      for c in 0..<f.channels {
        channels.append(
          [Float](unsafeUninitializedCapacity: frames) { out, initialized in
            var i = start + c * bytesPerSample
            if bytesPerSample == 2 {
              for n in 0..<frames {
                let v = Int16(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: Int16.self))
                out[n] = Float(v) / 32768
                i += align
              }
            } else {
              for n in 0..<frames {
                let bits = UInt32(
                  littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                let v = Float(bitPattern: bits)
                out[n] = v.isFinite ? v : 0
                i += align
              }
            }
            initialized = frames
          })
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
