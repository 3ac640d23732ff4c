// Owned by the reader work: `pos-terminal reader encode|decode|bench`.
import ArgumentParser

struct ReaderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reader",
    abstract: "The audio-jack card reader: encode a swipe to WAV, decode a WAV, benchmark."
  )
}
