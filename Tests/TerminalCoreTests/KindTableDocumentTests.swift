import Foundation
import Testing

@testable import TerminalCore

/// Documentation/Internals.md shows the table of kinds; it is this table, rendered
/// from the descriptors, so the page cannot drift from the code. Regenerate with
/// `UPDATE_GOLDEN=1 swift test --filter KindTableDocumentTests`.
@Suite("The documented table of kinds")
struct KindTableDocumentTests {
  static let begin = "<!-- kinds table: generated from TransactionDescriptor.all -->"
  static let end = "<!-- end of kinds table -->"

  static func markdown() -> String {
    var lines = [
      "| kind | menu · title (zh / en) | slip | row | steps | ledger | message (MTI / 3 / 25 / 60.1) | no reply | 9C | issuer rule |",
      "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in TransactionKind.allCases {
      let d = kind.descriptor
      let n = d.names
      let steps = d.steps.map(step).joined(separator: ", ")
      let m = d.message
      var message = "\(m.mti) / \(m.processingCode) / \(m.posCondition) / \(m.typeCode)"
      if !m.carriesAmount { message += ", no 4" }
      if m.scannedCode { message += ", 22 = 032" }
      if m.travelsAsOrder { message += ", as an order" }
      let chip = d.chipTransactionType.map { String(format: "%02X", $0) } ?? "–"
      lines.append(
        "| `\(kind.rawValue)` | \(n.menuItem.zh) / \(n.menuItem.en) · \(n.title.zh) / \(n.title.en) "
          + "| \(n.slip?.text ?? "(none)") | \(n.row.zh) / \(n.row.en) | \(steps) "
          + "| \(side(d.ledgerSide)) | \(message) | \(policy(d.noReply)) | \(chip) "
          + "| \(d.acquirerRule.rawValue) |")
    }
    return lines.joined(separator: "\n")
  }

  static func step(_ s: TransactionStep) -> String {
    switch s {
    case .supervisorPassword: return "supervisor"
    case .originalTransaction(.byVoucher): return "original by voucher"
    case .originalTransaction(.byReferenceAndDate): return "original by reference + date"
    case .originalTransaction(.byAuthCode): return "original by auth code + date"
    case .amount: return "amount"
    case .card(.cashier): return "card (checked)"
    case .card(.matchesOriginal): return "card (= original's)"
    case .card(.none): return "card"
    case .pin: return "PIN"
    case .scanCode: return "payment code scanned"
    }
  }

  static func side(_ s: LedgerSide) -> String {
    switch s {
    case .debit: return "debit"
    case .credit: return "credit"
    case .hold: return "hold"
    case .none: return "none"
    }
  }

  static func policy(_ p: NoReplyPolicy) -> String {
    switch p {
    case .reverse: return "reverse (0400)"
    case .resendAdvice: return "resend (advice)"
    case .none: return "nothing"
    }
  }

  @Test func theInternalsPageShowsTheTable() throws {
    let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Documentation/Internals.md").standardized
    let text = try String(contentsOf: page, encoding: .utf8)
    guard let a = text.range(of: Self.begin), let b = text.range(of: Self.end),
      a.upperBound <= b.lowerBound
    else {
      Issue.record("\(page.path) has no \(Self.begin) … \(Self.end) section")
      return
    }
    let shown = text[a.upperBound..<b.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
    let table = Self.markdown()
    if shown != table, ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try (text[..<a.upperBound] + "\n" + table + "\n" + text[b.lowerBound...])
        .write(to: page, atomically: true, encoding: .utf8)
      return
    }
    #expect(shown == table, "Documentation/Internals.md's table of kinds is out of date")
  }
}
