import Foundation
import StateFiles

/// The state folder's `identity` file: whose journal the folder holds. Written once,
/// last, when the folder is set up (so its absence means a new folder, one of a
/// release before identities, or a set-up a power cut interrupted); from then on the
/// journal and the acquirer's file must carry the same identity.
///
/// ```
/// terminal_no: 10000001
/// merchant_no: 898310048160001
/// journal_id: 0B6C2D1E-…
/// ```
enum StateIdentityFile {
  static let fileName = "identity"

  static let header = """
    # Whose journal this state folder holds; pos-terminal checks it at every power-on.
    # Do not edit. To start over on purpose: pos-terminal state reset --state DIR

    """

  /// nil when the file does not exist; throws when it exists but does not read as one.
  static func read(_ url: URL) throws -> StateIdentity? {
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw StateFolderError.unusable(path: url.path, detail: "cannot read the identity file")
    }
    var fields: [String: String] = [:]
    for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
      let text = line.trimmingCharacters(in: .whitespaces)
      if text.isEmpty || text.hasPrefix("#") { continue }
      guard let colon = text.firstIndex(of: ":") else { continue }
      fields[String(text[..<colon])] = text[text.index(after: colon)...]
        .trimmingCharacters(in: .whitespaces)
    }
    guard let terminal = fields["terminal_no"], let merchant = fields["merchant_no"],
      let id = fields["journal_id"], !terminal.isEmpty, !merchant.isEmpty, !id.isEmpty
    else {
      throw StateFolderError.unusable(
        path: url.path,
        detail: "the identity file is damaged (terminal_no, merchant_no and journal_id expected)")
    }
    return StateIdentity(terminalNo: terminal, merchantNo: merchant, journalID: id)
  }

  /// Writes the file whole or not at all (a temporary file, synced, then renamed), mode 0600.
  static func write(_ identity: StateIdentity, to url: URL) throws {
    let text =
      header
      + "terminal_no: \(identity.terminalNo)\nmerchant_no: \(identity.merchantNo)\njournal_id: \(identity.journalID)\n"
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(fileName).\(getpid()).tmp")
    let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw StateFolderError.unusable(
        path: temporary.path, detail: String(cString: strerror(errno)))
    }
    let bytes = Data(text.utf8)
    let written = writeBytes(fd, bytes)
    let synced = fsync(fd) == 0
    _ = fchmod(fd, 0o600)
    _ = close(fd)
    guard written == bytes.count, synced, rename(temporary.path, url.path) == 0 else {
      let detail = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw StateFolderError.unusable(path: url.path, detail: "cannot write: \(detail)")
    }
  }
}

/// `write(2)`, out here where the name is not the enum's own `write`.
private func writeBytes(_ fd: Int32, _ bytes: Data) -> Int {
  bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
}
