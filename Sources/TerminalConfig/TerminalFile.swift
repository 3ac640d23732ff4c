import Foundation
import TerminalCore

/// Config/terminal.yaml → `TerminalProfile`.
enum TerminalFile {
  static let name = "terminal.yaml"
  static let keys = [
    "merchant_name", "merchant_no", "terminal_no", "acquirer", "time_zone", "language",
    "max_amount_fen", "idle_timeout_seconds", "host_timeout_s", "training_mode",
    "menu", "void_requires_swipe", "void_requires_pin", "chip_fallback", "quickpass_limit_fen",
  ]

  static func parse(_ root: ConfigNode) throws(ConfigError) -> TerminalProfile {
    let m = try root.mapping(keys: keys)
    let merchantName = try m.required("merchant_name").label(maxColumns: 64)
    let merchantNo = try m.required("merchant_no").digits(15...15)
    let terminalNo = try m.required("terminal_no").digits(8...8)
    let acquirer = try m.optional("acquirer")?.label(maxColumns: 32) ?? "银联商务"
    var timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    if let tz = m.optional("time_zone") { timeZone = try parseTimeZone(tz) }
    let language = try m.optional("language")?.choice(Language.self) ?? .zh
    let maxAmount = try m.optional("max_amount_fen")?.integer(1...999_999_999) ?? 999_999_999
    let idle = try m.optional("idle_timeout_seconds")?.number(5...3600) ?? 60
    let hostTimeout = try m.optional("host_timeout_s")?.number(above: 0, atMost: 600) ?? 60
    let training = try m.optional("training_mode")?.bool() ?? true
    let menu = try m.optional("menu")?.choice(MenuLayout.self) ?? .lakala
    let voidSwipe = try m.optional("void_requires_swipe")?.bool() ?? true
    let voidPIN = try m.optional("void_requires_pin")?.bool() ?? true
    var profile = TerminalProfile(
      merchantName: merchantName, merchantNo: merchantNo, terminalNo: terminalNo,
      acquirerName: acquirer, timeZone: timeZone, language: language, maxAmountFen: maxAmount,
      idleTimeoutSeconds: idle, hostTimeoutSeconds: hostTimeout, trainingMode: training,
      menuLayout: menu, voidRequiresSwipe: voidSwipe, voidRequiresPIN: voidPIN)
    // Chip and contactless
    if let n = m.optional("chip_fallback") {
      profile.chipFallback = try n.choice(ChipFallback.self)
    }
    if let n = m.optional("quickpass_limit_fen") {
      profile.quickPassLimitFen = try n.integer(0...999_999_999)
    }
    return profile
  }

  /// `+08:00`, `-05:30`, `UTC`, or an IANA name such as `Asia/Shanghai`.
  static func parseTimeZone(_ node: ConfigNode) throws(ConfigError) -> TimeZone {
    let raw = try node.text().trimmingCharacters(in: .whitespaces)
    if let offset = utcOffset(raw) {
      guard abs(offset) <= 14 * 3600, let tz = TimeZone(secondsFromGMT: offset) else {
        throw node.error("offset \(raw) is beyond ±14:00")
      }
      return tz
    }
    if raw == "UTC" || raw == "Z" { return TimeZone(secondsFromGMT: 0)! }
    if raw.contains("/"), let tz = TimeZone(identifier: raw) { return tz }
    throw node.error(
      "\"\(raw)\" is neither an offset like +08:00 nor a zone name like Asia/Shanghai")
  }

  /// Seconds east of UTC for `+HH:MM` / `-HH:MM`; nil when not of that form.
  static func utcOffset(_ s: String) -> Int? {
    let chars = Array(s)
    guard chars.count == 6, chars[0] == "+" || chars[0] == "-", chars[3] == ":",
      let h = Int(String(chars[1...2])), let mm = Int(String(chars[4...5])),
      chars[1...2].allSatisfy(\.isNumber), chars[4...5].allSatisfy(\.isNumber), mm < 60
    else { return nil }
    let seconds = h * 3600 + mm * 60
    return chars[0] == "-" ? -seconds : seconds
  }
}

