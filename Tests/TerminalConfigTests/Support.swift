import Foundation
import Testing

@testable import TerminalConfig

/// The package's Config/ folder, found from this source file.
let configDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Config")

func readConfigFile(_ name: String) throws -> String {
  try String(contentsOf: configDirectory.appendingPathComponent(name), encoding: .utf8)
}

/// A scratch copy of Config/ in a fresh temporary folder.
func scratchConfig() throws -> URL {
  let dir = FileManager.default.temporaryDirectory
    .appendingPathComponent("config-test-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  for name in ConfigLoader.fileNames {
    try FileManager.default.copyItem(
      at: configDirectory.appendingPathComponent(name), to: dir.appendingPathComponent(name))
  }
  return dir
}

/// 1-based number of the first non-comment line containing `needle`.
func lineNumber(of needle: String, in text: String, after start: String? = nil) -> Int? {
  let lines = text.components(separatedBy: "\n")
  var from = 0
  if let start, let s = lines.firstIndex(where: { $0.contains(start) }) { from = s }
  guard
    let i = lines[from...].firstIndex(where: {
      $0.contains(needle) && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#")
    })
  else { return nil }
  return i + 1
}

/// Loads Config/ with one file edited; returns the error (fails the test if none),
/// plus the edited text for computing expected lines.
func loadError(
  _ file: String, edit: (String) -> String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> (ConfigError, String) {
  let dir = try scratchConfig()
  defer { try? FileManager.default.removeItem(at: dir) }
  let original = try readConfigFile(file)
  let edited = edit(original)
  #expect(edited != original, "the edit changed nothing", sourceLocation: sourceLocation)
  try edited.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
  do {
    _ = try ConfigLoader.load(directory: dir)
  } catch let e as ConfigError {
    return (e, edited)
  }
  Issue.record("loading succeeded; expected an error", sourceLocation: sourceLocation)
  throw CancellationError()
}

func replacing(_ old: String, _ new: String) -> (String) -> String {
  { $0.replacingOccurrences(of: old, with: new) }
}

func luhnValid(_ pan: String) -> Bool {
  var sum = 0
  for (i, ch) in pan.reversed().enumerated() {
    var d = ch.wholeNumberValue!
    if i % 2 == 1 {
      d *= 2
      if d > 9 { d -= 9 }
    }
    sum += d
  }
  return sum % 10 == 0
}
