import ArgumentParser
import Foundation
import TerminalConfig
import TerminalCore

struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Check the config folder, or make a password hash for operators.yaml.",
    subcommands: [Check.self, OperatorEntryCommand.self])

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Load the config folder and report the first problem (file, line, field).")
    @Option(help: "Config folder.") var config = "Config"
    func run() throws {
      do {
        let c = try ConfigLoader.load(directory: URL(fileURLWithPath: config))
        print(
          "\(config): OK — terminal \(c.profile.terminalNo), merchant \(c.profile.merchantNo), \(c.operators.count) operators, \(c.deck.count) deck cards, host fault \(c.hostFault.rawValue)"
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
      discussion:
        "echo 1234 | pos-terminal config operator-entry --number 02 >> Config/operators.yaml")
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
