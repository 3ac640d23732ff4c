import Foundation
import TerminalCore
import Testing

@testable import CursesFront

/// Plain-text frame, trailing spaces trimmed, for inline goldens.
func frame(_ buffer: CellBuffer) -> String {
  buffer.lines(trimmingTrailingSpaces: true).joined(separator: "\n")
}

@Suite struct RendererTests {
  static let slip = [
    "          POS签购单", "       POS SALES SLIP", "商户存根         MERCHANT COPY", "卡号(CARD NO)",
    "622202******0128 S", "金额(AMOUNT):", "        RMB 50.00",
  ]

  func model(_ language: Language, screen: Screen) -> FaceModel {
    let fake = FakeSession(language: language, screen: screen)
    return FaceModel(
      screen: screen, status: fake.status, timeZone: fake.timeZone, language: language,
      tray: FakeSession.deck, selectedCard: 0)
  }

  func zhModel() -> FaceModel {
    let screen = Screen(
      title: "消费", lines: [.init("请输入金额:")],
      field: .init(display: "50.00", masked: false), footer: "确认/取消")
    var m = model(.zh, screen: screen)
    m.paper = Self.slip
    m.lastSwipe = SwipeLine(
      source: "card 1", ok: true, copyUsed: "high", polarity: "normal", snrDB: 31.2)
    return m
  }

  func enModel() -> FaceModel {
    var e = model(
      .en,
      screen: Screen(
        title: "SALE", lines: [.init("CARD NO:"), .init("6222021234567890128")],
        footer: "ENTER/CANCEL"))
    e.selectedCard = 2
    e.lastSwipe = SwipeLine(
      source: "card 3", ok: false, snrDB: 4.0, reason: "LRC mismatch in both copies")
    e.note = "there is no card 9 in the deck (1–4)"
    return e
  }

