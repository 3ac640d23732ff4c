import Foundation
import TerminalCore

/// A cashier-training lesson (Config/lessons/NAME.yaml): customers who come to the
/// counter one after another, each with what they say, what they present, what
/// they do when asked, and the checks that say whether the cashier served them right.
public struct Lesson: Sendable, Equatable {
  /// The file's name without `.yaml`: what `--lesson NAME` and the score line use.
  public var name: String
  public var title: LessonText
  /// Business done before the lesson starts (yesterday's sales, a sale keyed wrong).
  public var setup: LessonSetup?
  public var customers: [LessonCustomer]

  public init(
    name: String, title: LessonText, setup: LessonSetup? = nil, customers: [LessonCustomer]
  ) {
    self.name = name
    self.title = title
    self.setup = setup
    self.customers = customers
  }
}

/// Text in both screen languages. A lesson may give one text for both.
public struct LessonText: Sendable, Equatable {
  public var zh: String
  public var en: String

  public init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }

  public func text(_ language: Language) -> String { language == .zh ? zh : en }
}

/// Keys run on the same terminal before the trainee powers it on: the history the
/// lesson needs. They run `daysBefore` days before the lesson's start, at `time`
/// (HH:mm, the terminal's time zone), and nothing of them is scored or shown.
public struct LessonSetup: Sendable, Equatable {
  public var daysBefore: Int
  public var hour: Int
  public var minute: Int
  /// A script: the tokens and digits of `--script`, `#` comments allowed.
  public var keys: String

  public init(daysBefore: Int, hour: Int, minute: Int, keys: String) {
    self.daysBefore = daysBefore
    self.hour = hour
    self.minute = minute
    self.keys = keys
  }
}

/// What a customer hands the cashier: a deck card (shown by its printed face) or a
/// phone with a payment code (a deck wallet).
public enum LessonItem: Sendable, Equatable {
  case card(Int)
  case phone(Int)
}

/// What the customer types at a PIN screen, in order; after the list, the right PIN.
public enum LessonPIN: String, Sendable, Equatable, CaseIterable {
  case right, wrong
}

/// One outcome the cashier must reach with a customer.
public enum LessonCheck: Sendable, Equatable {
  /// `charged: FEN`: what this customer paid in the end (approved sales, completions
  /// and QR payments, less the voids of them) is exactly FEN.
  case charged(Int64)
  /// `nothing_sent: true`: no transaction of this customer reached the host.
  case nothingSent
  /// `retained: true|false`: the cashier kept the card (`<retain>`), or did not.
  case retained(Bool)
  /// `voided: N`: voucher N was voided (an approved void while this customer was there).
  case voided(trace: Int)
  /// `refunded: FEN`: the refunds approved for this customer add up to FEN.
  case refunded(Int64)
  /// `settled: balanced`: the batch was settled and the host's totals matched (对账平).
  case settledBalanced
  /// `detail_lists: printed`: the settlement slip came with both detail lists.
  case detailListsPrinted
  /// `signature: checked`: the customer signed the merchant copy and the cashier
  /// checked it (`<signed>`) after it printed.
  case signatureChecked
  /// `swiped: false`: the customer's card was never swiped (a chip card is inserted).
  case notSwiped
  /// `read_by: chip|contactless|stripe|qr`: the approved charge read the card so.
  case readBy(EntryMode)
  /// `max_charges: N`: at most N charges (sale, completion, QR) went to the host.
  case maxCharges(Int)

  /// The key a lesson file writes.
  public var key: String {
    switch self {
    case .charged: return "charged"
    case .nothingSent: return "nothing_sent"
    case .retained: return "retained"
    case .voided: return "voided"
    case .refunded: return "refunded"
    case .settledBalanced: return "settled"
    case .detailListsPrinted: return "detail_lists"
    case .signatureChecked: return "signature"
    case .notSwiped: return "swiped"
    case .readBy: return "read_by"
    case .maxCharges: return "max_charges"
    }
  }

  /// Every check key, in the order the README lists them.
  public static let keys = [
    "charged", "nothing_sent", "retained", "voided", "refunded", "settled", "detail_lists",
    "signature", "swiped", "read_by", "max_charges",
  ]

  /// `read_by:` names.
  public static let readByNames: [(String, EntryMode)] = [
    ("chip", .insert), ("contactless", .contactless), ("stripe", .swipe), ("qr", .qrCode),
  ]
}

/// One customer at the counter.
public struct LessonCustomer: Sendable, Equatable {
  /// What the customer says (一共50元).
  public var says: LessonText
  /// What they hand over, in order: the next one after a decline (换一张卡).
  public var presents: [LessonItem]
  /// What they type at each PIN screen (empty: always the right PIN).
  public var pins: [LessonPIN]
  /// Whether they sign the merchant copy when it prints.
  public var signs: Bool
  /// The right way to serve them, shown when a check fails.
  public var advice: LessonText?
  public var checks: [LessonCheck]

  public init(
    says: LessonText, presents: [LessonItem], pins: [LessonPIN] = [], signs: Bool = true,
    advice: LessonText? = nil, checks: [LessonCheck]
  ) {
    self.says = says
    self.presents = presents
    self.pins = pins
    self.signs = signs
    self.advice = advice
    self.checks = checks
  }
}
