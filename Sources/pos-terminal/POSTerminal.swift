import ArgumentParser
import Foundation

#if canImport(Glibc)
  import Glibc

  // mallopt(3) from <malloc.h>, which the Glibc module does not export.
  @_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
  private let M_TRIM_THRESHOLD: Int32 = -1
  private let M_MMAP_THRESHOLD: Int32 = -3
#endif

@main
struct POSTerminal: ParsableCommand {
  static func main() {
    #if canImport(Glibc)
      // Every swipe allocates audio buffers of a few hundred kB. glibc would mmap and
      // unmap each one, page-faulting it in anew; keep them in the heap instead.
      _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
      _ = mallopt(M_TRIM_THRESHOLD, 128 << 20)
    #endif
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      // Bad usage exits 2 everywhere (argument-parser's own code would be 64).
      if exitCode(for: error) == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }

  static let configuration = CommandConfiguration(
    commandName: "pos-terminal",
    abstract: "A simulated Lakala / UnionPay countertop POS terminal.",
    discussion: """
      With no subcommand the terminal runs: on a terminal it opens the training face; \
      with stdin or stdout not a terminal (or with --headless) it reads keystrokes from \
      stdin (or --script FILE) and prints every screen as plain text.

      Example: printf '<enter>01<enter>0000<enter>' | pos-terminal --clock 2026-11-21T09:30:00+08:00
      """,
    version: POSTerminalVersion.current,
    subcommands: [
      RunCommand.self, ReaderCommand.self, ConfigCommand.self, BenchCommand.self, StateCommand.self,
      HostCommand.self, KeysCommand.self, FleetCommand.self, LessonCommand.self, SuiteCommand.self,
    ],
    defaultSubcommand: RunCommand.self
  )
}
