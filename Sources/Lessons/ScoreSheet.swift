import Foundation
import Printer
import TerminalCore

/// A lesson's score: each customer, each check passed or missed, the time taken.
/// Printed like every slip, 32 columns (`SlipPrinter.render(_:)`).
public struct ScoreSheet: Sendable, Equatable {
  public struct Check: Sendable, Equatable {
    public var label: String
    /// nil: passed; else what was missed.
    public var missed: String?
    public init(label: String, missed: String?) {
      self.label = label
      self.missed = missed
    }
  }

  public struct Customer: Sendable, Equatable {
    public var number: Int
    public var says: String
    /// Virtual seconds from stepping up to leaving.
    public var seconds: Int
    public var served: Bool
    public var checks: [Check]
    public init(number: Int, says: String, seconds: Int, served: Bool, checks: [Check]) {
      self.number = number
      self.says = says
      self.seconds = seconds
      self.served = served
      self.checks = checks
    }
    public var passed: Bool { served && checks.allSatisfy { $0.missed == nil } }
  }

  public var lessonName: String
  public var title: String
  public var terminalNo: String
  public var startedAt: Date
  public var finishedAt: Date
  public var customers: [Customer]

  public init(
    lessonName: String, title: String, terminalNo: String, startedAt: Date, finishedAt: Date,
    customers: [Customer]
  ) {
    self.lessonName = lessonName
    self.title = title
    self.terminalNo = terminalNo
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.customers = customers
  }

  public var passed: Int { customers.filter(\.passed).count }
}

extension SlipPrinter {
  /// `20261121-093512_lesson-amount.txt`, stamped when the lesson ended.
  public func render(_ sheet: ScoreSheet) -> PrintedSlip {
    let l = layout
    var lines: [String] = []
    lines += l.title("培训成绩单", "SCORE SHEET")
    lines.append(l.rule("="))
    lines += l.field("课程(LESSON):", sheet.lessonName)
    lines += l.wrap(sheet.title)
    lines += l.field("终端编号(TERMINAL NO):", sheet.terminalNo)
    lines += l.field("开始(START):", clock.slipText(sheet.startedAt))
    lines += l.field("结束(END):", clock.slipText(sheet.finishedAt))
    for customer in sheet.customers {
      lines.append(l.rule())
      lines += l.wrap("顾客(CUSTOMER) \(customer.number): \(customer.says)")
      for check in customer.checks {
        lines += l.field(check.label, check.missed == nil ? "通过 PASS" : "未通过 FAIL")
        if let missed = check.missed { lines += l.wrap(missed) }
      }
      lines += l.field("用时(TIME):", "\(customer.seconds)s")
      lines += l.field("结果(RESULT):", customer.passed ? "通过 PASS" : "未通过 FAIL")
    }
    lines.append(l.rule("="))
    lines += l.field("得分(SCORE):", "\(sheet.passed)/\(sheet.customers.count)")
    if profile.trainingMode { lines += l.center(Self.trainingLine) }
    return PrintedSlip(
      fileName: "\(clock.fileStamp(sheet.finishedAt))_lesson-\(sheet.lessonName).txt", lines: lines)
  }
}
