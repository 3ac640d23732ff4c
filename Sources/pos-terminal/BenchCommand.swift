import ArgumentParser
import Foundation
import TerminalRuntime

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract:
      "Run N scripted sales end to end and print sales/s, cost per stage, first-screen time and peak memory.",
    discussion:
      "Build in release with the Swift runtime linked in, as deployed: swift build -c release --static-swift-stdlib && .build/release/pos-terminal bench --sales 1000"
  )

  @Option(help: "Number of sales (at least 1).") var sales = 1000
  @Option(help: "Config folder (default ./Config or the embedded defaults).") var config: String?
  @Option(help: "Scratch folder (default: a new temporary folder, removed afterwards).") var work:
    String?

  func validate() throws {
    guard sales >= 1 else { throw ValidationError("--sales must be at least 1 (got \(sales))") }
  }

  func run() throws {
    let configuration = try ConfigSource.loadOrExit(config)
    let dir =
      work.map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("pos-bench-\(getpid())")
    if let work {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: work, isDirectory: &isFolder), !isFolder.boolValue {
        printError("pos-terminal: --work \(work): is a file, not a folder")
        throw ExitCode(2)
      }
    }
    do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch
    {
      printError("pos-terminal: cannot create the scratch folder \(dir.path): \(error)")
      throw ExitCode(2)
    }
    defer { if work == nil { try? FileManager.default.removeItem(at: dir) } }

    let firstScreen = try measureFirstScreen(scratch: dir.appendingPathComponent("first"))
    let r = SalesBenchmark.run(configuration: configuration, count: sales, workDirectory: dir)
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)

    print(
      "sales: \(r.sales) (\(r.approved) approved), each: swipe through the audio modem, 2 durable journal commits, 2 slip files"
    )
    // Figures of sales that failed would measure the failure: say so instead.
    guard r.approved == sales else {
      printError(
        "pos-terminal: bench: \(sales - r.approved) of \(sales) sales were not approved; the first ended on: \(r.firstFailure ?? "?")"
      )
      throw ExitCode(1)
    }
    // The floor: as many durable commits as the sales made, alone, on the same disk.
    let floor: Double
    do {
      floor = try SalesBenchmark.commitFloor(commits: r.journalCommits, directory: dir)
    } catch {
      printError("pos-terminal: bench: cannot time the commit floor in \(dir.path): \(error)")
      throw ExitCode(2)
    }
    let perSale = 1000 * r.seconds / Double(r.sales)
    print(String(format: "throughput: %.1f sales/s (%.3f ms per sale)", r.salesPerSecond, perSale))
    print("per-sale cost by stage:")
    let stages = r.stageSeconds.map { ($0.0.rawValue, $0.1) }
    let other = r.seconds - r.stageSeconds.reduce(0) { $0 + $1.1 }
    for (stage, seconds) in stages + [("other", other)] {
      print(
        "  " + stage + String(repeating: " ", count: max(0, 8 - stage.count))
          + String(
            format: " %8.3f ms  (%4.1f%%)", 1000 * seconds / Double(r.sales),
            100 * seconds / r.seconds))
    }
    print(
      String(
        format: "CPU: %.3f ms per sale (process CPU time over the sales, one core)",
        1000 * r.cpuSeconds / Double(r.sales)))
    print(
      String(
        format:
          "floor: %d durable journal commits (%.2f a sale), made alone in the same folder (SQLite WAL, synchronous = FULL): %.3f ms per sale",
        r.journalCommits, Double(r.journalCommits) / Double(r.sales),
        1000 * floor / Double(r.sales)))
    print(String(format: "sale cost ÷ floor: %.2f×", r.seconds / max(floor, 1e-9)))
    print(
      String(
        format:
          "first screen: %.1f ms from process start to the first frame on stdout (median of 5 runs)",
        firstScreen))
    print(
      String(
        format: "peak memory: %.1f MB (max resident set size of this process)",
        Double(usage.ru_maxrss) / 1024))
  }

  /// Starts this binary headless with empty input and times the first frame's arrival.
  func measureFirstScreen(scratch: URL) throws -> Double {
    var samples: [Double] = []
    for i in 0..<5 {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
      let dir = scratch.appendingPathComponent("\(i)")
      p.arguments =
        [
          "--headless", "--state", dir.appendingPathComponent("state").path,
          "--receipts", dir.appendingPathComponent("receipts").path,
          "--clock", "2026-11-21T09:30:00+08:00",
        ] + (config.map { ["--config", $0] } ?? [])
      let out = Pipe()
      p.standardOutput = out
      p.standardInput = FileHandle.nullDevice
      let clock = ContinuousClock()
      let start = clock.now
      try p.run()
      var seen = Data()
      while !seen.contains(UInt8(ascii: "\n")) {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen.append(chunk)
      }
      let d = clock.now - start
      samples.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15)
      p.waitUntilExit()
    }
    return samples.sorted()[samples.count / 2]
  }
}
