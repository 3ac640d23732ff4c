/// Config/printer.yaml → the simulated printer's paper. The file itself is
/// optional: without it the paper never runs out.
enum PrinterFile {
  static let name = "printer.yaml"

  /// The number of slips after which the printer runs out of paper; nil: never.
  static func parse(_ root: ConfigNode) throws(ConfigError) -> Int? {
    let m = try root.mapping(keys: ["paper_out_after"])
    return try m.optional("paper_out_after")?.int(1...999_999)
  }
}
