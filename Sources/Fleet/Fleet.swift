import Foundation
import HostWire
import ISO8583
import NIOCore
import NIOPosix
import TerminalConfig
import TerminalCore
import TerminalRuntime

/// `pos-terminal fleet`: N headless terminals, each with its own terminal
/// number, state folder and TCP link, selling against one host at once.
public enum Fleet {
  public struct Options: Sendable {
    public var endpoint: TCPHostLink.Endpoint
    /// host.yaml's `keys` and `connect_timeout_s`, as the app layer read them.
    public var algorithm: KeyAlgorithm = .tripleDES
    public var connectTimeoutSeconds: Double = 5
    public var terminals: Int
    public var sales: Int
    public var workDirectory: URL
    /// Terminal numbers run from this one up.
    public var firstTerminalNo: Int = 20_000_001
    public var card: Int = 1
    public var pin: String = "123456"
    /// How many terminals compute at once (nil: one per core); the rest wait
    /// for the host or for their turn.
    public var computing: Int? = nil
    public init(endpoint: TCPHostLink.Endpoint, terminals: Int, sales: Int, workDirectory: URL) {
      self.endpoint = endpoint
      self.terminals = terminals
      self.sales = sales
      self.workDirectory = workDirectory
    }
  }

  public struct Result: Sendable {
    public var terminals: Int
    public var salesAsked: Int
    public var approved: Int
    /// Sales that ended in anything but approval (declined, timed out).
    public var failed: Int
    /// Terminals whose sign-in failed.
    public var signInFailures: Int
    /// Terminals whose journal totals the host confirmed (settlement 0500 balanced).
    public var balanced: Int
    public var firstProblem: String?
    public var seconds: Double
    /// Request → reply times of the sales, seconds, sorted.
    public var latencies: [Double]
    public var cpuSeconds: Double

