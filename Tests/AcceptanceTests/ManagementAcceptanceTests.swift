import Foundation
import Journal
import Passwords
import TerminalCore
import Testing

/// The management menu's supervisor and operator functions through the real
/// binary (`--script`), each transcript a golden file: 8-3 交易查询, 8-5 锁定终端,
/// 8-6 操作员管理.
@Suite("Management: inquiry, lock and operators through the binary")
struct ManagementAcceptanceTests {
  static let clock = "2026-11-21T09:30:00+08:00"

  struct Run {
    var transcript: String
    var status: Int32
  }

  /// Runs `script` as a script file in `dir` (state and receipts there too).
  static func run(_ script: String, in dir: URL, clock: String = clock) throws -> Run {
    let file = dir.appendingPathComponent("run-\(UInt32.random(in: 0...UInt32.max)).keys")
    try script.write(to: file, atomically: true, encoding: .utf8)
    let run = try Hardening.run(
      Hardening.runArgs(dir, clock: clock) + ["--script", file.path], input: "")
    #expect(run.stderr == "")
    return Run(transcript: run.stdout, status: run.status)
  }

  static func journal(_ dir: URL) throws -> TerminalJournal {
    try TerminalJournal(path: dir.appendingPathComponent("state/journal.sqlite"))
  }

  @Test func theCashierBrowsesTheBatchNewestFirst() throws {
    let dir = Acceptance.scratch("mgmt-inquiry")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Self.run(
      """
      <enter> 01<enter> 0000<enter>                           # sign in
      8 3 <enter> <cancel>                                    # 交易查询: the batch is empty; back
      1 5000<enter> <swipe 1> <enter> 123456<enter> <enter>   # 000001: 50.00 approved
      1 5000<enter> <swipe 3> <enter> 111111<enter> <enter>   # 000002: declined 51
      8 3                                                     # newest first: 000002
      <enter>                                                 # next: 000001
      <enter>                                                 # no older one
      <bksp>                                                  # previous: 000002
      1<enter>                                                # voucher 1 keyed: 000001
      9<enter>                                                # no voucher 9
      <cancel> <cancel>                                       # management menu, main menu
      """, in: dir)
    #expect(run.status == 0)
    #expect(run.transcript.contains("本批次无交易"))
    #expect(run.transcript.contains("已是最早一笔"))
    #expect(run.transcript.contains("无此凭证"))
    #expect(try Acceptance.matchesGolden(run.transcript, "management/inquiry-transcript.txt"))
  }

  @Test func theLockedTerminalWaitsForTheOperatorsPassword() throws {
    let dir = Acceptance.scratch("mgmt-lock")
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = try Self.run(
      """
      <enter> 01<enter> 0000<enter>   # sign in
      8 5                             # 锁定终端
      <wait 600>                      # idle time does not unlock it
      1111<enter>                     # a wrong password: 密码错
      0000<enter>                     # operator 01's password: the main menu
      8 5 123456<enter>               # the supervisor's password unlocks it too
      """, in: dir)
    #expect(run.status == 0)
    #expect(run.transcript.contains("终端已锁定"))
    #expect(run.transcript.contains("key *"), "password digits show as *")
    #expect(try Acceptance.matchesGolden(run.transcript, "management/lock-transcript.txt"))
  }

  @Test func theSupervisorAddsAnOperatorWhoSignsInAfterAPowerCut() throws {
    let dir = Acceptance.scratch("mgmt-operators")
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = try Self.run(
      """
      <enter> 01<enter> 0000<enter>       # sign in as 01
      8 6 123456<enter>                   # 操作员管理, the supervisor's password
      1 05<enter> 1234<enter> 1234<enter> # add 05, password keyed twice
      1 06<enter> 1111<enter> 2222<enter> # the two entries differ: refused
      <cancel>
      2 01<enter>                         # delete 01: signed in, refused
      <cancel>
      3 05<enter> 5678<enter> 5678<enter> # 05's password changed
      <cancel> <cancel>                   # back to the main menu; power off
      """, in: dir)
    #expect(first.status == 0)
    #expect(first.transcript.contains("操作员05已增加"))
    #expect(first.transcript.contains("两次密码不一致"))
    #expect(first.transcript.contains("该操作员已签到,不能删除"))
    #expect(first.transcript.contains("操作员05密码已修改"))

    let second = try Self.run(
      """
      <enter> 05<enter> 1234<enter>       # the old password no longer signs in
      5678<enter>                         # the new one does
      """, in: dir, clock: "2026-11-21T10:00:00+08:00")
    #expect(second.status == 0)
    #expect(second.transcript.contains("密码错"))
    #expect(second.transcript.contains("签到成功"))

    // The journal keeps 05 hashed with a salt of its own; no password in clear.
    let journal = try Self.journal(dir)
    defer { try? journal.close() }
    let changes = try journal.snapshot().operatorChanges
    #expect(changes.count == 1)
    guard case .saved(let record)? = changes.first else {
      Issue.record("operator 05 is not in the journal")
      return
    }
    #expect(record.number == "05")
    #expect(PasswordHash.verify(password: "5678", record: record))
    #expect(try Acceptance.matchesGolden(first.transcript, "management/operators-transcript.txt"))
    #expect(
      try Acceptance.matchesGolden(second.transcript, "management/operators-signin-transcript.txt")
    )
  }
}
