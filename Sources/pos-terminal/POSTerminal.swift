import ArgumentParser

@main
struct POSTerminal: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pos-terminal",
    abstract: "A simulated Lakala / UnionPay countertop POS terminal.",
    subcommands: [ReaderCommand.self]
  )
}
