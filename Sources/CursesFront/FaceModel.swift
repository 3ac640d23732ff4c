import Foundation
import TerminalCore

/// A card in the tray, as printed on its face: the full number, name, expiry, issuer, label.
/// Or a customer's phone showing a wallet's payment code (`isPhone`): then `pan` is
/// the code, `issuer` the wallet, and `position` the phone's number (Q1, Q2, …).
public struct TrayCard: Sendable, Equatable {
  public var position: Int
  public var label: String
  public var pan: String
  public var name: String
  public var expiry: String  // YYMM, as on the stripe
  public var issuer: String
  /// A phone: the QR scanner reads its payment code (`c`, or `s`/F9 when selected).
  public var isPhone = false
  /// The card's faces: stripe, chip, contactless (闪付).
  public var faces: [CardFace]
  public init(
    position: Int, label: String, pan: String, name: String, expiry: String, issuer: String,
    faces: [CardFace] = [.stripe]
  ) {
    self.faces = faces
    self.position = position
    self.label = label
    self.pan = pan
    self.name = name
    self.expiry = expiry
    self.issuer = issuer
  }

  /// A phone showing `code`, a payment code of `wallet`.
  public static func phone(position: Int, label: String, code: String, wallet: String) -> TrayCard {
    var phone = TrayCard(
      position: position, label: label, pan: code, name: "", expiry: "", issuer: wallet,
      faces: [])
    phone.isPhone = true
    return phone
  }

  /// The faces as the tray names them: `磁条/芯片/闪付`, `stripe/chip/tap`.
  public func facesText(_ language: Language) -> String {
    faces.map { language == .zh ? $0.zh : $0.en }.joined(separator: "/")
  }

  /// MM/YY, as embossed.
  public var expiryOnCard: String {
    guard expiry.count == 4 else { return expiry }
    return String(expiry.suffix(2)) + "/" + String(expiry.prefix(2))
  }

  /// The number in groups of four, as embossed.
  public var groupedPAN: String {
    var out = ""
    for (i, ch) in pan.enumerated() {
      if i > 0, i % 4 == 0 { out.append(" ") }
      out.append(ch)
    }
    return out
  }
}

/// The last swipe through the reader, as the face shows it.
public struct SwipeLine: Sendable, Equatable {
  public var source: String
  public var ok: Bool
  public var copyUsed: String?
  public var polarity: String?
  public var snrDB: Double?
  public var reason: String?
  public init(
    source: String, ok: Bool, copyUsed: String? = nil, polarity: String? = nil,
    snrDB: Double? = nil, reason: String? = nil
  ) {
    self.source = source
    self.ok = ok
    self.copyUsed = copyUsed
    self.polarity = polarity
    self.snrDB = snrDB
    self.reason = reason
  }
}

/// Everything the face draws, as data (the renderer is a pure function of it).
public struct FaceModel: Sendable, Equatable {
  public var screen: Screen
  public var status: StatusInfo
  public var timeZone: TimeZone
  public var language: Language
  public var tray: [TrayCard]
  /// Index into `tray`.
  public var selectedCard: Int
  /// Every slip line printed this session, oldest first (the newest are at the bottom).
  public var paper: [String]
  /// Lines scrolled back from the bottom of the paper (0 = newest line visible).
  public var paperScroll: Int
  public var lastSwipe: SwipeLine?
  /// A note from the session (shown under the LCD until the next key).
  public var note: String?
  /// The quit dialog is open; `unfinished` is what the session says is in progress.
  public var quitPrompt: Bool
  public var unfinished: String?
  /// The deck card in the chip slot, if any.
  public var cardInSlot: Int? = nil
  /// A lesson (`--lesson`): the customer panel takes the card tray's place.
  public var lesson: LessonPanel? = nil

