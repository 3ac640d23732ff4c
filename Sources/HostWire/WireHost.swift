import Acquirer
import Ciphers
import Foundation
import ISO8583
import NIOCore
import NIOPosix
import TerminalCore

/// The simulated acquirer as a server: each frame is decoded into a
/// `HostRequest`, the `SimulatedAcquirer` decides (its decisions are the only
/// ones), and its `HostReply` goes back as a frame. Many terminals at once, each
/// with its own working keys (in memory), batch and books (the acquirer's file).
public final class WireHost: @unchecked Sendable {
  // @unchecked: `terminals`, `channels` and `problems` are touched only under `lock`.
  public struct Settings: Sendable {
    public var stateDirectory: URL
    public var timeZone: TimeZone
    public var fault: WireFault
    public var faultTraces: Set<Int>
    public var delaySeconds: Double
    public var trace: WireTrace?
    /// A connection on which no whole frame moves for this long is closed (host.yaml
    /// `idle_timeout_s`).
    public var idleTimeoutSeconds: Double = 60
    /// Connections beyond this many open ones are closed at once (`max_connections`).
    public var maxConnections: Int = 256
    /// Where problems go (a bad frame, a MAC error): one line each.
    public var log: @Sendable (String) -> Void
    /// The MAC and field 22's alignment (host.yaml; the spec by default). A reply
    /// goes with the request's TPDU swapped and its header.
    public var dialect: WireDialect
    public init(
      stateDirectory: URL, timeZone: TimeZone, fault: WireFault = .none,
      faultTraces: Set<Int> = [], delaySeconds: Double = 0, trace: WireTrace? = nil,
      dialect: WireDialect = .unionPay, log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
      self.dialect = dialect
      self.stateDirectory = stateDirectory
      self.timeZone = timeZone
      self.fault = fault
      self.faultTraces = faultTraces
      self.delaySeconds = delaySeconds
      self.trace = trace
      self.log = log
    }
  }

  private let acquirer: SimulatedAcquirer
  private let settings: Settings
  private let time: WireTime
  private let group: EventLoopGroup
  private let ownsGroup: Bool
  private let work = DispatchQueue(label: "wire-host", attributes: .concurrent)
  private let lock = NSLock()
  private var terminals: [String: WorkingKeys] = [:]
  private var serverChannel: Channel?
  private var connections: [ObjectIdentifier: Channel] = [:]
  private var counts = Counts()

  /// What the host has seen, for `--stats` lines and tests.
  public struct Counts: Sendable, Equatable {
    public var frames = 0
    public var replies = 0
    public var badFrames = 0
    public var macErrors = 0
  }

  public init(
    acquirer: SimulatedAcquirer, settings: Settings, group: EventLoopGroup? = nil
  ) {
    self.acquirer = acquirer
    self.settings = settings
    self.time = WireTime(timeZone: settings.timeZone)
    if let group {
      self.group = group
      ownsGroup = false
    } else {
      self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
      ownsGroup = true
    }
  }

  public var seen: Counts { lock.withLock { counts } }

  /// Binds and starts serving; returns the port (useful with port 0).
  @discardableResult
  public func start(host: String, port: Int) throws -> Int {
    let bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(ChannelOptions.backlog, value: 512)
      .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { [box = WeakHost(self)] channel in
        guard let host = box.host, host.opened(channel) else {
          return channel.close()
        }
        let peer = channel.remoteAddress.map { "\($0)" } ?? "?"
        let idle = host.settings.idleTimeoutSeconds
        return FrameChannel.configure(
          channel, idle: .milliseconds(Int64(idle * 1000)),
          onIdle: {
            box.host?.settings.log(
              "connection from \(peer) closed: no whole frame for \(idle) s (idle_timeout_s)")
          },
          onFrame: { body in box.host?.received(body, on: channel) },
          onClose: { box.host?.closed(channel) })
      }
    let channel = try bootstrap.bind(host: host, port: port).wait()
    lock.withLock { serverChannel = channel }
    return channel.localAddress?.port ?? port
  }

  /// Stops accepting, closes every connection, waits for work in progress.
  public func stop() {
    let (server, open) = lock.withLock { (serverChannel, Array(connections.values)) }
    try? server?.close().wait()
    for c in open { try? c.close().wait() }
    work.sync(flags: .barrier) {}
    if ownsGroup { try? group.syncShutdownGracefully() }
  }

  /// Counts the connection in, or refuses it (false) when `maxConnections` are open.
  private func opened(_ channel: Channel) -> Bool {
    let open = lock.withLock { () -> Int? in
      guard connections.count < settings.maxConnections else { return connections.count }
      connections[ObjectIdentifier(channel)] = channel
      return nil
    }
    guard let open else { return true }
    let peer = channel.remoteAddress.map { "\($0)" } ?? "?"
    settings.log(
      "connection from \(peer) refused: \(open) connections open (max_connections \(settings.maxConnections))"
    )
    return false
  }

  private func closed(_ channel: Channel) {
    _ = lock.withLock { connections.removeValue(forKey: ObjectIdentifier(channel)) }
  }

  // MARK: One frame

  private func received(_ body: [UInt8], on channel: Channel) {
    settings.trace?.received(body: body)
    lock.withLock { counts.frames += 1 }
    work.async { self.process(body, on: channel) }
  }