  @Test func zhAmountEntryWithSlipAndSwipe() {
    #expect(
      frame(FaceRenderer.render(zhModel(), width: 80, height: 24))
        == Self.zhAmountEntryWithSlipAndSwipe)
  }

  // Chip and contactless
  @Test func theTrayShowsTheFacesAndTheCardInTheSlot() {
    var m = zhModel()
    m.tray[0].faces = [.stripe, .chip, .contactless]
    m.cardInSlot = 1
    var shown = frame(FaceRenderer.render(m, width: 80, height: 24))
    #expect(shown.contains("┌─ 卡托 · 卡槽:1号卡 ─"))
    #expect(shown.contains("ZHANG/SAN  12/28  磁条/芯片/闪付"))
    var e = enModel()
    e.tray[2].faces = [.stripe, .chip]
    e.cardInSlot = 3
    shown = frame(FaceRenderer.render(e, width: 80, height: 24))
    #expect(shown.contains("CARD TRAY · card 3 inserted"))
    #expect(shown.contains("WANG/WU  03/29  stripe/chip"))
  }

  @Test func enCardCheckWithFailedSwipeAndNote() {
    #expect(
      frame(FaceRenderer.render(enModel(), width: 80, height: 24))
        == Self.enCardCheckWithFailedSwipeAndNote)
  }

  @Test func enQuitDialogShowsUnfinishedBusiness() {
    var e = enModel()
    e.quitPrompt = true
    e.unfinished = "a sale was being entered and was not sent: nothing was recorded"
    #expect(
      frame(FaceRenderer.render(e, width: 80, height: 24))
        == Self.enQuitDialogShowsUnfinishedBusiness)
  }

  @Test func tooSmallShowsAClearBilingualMessage() {
    #expect(frame(FaceRenderer.render(enModel(), width: 60, height: 20)) == Self.tooSmall60x20)
    #expect(frame(FaceRenderer.render(zhModel(), width: 30, height: 8)) == Self.tooSmall30x8)
    // Any size below 80x24 gets the message, never a clipped face; nothing crashes down to 0x0.
    for (w, h) in [(79, 24), (80, 23), (1, 1), (0, 0), (200, 3)] {
      let text = frame(FaceRenderer.render(zhModel(), width: w, height: h))
      #expect(!text.contains("┌"))
    }
    #expect(frame(FaceRenderer.render(zhModel(), width: 79, height: 24)).contains("(now 79x24)"))
    // q is the one key taken while the window is too small: its question shows there.
    var quitting = zhModel()
    quitting.quitPrompt = true
    #expect(frame(FaceRenderer.render(quitting, width: 60, height: 20)).contains("退出训练?"))
    #expect(!frame(FaceRenderer.render(zhModel(), width: 60, height: 20)).contains("退出训练?"))
  }

  @Test func everyRowFitsTheWidthExactlyAtManySizes() {
    for (w, h) in [(80, 24), (81, 25), (100, 40), (132, 50), (79, 30)] {
      let lines = FaceRenderer.render(zhModel(), width: w, height: h).lines()
      #expect(lines.count == h)
      #expect(lines.allSatisfy { DisplayWidth.of($0) == w })
    }
  }

  @Test func largerWindowCentresTheFaceAndShowsMorePaper() {
    var m = zhModel()
    m.paper = (1...60).map { "line \($0)" }
    let lines = FaceRenderer.render(m, width: 100, height: 40).lines(trimmingTrailingSpaces: true)
    #expect(lines[0].hasPrefix(String(repeating: " ", count: 10) + "┌─ LCD"))
    #expect(lines[37].contains("line 60"))
    #expect(lines[1].contains("line 24"))
    #expect(FaceRenderer.paperRows(height: 40) == 37)
  }

  @Test func paperScrollsBackAndSaysHowFar() {
    var m = zhModel()
    m.paper = (1...60).map { "line \($0)" }
    m.paperScroll = 20
    let lines = FaceRenderer.render(m, width: 80, height: 24).lines(trimmingTrailingSpaces: true)
    #expect(lines[21].contains("line 40"))
    #expect(lines[1].contains("line 20"))
    #expect(lines[22].contains("向上翻 20 行"))
    // Scrolling past the top stops at the first line.
    m.paperScroll = 1000
    let top = FaceRenderer.render(m, width: 80, height: 24).lines(trimmingTrailingSpaces: true)
    #expect(top[1].contains("line 1 "))
  }

  @Test func selectedCardIsReversedAndStatusLineToo() {
    let buf = FaceRenderer.render(zhModel(), width: 80, height: 24)
    #expect(buf[12, 1].style == .reverse)
    #expect(buf[13, 1].style == .plain)
    #expect(buf[23, 0].style == .reverse && buf[23, 79].style == .reverse)
  }

  @Test func trayScrollsToKeepTheSelectionVisible() {
    var m = zhModel()
    m.tray = (1...12).map {
      TrayCard(
        position: $0, label: "card \($0)", pan: "62220212345678\($0 + 10)", name: "N",
        expiry: "2812", issuer: "I")
    }
    m.selectedCard = 11
    let lines = FaceRenderer.render(m, width: 80, height: 24).lines()
    #expect(lines.contains { $0.contains(">12 ") })
    #expect(!lines.contains { $0.contains("  1 **") })
  }

  /// Cards out of view are counted: `↓ 还有N张` below, `↑ 还有N张` above (en: `↓ N more`).
  @Test func hiddenCardsAreCounted() {
    var m = zhModel()
    m.tray = (1...12).map {
      TrayCard(
        position: $0, label: "card \($0)", pan: "62220212345600\($0 + 10)", name: "N",
        expiry: "2812", issuer: "I")
    }
    // 10 tray rows at 80×24: the swipe takes 2, the selected card's face 2, the list 6.
    func tray(_ selected: Int, _ language: Language = .zh) -> [String] {
      var model = m
      model.selectedCard = selected
      model.language = language
      return FaceRenderer.render(model, width: 80, height: 24).lines()[12..<18].map {
        String($0.prefix(45))
      }
    }
    #expect(tray(0)[0].hasPrefix("│> 1 **0011 card 1 "))
    #expect(tray(0)[4].hasPrefix("│  5 **0015 card 5 "))
    #expect(tray(0)[5].hasPrefix("│    ↓ 还有7张 "))
    #expect(tray(0, .en)[5].hasPrefix("│    ↓ 7 more "))
    #expect(tray(6)[0].hasPrefix("│    ↑ 还有3张 "))
    #expect(tray(6)[4].hasPrefix("│> 7 **0017 card 7 "))
    #expect(tray(6)[5].hasPrefix("│    ↓ 还有5张 "))
    #expect(tray(11)[0].hasPrefix("│    ↑ 还有7张 "))
    #expect(tray(11)[5].hasPrefix("│>12 **0022 card 12 "))
    // Every card fits: no marker.
    m.tray = Array(m.tray.prefix(6))
    #expect(!tray(0).joined().contains("还有"))
  }

  /// A label may take the 32 columns the deck allows: shown whole at 80×24.
  @Test func aThirtyTwoColumnLabelIsShownWhole() {
    let zhLabel = "借记卡余额充足每笔限额一千元整啊"
    let enLabel = "Debit: 50 yuan left, noisy swipe"
    #expect(DisplayWidth.of(zhLabel) == 32 && DisplayWidth.of(enLabel) == 32)
    for language in Language.allCases {
      var m = language == .zh ? zhModel() : enModel()
      m.tray[0].label = zhLabel
      m.tray[1].label = enLabel
      m.tray[2].pan = "6230615710000123453"
      m.tray[2].issuer = "中国农业发展银行"
      m.selectedCard = 2
      let lines = FaceRenderer.render(m, width: 80, height: 24).lines()
      #expect(lines.contains { $0.contains(" 1 **0128 " + zhLabel + " │") })
      #expect(lines.contains { $0.contains(" 2 **7893 " + enLabel + " │") })
      // The selected card's face: the full number and issuer, the name and expiry.
      #expect(lines.contains { $0.contains("6230 6157 1000 0123 453  中国农业发展银行│") })
      #expect(lines.contains { $0.contains("WANG/WU  03/29") })
    }
  }

  /// The reader's sentences, as the zh face sums them up.
  static let readerFailures: [(reason: String, zh: String)] = [
    (
      "both copies failed (the 9600 Hz copy: frame length 4000 bits is out of range; "
        + "the 4800 Hz copy: track 2: LRC mismatch); combined: CRC mismatch",
      "帧长度错误、LRC校验错误、CRC校验错误"
    ),
    (
      "the 4800 Hz copy: frame length 812 bits is out of range; the 9600 Hz copy was not found",
      "帧长度错误"
    ),
    ("no preamble found", "未检测到刷卡信号"),
    ("CRC failed on both copies; combined: track 2: parity error in character 3", "CRC校验错误、奇偶校验错误"),
    ("the 9600 Hz copy: signal ends inside the frame", "帧不完整"),
    ("swipe.wav: not a RIFF/WAVE file", "WAV文件无法读取"),
    ("a sentence the face does not know", "解码失败"),
  ]

  /// The last swipe is whole at 80×24: zh words only in the zh face (the reader's
  /// English sentence is summed up), the sentence itself in the en face.
  @Test func theLastSwipeIsWholeAndInTheFacesLanguage() throws {
    for (reason, zh) in Self.readerFailures {
      #expect(SwipeText.chineseReason(reason) == zh, "\(reason)")
      for language in Language.allCases {
        var m = language == .zh ? zhModel() : enModel()
        m.lastSwipe = SwipeLine(source: "card 8", ok: false, snrDB: 12.34, reason: reason)
        let text = SwipeText.line(try #require(m.lastSwipe), language)
        let lines = FaceRenderer.render(m, width: 80, height: 24).lines(
          trimmingTrailingSpaces: true)
        // Every line of it, ending on the tray's last row (row 21).
        let wrapped = DisplayWidth.wrap(text, to: 44, .face)
        for (k, line) in wrapped.enumerated() {
          let row = 22 - wrapped.count + k
          #expect(lines[row].hasPrefix("│" + line), "row \(row): \(lines[row])")
        }
        if language == .zh {
          #expect(text == "上次刷卡 8号卡: 失败, \(zh), 信噪比 12.3 dB")
          #expect(text.range(of: "[a-z]{2,}", options: .regularExpression) == nil, "\(text)")
        } else {
          #expect(text == "Last swipe card 8: failed, \(reason), SNR 12.3 dB")
        }
      }
    }
    let ok = SwipeLine(
      source: "card 1", ok: true, copyUsed: "combined", polarity: "inverted", snrDB: 9.96)
    #expect(SwipeText.line(ok, .zh) == "上次刷卡 1号卡: 成功, 双副本合并, 极性反相, 信噪比 10.0 dB")
    #expect(
      SwipeText.line(ok, .en)
        == "Last swipe card 1: ok, copy combined, polarity inverted, SNR 10.0 dB")
  }

  static let zhAmountEntryWithSlipAndSwipe = """
    ┌─ LCD ──────────────────┐┌─ 按键 ───────────┐┌─ 打印机 ───────────────────────┐
    │          消费          ││0-9   数字        ││                                │
    │请输入金额:             ││Ent/Esc 确认/取消 ││                                │
    │                   50.00││Bksp  退格        ││                                │
    │                        ││F1-F8 刷1-8号卡   ││                                │
    │                        ││Up/Dn Tab 选卡    ││                                │
    │                        ││s i t 刷插挥所选卡││                                │
    │                        ││r c   拔卡/扫手机 ││                                │
    │       确认/取消        ││PgUpDn p 翻纸/装纸││                                │
    └────────────────────────┘│q F10 退出        ││                                │
                              └──────────────────┘│                                │
    ┌─ 卡托 ─────────────────────────────────────┐│                                │
    │> 1 **0128 借记卡 余额充足                  ││                                │
    │  2 **7893 信用卡 限额100元                 ││                                │
    │  3 **7895 挂失卡                           ││                                │
    │  4 **7891 过期卡                           ││          POS签购单             │
    │                                            ││       POS SALES SLIP           │
    │                                            ││商户存根         MERCHANT COPY  │
    │   6222 0212 3456 7890 128  工商银行        ││卡号(CARD NO)                   │
    │   ZHANG/SAN  12/28  磁条                   ││622202******0128 S              │
    │上次刷卡 1号卡: 成功, 高频副本, 极性正常,   ││金额(AMOUNT):                   │
    │信噪比 31.2 dB                              ││        RMB 50.00               │
    └────────────────────────────────────────────┘└────────────────────────────────┘
     2026-11-21 09:30:00  操作员 --  批次 000001  凭证 000000  主机 未签到
    """

  static let enCardCheckWithFailedSwipeAndNote = """
    ┌─ LCD ──────────────────┐┌─ KEYS ───────────┐┌─ PRINTER ──────────────────────┐
    │          SALE          ││0-9   digits      ││                                │
    │CARD NO:                ││Ent/Esc OK/cancel ││                                │
    │6222021234567890128     ││Bksp  backspace   ││                                │
    │                        ││F1-F8 swipe 1-8   ││                                │
    │                        ││Up/Dn Tab select  ││                                │
    │                        ││s i t swp/ins/tap ││                                │
    │                        ││r c   remove/scan ││                                │
    │      ENTER/CANCEL      ││PgUpDn p roll/load││                                │
    └────────────────────────┘│q F10 quit        ││                                │
    there is no card 9 in the └──────────────────┘│                                │
    ┌─ CARD TRAY ────────────────────────────────┐│                                │
    │  1 **0128 借记卡 余额充足                  ││                                │
    │  2 **7893 信用卡 限额100元                 ││                                │
    │> 3 **7895 挂失卡                           ││                                │
    │  4 **7891 过期卡                           ││                                │
    │                                            ││                                │
    │                                            ││                                │
    │   6217 0012 3456 7895  建设银行            ││                                │
    │   WANG/WU  03/29  stripe                   ││                                │
    │Last swipe card 3: failed, LRC mismatch in  ││                                │
    │both copies, SNR 4.0 dB                     ││                                │
    └────────────────────────────────────────────┘└────────────────────────────────┘
     2026-11-21 09:30:00  OPER --  BATCH 000001  VOUCHER 000000  HOST signed off
    """

  static let enQuitDialogShowsUnfinishedBusiness = """
    ┌─ LCD ──────────────────┐┌─ KEYS ───────────┐┌─ PRINTER ──────────────────────┐
    │          SALE          ││0-9   digits      ││                                │
    │CARD NO:                ││Ent/Esc OK/cancel ││                                │
    │6222021234567890128     ││Bksp  backspace   ││                                │
    │                        ││F1-F8 swipe 1-8   ││                                │
    │                        ││Up/Dn Tab select  ││                                │
    │                        ││s i t swp/ins/tap ││                                │
    │           ┌─ QUIT ───────────────────────────────────────────────┐           │
    │      ENTER│                                                      │           │
    └───────────│ Unfinished business:                                 │           │
    there is no │ a sale was being entered and was not sent: nothing   │           │
    ┌─ CARD TRAY│ was recorded                                         │           │
    │  1 **0128 │                                                      │           │
    │  2 **7893 │ Quit training? Enter = yes, any other key = no       │           │
    │> 3 **7895 │                                                      │           │
    │  4 **7891 └──────────────────────────────────────────────────────┘           │
    │                                            ││                                │
    │                                            ││                                │
    │   6217 0012 3456 7895  建设银行            ││                                │
    │   WANG/WU  03/29  stripe                   ││                                │
    │Last swipe card 3: failed, LRC mismatch in  ││                                │
    │both copies, SNR 4.0 dB                     ││                                │
    └────────────────────────────────────────────┘└────────────────────────────────┘
     2026-11-21 09:30:00  OPER --  BATCH 000001  VOUCHER 000000  HOST signed off
    """

  static let tooSmall60x20 = """









               请把窗口放大到至少 80x24 (现在 60x20)
          Enlarge the window to at least 80x24 (now 60x20)









    """

  static let tooSmall30x8 = """

            请把窗口放大到
              至少 80x24
             (现在 30x8)
          Enlarge the window
          to at least 80x24
              (now 30x8)

    """
}
