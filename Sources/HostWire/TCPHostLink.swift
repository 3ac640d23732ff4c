import Acquirer
import Foundation
import ISO8583
import NIOCore
import NIOPosix
import TerminalCore

/// The terminal's end of the ISO 8583 link: each request becomes a frame (PIN
/// and track data encrypted, field 64 the MAC), each reply is checked as a real
/// terminal checks it before the core sees it. Working keys come from sign-in
/// and live in memory only.
public final class TCPHostLink: RemoteHostLink, @unchecked Sendable {
  // @unchecked: every mutable field is touched only under `lock`.
  public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public init(host: String, port: Int) {
      self.host = host
      self.port = port
    }
    /// `tcp://HOST:PORT`.
    public init?(url: String) {
      guard url.hasPrefix("tcp://") else { return nil }
      let rest = url.dropFirst(6)
      guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
        (1...65535).contains(port), colon > rest.startIndex
      else { return nil }
      var host = String(rest[..<colon])
      if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
      self.init(host: host, port: port)
    }
    public var description: String { "tcp://\(host):\(port)" }
  }

  public struct Settings: Sendable {
    public var endpoint: Endpoint
    public var algorithm: KeyAlgorithm
    public var masterKey: SecretKey
    public var timeZone: TimeZone
    public var connectTimeoutSeconds: Double
    public var trace: WireTrace?
    /// The MAC, field 22's alignment, TPDU and header (host.yaml; the spec by default).
    public var dialect: WireDialect
    public init(
      endpoint: Endpoint, algorithm: KeyAlgorithm, masterKey: SecretKey, timeZone: TimeZone,
      connectTimeoutSeconds: Double = 5, trace: WireTrace? = nil,
      dialect: WireDialect = .unionPay
    ) {
      self.dialect = dialect
      self.endpoint = endpoint
      self.algorithm = algorithm
      self.masterKey = masterKey
      self.timeZone = timeZone
      self.connectTimeoutSeconds = connectTimeoutSeconds
      self.trace = trace
    }
  }

  private struct Pending {
    var request: HostRequest
    var message: ISOMessage
    var reply: @Sendable (HostReply) -> Void
    var lost: @Sendable () -> Void
    var sentAt: ContinuousClock.Instant
  }

  /// A transaction the terminal may have to reverse: what the reversal repeats.
  private struct Reversible {
    var pan: String
    var entryMode: String?  // the original's field 22
    var reason: String  // 98 no reply, A0 MAC error, 06 other
  }

  private struct Key: Hashable {
    var batch: Int
    var trace: Int
  }

  private let settings: Settings
  private let group: EventLoopGroup
  private let time: WireTime
  private let lock = NSLock()
  private var channel: Channel?
  private var generation = 0
  private var keys: WorkingKeys?
  private var pending: [Int: Pending] = [:]
  private var reversible: [Key: Reversible] = [:]
  private var notes: [String] = []
  private var latencies: [Double] = []

  public init(_ settings: Settings, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
    self.settings = settings
    self.group = group
    self.time = WireTime(timeZone: settings.timeZone)
  }

  deinit { channel?.close(promise: nil) }

  public var endpoint: Endpoint { settings.endpoint }

  /// Round-trip times (request written → reply accepted), seconds, since the last call.
  public func drainLatencies() -> [Double] {
    lock.withLock {
      defer { latencies.removeAll(keepingCapacity: true) }
      return latencies
    }
  }

  /// Whether sign-in has given working keys.
  public var isSignedIn: Bool { lock.withLock { keys != nil } }

  public func close() {
    let c = lock.withLock { () -> Channel? in
      defer { channel = nil }
      return channel
    }
    try? c?.close().wait()
  }

  // MARK: HostLink

  public func ping() -> Bool { check() == nil }

  public func check() -> String? {
    do {
      _ = try connectedChannel()
      return nil
    } catch {
      return
        "cannot connect to \(settings.endpoint): \(Self.describe(error)); start the host (pos-terminal host --listen \(settings.endpoint.host):\(settings.endpoint.port)) or fix `link` in host.yaml"
    }
  }

  public func send(_ request: HostRequest, reply: @escaping @Sendable (HostReply) -> Void) {
    send(request, reply: reply, lost: {})
  }

  public func send(
    _ request: HostRequest, reply: @escaping @Sendable (HostReply) -> Void,
    lost: @escaping @Sendable () -> Void
  ) {
    let body: [UInt8]
    let message: ISOMessage
    do {
      (message, body) = try frame(for: request)
    } catch {
      note("cannot build the \(request.type) message: \(error)")
      lost()
      return
    }
    let channel: Channel
    do {
      channel = try connectedChannel()
    } catch {
      note(
        "no connection to \(settings.endpoint): \(Self.describe(error)); the request was not sent")
      lost()
      return
    }
    lock.withLock {
      // One request per trace is awaited. An older one with this trace (a sale the
      // core gave up on, now being reversed; a reversal being tried again) is
      // forgotten without a word: the core sends again only after its wait ended,
      // and a loss reported now would end the new wait instead.
      pending[request.envelope.trace] = Pending(
        request: request, message: message, reply: reply, lost: lost,
        sentAt: ContinuousClock.now)
    }
    settings.trace?.sent(body: body)
    let buffer = ByteBuffer(bytes: body)
    channel.writeAndFlush(buffer).whenFailure { [weak self] error in
      self?.giveUp(trace: request.envelope.trace, "write failed: \(Self.describe(error))")
    }
  }

  public func drainNotes() -> [String] {
    lock.withLock {
      defer { notes.removeAll() }
      return notes
    }
  }

  // MARK: Building

  private func frame(for request: HostRequest) throws -> (ISOMessage, [UInt8]) {
    let key = Key(batch: request.envelope.batch, trace: request.envelope.trace)
    let (keys, saved) = lock.withLock { (self.keys, reversible[key]) }
    var context = WireMessages.RequestContext(
      algorithm: settings.algorithm, keys: keys, time: time,
      serial: "SIM" + request.envelope.terminalNo)
    if case .reversal = request.body {
      context.reversalReason = saved?.reason ?? "98"
      context.reversalPAN = saved?.pan
      context.reversalEntryMode = saved?.entryMode
    }
    var message = try WireMessages.message(for: request, context)
    if case .signIn = request.body {
      // Sign-in goes before there are working keys: no MAC.
    } else {
      guard let keys else { throw WireMappingError.notSignedIn }
      message = try MAC.seal(message, keys: keys, dialect: settings.dialect)
    }
    if case .transaction(let t) = request.body, t.kind.descriptor.reversible {
      let entry = message.string(22)
      lock.withLock { reversible[key] = Reversible(pan: t.pan, entryMode: entry, reason: "98") }
    }
    let d = settings.dialect
    let frame = WireFrame(
      tpdu: d.tpdu, header: d.header(chip: Self.isChip(request)),
      message: try message.encode(field22: d.field22))
    return (message, frame.body)
  }

  private static func isChip(_ request: HostRequest) -> Bool {
    if case .transaction(let t) = request.body {
      return t.entryMode == .insert || t.entryMode == .contactless
    }
    return false
  }

  // MARK: Connection

  private func connectedChannel() throws -> Channel {
    if let c = lock.withLock({ channel }), c.isActive { return c }
    let generation = lock.withLock { () -> Int in
      self.generation += 1
      return self.generation
    }
    let timeout = TimeAmount.milliseconds(Int64(settings.connectTimeoutSeconds * 1000))
    let bootstrap = ClientBootstrap(group: group)
      .connectTimeout(timeout)
      .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
      .channelInitializer { [box = WeakLink(self)] channel in
        FrameChannel.configure(
          channel, onFrame: { body in box.link?.received(body) },
          onClose: { box.link?.closed(generation: generation) })
      }
    let c = try bootstrap.connect(host: settings.endpoint.host, port: settings.endpoint.port)
      .wait()
    lock.withLock { channel = c }
    return c
  }

  private func closed(generation: Int) {
    let given = lock.withLock { () -> [Pending] in
      guard generation == self.generation else { return [] }
      channel = nil
      defer { pending.removeAll() }
      return Array(pending.values)
    }
    guard !given.isEmpty else { return }
    note("the host closed the connection with \(given.count) request(s) unanswered")
    for p in given { p.lost() }
  }

  // MARK: Replies

  private func received(_ body: [UInt8]) {
    settings.trace?.received(body: body)
    let message: ISOMessage
    do {
      let frame = try WireFrame.parse(body: body)
      message = try ISOMessage.decode(frame.message, field22: settings.dialect.field22)
    } catch {
      note("garbled frame from the host dropped (\(error))")
      markAll(reason: "06")
      return
    }
    guard let trace = message.string(11).flatMap({ Int($0) }) else {
      note("reply \(message.mti) without a trace (field 11) dropped")
      return
    }
    guard let p = lock.withLock({ pending[trace] }) else {
      note(
        "reply \(message.mti) for trace \(message.string(11) ?? "") dropped: no request with that trace is awaited"
      )
      return
    }
    if let problem = WireMessages.mismatch(reply: message, request: p.message) {
      note("reply for trace \(message.string(11) ?? "") dropped: \(problem)")
      mark(p.request, reason: "06")
      return
    }
    let keys = lock.withLock { self.keys }
    if case .signIn = p.request.body {
      // The sign-in reply brings the keys the MAC would be under.
      if message.string(39) == "00" {
        guard let field = message[62] else {
          return giveUp(trace: trace, "sign-in reply without working keys (field 62)")
        }
        do {
          let fresh = try WorkingKeys.fromField62(
            field, tmk: settings.masterKey, algorithm: settings.algorithm)
          lock.withLock { self.keys = fresh }
        } catch {
          return giveUp(trace: trace, "sign-in failed: \(error)")
        }
      }
    } else {
      guard let keys, MAC.verify(message, keys: keys, dialect: settings.dialect) else {
        mark(p.request, reason: "A0")
        return giveUp(
          trace: trace,
          "MAC error on the \(message.mti) reply for trace \(message.string(11) ?? "") (A0)")
      }
    }
    let replyBody: HostReplyBody
    do {
      replyBody = try WireMessages.replyBody(message, for: p.request, time: time)
    } catch {
      mark(p.request, reason: "06")
      return giveUp(trace: trace, "unreadable \(message.mti) reply: \(error)")
    }
    let accepted = lock.withLock { () -> Bool in
      guard pending[trace]?.sentAt == p.sentAt else { return false }
      pending[trace] = nil
      let elapsed = ContinuousClock.now - p.sentAt
      latencies.append(
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
      let key = Key(batch: p.request.envelope.batch, trace: p.request.envelope.trace)
      switch p.request.body {
      case .transaction: reversible[key] = nil
      case .reversal: if case .reversal(true) = replyBody { reversible[key] = nil }
      default: break
      }
      return true
    }
    if accepted { p.reply(HostReply(to: p.request, replyBody)) }
  }

  /// The reversal of `request`, if one follows, gives this reason.
  private func mark(_ request: HostRequest, reason: String) {
    let key = Key(batch: request.envelope.batch, trace: request.envelope.trace)
    lock.withLock { reversible[key]?.reason = reason }
  }

  private func markAll(reason: String) {
    lock.withLock {
      for p in pending.values {
        reversible[Key(batch: p.request.envelope.batch, trace: p.request.envelope.trace)]?.reason =
          reason
      }
    }
  }

  private func giveUp(trace: Int, _ why: String) {
    note(why)
    let p = lock.withLock { () -> Pending? in
      defer { pending[trace] = nil }
      return pending[trace]
    }
    p?.lost()
  }

  private func note(_ text: String) {
    lock.withLock {
      notes.append(text)
      if notes.count > 200 { notes.removeFirst(notes.count - 200) }
    }
  }

  static func describe(_ error: Error) -> String {
    if let e = error as? ChannelError {
      switch e {
      case .connectTimeout: return "connect timed out"
      default: return "\(e)"
      }
    }
    let text = "\(error)"
    if text.contains("Connection refused") || text.contains("connection refused") {
      return "connection refused"
    }
    return text
  }
}

/// The pipeline's way back to its link, without keeping the link alive.
private final class WeakLink: @unchecked Sendable {
  // @unchecked: a weak reference, set once.
  weak var link: TCPHostLink?
  init(_ link: TCPHostLink) { self.link = link }
}
