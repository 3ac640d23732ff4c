import ArgumentParser
import Foundation
import TerminalConfig
import TerminalCore

struct LessonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lesson",
    abstract: "List the cashier-training lessons, or check a lesson file.",
    discussion: "Example: pos-terminal lesson list --lang en",
    subcommands: [List.self, Check.self])

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the lessons: name, title and number of customers, one a line.",
      discussion: """
        The lessons are the .yaml files of the config folder's lessons/ (Config/lessons/); \
        with no config folder, the lessons built into the binary. A file with a problem is \
        named on stderr with its file, line and field, and the command exits 2 after \
        listing the others.

        Example: pos-terminal lesson list --lang en
        """)

    @Option(help: "Config folder. Default: ./Config if it exists, else the embedded defaults.")
    var config: String?

    @Option(help: "Language of the titles: zh or en (default: Config/terminal.yaml's).")
    var lang: String?

    func run() throws {
      let configuration = try ConfigSource.loadOrExit(config)
      let language = try LanguageOption.parse(lang) ?? configuration.profile.language
      let directory = ConfigSource.directory(config)
      let entries: [LessonLibrary.Entry]
      do {
        entries = try LessonLibrary.all(
          configDirectory: directory, deckCards: configuration.deck.count,
          wallets: configuration.wallets.count)
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
      var lessons: [Lesson] = []
      var failed = false
      for entry in entries {
        switch entry.result {
        case .success(let lesson): lessons.append(lesson)
        case .failure(let error):
          printError("\(error)")
          failed = true
        }
      }
      for line in LessonTable.lines(lessons, language: language) { print(line) }
      if entries.isEmpty, let directory {
        let folder = LessonLibrary.directory(configDirectory: directory).path
        printError("pos-terminal: no lessons: \(folder) has no .yaml files")
      }
      if failed { throw ExitCode(2) }
    }
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check one lesson file: `FILE: ok (N customers)`, or its first problem.",
      discussion: """
        FILE is a path (it holds a / or ends in .yaml), or the NAME of a lesson of the \
        lessons folder (Config/lessons/NAME.yaml). Card and phone numbers are checked \
        against the deck of the config in use. A problem is printed on stderr as \
        file:line: field: problem, and the command exits 2.

        Example: pos-terminal lesson check Config/lessons/signature.yaml
        """)

    @Option(help: "Config folder. Default: ./Config if it exists, else the embedded defaults.")
    var config: String?

    @Argument(help: "The lesson file's path, or a lesson's name.")
    var file: String

    func run() throws {
      let configuration = try ConfigSource.loadOrExit(config)
      let directory = ConfigSource.directory(config)
      do {
        let lesson = try LessonLibrary.load(
          name: file, configDirectory: directory, deckCards: configuration.deck.count,
          wallets: configuration.wallets.count)
        let label =
          LessonLibrary.isPath(file)
          ? file : LessonLibrary.fileLabel(name: file, configDirectory: directory)
        let n = lesson.customers.count
        print("\(label): ok (\(n) customer\(n == 1 ? "" : "s"))")
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
    }
  }
}

/// `name  title  N customers`, the name and title padded to the widest by display
/// width (a Chinese character is two), the counts right-aligned.
enum LessonTable {
  static func lines(_ lessons: [Lesson], language: Language) -> [String] {
    let nameWidth = lessons.map { DisplayWidth.of($0.name) }.max() ?? 0
    let titleWidth = lessons.map { DisplayWidth.of($0.title.text(language)) }.max() ?? 0
    let countWidth = lessons.map { String($0.customers.count).count }.max() ?? 0
    return lessons.map { lesson in
      let n = lesson.customers.count
      let count = String(repeating: " ", count: countWidth - String(n).count) + String(n)
      return DisplayWidth.pad(lesson.name, to: nameWidth) + "  "
        + DisplayWidth.pad(lesson.title.text(language), to: titleWidth) + "  " + count
        + (n == 1 ? " customer" : " customers")
    }
  }
}

extension ConfigSource {
  /// The config folder `load` reads: --config, else ./Config when it exists; nil when
  /// the configuration is the one built into the binary (and so are the lessons).
  static func directory(_ path: String?) -> URL? {
    if let path { return URL(fileURLWithPath: path) }
    return localFolderExists ? URL(fileURLWithPath: "Config") : nil
  }
}
