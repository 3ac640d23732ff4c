import ArgumentParser
import Foundation
import Passwords
import TerminalConfig
import TerminalCore

struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Check the config folder, or make a password hash for operators.yaml.",
    discussion: "Example: pos-terminal config check --config Config",
    subcommands: [Check.self, OperatorEntryCommand.self])

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Load the configuration `run` would use and report the first problem (file, line, field).",
      discussion: """
        Without --config: ./Config if it exists, else the defaults built into the binary, as `run` does.

        Example: pos-terminal config check --config Config
        """
    )
    @Option(help: "Config folder. Default: ./Config if it exists, else the embedded defaults.")
    var config: String?
    func run() throws {
      let label =
        config
        ?? (ConfigSource.localFolderExists ? "Config" : "the built-in defaults (no ./Config)")
      do {
        let c = try ConfigSource.load(config)
        print(
          "\(label): OK — terminal \(c.profile.terminalNo), merchant \(c.profile.merchantNo), \(c.operators.count) operators, \(c.deck.count) deck cards, host fault \(c.hostFault.rawValue)"
        )
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
    }
  }

  struct OperatorEntryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "operator-entry",
      abstract:
        "Print an operators.yaml entry with a salted password hash (the password is read from stdin).",
      discussion: """
        Example: echo 1234 | pos-terminal config operator-entry --number 02 >> Config/operators.yaml
        """)
    @Option(help: "Operator number: 00 for the supervisor, 01–99 for cashiers.") var number: String
    @Option(help: "Salt as hex; default: 16 random bytes.") var salt: String?
    @Option(help: "PBKDF2-HMAC-SHA256 iterations (at least \(PasswordHash.minimumIterations)).")
    var iterations = PasswordHash.defaultIterations
    func run() throws {
      guard let password = readLine(strippingNewline: true) else {
        printError("pos-terminal: type the password on stdin")
        throw ExitCode(2)
      }
      do {
        let role: OperatorRole = number == "00" ? .supervisor : .cashier
        print(
          try OperatorEntry.yaml(
            number: number, role: role, password: password, salt: salt, iterations: iterations),
          terminator: "")
      } catch {
        printError("pos-terminal: \(error)")
        throw ExitCode(2)
      }
    }
  }
}

extension ConfigSource {
  /// ./Config exists as a folder (what `run` loads without --config).
  static var localFolderExists: Bool {
    var isFolder: ObjCBool = false
    return FileManager.default.fileExists(atPath: "Config", isDirectory: &isFolder)
      && isFolder.boolValue
  }

  /// `load`, or the error on stderr and exit 2, as every subcommand treats a config problem.
  static func loadOrExit(_ path: String?) throws -> Configuration {
    do { return try load(path) } catch {
      printError("pos-terminal: config error: \(error)")
      throw ExitCode(2)
    }
  }
}
