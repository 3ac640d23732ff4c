import Foundation

/// The facts the curses face shows on its status line, derived from the core's state.
public struct StatusInfo: Sendable, Equatable {
  public var time: Date
  public var operatorNo: String?
  public var batch: Int
  public var lastVoucher: Int
  public var hostState: String  // e.g. "联机" / "online", "未签到", "冲正待发"
  public init(time: Date, operatorNo: String?, batch: Int, lastVoucher: Int, hostState: String) {
    self.time = time
    self.operatorNo = operatorNo
    self.batch = batch
    self.lastVoucher = lastVoucher
    self.hostState = hostState
  }
}
