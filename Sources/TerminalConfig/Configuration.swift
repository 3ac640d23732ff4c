import CardReader
import Foundation
import TerminalCore

/// What the simulated host does to every request (Config/host.yaml).
public enum HostFaultMode: String, Sendable, Equatable, CaseIterable {
  case none
  case issuerTimeout = "issuer_timeout"  // host answers 98
  case failure  // host answers 96
  case noReply = "no_reply"  // the reply is lost: the terminal times out and reverses
}

/// Where the terminal's host is (host.yaml `link`).
public enum HostLinkTarget: Sendable, Equatable {
  /// The simulated acquirer inside the terminal's process (the default).
  case inProcess
  /// The acquirer as its own process: ISO 8583 over TCP.
  case tcp(host: String, port: Int)

  /// `in_process` or `tcp://HOST:PORT` (a bracketed IPv6 address allowed).
  public init?(_ text: String) {
    if text == "in_process" {
      self = .inProcess
      return
    }
    guard text.hasPrefix("tcp://") else { return nil }
    let rest = text.dropFirst(6)
    guard let colon = rest.lastIndex(of: ":"), colon > rest.startIndex,
      let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port)
    else { return nil }
    var host = String(rest[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard !host.isEmpty, !host.contains(where: { $0 == "/" || $0 == " " }) else { return nil }
    self = .tcp(host: host, port: port)
  }
}

/// The working keys' algorithm on the TCP link (host.yaml `keys`).
public enum WireKeyAlgorithmSetting: String, Sendable, Equatable, CaseIterable {
  case tripleDES = "3des"
  case sm4
}

/// What the acquirer does wrong on the wire when it runs as its own process
/// (host.yaml `wire_fault`).
public enum WireFaultMode: String, Sendable, Equatable, CaseIterable {
  case none
  /// Close the connection instead of replying.
  case close
  /// Reply with a frame that is not a message.
  case garbled
  /// Reply with a wrong MAC (field 64).
  case wrongMAC = "wrong_mac"
  /// Reply for another trace (field 11 + 1).
  case otherTrace = "other_trace"
  /// Reply after `wire_delay_s`.
  case delay
}

/// Field 64's algorithm on the TCP link (host.yaml `mac`).
public enum WireMACSetting: String, Sendable, Equatable, CaseIterable {
  /// The UnionPay POS "ECB" MAC, 8 ASCII hex characters (the spec).
  case ecb
  /// ANSI X9.19, 8 bytes.
  case x919
}

/// Field 22's alignment in its two BCD bytes (host.yaml `field22`).
public enum WireField22Setting: String, Sendable, Equatable, CaseIterable {
  /// 021 → `02 10` (the spec).
  case left
  /// 021 → `00 21`.
  case right
}

/// host.yaml's settings for the ISO 8583 link (both ends).
public struct WireSettings: Sendable, Equatable {
  public var link: HostLinkTarget = .inProcess
  public var keys: WireKeyAlgorithmSetting = .tripleDES
  public var connectTimeoutSeconds: Double = 5
  public var fault: WireFaultMode = .none
  /// The traces the wire fault hits; empty: every financial request.
  public var faultTraces: [Int] = []
  public var delaySeconds: Double = 0
  /// The dialect (host.yaml `mac`, `field22`, `tpdu`, `header`), the spec by default.
  public var mac: WireMACSetting = .ecb
  public var field22: WireField22Setting = .left
  /// 5 bytes: 60, destination (2), source (2).
  public var tpdu: [UInt8] = [0x60, 0x00, 0x03, 0x00, 0x00]
  /// 6 bytes: application class, software version, status and request, sub-version.
  public var header: [UInt8] = [0x60, 0x31, 0x00, 0x31, 0x01, 0x00]
  /// The host process closes a connection on which no whole frame moves for this long
  /// (`idle_timeout_s`).
  public var idleTimeoutSeconds: Double = 60
  /// The host process refuses connections beyond this many open (`max_connections`).
  public var maxConnections: Int = 256
  public init() {}
}

/// Everything in Config/, parsed and validated.
public struct Configuration: Sendable, Equatable {
  public var profile: TerminalProfile
  public var operators: [OperatorRecord]
  public var deck: [DeckCard]
  public var modem: ModemSettings
  public var hostFault: HostFaultMode
  /// Seconds the simulated host takes to answer (host.yaml `reply_delay_s`).
  public var hostReplyDelaySeconds: Double
  /// The printer runs out of paper after this many slips (printer.yaml
  /// `paper_out_after`); nil: never.
  public var paperOutAfter: Int?
  /// The ISO 8583 link (host.yaml `link`, `keys`, `connect_timeout_s`, `wire_*`).
  public var wire = WireSettings()
  /// The phones of the deck: wallets and their payment codes (deck.yaml `wallets:`).
  public var wallets: [DeckWallet]

  public init(
    profile: TerminalProfile, operators: [OperatorRecord], deck: [DeckCard],
    modem: ModemSettings, hostFault: HostFaultMode, hostReplyDelaySeconds: Double = 0,
    paperOutAfter: Int? = nil, wallets: [DeckWallet] = []
  ) {
    self.wallets = wallets
    self.profile = profile
    self.operators = operators
    self.deck = deck
    self.modem = modem
    self.hostFault = hostFault
    self.hostReplyDelaySeconds = hostReplyDelaySeconds
    self.paperOutAfter = paperOutAfter
  }
}
