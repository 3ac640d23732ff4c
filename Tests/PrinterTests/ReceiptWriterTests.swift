import Foundation
import Testing

@testable import Printer

func scratchFolder() -> URL {
  FileManager.default.temporaryDirectory.appendingPathComponent("receipts-\(UUID().uuidString)")
}

@Suite struct ReceiptWriterTests {
  @Test func createsTheFolderAndWritesUTF8WithTrailingNewline() throws {
    let dir = scratchFolder().appendingPathComponent("nested/Receipts")
    defer {
      try? FileManager.default.removeItem(
        at: dir.deletingLastPathComponent().deletingLastPathComponent())
    }
    let writer = try ReceiptWriter(directory: dir)
    let slip = PrintedSlip(
      fileName: "20261121-093000_B000001_V000001_merchant.txt", lines: ["POS签购单", "", "x"])
    let url = try writer.write(slip)
    #expect(url.lastPathComponent == "20261121-093000_B000001_V000001_merchant.txt")
    let data = try Data(contentsOf: url)
    #expect(data == Data("POS签购单\n\nx\n".utf8))
  }

  @Test func neverOverwrites() throws {
    let dir = scratchFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let writer = try ReceiptWriter(directory: dir)
    let name = "20261121-093000_B000001_settlement.txt"
    let a = try writer.write(PrintedSlip(fileName: name, lines: ["first"]))
    let b = try writer.write(PrintedSlip(fileName: name, lines: ["second"]))
    let c = try writer.write(PrintedSlip(fileName: name, lines: ["third"]))
    #expect(a.lastPathComponent == name)
    #expect(b.lastPathComponent == "20261121-093000_B000001_settlement-2.txt")
    #expect(c.lastPathComponent == "20261121-093000_B000001_settlement-3.txt")
    #expect(try String(contentsOf: a, encoding: .utf8) == "first\n")
    #expect(try String(contentsOf: b, encoding: .utf8) == "second\n")
    #expect(try String(contentsOf: c, encoding: .utf8) == "third\n")
    // A second writer on the same folder (e.g. after a restart) also respects them.
    let d = try ReceiptWriter(directory: dir).write(PrintedSlip(fileName: name, lines: ["fourth"]))
    #expect(d.lastPathComponent == "20261121-093000_B000001_settlement-4.txt")
    // No temporary files are left behind.
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    #expect(names.count == 4)
    #expect(!names.contains { $0.hasPrefix(".") })
  }

  @Test func renderedSlipsSaveUnderTheirNames() throws {
    let dir = scratchFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let writer = try ReceiptWriter(directory: dir)
    let slips = SlipPrinter(profile: shopProfile).render(
      .settlement(settlementReport, successDetail: successRecords, failedDetail: failedRecords))
    let urls = try slips.map { try writer.write($0) }
    #expect(urls.map(\.lastPathComponent) == slips.map(\.fileName))
    #expect(try String(contentsOf: urls[0], encoding: .utf8) == slips[0].text)
  }

  @Test func unusableFolderIsAClearError() throws {
    let base = scratchFolder()
    defer { try? FileManager.default.removeItem(at: base) }
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    let file = base.appendingPathComponent("not-a-folder")
    try Data("x".utf8).write(to: file)
    // A folder inside a regular file cannot be created (even by root).
    #expect {
      try ReceiptWriter(directory: file.appendingPathComponent("Receipts"))
    } throws: { error in
      let e = error as! ReceiptError
      return e.problem.hasPrefix("cannot create the folder") && e.path.hasSuffix("Receipts")
        && e.description.hasPrefix("receipts: ")
    }
    #expect {
      try ReceiptWriter(directory: file)
    } throws: { error in
      (error as! ReceiptError).problem == "exists but is not a folder"
    }
  }

  @Test func folderRemovedAfterStartIsAnErrorNotACrash() throws {
    let dir = scratchFolder()
    let writer = try ReceiptWriter(directory: dir)
    try FileManager.default.removeItem(at: dir)
    #expect(throws: ReceiptError.self) {
      try writer.write(PrintedSlip(fileName: "a.txt", lines: ["x"]))
    }
  }

  @Test func fileNamesAreSanitisedToOneASCIIComponent() {
    #expect(ReceiptWriter.sanitized("../etc/passwd") == "_etc_passwd")
    #expect(ReceiptWriter.sanitized("签购单.txt") == "___.txt")
  }
}
