import CardReader
import Foundation

/// Where lessons are found: `<config>/lessons/NAME.yaml`, or, when the configuration
/// is the one built into the binary (no config folder), the lessons built in with it
/// (`EmbeddedLessons`, a copy of Config/lessons/).
public enum LessonLibrary {
  /// How errors name the built-in lessons' folder.
  public static let embeddedLabel = "<built-in Config>/lessons"

  /// One lesson file and what came of reading it.
  public struct Entry: Sendable, Equatable {
    /// The file's name without `.yaml`.
    public var name: String
    /// The file as errors name it (`Config/lessons/amount.yaml`).
    public var file: String
    public var result: Result<Lesson, ConfigError>

    public init(name: String, file: String, result: Result<Lesson, ConfigError>) {
      self.name = name
      self.file = file
      self.result = result
    }
  }

  /// `<config>/lessons`.
  public static func directory(configDirectory: URL) -> URL {
    configDirectory.appendingPathComponent("lessons")
  }

  /// Whether a lesson argument is a file's path (it holds a `/` or ends in `.yaml`)
  /// rather than the NAME of a lesson in the lessons folder.
  public static func isPath(_ argument: String) -> Bool {
    argument.contains("/") || argument.hasSuffix(".yaml")
  }

  /// Reads and parses one lesson: `name` is a file's path (see `isPath`), or the NAME
  /// of `<configDirectory>/lessons/NAME.yaml`; with no config folder (nil), of a
  /// built-in lesson. Card and phone references are checked against a deck of
  /// `deckCards` cards and `wallets` phones.
  public static func load(
    name: String, configDirectory: URL?, deckCards: Int, wallets: Int
  ) throws(ConfigError) -> Lesson {
    if isPath(name) {
      let url = URL(fileURLWithPath: name)
      let base = url.lastPathComponent
      let lessonName = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base
      return try parseFile(
        url, name: lessonName, label: name, deckCards: deckCards, wallets: wallets)
    }
    let label = fileLabel(name: name, configDirectory: configDirectory)
    guard LessonFile.isValidName(name) else {
      throw ConfigError(
        file: label,
        problem:
          "\"\(name)\" is not a lesson's name (lowercase letters a–z, digits and -); give a file's path with a / or ending in .yaml"
      )
    }
    let known = names(configDirectory: configDirectory)
    guard known.contains(name) else {
      let list =
        known.isEmpty ? "there are none" : "the lessons are: " + known.joined(separator: ", ")
      throw ConfigError(file: label, problem: "no such lesson (\(list))")
    }
    guard let configDirectory else {
      return try LessonFile.parse(
        EmbeddedLessons.files[name + ".yaml"]!, name: name, file: label, deckCards: deckCards,
        wallets: wallets)
    }
    let url = directory(configDirectory: configDirectory).appendingPathComponent(name + ".yaml")
    return try parseFile(url, name: name, label: label, deckCards: deckCards, wallets: wallets)
  }

  /// Every lesson file, sorted by name, each parsed or with its error: the `.yaml`
  /// files of `<configDirectory>/lessons` (none when that folder does not exist), or
  /// the built-in lessons when `configDirectory` is nil. Throws only when the lessons
  /// folder exists but cannot be listed.
  public static func all(
    configDirectory: URL?, deckCards: Int, wallets: Int
  ) throws(ConfigError) -> [Entry] {
    guard let configDirectory else {
      return names(configDirectory: nil).map { name in
        let label = fileLabel(name: name, configDirectory: nil)
        let result = Result { () throws(ConfigError) -> Lesson in
          try LessonFile.parse(
            EmbeddedLessons.files[name + ".yaml"]!, name: name, file: label,
            deckCards: deckCards, wallets: wallets)
        }
        return Entry(name: name, file: label, result: result)
      }
    }
    let folder = directory(configDirectory: configDirectory)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
      return []
    }
    let folderLabel = ConfigLoader.displayPath(folder)
    guard isFolder.boolValue else {
      throw ConfigError(file: folderLabel, problem: "is a file, not the lessons folder")
    }
    let files: [String]
    do { files = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
      throw ConfigError(
        file: folderLabel, problem: "cannot be listed (\(FileErrorText.reason(error)))")
    }
    return files.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.sorted().map { file in
      let name = String(file.dropLast(5))
      let label = folderLabel + "/" + file
      let result = Result { () throws(ConfigError) -> Lesson in
        try parseFile(
          folder.appendingPathComponent(file), name: name, label: label, deckCards: deckCards,
          wallets: wallets)
      }
      return Entry(name: name, file: label, result: result)
    }
  }

  /// The lessons' names, sorted: the `.yaml` files of `<configDirectory>/lessons`,
  /// or the built-in lessons.
  public static func names(configDirectory: URL?) -> [String] {
    guard let configDirectory else {
      return EmbeddedLessons.files.keys.map { String($0.dropLast(5)) }.sorted()
    }
    let folder = directory(configDirectory: configDirectory)
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }
      .map { String($0.dropLast(5)) }.sorted()
  }

  /// How errors name lesson NAME's file: `Config/lessons/NAME.yaml`, or
  /// `<built-in Config>/lessons/NAME.yaml`.
  public static func fileLabel(name: String, configDirectory: URL?) -> String {
    guard let configDirectory else { return embeddedLabel + "/" + name + ".yaml" }
    return ConfigLoader.displayPath(directory(configDirectory: configDirectory)) + "/" + name
      + ".yaml"
  }

  /// Reads a file as the config loader does (a regular file, at most 1 MB, UTF-8).
  static func parseFile(
    _ url: URL, name: String, label: String, deckCards: Int, wallets: Int
  ) throws(ConfigError) -> Lesson {
    let data = try ConfigLoader.readFile(url, label: label)
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigError(file: label, problem: "is not UTF-8 text")
    }
    return try LessonFile.parse(
      text, name: name, file: label, deckCards: deckCards, wallets: wallets)
  }
}
