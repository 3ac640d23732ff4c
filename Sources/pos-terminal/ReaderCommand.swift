// Owned by the reader work: `pos-terminal reader encode|decode|bench`.
import ArgumentParser
import CardReader
import Foundation
import TerminalConfig
import TerminalCore

struct ReaderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reader",
    abstract: "The audio-jack card reader: encode a swipe to WAV, decode a WAV, benchmark.",
    discussion: "Example: pos-terminal reader encode --card 1 -o card1.wav",
    subcommands: [Encode.self, Decode.self, Bench.self, Speed.self]
  )
}

extension ReaderCommand {
  struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Encode a card swipe to a WAV file as the reader would send it, through a channel.",
      discussion: """
        Either --pan/--expiry (with optional --service, --name) or --card N (card N of the test \
        deck in --config). A deck card's reader profile applies unless a flag overrides it. \
        --snr-db is Eb/N0 of the 9600 Hz copy in dB.

        Example: pos-terminal reader encode --pan 6222021001123459 --expiry 2812 \
        --name ZHANG/SAN --snr-db 15 --rate 48000 -o card.wav
        """)

    @Option(help: "Primary account number (13–19 digits).") var pan: String?
    @Option(help: "Expiry, YYMM.") var expiry: String?
    @Option(help: "Service code (3 digits).") var service: String = "201"
    @Option(help: "Cardholder name for track 1, SURNAME/GIVEN (omit: track 2 only).") var name:
      String?
    @Option(help: "Take card N (1-based) of the test deck instead of --pan/--expiry.") var card:
      Int?
    @Option(
      help:
        "Config folder: the deck for --card and the reader settings. Default: ./Config if it exists, else the embedded defaults."
    ) var config: String?
    @Option(name: .customLong("snr-db"), help: "Eb/N0 in dB (white Gaussian noise); omit for none.")
    var snrDB: Double?
    @Option(help: "Gain applied by the phone (clips at ±1).") var gain: Double?
    @Flag(help: "Invert the waveform.") var invert = false
    @Option(help: "Recorder sample rate in Hz.") var rate: Int?
    @Option(help: "Noise seed.") var seed: UInt64 = 1
    @Option(name: .shortAndLong, help: "Output WAV file.") var output: String
    @Flag(help: "Write 32-bit float samples instead of 16-bit PCM.") var float = false

    func run() throws {
      var tracks: CardTracks
      var profile = ChannelProfile()
      var settings = ModemSettings.standard
      // An explicit --config must load (a missing folder is an error, never the
      // built-in deck in its place); --card alone takes ./Config or the built-in one.
      let loaded = config != nil || card != nil ? try ConfigSource.loadOrExit(config) : nil
      if let loaded { settings = loaded.modem }
      if let n = card, let configuration = loaded {
        guard n >= 1, n <= configuration.deck.count else {
          throw ValidationError("--card \(n): the deck has cards 1–\(configuration.deck.count)")
        }
        tracks = configuration.deck[n - 1].tracks
        profile = configuration.deck[n - 1].readerProfile
        settings = configuration.modem
      } else {
        guard let pan, let expiry else {
          throw ValidationError("give --pan and --expiry, or --card N")
        }
        tracks = CardTracks(
          track1: name.map { Track1(pan: pan, name: $0, expiry: expiry, serviceCode: service) },
          track2: Track2(pan: pan, expiry: expiry, serviceCode: service))
      }
      do {
        try StripeCodec.validate(tracks.track2)
        if let t1 = tracks.track1 { try StripeCodec.validate(t1) }
      } catch let e as StripeError {
        throw ValidationError(e.problem)
      }
      if let snrDB { profile.ebN0dB = snrDB }
      if let gain { profile.gain = gain }
      if invert { profile.inverted = true }
      if let rate {
        guard rate >= 8000, rate <= 192_000 else {
          throw ValidationError("--rate must be 8000–192000")
        }
        profile.sampleRate = rate
      }
      let modem = ReaderModem(settings: settings)
      let audio = ImpairmentChannel.apply(
        profile, to: modem.transmit(tracks), seed: seed, modem: settings)
      do {
        try WAVFile.write(
          audio, to: URL(fileURLWithPath: output), encoding: float ? .float32 : .pcm16)
      } catch let e as WAVError {
        FileHandle.standardError.write(Data("\(e)\n".utf8))
        throw ExitCode(2)
      }
      print(
        "wrote \(output): \(audio.sampleRate) Hz, \(String(format: "%.2f", audio.duration)) s, PAN \(PANMask.mask(tracks.track2.pan))"
      )
    }
  }

  struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Decode a recorded swipe (WAV: 16-bit PCM or 32-bit float, mono or stereo).",
      discussion: """
        Prints the masked PAN, expiry, service code, name, copy used, polarity and SNR. \
        Exit 0 on success, 1 on a decode failure, 2 on bad usage or an unreadable file.

        Example: pos-terminal reader decode card.wav --json
        """)

    @Argument(help: "The WAV file.") var file: String
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
      let audio: AudioBuffer
      do { audio = try WAVFile.read(URL(fileURLWithPath: file)) } catch let e as WAVError {
        FileHandle.standardError.write(Data("\(e)\n".utf8))
        throw ExitCode(2)
      }
      switch ReaderModem().receive(audio) {
      case .success(let r):
        let t2 = r.tracks.track2
        let fields: [(String, String)] = [
          ("pan", PANMask.mask(t2.pan)), ("expiry", t2.expiry), ("serviceCode", t2.serviceCode),
          ("name", r.tracks.track1?.name ?? ""), ("copyUsed", r.copyUsed.rawValue),
          ("polarity", r.polarity.rawValue), ("snrDB", String(format: "%.1f", r.snrDB)),
          ("luhnValid", t2.luhnValid ? "true" : "false"),
        ]
        if json {
          var obj: [String: Any] = [:]
          for (k, v) in fields { obj[k] = v }
          obj["snrDB"] = (r.snrDB * 10).rounded() / 10
          obj["luhnValid"] = t2.luhnValid
          obj["ok"] = true
          let data = try JSONSerialization.data(
            withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])
          print(String(decoding: data, as: UTF8.self))
        } else {
          for (k, v) in fields { print("\(k): \(v)") }
        }
      case .failure(let f):
        if json {
          var obj: [String: Any] = ["ok": false, "reason": f.reason]
          if let s = f.snrDB { obj["snrDB"] = (s * 10).rounded() / 10 }
          let data = try JSONSerialization.data(
            withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])
          print(String(decoding: data, as: UTF8.self))
        } else {
          print("decode failed: \(f.reason)")
        }
        throw ExitCode(1)
      }
    }
  }

  struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Frame error rate against Eb/N0 (high copy, low copy, combined) beside theory, and speed.",
      discussion: """
        Eb/N0 is the 9600 Hz copy's; the same noise spans the whole recording. Speed is CPU \
        time of one core: a clean swipe of deck card 1 at 44100 and 48000 Hz, and every deck \
        card through its own reader profile and at 48000 Hz, with the worst beside the clean one. \
        Build in release.

        Example: swift build -c release --static-swift-stdlib && \
        .build/release/pos-terminal reader bench
        """)

    @Option(help: "Frames per Eb/N0 point.") var frames: Int = 1000
    @Option(help: "First Eb/N0 (dB).") var from: Double = 4
    @Option(help: "Last Eb/N0 (dB).") var to: Double = 16
    @Option(help: "Seed of the noise.") var seed: UInt64 = 7
    @Option(help: "Config folder: the deck and the reader settings (default ./Config or built in).")
    var config: String?
    @Flag(help: "Only the speed lines: no frame error rates.") var speedOnly = false

    func validate() throws {
      guard frames >= 1 else { throw ValidationError("--frames must be at least 1") }
      guard from <= to else { throw ValidationError("--from must not exceed --to") }
    }

    func run() throws {
      let configuration = try ConfigSource.loadOrExit(config)
      let bench = ReaderBenchmark()
      if !speedOnly {
        let result = bench.run(from: from, to: to, frames: frames, seed: seed) { p in
          FileHandle.standardError.write(
            Data(
              String(
                format: "  %.1f dB: high %d, low %d, combined %d errors / %d\n", p.ebN0dB,
                p.highErrors, p.lowErrors, p.combinedErrors, p.frames
              ).utf8))
        }
        print(ReaderBenchmark.table(result, frames: frames))
      }
      print(Self.deckSpeed(configuration))
    }

    /// Clean swipes of card 1 at 44.1 and 48 kHz, then every deck card through its own
    /// profile and at 48 kHz; the worst beside the clean ones.
    static func deckSpeed(_ configuration: Configuration) -> String {
      let modem = ReaderModem(settings: configuration.modem)
      let bench = ReaderBenchmark(modem: modem)
      var cases: [ReaderBenchmark.SpeedCase] = []
      if let first = configuration.deck.first {
        for rate in [44100, 48000] {
          cases.append(
            .init(
              label: "card 1, clean, \(rate) Hz", tracks: first.tracks,
              profile: ChannelProfile(sampleRate: rate), modem: modem))
        }
      }
      let clean = cases.count
      for (i, card) in configuration.deck.enumerated() {
        var at48 = card.readerProfile
        at48.sampleRate = 48000
        if let lp = at48.lowpassHz, lp >= 24000 { at48.lowpassHz = nil }
        for (p, what) in [(card.readerProfile, "own profile"), (at48, "48000 Hz")] {
          cases.append(
            .init(
              label: "card \(i + 1), \(what) (\(describe(p)))", tracks: card.tracks, profile: p,
              modem: modem))
        }
      }
      let rows = cases.map { bench.speed(of: $0) }
      var s = ReaderBenchmark.speedTable(rows)
      let deck = rows[clean...]
      if let worst = deck.min(by: { $0.realTime < $1.realTime }) {
        s +=
          "clean: "
          + rows[..<clean].map { String(format: "%.0f× (%d Hz)", $0.realTime, $0.sampleRate) }
          .joined(separator: ", ")
        s += String(
          format: "; worst deck card: %.0f× (%@)\n", worst.realTime, worst.label as NSString)
      }
      return s
    }

    static func describe(_ p: ChannelProfile) -> String {
      func num(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
      var parts: [String] = []
      if let lp = p.lowpassHz { parts.append("lowpass \(Int(lp))") }
      if let eb = p.ebN0dB { parts.append("Eb/N0 \(num(eb))") }
      if p.gain != 1 { parts.append("gain \(num(p.gain))") }
      if p.inverted { parts.append("inverted") }
      if p.dcOffset != 0 { parts.append("dc \(num(p.dcOffset))") }
      if p.clockPPM != 0 { parts.append("\(num(p.clockPPM)) ppm") }
      parts.append("\(p.sampleRate)")
      return parts.joined(separator: ", ")
    }
  }

  struct Speed: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Time the decoder on WAV files: read and decode each, by CPU time of one core.",
      discussion: """
        Reads and decodes every file (as <swipe-wav> does) --repeat times in one process and \
        prints the audio seconds, the CPU seconds and their ratio. Used by \
        Benchmarks/minimodem.sh; exit 1 when a file does not decode.

        Example: pos-terminal reader speed --repeat 10 card1.wav card8.wav
        """)

    @Argument(help: "WAV files.") var files: [String]
    @Option(help: "Times to read and decode the whole set.") var `repeat`: Int = 1

    func validate() throws {
      guard !files.isEmpty else { throw ValidationError("give at least one WAV file") }
      guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
      let modem = ReaderModem()
      var audioSeconds = 0.0
      var failed: [String] = []
      let t0 = CPUClock.seconds()
      for round in 0..<`repeat` {
        for file in files {
          let audio: AudioBuffer
          do { audio = try WAVFile.read(URL(fileURLWithPath: file)) } catch let e as WAVError {
            FileHandle.standardError.write(Data("\(e)\n".utf8))
            throw ExitCode(2)
          }
          audioSeconds += audio.duration
          if case .failure(let f) = modem.receive(audio), round == 0 {
            failed.append("\(file): \(f.reason)")
          }
        }
      }
      let cpu = CPUClock.seconds() - t0
      print(
        String(
          format:
            "decoded %d files × %d: %.3f s of audio in %.4f s CPU (%.1f µs CPU per audio second, %.0f× real time)",
          files.count, `repeat`, audioSeconds, cpu, 1e6 * cpu / audioSeconds,
          audioSeconds / max(cpu, 1e-12)))
      for f in failed { print("failed: \(f)") }
      if !failed.isEmpty { throw ExitCode(1) }
    }
  }
}
