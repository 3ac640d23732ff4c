import CardReader
import Foundation

/// Config/reader.yaml → `ModemSettings`. Every key is optional (default:
/// `ModemSettings.standard`). To add a setting, add one row to `fields` and,
/// if it constrains others, a check to `validate`.
enum ReaderFile {
  static let name = "reader.yaml"

  struct Field: Sendable {
    let key: String
    let apply: @Sendable (ConfigNode, inout ModemSettings) throws(ConfigError) -> Void
  }

  static let fields: [Field] = [
    Field(key: "high_carrier_hz") { n, s throws(ConfigError) in
      s.highCarrierHz = try n.number(100...96_000)
    },
    Field(key: "low_carrier_hz") { n, s throws(ConfigError) in
      s.lowCarrierHz = try n.number(100...96_000)
    },
    Field(key: "high_bit_rate") { n, s throws(ConfigError) in
      s.highBitRate = try n.number(50...48_000)
    },
    Field(key: "low_bit_rate") { n, s throws(ConfigError) in
      s.lowBitRate = try n.number(50...48_000)
    },
    Field(key: "amplitude") { n, s throws(ConfigError) in s.amplitude = try n.number(0.01...1) },
    Field(key: "gap_seconds") { n, s throws(ConfigError) in s.gapSeconds = try n.number(0...2) },
    Field(key: "preamble_bits") { n, s throws(ConfigError) in
      s.preambleBits = try n.int(8...1024)
    },
    Field(key: "polarity_mark_bits") { n, s throws(ConfigError) in
      s.polarityMarkBits = try n.int(2...64)
    },
    Field(key: "transmit_sample_rate") { n, s throws(ConfigError) in
      s.transmitSampleRate = try n.int(8000...384_000)
    },
  ]

  static func parse(_ root: ConfigNode) throws(ConfigError) -> ModemSettings {
    let m = try root.mapping(keys: fields.map(\.key))
    var s = ModemSettings.standard
    for f in fields {
      if let n = m.optional(f.key) { try f.apply(n, &s) }
    }
    try validate(s, m, root)
    return s
  }

  static func validate(_ s: ModemSettings, _ m: MappingReader, _ root: ConfigNode)
    throws(ConfigError)
  {
    func fail(_ key: String, _ problem: String) -> ConfigError {
      m.optional(key)?.error(problem)
        ?? ConfigError(file: root.file, line: root.line, field: key, problem: problem)
    }
    let nyquist = Double(s.transmitSampleRate) / 2
    if s.highCarrierHz >= nyquist {
      throw fail(
        "high_carrier_hz",
        "\(ConfigNode.show(s.highCarrierHz)) Hz is not below half of transmit_sample_rate (\(ConfigNode.show(nyquist)) Hz)"
      )
    }
    if s.lowCarrierHz >= s.highCarrierHz {
      throw fail(
        "low_carrier_hz", "must be below high_carrier_hz (\(ConfigNode.show(s.highCarrierHz)) Hz)")
    }
    if s.highBitRate > s.highCarrierHz / 2 {
      throw fail(
        "high_bit_rate",
        "\(ConfigNode.show(s.highBitRate)) bit/s is more than half of high_carrier_hz: fewer than two carrier cycles per bit"
      )
    }
    if s.lowBitRate > s.lowCarrierHz / 2 {
      throw fail(
        "low_bit_rate",
        "\(ConfigNode.show(s.lowBitRate)) bit/s is more than half of low_carrier_hz: fewer than two carrier cycles per bit"
      )
    }
  }
}