/// Config/host.yaml → the simulated host's fault and reply delay, and the link.
enum HostFile {
  static let name = "host.yaml"

  struct Settings: Equatable {
    var fault: HostFaultMode = .none
    var replyDelaySeconds: Double = 0
    var wire = WireSettings()
  }

  static func parse(_ root: ConfigNode) throws(ConfigError) -> Settings {
    let m = try root.mapping(keys: [
      "fault", "reply_delay_s", "link", "keys", "connect_timeout_s", "wire_fault",
      "wire_fault_traces", "wire_delay_s", "mac", "field22", "tpdu", "header", "idle_timeout_s",
      "max_connections",
    ])
    var s = Settings()
    if let n = m.optional("fault") { s.fault = try n.choice(HostFaultMode.self) }
    if let n = m.optional("reply_delay_s") {
      s.replyDelaySeconds = try n.number(atLeast: 0, below: 3600)
    }
    if let n = m.optional("link") {
      let raw = try n.text().trimmingCharacters(in: .whitespaces)
      guard let target = HostLinkTarget(raw) else {
        throw n.error("\"\(raw)\" is neither in_process nor tcp://HOST:PORT (port 1–65535)")
      }
      s.wire.link = target
    }
    if let n = m.optional("keys") { s.wire.keys = try n.choice(WireKeyAlgorithmSetting.self) }
    if let n = m.optional("connect_timeout_s") {
      s.wire.connectTimeoutSeconds = try n.number(above: 0, atMost: 120)
    }
    if let n = m.optional("wire_fault") { s.wire.fault = try n.choice(WireFaultMode.self) }
    if let n = m.optional("wire_fault_traces") {
      s.wire.faultTraces = try n.list().map { item throws(ConfigError) in try item.int(1...999_999)
      }
    }
    if let n = m.optional("wire_delay_s") {
      s.wire.delaySeconds = try n.number(atLeast: 0, below: 3600)
    }
    if let n = m.optional("mac") { s.wire.mac = try n.choice(WireMACSetting.self) }
    if let n = m.optional("field22") { s.wire.field22 = try n.choice(WireField22Setting.self) }
    if let n = m.optional("tpdu") {
      s.wire.tpdu = try hexBytes(n, count: 5, what: "a TPDU")
      guard s.wire.tpdu[0] == 0x60 else {
        throw n.error("a TPDU starts with 60 (a transaction TPDU), not \(hex(s.wire.tpdu[0]))")
      }
    }
    if let n = m.optional("header") { s.wire.header = try hexBytes(n, count: 6, what: "a header") }
    if let n = m.optional("idle_timeout_s") {
      s.wire.idleTimeoutSeconds = try n.number(above: 0, atMost: 3600)
    }
    if let n = m.optional("max_connections") {
      s.wire.maxConnections = try n.int(1...100_000)
    }
    return s
  }

  /// `count` bytes written as 2·count hex digits (spaces allowed between bytes).
  private static func hexBytes(_ n: ConfigNode, count: Int, what: String) throws(ConfigError)
    -> [UInt8]
  {
    let raw = try n.text()
    let digits = Array(raw.filter { $0 != " " }.utf8)
    var out: [UInt8] = []
    if digits.count == 2 * count {
      for i in stride(from: 0, to: digits.count, by: 2) {
        guard let b = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16)
        else { break }
        out.append(b)
      }
    }
    guard out.count == count else {
      throw n.error("\"\(raw)\" is not \(what): \(2 * count) hex digits (\(count) bytes)")
    }
    return out
  }

  private static func hex(_ b: UInt8) -> String {
    let s = String(b, radix: 16, uppercase: true)
    return s.count == 1 ? "0" + s : s
  }
}
