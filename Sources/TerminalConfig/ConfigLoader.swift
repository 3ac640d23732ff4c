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
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder) else {
      throw ConfigError(file: shown, problem: "no such config folder")
    }
    guard isFolder.boolValue else {
      throw ConfigError(file: shown, problem: "is a file, not a config folder")
    }
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
      let data = try readFile(url, label: label)
      guard let text = String(data: data, encoding: .utf8) else {
        throw ConfigError(file: label, problem: "is not UTF-8 text")
      }
      texts[name] = text
    }
    return try parse(texts, directoryLabel: shown)
  }

  /// The largest config file read; the shipped ones are a few kB.
  public static let maximumFileBytes = 1 << 20

  /// Reads one config file, refusing unread what is not a regular file (a folder,
  /// a FIFO that would block, a device such as /dev/zero that never ends) or is
  /// larger than `maximumFileBytes`, and naming what is wrong.
  static func readFile(_ url: URL, label: String) throws(ConfigError) -> Data {
    func fail(_ problem: String) -> ConfigError { ConfigError(file: label, problem: problem) }
    let attributes: [FileAttributeKey: Any]
    // Follow symbolic links: the type is the target's (a link to /dev/zero is a device).
    let path = url.resolvingSymlinksInPath().path
    do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
      throw fail("cannot be read (\(FileErrorText.reason(error)))")
    }
    switch attributes[.type] as? FileAttributeType {
    case .typeRegular?: break
    case .typeDirectory?: throw fail("is a folder, not a YAML file")
    case .typeCharacterSpecial?, .typeBlockSpecial?:
      throw fail("is a device, not a YAML file")
    case .typeSocket?: throw fail("is a socket, not a YAML file")
    default: throw fail("is not a regular file (a FIFO?); give a YAML file")
    }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    guard size <= maximumFileBytes else {
      throw fail("is \(size) bytes; a config file is at most \(maximumFileBytes) bytes")
    }
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      let data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
      guard data.count <= maximumFileBytes else {
        throw fail("is larger than \(maximumFileBytes) bytes; a config file is at most that")
      }
      return data
    } catch let error as ConfigError {
      throw error
    } catch {
      throw fail("cannot be read (\(FileErrorText.reason(error)))")
    }
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
    let wallets = try DeckFile.parseWallets(root(DeckFile.name))
    let modem = try ReaderFile.parse(root(ReaderFile.name))
    let host = try HostFile.parse(root(HostFile.name))
    let paperOutAfter = try PrinterFile.parse(root(PrinterFile.name))
    var configuration = Configuration(
      profile: profile, operators: operators, deck: deck, modem: modem, hostFault: host.fault,
      hostReplyDelaySeconds: host.replyDelaySeconds, paperOutAfter: paperOutAfter,
      wallets: wallets)
    configuration.wire = host.wire
    return configuration
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