    public var salesPerSecond: Double { Double(approved + failed) / seconds }
    public func percentile(_ p: Double) -> Double {
      guard !latencies.isEmpty else { return 0 }
      let i = min(latencies.count - 1, Int((p / 100 * Double(latencies.count)).rounded(.up)) - 1)
      return latencies[max(0, i)]
    }
    public var summary: String {
      func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }
      return """
        fleet: \(terminals) terminals × \(salesAsked / max(1, terminals)) sales: \(approved) approved, \(failed) not, \(signInFailures) sign-in failures
        throughput: \(String(format: "%.1f", salesPerSecond)) sales/s over \(String(format: "%.2f", seconds)) s (process CPU \(String(format: "%.2f", cpuSeconds)) s)
        latency (request → reply, \(latencies.count) sales): p50 \(ms(percentile(50))), p99 \(ms(percentile(99))), max \(ms(latencies.last ?? 0))
        books: \(balanced) of \(terminals) terminals balanced with the host (settlement 0500 with the journal's totals)
        """
    }
  }

  /// Runs the fleet; `progress` gets a line about once a second.
  public static func run(
    configuration: Configuration, options: Options, progress: @escaping @Sendable (String) -> Void
  ) throws -> Result {
    let counter = Counter()
    let total = options.terminals * options.sales
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    defer { try? group.syncShutdownGracefully() }
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = cpuTime()
    let done = DispatchGroup()
    let results = ResultsBox(count: options.terminals)
    let gate = CPUGate(options.computing ?? ProcessInfo.processInfo.activeProcessorCount)
    for i in 0..<options.terminals {
      done.enter()
      let thread = Thread {
        results.set(i, runTerminal(i, configuration, options, group, counter, gate))
        done.leave()
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    let stopProgress = DispatchSemaphore(value: 0)
    let ticker = Thread {
      while stopProgress.wait(timeout: .now() + 1) == .timedOut {
        let n = counter.value
        let elapsed = seconds(clock.now - start)
        progress(
          "fleet: \(n)/\(total) sales, \(String(format: "%.0f", Double(n) / max(elapsed, 0.001))) sales/s"
        )
      }
    }
    ticker.start()
    done.wait()
    stopProgress.signal()
    let elapsed = seconds(clock.now - start)
    let all = results.all
    var result = Result(
      terminals: options.terminals, salesAsked: total, approved: 0, failed: 0, signInFailures: 0,
      balanced: 0, firstProblem: nil, seconds: elapsed, latencies: [],
      cpuSeconds: cpuTime() - cpuStart)
    for r in all {
      result.approved += r.approved
      result.failed += r.failed
      if !r.signedIn { result.signInFailures += 1 }
      if r.balanced { result.balanced += 1 }
      result.latencies += r.latencies
      if result.firstProblem == nil { result.firstProblem = r.problem }
    }
    result.latencies.sort()
    return result
  }

  struct TerminalResult: Sendable {
    var signedIn = false
    var approved = 0
    var failed = 0
    var balanced = false
    var latencies: [Double] = []
    var problem: String?
  }

  static func runTerminal(
    _ i: Int, _ base: Configuration, _ options: Options, _ group: EventLoopGroup,
    _ counter: Counter, _ gate: CPUGate
  ) -> TerminalResult {
    var r = TerminalResult()
    var configuration = base
    let terminalNo = String(options.firstTerminalNo + i)
    configuration.profile.terminalNo = terminalNo
    let dir = options.workDirectory.appendingPathComponent(terminalNo)
    let state = dir.appendingPathComponent("state")
    let link: TCPHostLink
    do {
      try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
      let tmk = try MasterKeyFile.terminalKey(
        state: state, terminalNo: terminalNo, trainingMode: true)
      link = TCPHostLink(
        .init(
          endpoint: options.endpoint, algorithm: options.algorithm, masterKey: tmk,
          timeZone: configuration.profile.timeZone,
          connectTimeoutSeconds: options.connectTimeoutSeconds),
        group: group)
    } catch {
      r.problem = "terminal \(terminalNo): \(error)"
      return r
    }
    defer { link.close() }
    let session = TerminalSession(
      configuration: configuration,
      options: SessionOptions(
        stateDirectory: state, receiptsDirectory: dir.appendingPathComponent("receipts"),
        seed: UInt64(i + 1)),
      hostLink: link)
    // The session computes only inside the gate (as many at once as there are
    // cores) and leaves it while it waits for the host: 200 threads busy at once
    // would starve the host process of CPU, which a host on its own machine is not.
    gate.enter()
    defer { gate.leave() }
    func press(_ keys: [Key]) {
      for key in keys {
        if session.isWaitingForHost { session.settleHost(gate: gate) }
        session.press(key)
      }
      if session.isWaitingForHost { session.settleHost(gate: gate) }
    }
    session.powerOn()
    press([.enter] + digits("01") + digits("0000"))
    _ = session.drainFrames()
    _ = session.drainOutputs()
    guard case .menu = session.state.flow, link.isSignedIn else {
      r.problem = "terminal \(terminalNo): sign-in failed: \(lcd(session.screen))"
      return r
    }
    r.signedIn = true
    _ = link.drainLatencies()
    for _ in 0..<options.sales {
      press(digits("11"))  // menu 1 (sale), 0.01 yuan
      session.swipeDeckCard(options.card)
      press([.enter] + digits(options.pin))
      if case .transaction(.approved) = session.state.flow {
        r.approved += 1
      } else {
        r.failed += 1
        if r.problem == nil { r.problem = "terminal \(terminalNo): \(lcd(session.screen))" }
      }
      press([.enter])
      if case .menu = session.state.flow {} else { press([.cancel]) }
      _ = session.drainFrames()
      for output in session.drainOutputs() {
        if case .note(let text) = output, r.problem == nil, text.hasPrefix("host link") {
          r.problem = "terminal \(terminalNo): \(text)"
        }
      }
      counter.add()
    }
    r.latencies = link.drainLatencies()
    // The books: the journal's open batch totals, sent as a settlement; the host
    // answers balanced only when its own books for this terminal hold the same.
    let totals = session.state.batchTotals
    let envelope = HostEnvelope(
      terminalNo: terminalNo, merchantNo: configuration.profile.merchantNo,
      batch: session.state.batch, trace: session.state.lastTrace)
    let settlement = HostRequest(
      envelope: envelope, body: .settlement(debit: totals.debit, credit: totals.credit),
      time: session.now)
    gate.leave()
    let settled = link.exchange(settlement, seconds: 30)
    gate.enter()
    if case .settled(let balanced, _)? = settled?.body {
      r.balanced = balanced
      if !balanced, r.problem == nil {
        r.problem = "terminal \(terminalNo): the host's books differ from the journal"
      }
    } else if r.problem == nil {
      r.problem = "terminal \(terminalNo): no settlement reply"
    }
    return r
  }

  static func digits(_ s: String) -> [Key] {
    s.compactMap { $0.wholeNumberValue }.map { .digit(UInt8($0)) } + [.enter]
  }

  static func lcd(_ screen: Screen) -> String {
    LCD.rows(of: screen).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      .joined(separator: " / ")
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// User + system CPU time of this process, seconds.
  public static func cpuTime() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
      + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
  }
}

final class Counter: @unchecked Sendable {
  // @unchecked: `n` only under `lock`.
  private let lock = NSLock()
  private var n = 0
  func add() { lock.withLock { n += 1 } }
  var value: Int { lock.withLock { n } }
}

private final class ResultsBox: @unchecked Sendable {
  // @unchecked: `items` only under `lock`.
  private let lock = NSLock()
  private var items: [Fleet.TerminalResult]
  init(count: Int) { items = Array(repeating: Fleet.TerminalResult(), count: count) }
  func set(_ i: Int, _ r: Fleet.TerminalResult) { lock.withLock { items[i] = r } }
  var all: [Fleet.TerminalResult] { lock.withLock { items } }
}
