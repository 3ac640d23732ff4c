import Foundation

/// The scripts of `pos-terminal suite DIR`: every `*.keys` under DIR (recursively,
/// sorted by path), grouped into chains that run in order on one state folder.
///
/// A script's header (the comment lines before its first token) may say:
/// - `# state: NAME`: the scripts naming the same state run one after another, in
///   path order, on one state and receipts folder (a sale today, its day-end
///   tomorrow); the others each get a fresh one;
/// - `# clock: 2026-11-22T09:30:00+08:00`: the run's start time (`--clock`);
/// - `# config: DIR`: files that replace the config's files of the same names for
///   this script (DIR relative to the script's folder; a `host.yaml` with
///   `fault: no_reply` rehearses a timeout).
/// Other comment lines, `# note: …` among them, are only comments.
public struct SuitePlan: Sendable {
  public struct Script: Sendable, Equatable {
    /// The file.
    public var url: URL
    /// Its path under the suite's folder, as the reports name it.
    public var name: String
    public var state: String?
    public var clock: String?
    /// The clock's line, for an error about it.
    public var clockLine: Int?
    public var configOverlay: URL?
  }

  /// A problem with a script's header: file, line and field.
  public struct Problem: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// The runs: each chain runs its scripts in order; chains run side by side.
  public var chains: [[Script]]
  public var scriptCount: Int { chains.reduce(0) { $0 + $1.count } }

  public static let headerKeys = ["state", "clock", "config"]

  /// Finds the scripts under `directory` and reads their headers.
  public static func load(_ directory: URL) throws(Problem) -> SuitePlan {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder),
      isFolder.boolValue
    else { throw Problem(description: "\(directory.path): no such folder") }
    let root = directory.standardizedFileURL.resolvingSymlinksInPath()
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    else { throw Problem(description: "\(directory.path): cannot be read") }
    var scripts: [Script] = []
    for case let url as URL in walker where url.pathExtension == "keys" {
      let resolved = url.standardizedFileURL.resolvingSymlinksInPath()
      let relative = String(resolved.path.dropFirst(root.path.count + 1))
      scripts.append(try script(at: resolved, name: relative))
    }
    scripts.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    return SuitePlan(chains: chains(of: scripts))
  }

  /// Scripts without a state run alone; those sharing one run together, in order,
  /// where the first of them stands.
  static func chains(of scripts: [Script]) -> [[Script]] {
    var chains: [[Script]] = []
    var chainOf: [String: Int] = [:]
    for script in scripts {
      if let state = script.state {
        if let k = chainOf[state] {
          chains[k].append(script)
          continue
        }
        chainOf[state] = chains.count
      }
      chains.append([script])
    }
    return chains
  }

  static func script(at url: URL, name: String) throws(Problem) -> Script {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw Problem(description: "\(name): cannot be read")
    }
    var script = Script(url: url, name: name)
    let text = String(decoding: data, as: UTF8.self)
    var lineNo = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNo += 1
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { continue }
      guard trimmed.hasPrefix("#") else { break }  // the header ends at the first token
      let body = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
      guard let colon = body.firstIndex(of: ":") else { continue }
      let key = body[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
      guard headerKeys.contains(key) else { continue }
      let value = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      let at = "\(name):\(lineNo): \(key)"
      guard !value.isEmpty else { throw Problem(description: "\(at): needs a value") }
      switch key {
      case "state":
        guard value.allSatisfy({ !$0.isWhitespace && $0 != "/" }) else {
          throw Problem(description: "\(at): '\(value)' is a name without spaces or '/'")
        }
        script.state = value
      case "clock":
        script.clock = value
        script.clockLine = lineNo
      default:
        let folder = URL(fileURLWithPath: value, relativeTo: url.deletingLastPathComponent())
          .standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder),
          isFolder.boolValue
        else { throw Problem(description: "\(at): \(value) is not a folder next to the script") }
        script.configOverlay = folder
      }
    }
    return script
  }
}

extension SuitePlan.Script {
  init(url: URL, name: String) {
    self.init(
      url: url, name: name, state: nil, clock: nil, clockLine: nil, configOverlay: nil)
  }
}
