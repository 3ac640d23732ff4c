import Foundation
import TerminalCore
import Yams

/// One value of a config file, with where it came from (file, line, field
/// path), so every problem can be reported as `file:line: field: problem`.
struct ConfigNode {
  let file: String
  let path: String
  let node: Node
  var line: Int? { node.mark?.line }

  func error(_ problem: String) -> ConfigError {
    ConfigError(file: file, line: line, field: path.isEmpty ? nil : path, problem: problem)
  }

  /// `null`, `~` or an empty value: treated as if the key were absent.
  var isNull: Bool {
    guard case .scalar(let s) = node, s.style == .plain else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(s.string)
  }

  private var kindDescription: String {
    switch node {
    case .scalar(let s): return "\"\(s.string)\""
    case .mapping: return "a mapping (key: value lines)"
    case .sequence: return "a list (- lines)"
    case .alias: return "an alias"
    }
  }

  // MARK: scalars

  /// The scalar's text exactly as written (quoted or not).
  func text() throws(ConfigError) -> String {
    guard case .scalar(let s) = node else {
      throw error("expected a single value, got \(kindDescription)")
    }
    return s.string
  }

  /// Non-empty text, trimmed, at most `maxColumns` display columns.
  func label(maxColumns: Int) throws(ConfigError) -> String {
    let value = try text().trimmingCharacters(in: .whitespaces)
    guard !value.isEmpty else { throw error("must not be empty") }
    guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
      throw error("must be one line of printable text")
    }
    let width = DisplayWidth.of(value)
    guard width <= maxColumns else {
      throw error("is \(width) columns wide; at most \(maxColumns) fit")
    }
    return value
  }

  /// A string of decimal digits whose length is in `lengths`. Written quoted
  /// or not: `01` stays `01` (YAML would otherwise read it as a number).
  func digits(_ lengths: ClosedRange<Int>) throws(ConfigError) -> String {
    let value = try text()
    guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      throw error("\"\(value)\" is not all digits")
    }
    guard lengths.contains(value.count) else {
      let want =
        lengths.lowerBound == lengths.upperBound
        ? "\(lengths.lowerBound)" : "\(lengths.lowerBound)–\(lengths.upperBound)"
      throw error("\"\(value)\" has \(value.count) digits; expected \(want)")
    }
    return value
  }

  /// A whole number (underscores allowed as separators: `10_000_000`).
  func integer(_ range: ClosedRange<Int64>) throws(ConfigError) -> Int64 {
    let raw = try text()
    let cleaned = raw.replacingOccurrences(of: "_", with: "")
    guard let value = Int64(cleaned) else {
      throw error("expected a whole number, got \"\(raw)\"")
    }
    guard range.contains(value) else {
      throw error("\(value) is out of range \(range.lowerBound)...\(range.upperBound)")
    }
    return value
  }

  func int(_ range: ClosedRange<Int>) throws(ConfigError) -> Int {
    Int(try integer(Int64(range.lowerBound)...Int64(range.upperBound)))
  }

  func number(_ range: ClosedRange<Double>) throws(ConfigError) -> Double {
    let raw = try text()
    let cleaned = raw.replacingOccurrences(of: "_", with: "")
    guard let value = Double(cleaned), value.isFinite else {
      throw error("expected a number, got \"\(raw)\"")
    }
    guard range.contains(value) else {
      throw error(
        "\(Self.show(value)) is out of range \(Self.show(range.lowerBound))...\(Self.show(range.upperBound))"
      )
    }
    return value
  }

  /// A number strictly above `lower` and at most `upper` (a duration that must
  /// not be zero).
  func number(above lower: Double, atMost upper: Double) throws(ConfigError) -> Double {
    let value = try number(-Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
    guard value > lower, value <= upper else {
      throw error(
        "\(Self.show(value)) is out of range: more than \(Self.show(lower)), at most \(Self.show(upper))"
      )
    }
    return value
  }

  /// A number at least `lower` and strictly below `upper`.
  func number(atLeast lower: Double, below upper: Double) throws(ConfigError) -> Double {
    let value = try number(-Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
    guard value >= lower, value < upper else {
      throw error(
        "\(Self.show(value)) is out of range: at least \(Self.show(lower)), less than \(Self.show(upper))"
      )
    }
    return value
  }

  static func show(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
  }

  func bool() throws(ConfigError) -> Bool {
    let raw = try text()
    switch raw.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw error("expected true or false, got \"\(raw)\"")
    }
  }

  func choice<E: RawRepresentable & CaseIterable>(_: E.Type) throws(ConfigError) -> E
  where E.RawValue == String {
    try choice(Array(E.allCases))
  }

  func choice<E: RawRepresentable>(_ cases: [E]) throws(ConfigError) -> E
  where E.RawValue == String {
    let raw = try text()
    if let value = cases.first(where: { $0.rawValue == raw }) { return value }
    let allowed = cases.map(\.rawValue).joined(separator: ", ")
    throw error("\"\(raw)\" is not one of: \(allowed)")
  }

  // MARK: collections

  func mapping(keys allowed: [String]) throws(ConfigError) -> MappingReader {
    guard case .mapping(let m) = node else {
      throw error("expected a mapping (key: value lines), got \(kindDescription)")
    }
    var pairs: [(String, Node, Node)] = []
    for (k, v) in m {
      guard case .scalar(let ks) = k else {
        throw ConfigNode(file: file, path: path, node: k).error("keys must be plain names")
      }
      let key = ks.string
      guard allowed.contains(key) else {
        let keyPath = path.isEmpty ? key : "\(path).\(key)"
        throw ConfigError(
          file: file, line: k.mark?.line, field: keyPath,
          problem: "unknown key \"\(key)\" (known keys: \(allowed.joined(separator: ", ")))")
      }
      pairs.append((key, k, v))
    }
    return MappingReader(owner: self, pairs: pairs)
  }

  /// The items of a list, with paths `name[1]`, `name[2]`, … (1-based, like deck positions).
  func list() throws(ConfigError) -> [ConfigNode] {
    guard case .sequence(let s) = node else {
      throw error("expected a list (- lines), got \(kindDescription)")
    }
    return s.enumerated().map { i, n in
      ConfigNode(file: file, path: "\(path)[\(i + 1)]", node: n)
    }
  }
}

