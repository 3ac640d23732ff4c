import Foundation
import Testing

/// The PIN must appear in no transcript, slip, log or journal row.
@Suite("Secrets stay secret")
struct SecretsScanTests {
  @Test func thePINIsNowhereAfterASaleAWrongPINAndADecline() throws {
    let dir = Acceptance.scratch("secrets")
    defer { try? FileManager.default.removeItem(at: dir) }
    let pin = "123456"
    let secrets = [pin, "654321", "222222"]
    let config = try Acceptance.configuration()
    let pan = config.deck[0].pan
    let chipPAN = config.deck[8].pan
    let publicNumbers =
      config.deck.map(\.pan) + [config.profile.merchantNo, config.profile.terminalNo]
    for secret in secrets {
      #expect(
        !publicNumbers.contains { $0.contains(secret) },
        "\(secret) is part of a card or terminal number: a useless probe")
    }
    let args = [
      "--state", dir.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", "2026-11-20T10:00:00+08:00",
    ]
    let script =
      "<enter>01<enter>0000<enter>"
      + "1 5000<enter><swipe 1><enter>\(pin)<enter><enter>"  // approved
      + "1 5000<enter><swipe 1><enter>654321<enter><enter>"  // wrong PIN: 55
      + "1 5000<enter><swipe 4><enter>222222<enter><enter>"  // expired card: 54
      // Chip: a wrong offline PIN, then the right one (the same digits as card 1's),
      // checked by the card: the driver hands it to the simulated ICC only.
      + "1 5000<enter><insert 9><enter>654321<enter>\(pin)<enter><enter><remove>"
      // Contactless over the limit: an online PIN.
      + "1 200000<enter><tap 9>\(pin)<enter><enter>"
    let run = try Acceptance.runBinary(args, input: script)
    #expect(run.status == 0)
    var haystacks: [(String, Data)] = [
      ("stdout", Data(run.stdout.utf8)), ("stderr", Data(run.stderr.utf8)),
    ]
    let fm = FileManager.default
    for sub in ["state", "receipts"] {
      let folder = dir.appendingPathComponent(sub)
      for name in try fm.contentsOfDirectory(atPath: folder.path) {
        haystacks.append(
          (sub + "/" + name, try Data(contentsOf: folder.appendingPathComponent(name))))
      }
    }
    #expect(haystacks.count >= 5, "transcript, journal, acquirer books and slips were all scanned")
    for (name, data) in haystacks {
      for secret in secrets {
        if let r = data.range(of: Data(secret.utf8)) {
          let around = data[max(0, r.lowerBound - 60)..<min(data.count, r.upperBound + 60)]
          Issue.record("\(secret) found in \(name): …\(String(decoding: around, as: UTF8.self))…")
        }
      }
      if name.hasPrefix("receipts") || name.contains("journal") || name.hasPrefix("std") {
        #expect(
          data.range(of: Data(pan.utf8)) == nil || name == "stdout", "full PAN found in \(name)")
      }
      if name.hasPrefix("receipts") || name.contains("journal") || name.hasPrefix("std")
        || name.contains("chip-cards")
      {
        #expect(
          data.range(of: Data(chipPAN.utf8)) == nil || name == "stdout",
          "full chip PAN found in \(name)")
      }
    }
  }
}
