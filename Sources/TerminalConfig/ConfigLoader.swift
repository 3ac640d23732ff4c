import CardReader
import Foundation
import TerminalCore

public enum ConfigLoader {
  /// The files of Config/, in load order.
  public static let fileNames = [
    TerminalFile.name, OperatorsFile.name, DeckFile.name, ReaderFile.name, HostFile.name,
    PrinterFile.name,
  ]

  /// The files that may be left out: every key of theirs then takes its default.
  public static let optionalFileNames: Set<String> = [PrinterFile.name]

  /// The files that must be there.
  public static var requiredFileNames: [String] {
    fileNames.filter { !optionalFileNames.contains($0) }
  }

  /// Loads Config/ (terminal.yaml, operators.yaml, deck.yaml, reader.yaml, host.yaml,
  /// and printer.yaml when present). Throws `ConfigError` naming the file, line
  /// and field of the first problem.
  public static func load(directory: URL) throws -> Configuration {
    var texts: [String: String] = [:]
    let shown = displayPath(directory)
    for name in fileNames {
      let url = directory.appendingPathComponent(name)
      let label = shown + "/" + name
      guard FileManager.default.fileExists(atPath: url.path) else {
        if optionalFileNames.contains(name) { continue }
        throw ConfigError(
          file: label,
          problem:
            "missing (every one of \(requiredFileNames.joined(separator: ", ")) is needed)")
      }
      let data: Data
      do { data = try Data(contentsOf: url) } catch {
        throw ConfigError(file: label, problem: "cannot be read: \(error.localizedDescription)")
      }
      guard let text = String(data: data, encoding: .utf8) else {
        throw ConfigError(file: label, problem: "is not UTF-8 text")
      }
      texts[name] = text
    }
    return try parse(texts, directoryLabel: shown)
  }

  /// The same configuration, from the copies compiled into the binary.
  public static func embeddedDefaults() -> Configuration {
    do {
      return try parse(EmbeddedConfig.files, directoryLabel: "<built-in Config>")
    } catch {
      fatalError("the built-in configuration is invalid: \(error)")
    }
  }

  /// Parses the files' texts (keyed by file name); an optional file left out
  /// reads as empty. `directoryLabel` prefixes file names in errors.
  public static func parse(_ texts: [String: String], directoryLabel: String = "Config")
    throws(ConfigError) -> Configuration
  {
    func root(_ name: String) throws(ConfigError) -> ConfigNode {
      let label = directoryLabel + "/" + name
      guard let text = texts[name] ?? (optionalFileNames.contains(name) ? "" : nil) else {
        throw ConfigError(file: label, problem: "missing")
      }
      return try YAMLFile.root(text, file: label)
    }
    let profile = try TerminalFile.parse(root(TerminalFile.name))
    let operators = try OperatorsFile.parse(root(OperatorsFile.name))
    let deck = try DeckFile.parse(root(DeckFile.name))
    let modem = try ReaderFile.parse(root(ReaderFile.name))
    let host = try HostFile.parse(root(HostFile.name))
    let paperOutAfter = try PrinterFile.parse(root(PrinterFile.name))
    return Configuration(
      profile: profile, operators: operators, deck: deck, modem: modem, hostFault: host.fault,
      hostReplyDelaySeconds: host.replyDelaySeconds, paperOutAfter: paperOutAfter)
  }

  /// Writes the built-in files into `directory` (created if needed), never
  /// replacing a file that exists. Returns the files written.
  @discardableResult
  public static func writeDefaults(to directory: URL) throws -> [URL] {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var written: [URL] = []
    for name in fileNames {
      let url = directory.appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: url.path) { continue }
      try Data(EmbeddedConfig.files[name]!.utf8).write(to: url, options: .withoutOverwriting)
      written.append(url)
    }
    return written
  }

  /// The directory as the user would type it: relative to the current
  /// directory when inside it.
  static func displayPath(_ directory: URL) -> String {
    let path = directory.standardizedFileURL.path
    let cwd = FileManager.default.currentDirectoryPath
    if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
    return path.hasSuffix("/") ? String(path.dropLast()) : path
  }
}
