/// One step of input, whatever it came from: a byte piped in, a script file, a
/// key at the face, a recording. Its `text` is the one way to write it, and
/// `InputTokenizer` reads that text back.
public enum InputToken: Equatable, Sendable {
  case key(Key)
  case swipe(Int)  // deck card N
  case swipeWAV(String)  // a path
  case wait(Double)  // seconds of virtual time
  /// The trainer reloads the printer's paper.
  case paper
  /// Input that is not a key: reported in the transcript, otherwise ignored.
  case ignored(String)
}
