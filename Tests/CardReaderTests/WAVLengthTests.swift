import CardReader
import Foundation
import Testing

/// A swipe lasts about a second: a recording longer than 30 s is refused from its
/// header, before a sample is read, however the header is made.
@Suite struct WAVLengthTests {
  func tempURL(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "cardreader-len-\(getpid())-\(name)")
  }

  /// A WAV header declaring `frames` frames, then zeros up to the declared size
  /// (a sparse file: instant at any length).
  func sparseWAV(
    _ name: String, rate: Int = 44100, channels: Int = 1, frames: Int, byteRate: Int? = nil
  ) throws -> URL {
    let url = tempURL(name)
    let dataBytes = frames * channels * 2
    var h: [UInt8] = []
    func p32(_ v: Int) { for k in 0..<4 { h.append(UInt8((v >> (8 * k)) & 0xFF)) } }
    func p16(_ v: Int) { for k in 0..<2 { h.append(UInt8((v >> (8 * k)) & 0xFF)) } }
    h += Array("RIFF".utf8)
    p32(36 + dataBytes)
    h += Array("WAVEfmt ".utf8)
    p32(16)
    p16(1)
    p16(channels)
    p32(rate)
    p32(byteRate ?? rate * channels * 2)
    p16(channels * 2)
    p16(16)
    h += Array("data".utf8)
    p32(dataBytes)
    try Data(h).write(to: url)
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: UInt64(h.count + dataBytes))
    try handle.close()
    return url
  }

  func problem(_ url: URL) -> String? {
    do {
      _ = try WAVFile.read(url)
      return nil
    } catch let e as WAVError {
      return e.problem
    } catch {
      return "\(error)"
    }
  }

  @Test func tenMinutesOfSilenceAreRefusedFromTheHeader() throws {
    let url = try sparseWAV("ten-minutes.wav", frames: 600 * 44100)
    defer { try? FileManager.default.removeItem(at: url) }
    let clock = ContinuousClock()
    let start = clock.now
    let p = problem(url)
    let elapsed = clock.now - start
    #expect(
      p == "the recording is 600.0 s long; a swipe lasts about a second and at most 30 s is read")
    // Reading the 53 MB of samples took seconds in a debug build; the header, microseconds.
    #expect(elapsed < .milliseconds(500), "\(elapsed)")
  }

  @Test func thirtySecondsAreRead() throws {
    let ok = try sparseWAV("thirty.wav", rate: 8000, frames: 30 * 8000)
    defer { try? FileManager.default.removeItem(at: ok) }
    let audio = try WAVFile.read(ok)
    #expect(audio.frameCount == 240_000)
    let long = try sparseWAV("thirty-one.wav", rate: 8000, frames: 31 * 8000)
    defer { try? FileManager.default.removeItem(at: long) }
    #expect(problem(long)?.hasPrefix("the recording is 31.0 s long") == true)
  }

  @Test func aLyingByteRateDoesNotLetALongRecordingThrough() throws {
    // The byte-rate field claims 100× the real rate (6 s); rate × block align says 600 s.
    let url = try sparseWAV("liar.wav", frames: 600 * 44100, byteRate: 100 * 44100 * 2)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(problem(url)?.hasPrefix("the recording is 600.0 s long") == true)
  }

  @Test func aDataSizeBeyondTheFileIsRefusedUnread() throws {
    var bytes = WAVFileTests.wav(data: [0, 0, 0, 0], declaredData: 0xFFFF_FFF0)
    bytes += [UInt8](repeating: 0, count: 64)
    let url = tempURL("huge-claim.wav")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(bytes).write(to: url)
    #expect(problem(url) == "data chunk of 4294967280 bytes is larger than the file (68 left)")
  }

  @Test func tooManySamplesAtAnAbsurdRateAreRefused() throws {
    // 2 s, but 8 channels at 1 MHz: 16 million samples.
    let url = try sparseWAV("wide.wav", rate: 1_000_000, channels: 8, frames: 2_000_000)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(
      problem(url)
        == "the recording holds 16000000 samples; at most 11520000 are read (30 s of stereo at 192 kHz)"
    )
  }

  @Test func theSameBoundHoldsInMemory() throws {
    let bytes = WAVFileTests.wav(rate: 1000, data: [UInt8](repeating: 0, count: 31 * 1000 * 2))
    #expect(
      throws: WAVError(
        file: "m.wav",
        problem:
          "the recording is 31.0 s long; a swipe lasts about a second and at most 30 s is read")
    ) {
      try WAVFile.decode(bytes, file: "m.wav")
    }
  }

  @Test func aFolderOrAFIFOIsRefusedNeverWaitedOn() throws {
    let dir = tempURL("folder.wav")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(problem(dir) == "is a folder, not a WAV file")
    let fifo = tempURL("fifo.wav")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    defer { try? FileManager.default.removeItem(at: fifo) }
    #expect(problem(fifo) == "is not a regular file (a FIFO or socket?); give a WAV file")
    #expect(problem(URL(fileURLWithPath: "/dev/zero")) == "is a device, not a WAV file")
  }
}
