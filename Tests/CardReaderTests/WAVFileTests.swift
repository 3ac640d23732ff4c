import CardReader
import Foundation
import Testing

@Suite struct WAVFileTests {
  func tempURL(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("cardreader-\(getpid())-\(name)")
  }

  @Test(arguments: [WAVFile.Encoding.pcm16, .float32])
  func roundTripStereo(encoding: WAVFile.Encoding) throws {
    let a = AudioBuffer(sampleRate: 22050, channels: [[0, 0.5, -0.5, 0.25], [0.1, -1, 1, 0]])
    let url = tempURL("rt-\(encoding).wav")
    defer { try? FileManager.default.removeItem(at: url) }
    try WAVFile.write(a, to: url, encoding: encoding)
    let b = try WAVFile.read(url)
    #expect(b.sampleRate == 22050)
    #expect(b.channels.count == 2)
    for c in 0..<2 {
      for n in 0..<4 { #expect(abs(b.channels[c][n] - a.channels[c][n]) < 1e-4) }
    }
  }

  @Test func swipeThroughAFile() throws {
    let modem = ReaderModem()
    let audio = ImpairmentChannel.apply(
      ChannelProfile(
        ebN0dB: 20, inverted: true, sampleRate: 48000, channelCount: 2, signalChannel: 1),
      to: modem.transmit(Fixtures.card19), seed: 1)
    let url = tempURL("swipe.wav")
    defer { try? FileManager.default.removeItem(at: url) }
    try WAVFile.write(audio, to: url)
    let r = modem.receive(try WAVFile.read(url))
    #expect((try? r.get())?.tracks == Fixtures.card19)
    #expect((try? r.get())?.polarity == .inverted)
  }

  /// A WAV header with the given fields, then `dataBytes` of data (declared size may differ).
  static func wav(
    tag: Int = 1, channels: Int = 1, rate: Int = 44100, bits: Int = 16, blockAlign: Int? = nil,
    data: [UInt8] = [0, 0, 0, 0], declaredData: Int? = nil, extensibleSub: Int? = nil
  ) -> [UInt8] {
    var out: [UInt8] = []
    func p32(_ v: Int) { for k in 0..<4 { out.append(UInt8((v >> (8 * k)) & 0xFF)) } }
    func p16(_ v: Int) { for k in 0..<2 { out.append(UInt8((v >> (8 * k)) & 0xFF)) } }
    let fmtSize = extensibleSub == nil ? 16 : 40
    out += Array("RIFF".utf8)
    p32(4 + 8 + fmtSize + 8 + data.count)
    out += Array("WAVE".utf8)
    out += Array("fmt ".utf8)
    p32(fmtSize)
    p16(extensibleSub == nil ? tag : 0xFFFE)
    p16(channels)
    p32(rate)
    let align = blockAlign ?? channels * bits / 8
    p32(rate * align)
    p16(align)
    p16(bits)
    if let sub = extensibleSub {
      p16(22)
      p16(bits)
      p32(channels == 2 ? 3 : 4)
      p16(sub)
      out += [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
    }
    out += Array("data".utf8)
    p32(declaredData ?? data.count)
    out += data
    return out
  }

  @Test func extensibleFloatAndPCM() throws {
    let f: Float = 0.5
    let bytes = withUnsafeBytes(of: f.bitPattern.littleEndian) { Array($0) }
    let a = try WAVFile.decode(Self.wav(channels: 1, bits: 32, data: bytes, extensibleSub: 3))
    #expect(a.channels[0] == [0.5])
    let b = try WAVFile.decode(
      Self.wav(channels: 2, bits: 16, data: [0, 0x40, 0, 0xC0], extensibleSub: 1))
    #expect(b.channels == [[0.5], [-0.5]])
  }

  @Test(arguments: [
    ([UInt8](), "truncated: 0 bytes, no RIFF header"),
    (Array("RIFF\u{0}\u{0}\u{0}\u{0}AVI LIST".utf8), "not a RIFF/WAVE file"),
    (Array("ID3 some mp3 data here".utf8), "not a RIFF/WAVE file"),
    (wav(tag: 2), "unsupported codec (format tag 2)"),
    (wav(tag: 1, bits: 8, data: [0, 0]), "unsupported sample format: 8-bit PCM"),
    (wav(bits: 24, extensibleSub: 1), "unsupported sample format: 24-bit PCM"),
    (wav(extensibleSub: 2), "unsupported codec (format tag 2)"),
    (wav(data: []), "no samples (zero-length data)"),
    (wav(rate: 0), "absurd sample rate 0 Hz"),
    (wav(rate: 2_000_000), "absurd sample rate 2000000 Hz"),
    (wav(channels: 0, blockAlign: 2), "unsupported channel count 0"),
    (wav(channels: 9), "unsupported channel count 9"),
    (wav(blockAlign: 4), "block align 4 does not match 1 channel(s) of 16 bits"),
    (wav(declaredData: 1_000_000), "data chunk of 1000000 bytes is larger than the file (4 left)"),
    (Array(wav().prefix(30)), "truncated fmt chunk"),
    (Array(wav().prefix(36)), "no data chunk"),
  ])
  func malformed(bytes: [UInt8], problem: String) {
    #expect(throws: WAVError(file: "bad.wav", problem: problem)) {
      try WAVFile.decode(bytes, file: "bad.wav")
    }
  }

  @Test func unreadableFileNamesTheFile() throws {
    let url = tempURL("does-not-exist.wav")
    do {
      _ = try WAVFile.read(url)
      Issue.record("read a missing file")
    } catch let e as WAVError {
      #expect(e.file == url.path)
      #expect(e.problem.hasPrefix("cannot read the file"))
    }
    let bad = tempURL("trunc.wav")
    defer { try? FileManager.default.removeItem(at: bad) }
    try Data(Array(Self.wav().prefix(20))).write(to: bad)
    #expect(throws: WAVError.self) { try WAVFile.read(bad) }
  }
}
