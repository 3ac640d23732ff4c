import ArgumentParser
import Foundation
import TerminalConfig
import TerminalCore

struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Check the config folder, or make a password hash for operators.yaml.",
    subcommands: [Check.self, HashPassword.self])

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

  struct HashPassword: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "hash-password",
      abstract: "Print salt and password_hash lines for an operator entry (reads the password from stdin).")
    @Option(help: "Salt as hex; default: 16 random bytes.") var salt: String?
    func run() throws {
      guard let line = readLine(strippingNewline: true), !line.isEmpty,
        line.allSatisfy(\.isNumber)
      else {
        printError("pos-terminal: type the password (digits) on stdin")
        throw ExitCode(2)
      }
      let saltHex =
        salt ?? (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
      print("    salt: \"\(saltHex)\"")
      print("    password_hash: \"\(PasswordHash.hash(password: line, saltHex: saltHex))\"")
    }
  }
}
