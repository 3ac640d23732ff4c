import Acquirer
import ArgumentParser
import Ciphers
import Fleet
import Foundation
import HostWire
import ISO8583
import TerminalConfig
import TerminalRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `pos-terminal host`: the simulated acquirer as its own process.
struct HostCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "host",
    abstract: "Run the simulated acquirer as a server: ISO 8583 over TCP, many terminals at once.",
    discussion: """
      Terminals connect with `link: tcp://HOST:PORT` in Config/host.yaml or --host. The host \
      keeps its books in DIR/acquirer.sqlite and a terminal's master key in DIR/keys/TERMINAL.tmk \
      (else the published test key of that terminal number). Config/host.yaml's fault, \
      wire_fault and dialect (mac, field22) apply. Stops cleanly on SIGTERM or SIGINT.

      Example: pos-terminal host --listen 127.0.0.1:5800 --state HostState
      """)

  @Option(help: "Address to listen on, HOST:PORT (e.g. 127.0.0.1:5800; port 0 picks one).")
  var listen: String

  @Option(help: "The host's state folder (its books and its terminals' master keys).")
  var state = "HostState"

  @Option(help: "Config folder (deck, host.yaml). Default: ./Config if it exists, else built in.")
  var config: String?

  @Option(help: "Append every frame to this file: '>' sent, '<' received, the frame in hex.")
  var trace: String?

  @Option(help: "Write the port actually bound to this file once listening (for scripts).")
  var portFile: String?

  func run() throws {
    let configuration = try ConfigSource.loadOrExit(config)
    guard let colon = listen.lastIndex(of: ":"),
      let port = Int(listen[listen.index(after: colon)...]),
      (0...65535).contains(port)
    else {
      printError("pos-terminal: --listen \(listen): expected HOST:PORT")
      throw ExitCode(2)
    }
    var address = String(listen[..<colon])
    if address.hasPrefix("["), address.hasSuffix("]") {
      address = String(address.dropFirst().dropLast())
    }
    let stateURL = URL(fileURLWithPath: state)
    let acquirer: SimulatedAcquirer
    let traceFile: WireTrace?
    let lock: StateFolderLock
    do {
      lock = try StateFolder.openForHost(stateURL)
    } catch {
      printError("pos-terminal host: \(error)")
      throw ExitCode(4)
    }
    defer { withExtendedLifetime(lock) {} }
    do {
      acquirer = try SimulatedAcquirer(
        accounts: configuration.deck.map(\.acquirerAccount),
        wallets: configuration.wallets.map(\.acquirerWallet),
        fault: configuration.hostFault.acquirerFault,
        statePath: stateURL.appendingPathComponent(StateFolder.acquirerName),
        timeZone: configuration.profile.timeZone)
      traceFile = try trace.map { try WireTrace(path: $0) }
    } catch {
      printError("pos-terminal host: \(error)")
      throw ExitCode(4)
    }
    let wire = configuration.wire
    var settings = WireHost.Settings(
      stateDirectory: stateURL, timeZone: configuration.profile.timeZone,
      fault: WireLinkSetup.fault(wire.fault),
      faultTraces: Set(wire.faultTraces), delaySeconds: wire.delaySeconds, trace: traceFile,
      dialect: WireLinkSetup.dialect(wire), log: { printError("host: \($0)") })
    settings.idleTimeoutSeconds = wire.idleTimeoutSeconds
    settings.maxConnections = wire.maxConnections
    let host = WireHost(acquirer: acquirer, settings: settings)
    let bound: Int
    do {
      bound = try host.start(host: address, port: port)
    } catch {
      printError("pos-terminal host: cannot listen on \(listen): \(error)")
      throw ExitCode(4)
    }
    if let portFile {
      try? "\(bound)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
    }
    print("host: listening on \(address):\(bound), state \(stateURL.path)")
    fflush(nil)
    StopSignal.wait()
    host.stop()
    let c = host.seen
    print(
      "host: stopped (\(c.frames) frames in, \(c.replies) replies, \(c.badFrames) bad frames, \(c.macErrors) MAC errors)"
    )
  }
}

/// SIGTERM / SIGINT as a semaphore: the main thread waits, the handler signals.
enum StopSignal {
  nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []
  static func wait() {
    let semaphore = DispatchSemaphore(value: 0)
    for sig in [SIGTERM, SIGINT] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler { semaphore.signal() }
      source.resume()
      sources.append(source)
    }
    semaphore.wait()
  }
}

