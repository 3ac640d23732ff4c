import Foundation
import HostWire
import ISO8583
import TerminalConfig

/// The wire's settings from the configuration: HostWire reads no config of its
/// own. Builds the terminal's TCP link: the endpoint (`--host` over host.yaml's
/// `link`), the key algorithm, the TMK from the state folder (the test key put
/// there first in training mode), the trace.
enum WireLinkSetup {
  /// nil when the configuration keeps the in-process host and no `--host` is given.
  static func link(
    configuration: Configuration, stateDirectory: URL, hostOverride: String?,
    trace: WireTrace?
  ) throws -> TCPHostLink? {
    var target = configuration.wire.link
    if let hostOverride {
      guard let t = HostLinkTarget(hostOverride) else {
        throw WireSetupError(
          "--host \(hostOverride): expected tcp://HOST:PORT (or in_process)")
      }
      target = t
    }
    guard case .tcp(let host, let port) = target else { return nil }
    let profile = configuration.profile
    try FileManager.default.createDirectory(
      at: stateDirectory, withIntermediateDirectories: true)
    let tmk = try MasterKeyFile.terminalKey(
      state: stateDirectory, terminalNo: profile.terminalNo,
      trainingMode: profile.trainingMode)
    return TCPHostLink(
      TCPHostLink.Settings(
        endpoint: .init(host: host, port: port), algorithm: algorithm(configuration.wire.keys),
        masterKey: tmk, timeZone: profile.timeZone,
        connectTimeoutSeconds: configuration.wire.connectTimeoutSeconds, trace: trace,
        dialect: dialect(configuration.wire)))
  }

  /// host.yaml's `mac`, `field22`, `tpdu` and `header` (both ends read them).
  public static func dialect(_ wire: WireSettings) -> WireDialect {
    let t = wire.tpdu
    return WireDialect(
      mac: wire.mac == .x919 ? .x919 : .ecb, field22: wire.field22 == .right ? .right : .left,
      tpdu: TPDU(
        destination: UInt16(t[1]) << 8 | UInt16(t[2]), source: UInt16(t[3]) << 8 | UInt16(t[4])),
      header: MessageHeader(bytes: wire.header))
  }

  static func algorithm(_ setting: WireKeyAlgorithmSetting) -> KeyAlgorithm {
    switch setting {
    case .tripleDES: return .tripleDES
    case .sm4: return .sm4
    }
  }

  /// host.yaml's `wire_fault`, for the host process.
  static func fault(_ mode: WireFaultMode) -> WireFault {
    switch mode {
    case .none: return .none
    case .close: return .close
    case .garbled: return .garbled
    case .wrongMAC: return .wrongMAC
    case .otherTrace: return .otherTrace
    case .delay: return .delay
    }
  }
}
