import Foundation
import Testing

/// A full disk is named as storage full (存储空间不足) with what to do: never as a
/// damaged file, never with advice to reset, never as paper. The disks are small
/// tmpfs mounts (the tests run as root, as CI does), filled to the last byte.
@Suite("A full disk", .serialized)
struct StorageFullTests {
  static let sale = "<enter>01<enter>0000<enter>1 5000<enter><swipe 1><enter>123456<enter><enter>"

  /// A tmpfs of `size` at `dir`; fails the test when it cannot be mounted.
  func mount(_ dir: URL, size: String) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/mount")
    p.arguments = ["-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", dir.path]
    try p.run()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0, "mount a tmpfs (needs root)")
  }

  func unmount(_ dir: URL) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/umount")
    p.arguments = [dir.path]
    try? p.run()
    p.waitUntilExit()
  }

  /// Writes a filler file until the disk refuses another byte.
  func fill(_ dir: URL) {
    let fd = open(dir.appendingPathComponent("filler").path, O_WRONLY | O_CREAT, 0o600)
    defer { close(fd) }
    let chunk = [UInt8](repeating: 0, count: 4096)
    while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
    while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, 1) }) > 0 {}
  }

  @Test func aFullStateFolderIsStorageFullNotDamage() throws {
    let dir = Acceptance.scratch("full-state")
    defer { try? FileManager.default.removeItem(at: dir) }
    let disk = dir.appendingPathComponent("disk")
    try mount(disk, size: "600k")
    defer { unmount(disk) }
    let args = [
      "--state", disk.appendingPathComponent("state").path, "--receipts",
      dir.appendingPathComponent("receipts").path, "--clock", "2026-11-21T09:30:00+08:00",
    ]
    let first = try Acceptance.runBinary(args, input: Self.sale)
    #expect(first.status == 0, "\(first.stdout.suffix(800))")
    fill(disk)

    let run = try Acceptance.runBinary(args, input: Self.sale)
    #expect(run.status == 4, "\(run.stdout.suffix(1200))")
    #expect(run.stdout.contains("存储空间不足"), "\(run.stdout.suffix(1200))")
    #expect(run.stdout.contains("storage full"), "\(run.stdout.suffix(1200))")
    #expect(!run.stdout.contains("state reset"), "\(run.stdout.suffix(1200))")
    #expect(!run.stdout.contains("damaged"), "\(run.stdout.suffix(1200))")
    #expect(!run.stdout.contains("存储故障"), "\(run.stdout.suffix(1200))")

    // Space made, the same folder powers on and sells: nothing was damaged.
    try FileManager.default.removeItem(at: disk.appendingPathComponent("filler"))
    let again = try Acceptance.runBinary(args, input: Self.sale)
    #expect(again.status == 0, "\(again.stdout.suffix(1200))")
  }

  @Test func aFullReceiptsFolderIsNotAboutPaper() throws {
    let dir = Acceptance.scratch("full-receipts")
    defer { try? FileManager.default.removeItem(at: dir) }
    let disk = dir.appendingPathComponent("disk")
    try mount(disk, size: "64k")
    defer { unmount(disk) }
    let receipts = disk.appendingPathComponent("receipts")
    try FileManager.default.createDirectory(at: receipts, withIntermediateDirectories: true)
    fill(disk)
    let run = try Acceptance.runBinary(
      [
        "--state", dir.appendingPathComponent("state").path, "--receipts", receipts.path,
        "--clock", "2026-11-21T09:30:00+08:00",
      ], input: Self.sale)
    #expect(run.stdout.contains("打印失败"), "\(run.stdout.suffix(1200))")
    #expect(run.stdout.contains("存储空间不足 请清理磁盘"), "\(run.stdout.suffix(1200))")
    #expect(!run.stdout.contains("请检查打印纸"), "\(run.stdout.suffix(1200))")
  }
}