/// `pos-terminal keys load`: the key-injection step (母POS).
struct KeysCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keys",
    abstract: "Terminal master keys (TMK) for the ISO 8583 link.",
    discussion: "Example: pos-terminal keys load --state State",
    subcommands: [Load.self])

  struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Load a terminal master key into a state folder (mode 0600).",
      discussion: """
        Without --tmk: the published TEST key of that terminal number, which the simulated \
        host also derives (Documentation/HostTester.md, "Keys"). Never use a test key outside \
        training. The host's state folder takes keys the same way (--state HOSTDIR --terminal \
        NNNNNNNN).

        Example: pos-terminal keys load --state State
        """)

    @Option(help: "State folder (the terminal's, or the host's).") var state = "State"
    @Option(help: "32 hex digits: a double-length key.") var tmk: String?
    @Option(help: "Terminal number (default: Config/terminal.yaml's).") var terminal: String?
    @Option(help: "Config folder.") var config: String?

    func run() throws {
      let terminalNo: String
      if let terminal {
        guard terminal.count == 8, terminal.allSatisfy(\.isNumber) else {
          printError("pos-terminal: --terminal must be 8 digits")
          throw ExitCode(2)
        }
        terminalNo = terminal
      } else {
        terminalNo = try ConfigSource.loadOrExit(config).profile.terminalNo
      }
      let key: SecretKey
      if let tmk {
        guard let bytes = Hex.decode(tmk), bytes.count == 16 else {
          printError("pos-terminal: --tmk must be 32 hex digits (a 16-byte key)")
          throw ExitCode(2)
        }
        key = SecretKey(bytes)
      } else {
        key = TestKeys.tmk(terminalNo: terminalNo)
      }
      do {
        try MasterKeyFile.store(key, state: URL(fileURLWithPath: state), terminalNo: terminalNo)
      } catch {
        printError("pos-terminal: keys load: \(error)")
        throw ExitCode(4)
      }
      let check = (try? KeyCheck.value(key, .tripleDES)).map { Hex.encode($0).uppercased() } ?? "?"
      print(
        "loaded the \(tmk == nil ? "published TEST " : "")master key of terminal \(terminalNo) into \(MasterKeyFile.url(state: URL(fileURLWithPath: state), terminalNo: terminalNo).path) (mode 0600), check value \(check)"
      )
    }
  }
}

/// `pos-terminal fleet`: many headless terminals against one host.
struct FleetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fleet",
    abstract: "Run N headless terminals selling against a host; print throughput and latency.",
    discussion: """
      Each terminal has its own terminal number (20000001 up), state folder and connection; \
      each signs in, sells M × 0.01 yuan on deck card 1, then sends its journal's totals as a \
      settlement: the host answers balanced only if its books agree. Exit 1 unless every sale \
      was approved and every terminal balanced.

      Example: pos-terminal fleet --host tcp://127.0.0.1:5800 --terminals 10 --sales 10
      """)

  @Option(help: "The host, tcp://HOST:PORT.") var host: String
  @Option(help: "Number of terminals.") var terminals = 10
  @Option(help: "Sales per terminal.") var sales = 10
  @Option(help: "Config folder.") var config: String?
  @Option(help: "Work folder (default: a new temporary folder, removed afterwards).") var work:
    String?
  @Option(help: "Terminals computing at once (default: one per core); the rest wait.")
  var computing: Int?

  func validate() throws {
    if let computing, computing < 1 { throw ValidationError("--computing must be at least 1") }
    guard terminals >= 1, terminals <= 1000 else {
      throw ValidationError("--terminals must be 1…1000")
    }
    guard sales >= 1 else { throw ValidationError("--sales must be at least 1") }
  }

  func run() throws {
    let configuration = try ConfigSource.loadOrExit(config)
    guard let endpoint = TCPHostLink.Endpoint(url: host) else {
      printError("pos-terminal: --host \(host): expected tcp://HOST:PORT")
      throw ExitCode(2)
    }
    let dir =
      work.map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("pos-fleet-\(getpid())")
    defer { if work == nil { try? FileManager.default.removeItem(at: dir) } }
    var options = Fleet.Options(
      endpoint: endpoint, terminals: terminals, sales: sales, workDirectory: dir)
    options.computing = computing
    options.algorithm = WireLinkSetup.algorithm(configuration.wire.keys)
    options.connectTimeoutSeconds = configuration.wire.connectTimeoutSeconds
    let result = try Fleet.run(
      configuration: configuration, options: options,
      progress: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) })
    print(result.summary)
    if let problem = result.firstProblem { print("first problem: \(problem)") }
    if result.approved != terminals * sales || result.balanced != terminals {
      throw ExitCode(1)
    }
  }
}
