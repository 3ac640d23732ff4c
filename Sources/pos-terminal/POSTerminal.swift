import ArgumentParser

@main
struct POSTerminal: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pos-terminal",
    abstract: "A simulated Lakala / UnionPay countertop POS terminal.",
    discussion: """
      With no subcommand the terminal runs: on a terminal it opens the training face;
      with stdin or stdout not a terminal (or with --headless) it reads keystrokes from
      stdin (or --script FILE) and prints every screen as plain text.
      """,
    subcommands: [RunCommand.self, ReaderCommand.self, ConfigCommand.self, BenchCommand.self],
    defaultSubcommand: RunCommand.self
  )
}