  public init(
    screen: Screen, status: StatusInfo, timeZone: TimeZone, language: Language,
    tray: [TrayCard] = [], selectedCard: Int = 0, paper: [String] = [], paperScroll: Int = 0,
    lastSwipe: SwipeLine? = nil, note: String? = nil, quitPrompt: Bool = false,
    unfinished: String? = nil, cardInSlot: Int? = nil, lesson: LessonPanel? = nil
  ) {
    self.cardInSlot = cardInSlot
    self.lesson = lesson
    self.screen = screen
    self.status = status
    self.timeZone = timeZone
    self.language = language
    self.tray = tray
    self.selectedCard = selectedCard
    self.paper = paper
    self.paperScroll = paperScroll
    self.lastSwipe = lastSwipe
    self.note = note
    self.quitPrompt = quitPrompt
    self.unfinished = unfinished
  }
}

/// The face's own chrome in both languages.
struct FaceLabels {
  var lcd, keys, printer, tray, noCards, quitTitle, quitAsk, unfinished: String
  var operatorLabel, batch, voucher, host: String
  var scrolledBack: (Int) -> String
  /// Tray cards scrolled out of view above / below the list.
  var hiddenAbove: (Int) -> String
  var hiddenBelow: (Int) -> String
  var legend: [(String, String)]
  /// Under a selected phone: what the scanner reads.
  var paymentCode = ""
  /// The tray's title with the card in the slot.
  var inSlot: (Int) -> String {
    { n in self.tray == "卡托" ? "卡托 · 卡槽:\(n)号卡" : "CARD TRAY · card \(n) inserted" }
  }

  static func of(_ language: Language) -> FaceLabels {
    switch language {
    case .zh:
      return FaceLabels(
        lcd: "LCD", keys: "按键", printer: "打印机", tray: "卡托", noCards: "(卡托里没有卡)",
        quitTitle: "退出", quitAsk: "退出训练? 确认键(Enter)=是, 其他键=否",
        unfinished: "未完成的业务:", operatorLabel: "操作员", batch: "批次", voucher: "凭证",
        host: "主机", scrolledBack: { "向上翻 \($0) 行" },
        hiddenAbove: { "↑ 还有\($0)张" }, hiddenBelow: { "↓ 还有\($0)张" },
        legend: [
          ("0-9", "数字"), ("Ent/Esc", "确认/取消"), ("Bksp", "退格"),
          ("F1-F8", "刷1-8号卡"), ("Up/Dn Tab", "选卡"), ("s i t", "刷插挥所选卡"),
          ("r c", "拔卡/扫手机"), ("PgUpDn p", "翻纸/装纸"), ("q F10", "退出"),
        ], paymentCode: "手机付款码: s/c 扫码")
    case .en:
      return FaceLabels(
        lcd: "LCD", keys: "KEYS", printer: "PRINTER", tray: "CARD TRAY",
        noCards: "(no cards in the tray)",
        quitTitle: "QUIT", quitAsk: "Quit training? Enter = yes, any other key = no",
        unfinished: "Unfinished business:", operatorLabel: "OPER", batch: "BATCH",
        voucher: "VOUCHER", host: "HOST",
        scrolledBack: { "back \($0) lines" },
        hiddenAbove: { "↑ \($0) more" }, hiddenBelow: { "↓ \($0) more" },
        legend: [
          ("0-9", "digits"), ("Ent/Esc", "OK/cancel"), ("Bksp", "backspace"),
          ("F1-F8", "swipe 1-8"), ("Up/Dn Tab", "select"), ("s i t", "swp/ins/tap"),
          ("r c", "remove/scan"), ("PgUpDn p", "roll/load"), ("q F10", "quit"),
        ], paymentCode: "phone's payment code: s/c scans")
    }
  }
}

/// One way a card reaches the terminal.
public enum CardFace: String, Sendable, Equatable, CaseIterable {
  case stripe, chip, contactless
  var zh: String {
    switch self {
    case .stripe: return "磁条"
    case .chip: return "芯片"
    case .contactless: return "闪付"
    }
  }
  var en: String {
    switch self {
    case .stripe: return "stripe"
    case .chip: return "chip"
    case .contactless: return "tap"
    }
  }
}
