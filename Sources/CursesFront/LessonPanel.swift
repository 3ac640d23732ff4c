import Foundation
import TerminalCore

/// A lesson's customer panel, as data (it takes the card tray's place on the face).
public struct LessonPanel: Sendable, Equatable {
  /// The lesson file's name and its title in the face's language.
  public var name: String
  public var title: String
  public var passed: Int
  public var total: Int
  public var isOver: Bool
  /// The coach's panel: the customer at the counter, what they said and present.
  public var customer: [String]
  /// The customer at the PIN pad, while they key in.
  public var typing: String?
  /// What the coach said since this customer came (the cashier's actions, a
  /// signature, another card), oldest first, tags (`[customer] `) removed.
  public var log: [String]
  /// The last customer's verdict: ✓, or what was missed and the right way.
  public var feedback: String?

  public init(
    name: String, title: String, passed: Int, total: Int, isOver: Bool, customer: [String],
    typing: String? = nil, log: [String] = [], feedback: String? = nil
  ) {
    self.name = name
    self.title = title
    self.passed = passed
    self.total = total
    self.isOver = isOver
    self.customer = customer
    self.typing = typing
    self.log = log
    self.feedback = feedback
  }

  /// A coach's line as the face shows it: without its transcript tag
  /// (`[customer] `, `[cashier] `, `[lesson] `).
  public static func untagged(_ line: String) -> String {
    guard line.hasPrefix("["), let close = line.firstIndex(of: "]"),
      line[line.index(after: line.startIndex)..<close].allSatisfy({ $0.isLetter })
    else { return line }
    return String(line[line.index(after: close)...].drop { $0 == " " })
  }

  /// The panel's rows, top down, each at most `columns` wide and at most `rows` of
  /// them: the score, the customer (wrapped, never cut while there is room), the
  /// customer at the PIN pad, the face's note, what happened with this customer
  /// (the newest that fit), the last verdict and the lesson keys at the bottom.
  /// When rows run short the oldest happenings go first, then the score, the
  /// verdict, the key legend, the note.
  static func rows(
    _ panel: LessonPanel, note: String?, language: Language, rows: Int, columns: Int
  ) -> [(text: String, style: CellStyle)] {
    guard rows > 0, columns > 0 else { return [] }
    let labels = LessonLabels.of(language)
    // Chinese breaks between glyphs, never before closing punctuation; nothing is cut.
    let wrap = { (text: String) in DisplayWidth.wrap(text, to: columns, .panel) }
    var header = wrap(labels.score(panel.name, panel.title, panel.passed, panel.total))
    var customer = panel.customer.flatMap(wrap)
    if panel.isOver { customer += wrap(labels.lessonOver) }
    var typing = panel.typing.map(wrap) ?? []
    var noteLines = note.map(wrap) ?? []
    let shown = Set(panel.customer + [panel.feedback].compactMap { $0 })
    var log = panel.log.filter { !shown.contains($0) }.map(wrap)
    var feedback = panel.feedback.map(wrap) ?? []
    var legend = panel.isOver ? [] : wrap(labels.keys)

    func count() -> Int {
      header.count + customer.count + typing.count + noteLines.count
        + log.reduce(0) { $0 + $1.count }
        + feedback.count + legend.count
    }
    while count() > rows, !log.isEmpty { log.removeFirst() }
    for drop in 0..<5 where count() > rows {
      switch drop {
      case 0: header = []
      case 1: feedback = []
      case 2: legend = []
      case 3: noteLines = []
      default: typing = []
      }
    }
    if customer.count > rows, let last = customer.prefix(rows).last {
      customer = Array(customer.prefix(rows - 1)) + [DisplayWidth.clip(last, to: columns - 1) + "…"]
    }

    var out: [(text: String, style: CellStyle)] = []
    out += header.map { ($0, .bold) }
    out += customer.map { ($0, .plain) }
    out += typing.map { ($0, .bold) }
    out += noteLines.map { ($0, .bold) }
    out += log.flatMap { $0 }.map { ($0, .plain) }
    let bottom: [(text: String, style: CellStyle)] =
      feedback.map { ($0, .bold) } + legend.map { ($0, .plain) }
    let gap = max(0, rows - out.count - bottom.count)
    out += Array(repeating: ("", .plain), count: gap)
    out += bottom
    return Array(out.prefix(rows))
  }
}

/// The lesson's words on the face, in both languages.
struct LessonLabels {
  var customerTitle: String
  var inSlot: (Int) -> String
  var score: (_ name: String, _ title: String, _ passed: Int, _ total: Int) -> String
  /// The lesson keys, one line under the panel.
  var keys: String
  /// Under the coach's "lesson over".
  var lessonOver: String
  /// The key legend box in a lesson.
  var legend: [(String, String)]
  /// Notes: a key while the customer keys in the PIN, a lesson key while the host answers.
  var customerTyping: String
  var waitingForHost: String
  /// The quit dialog in a lesson.
  var quit: (_ name: String, _ passed: Int, _ total: Int) -> String

  static func of(_ language: Language) -> LessonLabels {
    switch language {
    case .zh:
      return LessonLabels(
        customerTitle: "顾客", inSlot: { "顾客 · 卡槽:\($0)号卡" },
        score: { name, title, p, t in "课程 \(name) \(title) · 通过 \(p)/\(t)" },
        keys: "k 没收卡片  g 核对签名  n 请下一位",
        lessonOver: "按 q 退出并写出成绩单",
        legend: [
          ("0-9", "数字"), ("Ent/Esc", "确认/取消"), ("Bksp", "退格"),
          ("s i t", "刷插挥顾客卡"), ("c r", "扫手机/拔卡"), ("k g n", "见下方顾客栏"),
          ("PgUpDn p", "翻纸/装纸"), ("q F10", "退出"),
        ],
        customerTyping: "顾客正在输入密码,请稍候", waitingForHost: "正在等待主机应答,请稍候",
        quit: { name, p, t in "退出即结束课程 \(name) (通过 \(p)/\(t)) 并写出成绩单。" })
    case .en:
      return LessonLabels(
        customerTitle: "CUSTOMER", inSlot: { "CUSTOMER · card \($0) inserted" },
        score: { name, title, p, t in "Lesson \(name) \(title) · passed \(p)/\(t)" },
        keys: "k retain card  g signature ok  n next",
        lessonOver: "q quits and writes the score sheet",
        legend: [
          ("0-9", "digits"), ("Ent/Esc", "OK/cancel"), ("Bksp", "backspace"),
          ("s i t", "swp/ins/tap"), ("c r", "scan/remove"), ("k g n", "see below"),
          ("PgUpDn p", "roll/load"), ("q F10", "quit"),
        ],
        customerTyping: "The customer is keying in the PIN: wait",
        waitingForHost: "Waiting for the host's reply",
        quit: { name, p, t in
          "Quitting ends lesson \(name) (passed \(p)/\(t)) and writes the score sheet."
        })
    }
  }
}
