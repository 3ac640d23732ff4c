import ArgumentParser
import Foundation
import TerminalRuntime

struct StateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "state",
    abstract: "Look after the state folder (journal and the acquirer's books).",
    discussion: "Example: pos-terminal state reset --state State",
    subcommands: [Reset.self])

  struct Reset: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Start over on purpose: move the journal, the acquirer's books and the identity aside.",
      discussion: """
        The files go into DIR/reset-YYYYMMDD-HHMMSS/ (nothing is deleted); the next run sets \
        up a new journal (voucher 000001) and new acquirer books. Refused (exit 4) while a \
        terminal runs on the folder.

        Example: pos-terminal state reset --state State
        """)

    @Option(help: "State folder to reset.")
    var state = "State"

    func run() throws {
      let directory = URL(fileURLWithPath: state)
      let report: StateFolder.ResetReport
      do {
        report = try StateFolder.reset(directory)
      } catch {
        printError("pos-terminal: state reset: \(error)")
        throw ExitCode(4)
      }
      guard let archive = report.archive else {
        print("\(directory.path): no journal, acquirer books or identity: nothing to reset")
        return
      }
      print(
        "moved \(report.moved.joined(separator: ", ")) from \(directory.path) to \(archive.path)")
      print("the next run sets up a new journal and new acquirer books in \(directory.path)")
    }
  }
}