  private func process(_ body: [UInt8], on channel: Channel) {
    let peer = channel.remoteAddress.map { "\($0)" } ?? "?"
    let frame: WireFrame
    let message: ISOMessage
    do {
      frame = try WireFrame.parse(body: body)
      message = try ISOMessage.decode(frame.message, field22: settings.dialect.field22) {
        partial in
        let terminal = partial.string(41) ?? ""
        return self.lock.withLock { self.terminals[terminal]?.algorithm.pinBlockLength } ?? 8
      }
    } catch {
      lock.withLock { counts.badFrames += 1 }
      settings.log("bad frame from \(peer) dropped (\(body.count) bytes): \(error)")
      return
    }
    let terminalNo = message.string(41) ?? ""
    let keys = lock.withLock { terminals[terminalNo] }
    let isSignIn = message.mti == "0800"
    if !isSignIn {
      guard let keys, MAC.verify(message, keys: keys, dialect: settings.dialect) else {
        lock.withLock { counts.macErrors += 1 }
        settings.log(
          "\(message.mti) from terminal \(terminalNo) trace \(message.string(11) ?? "?"): MAC error"
            + (keys == nil ? " (not signed in)" : ""))
        var answer = ISOMessage(mti: WireMessages.replyMTI(message.mti))
        for n in [3, 4, 11, 41, 42, 60] { if let v = message[n] { answer[n] = v } }
        answer.set(39, "A0")
        if let keys, let sealed = try? MAC.seal(answer, keys: keys, dialect: settings.dialect) {
          answer = sealed
        }
        write(answer, frame: frame, on: channel)
        return
      }
    }
    let decoded: WireMessages.DecodedRequest
    do {
      decoded = try WireMessages.request(from: message, keys: keys, time: time, near: Date())
    } catch {
      lock.withLock { counts.badFrames += 1 }
      settings.log("\(message.mti) from terminal \(terminalNo) refused: \(error)")
      var answer = ISOMessage(mti: WireMessages.replyMTI(message.mti))
      for n in [3, 4, 11, 41, 42, 60] { if let v = message[n] { answer[n] = v } }
      answer.set(39, "30")  // format error
      if let keys, !isSignIn,
        let sealed = try? MAC.seal(answer, keys: keys, dialect: settings.dialect)
      {
        answer = sealed
      }
      write(answer, frame: frame, on: channel)
      return
    }

    var signInKeys: [UInt8]?
    var fresh: WorkingKeys?
    if let algorithm = decoded.algorithm {
      do {
        let tmk =
          try MasterKeyFile.load(state: settings.stateDirectory, terminalNo: terminalNo)
          ?? TestKeys.tmk(terminalNo: terminalNo)
        let k = try WorkingKeys.random(algorithm)
        signInKeys = try k.field62(tmk: tmk)
        fresh = k
      } catch {
        settings.log("sign-in of terminal \(terminalNo): no keys (\(error))")
        return
      }
    }

    let box = ReplyBox()
    acquirer.send(decoded.request) { box.set($0) }
    guard let reply = box.value else { return }  // the acquirer's own no_reply fault
    if let fresh { lock.withLock { terminals[terminalNo] = fresh } }
    let replyKeys = fresh ?? keys
    do {
      var answer = try WireMessages.reply(
        reply, to: message, time: time, hostTime: Date(), signInKeys: signInKeys)
      let financial: Bool
      if case .transaction = decoded.request.body { financial = true } else { financial = false }
      let faulty =
        financial && settings.fault != .none
        && (settings.faultTraces.isEmpty
          || settings.faultTraces.contains(decoded.request.envelope.trace))
      if faulty, settings.fault == .otherTrace {
        let trace = SequenceNumber.next(after: decoded.request.envelope.trace)
        answer.set(11, SequenceNumber.format(trace))
      }
      if !isSignIn, let replyKeys {
        answer = try MAC.seal(answer, keys: replyKeys, dialect: settings.dialect)
      }
      if faulty {
        switch settings.fault {
        case .none, .otherTrace: break
        case .close:
          settings.log("wire fault: closing the connection instead of replying")
          channel.close(promise: nil)
          return
        case .garbled:
          settings.log("wire fault: a garbled reply")
          let garbage: [UInt8] = [0x60, 0x00, 0x00, 0x00, 0x03] + [0x99, 0x99, 0xFF, 0x00]
          settings.trace?.sent(body: garbage)
          channel.writeAndFlush(ByteBuffer(bytes: garbage), promise: nil)
          return
        case .wrongMAC:
          if var mac = answer[64] {
            mac[0] ^= 0xFF
            answer.set(64, bytes: mac)
          }
        case .delay:
          let delay = TimeAmount.milliseconds(Int64(settings.delaySeconds * 1000))
          let reply = answer
          channel.eventLoop.scheduleTask(in: delay) { [box = WeakHost(self)] in
            box.host?.write(reply, frame: frame, on: channel)
          }
          return
        }
      }
      write(answer, frame: frame, on: channel)
    } catch {
      settings.log("reply to \(message.mti) from terminal \(terminalNo) not built: \(error)")
    }
  }

  private func write(_ answer: ISOMessage, frame: WireFrame, on channel: Channel) {
    guard let bytes = try? answer.encode(field22: settings.dialect.field22) else {
      settings.log("reply \(answer.mti) does not encode")
      return
    }
    let out = WireFrame(tpdu: frame.tpdu.reply, header: frame.header, message: bytes)
    let body = out.body
    settings.trace?.sent(body: body)
    lock.withLock { counts.replies += 1 }
    channel.writeAndFlush(ByteBuffer(bytes: body), promise: nil)
  }
}

private final class ReplyBox: @unchecked Sendable {
  // @unchecked: the acquirer replies on the caller's thread before `send` returns.
  private let lock = NSLock()
  private var reply: HostReply?
  func set(_ r: HostReply) { lock.withLock { reply = r } }
  var value: HostReply? { lock.withLock { reply } }
}

private final class WeakHost: @unchecked Sendable {
  // @unchecked: a weak reference, set once.
  weak var host: WireHost?
  init(_ host: WireHost) { self.host = host }
}