/// The keys of one mapping; unknown keys were already rejected.
struct MappingReader {
  let owner: ConfigNode
  let pairs: [(String, Node, Node)]

  private func child(_ key: String) -> String {
    owner.path.isEmpty ? key : "\(owner.path).\(key)"
  }

  /// The value for `key`, or nil when absent or null.
  func optional(_ key: String) -> ConfigNode? {
    guard let pair = pairs.first(where: { $0.0 == key }) else { return nil }
    let n = ConfigNode(file: owner.file, path: child(key), node: pair.2)
    return n.isNull ? nil : n
  }

  func required(_ key: String) throws(ConfigError) -> ConfigNode {
    if let n = optional(key) { return n }
    if let pair = pairs.first(where: { $0.0 == key }) {
      throw ConfigError(
        file: owner.file, line: pair.1.mark?.line, field: child(key), problem: "needs a value")
    }
    throw ConfigError(
      file: owner.file, line: owner.line, field: child(key), problem: "missing (required)")
  }
}

/// Parses one file's text into its root node, mapping Yams errors to
/// `ConfigError` with the file and line.
enum YAMLFile {
  static func root(_ text: String, file: String) throws(ConfigError) -> ConfigNode {
    do {
      // Scalars are read as text (`ConfigNode`), so no tag is resolved: the default
      // resolver would match every scalar against its regular expressions (ICU) at
      // every start-up, for nothing. A file of comments only (printer.yaml) reads as an
      // empty mapping whose tag names the basic resolver too: `Tag.implicit` would
      // build the default one, compiling those expressions all the same.
      let empty = Node.Mapping([], Tag(.implicit, .basic))
      let node = try Yams.compose(yaml: text, .basic) ?? Node.mapping(empty)
      return ConfigNode(file: file, path: "", node: node)
    } catch let e as YamlError {
      throw convert(e, file: file)
    } catch {
      throw ConfigError(file: file, problem: "cannot read YAML: \(error)")
    }
  }

  static func convert(_ e: YamlError, file: String) -> ConfigError {
    func syntax(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> ConfigError {
      var text = "YAML syntax error: \(problem)"
      if let context { text += " (\(context.text) at line \(context.mark.line))" }
      return ConfigError(file: file, line: mark.line, problem: text + ", column \(mark.column)")
    }
    switch e {
    case .scanner(let context, let problem, let mark, _): return syntax(context, problem, mark)
    case .parser(let context, let problem, let mark, _): return syntax(context, problem, mark)
    case .composer(let context, let problem, let mark, _): return syntax(context, problem, mark)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
      return ConfigError(
        file: file, line: context.mark.line > 0 ? context.mark.line : nil,
        problem: "duplicate key \(keys)")
    case .reader(let problem, _, _, _):
      return ConfigError(file: file, problem: "cannot read the text: \(problem)")
    default:
      return ConfigError(file: file, problem: "cannot read YAML: \(e)")
    }
  }
}
