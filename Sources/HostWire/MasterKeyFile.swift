import Ciphers
import Foundation
import ISO8583

/// The terminal master key (TMK) in a state folder: `keys/TERMINAL.tmk`, the key
/// in hex, mode 0600 in a 0700 folder. Never in the journal or a log. The host
/// keeps its terminals' keys the same way in its own state folder.
public enum MasterKeyFile {
  public static func url(state: URL, terminalNo: String) -> URL {
    state.appendingPathComponent("keys").appendingPathComponent("\(terminalNo).tmk")
  }

  /// Writes the key (replacing an old one), readable by the owner only.
  public static func store(_ key: SecretKey, state: URL, terminalNo: String) throws {
    let folder = state.appendingPathComponent("keys")
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let url = url(state: state, terminalNo: terminalNo)
    let temp = folder.appendingPathComponent(".\(terminalNo).tmk.new")
    try? FileManager.default.removeItem(at: temp)
    guard
      FileManager.default.createFile(
        atPath: temp.path, contents: Data((Hex.encode(key.bytes) + "\n").utf8),
        attributes: [.posixPermissions: 0o600])
    else { throw WireSetupError("cannot write \(temp.path)") }
    if FileManager.default.fileExists(atPath: url.path) {
      _ = try FileManager.default.replaceItemAt(url, withItemAt: temp)
    } else {
      try FileManager.default.moveItem(at: temp, to: url)
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
  }

  /// The stored key; nil when there is none. A file that is not a 16-byte key in
  /// hex, or that others can read, is an error.
  public static func load(state: URL, terminalNo: String) throws -> SecretKey? {
    let url = url(state: state, terminalNo: terminalNo)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
      throw WireSetupError(
        "\(url.path): mode \(String(mode, radix: 8)); a master key must be 0600 (chmod 600)")
    }
    let text = try String(contentsOf: url, encoding: .utf8)
    guard let bytes = Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)),
      bytes.count == 16
    else { throw WireSetupError("\(url.path): not a 16-byte key in hex (32 hex digits)") }
    return SecretKey(bytes)
  }

  /// The terminal's key: the stored one; in training mode a folder without one
  /// gets the published test key first (README, "Keys").
  public static func terminalKey(state: URL, terminalNo: String, trainingMode: Bool) throws
    -> SecretKey
  {
    if let key = try load(state: state, terminalNo: terminalNo) { return key }
    guard trainingMode else {
      throw WireSetupError(
        "no terminal master key in \(state.path)/keys: load one with `pos-terminal keys load --state \(state.path) --tmk HEX`"
      )
    }
    let key = TestKeys.tmk(terminalNo: terminalNo)
    try store(key, state: state, terminalNo: terminalNo)
    return key
  }
}
