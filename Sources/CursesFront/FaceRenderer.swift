import Foundation
import TerminalCore

/// The face's layout: a pure function from the model and the window size to a cell buffer.
///
/// At 80×24 (the minimum):
/// ```
/// cols 0-25  LCD box (rows 0-9), note line (row 10)   cols 46-79  printer box, paper 32 wide
/// cols 26-45 key legend box (rows 0-10)
/// cols 0-45  card tray box (rows 11 to H-2)
/// row H-1    status line: time, operator, batch, voucher, host state
/// ```
/// In a lesson the customer panel takes the card tray's place (the note shows in
/// it, wrapped), and the key legend lists the lesson's keys.
/// Larger windows centre the face horizontally and give the extra rows to the tray
/// and the paper. Smaller windows get a bilingual "enlarge the window" message.
public enum FaceRenderer {
  public static let minimumWidth = 80
  public static let minimumHeight = 24
  public static let paperColumns = 32

  static let lcdWidth = LCD.columns + 2  // 26
  static let keysWidth = 20
  static let leftWidth = lcdWidth + keysWidth  // 46
  static let printerWidth = paperColumns + 2  // 34
  static let topHeight = 11

  /// Lines of paper visible at this window height.
  public static func paperRows(height: Int) -> Int { max(1, height - 3) }

  /// The face is drawn at this size (else only "enlarge the window" shows).
  public static func fits(width: Int, height: Int) -> Bool {
    width >= minimumWidth && height >= minimumHeight
  }

  public static func render(_ model: FaceModel, width: Int, height: Int) -> CellBuffer {
    var buf = CellBuffer(width: width, height: height)
    guard fits(width: width, height: height) else {
      drawTooSmall(
        &buf, width: width, height: height,
        quitAsk: model.quitPrompt ? FaceLabels.of(model.language).quitAsk : nil)
      return buf
    }
    let labels = FaceLabels.of(model.language)
    let x0 = (width - minimumWidth) / 2

    // LCD: exactly the shared 8×24 layout.
    box(&buf, top: 0, left: x0, height: LCD.rows + 2, width: lcdWidth, title: labels.lcd)
    for (i, row) in LCD.rows(of: model.screen).enumerated() {
      buf.put(row, row: 1 + i, column: x0 + 1, maxColumns: LCD.columns)
    }
    if let note = model.note, model.lesson == nil {
      buf.put(note, row: LCD.rows + 2, column: x0, maxColumns: lcdWidth, style: .bold)
    }

    // Key legend.
    box(&buf, top: 0, left: x0 + lcdWidth, height: topHeight, width: keysWidth, title: labels.keys)
    let legend = model.lesson == nil ? labels.legend : LessonLabels.of(model.language).legend
    for (i, entry) in legend.prefix(topHeight - 2).enumerated() {
      let key = entry.0.count <= 5 ? DisplayWidth.pad(entry.0, to: 6) : entry.0 + " "
      buf.put(key, row: 1 + i, column: x0 + lcdWidth + 1, maxColumns: keysWidth - 2, style: .bold)
      buf.put(
        entry.1, row: 1 + i, column: x0 + lcdWidth + 1 + DisplayWidth.of(key),
        maxColumns: keysWidth - 2 - DisplayWidth.of(key))
    }

    // Card tray, or in a lesson the customer panel.
    let trayTop = topHeight
    let trayHeight = height - 1 - trayTop
    if let lesson = model.lesson {
      let words = LessonLabels.of(model.language)
      box(
        &buf, top: trayTop, left: x0, height: trayHeight, width: leftWidth,
        title: model.cardInSlot.map(words.inSlot) ?? words.customerTitle)
      let rows = LessonPanel.rows(
        lesson, note: model.note, language: model.language, rows: trayHeight - 2,
        columns: leftWidth - 2)
      for (i, row) in rows.enumerated() {
        buf.put(
          row.text, row: trayTop + 1 + i, column: x0 + 1, maxColumns: leftWidth - 2,
          style: row.style)
      }
    } else {
      box(
        &buf, top: trayTop, left: x0, height: trayHeight, width: leftWidth,
        title: model.cardInSlot.map(labels.inSlot) ?? labels.tray)
      drawTray(
        &buf, model, labels, top: trayTop + 1, left: x0 + 1, rows: trayHeight - 2,
        columns: leftWidth - 2)
    }

    // Printer: the paper roll, newest line at the bottom.
    let paperRows = paperRows(height: height)
    let px = x0 + leftWidth
    box(&buf, top: 0, left: px, height: height - 1, width: printerWidth, title: labels.printer)
    let maxScroll = max(0, model.paper.count - paperRows)
    let scroll = min(max(0, model.paperScroll), maxScroll)
    let end = model.paper.count - scroll
    let start = max(0, end - paperRows)
    let visible = model.paper[start..<end]
    let firstRow = 1 + paperRows - visible.count
    for (i, line) in visible.enumerated() {
      buf.put(line, row: firstRow + i, column: px + 1, maxColumns: paperColumns)
    }
    if scroll > 0 {
      buf.put(
        " " + labels.scrolledBack(scroll) + " ", row: height - 2, column: px + 2,
        maxColumns: printerWidth - 4, style: .bold)
    }

    // Status line.
    buf.put(
      statusLine(model, labels), row: height - 1, column: x0, maxColumns: minimumWidth,
      style: .reverse)
    buf.restyle(row: height - 1, column: x0, columns: minimumWidth, style: .reverse)

    if model.quitPrompt { drawQuitDialog(&buf, model, labels, x0: x0) }
    return buf
  }

  static func statusLine(_ model: FaceModel, _ labels: FaceLabels) -> String {
    let s = model.status
    let six = { (n: Int) in zeroPadded(n % 1_000_000, width: 6) }
    return " " + timestamp(s.time, model.timeZone) + "  " + labels.operatorLabel + " "
      + (s.operatorNo ?? "--")
      + "  " + labels.batch + " " + six(s.batch) + "  " + labels.voucher + " " + six(s.lastVoucher)
      + "  " + labels.host + " " + s.hostState
  }

  /// yyyy-MM-dd HH:mm:ss in the terminal's time zone.
  static func timestamp(_ date: Date, _ zone: TimeZone) -> String {
    let c = CivilTime(date, zone)
    return "\(c.year)-\(CivilTime.two(c.month))-\(CivilTime.two(c.day)) " + c.timeText
  }

  /// The tray, top down: the cards (number, last four digits, label up to 32
  /// columns, whole), with `↑ N more` / `↓ N more` rows when some are scrolled out of
  /// view; the selected card's face (full number and issuer; name and expiry); the
  /// last swipe, wrapped whole. At 80×24 the tray has 10 rows: the swipe takes
  /// two, the card's face two, the list the rest.
  static func drawTray(
    _ buf: inout CellBuffer, _ model: FaceModel, _ labels: FaceLabels, top: Int, left: Int,
    rows: Int,
    columns: Int
  ) {
    guard rows > 0 else { return }
    var swipe =
      model.lastSwipe.map {
        DisplayWidth.wrap(SwipeText.line($0, model.language), to: columns, .face)
      }
      ?? []
    guard !model.tray.isEmpty else {
      buf.put(labels.noCards, row: top, column: left, maxColumns: columns)
      swipe = Array(swipe.prefix(max(0, rows - 1)))
      drawSwipe(&buf, swipe, ok: model.lastSwipe?.ok ?? true, bottom: top + rows, left: left)
      return
    }
    let selected = min(max(0, model.selectedCard), model.tray.count - 1)
    let card = model.tray[selected]
    var detail =
      card.isPhone
      ? ["   " + card.issuer + " " + card.pan, "   " + labels.paymentCode]
      : [
        "   " + card.groupedPAN + "  " + card.issuer,
        "   " + card.name + "  " + card.expiryOnCard + "  " + card.facesText(model.language),
      ]
    // Room for a few cards first: then the card's face shrinks to one line, then the swipe
    // (its last line marked as cut).
    let minimumList = min(model.tray.count, 3)
    if rows - detail.count - swipe.count < minimumList { detail = Array(detail.prefix(1)) }
    if rows - detail.count - swipe.count < minimumList {
      detail = Array(detail.prefix(max(0, rows - minimumList - 1)))
      let room = max(0, rows - detail.count - minimumList)
      if swipe.count > room {
        swipe = Array(swipe.prefix(room))
        if let last = swipe.popLast() {
          swipe.append(DisplayWidth.clip(last, to: columns - 1) + "…")
        }
      }
    }
    let listRows = max(0, rows - detail.count - swipe.count)
    drawCardList(
      &buf, model.tray, selected: selected, labels, top: top, left: left, rows: listRows,
      columns: columns)
    for (i, line) in detail.enumerated() {
      buf.put(line, row: top + listRows + i, column: left, maxColumns: columns)
    }
    drawSwipe(&buf, swipe, ok: model.lastSwipe?.ok ?? true, bottom: top + rows, left: left)
  }

  /// One card a row: `> 1 **2227 借记卡 余额充足`. When the cards do not fit, the
  /// list scrolls to keep the selected card in view and says how many are hidden.
  static func drawCardList(
    _ buf: inout CellBuffer, _ tray: [TrayCard], selected: Int, _ labels: FaceLabels, top: Int,
    left: Int, rows: Int, columns: Int
  ) {
    guard rows > 0 else { return }
    var first = 0
    var shown = min(tray.count, rows)
    var above = 0
    var below = 0
    if tray.count > rows {
      if rows < 3 {
        first = min(max(0, selected - rows + 1), tray.count - rows)
      } else if selected < rows - 1 {
        shown = rows - 1
        below = tray.count - shown
      } else if selected >= tray.count - (rows - 1) {
        shown = rows - 1
        first = tray.count - shown
        above = first
      } else {
        shown = rows - 2
        first = selected - shown + 1
        above = first
        below = tray.count - first - shown
      }
    }
    var row = top
    if above > 0 {
      buf.put("    " + labels.hiddenAbove(above), row: row, column: left, maxColumns: columns)
      row += 1
    }
    for index in first..<(first + shown) {
      let card = tray[index]
      let mark = index == selected ? ">" : " "
      let number = (card.isPhone ? "Q" : "") + String(card.position)
      let line =
        mark + number.leftPadded(to: 2) + " " + "**" + String(card.pan.suffix(4)) + " "
        + card.label
      let style: CellStyle = index == selected ? .reverse : .plain
      buf.put(line, row: row, column: left, maxColumns: columns, style: style)
      buf.restyle(row: row, column: left, columns: columns, style: style)
      row += 1
    }
    if below > 0 {
      buf.put("    " + labels.hiddenBelow(below), row: row, column: left, maxColumns: columns)
    }
  }

  /// The last swipe's lines, ending on the tray's last row (bold when it failed).
  static func drawSwipe(
    _ buf: inout CellBuffer, _ lines: [String], ok: Bool, bottom: Int, left: Int
  ) {
    for (i, line) in lines.enumerated() {
      buf.put(
        line, row: bottom - lines.count + i, column: left, maxColumns: leftWidth - 2,
        style: ok ? .plain : .bold)
    }
  }

  static func drawQuitDialog(
    _ buf: inout CellBuffer, _ model: FaceModel, _ labels: FaceLabels, x0: Int
  ) {
    let w = 56
    var body: [String] = []
    if let u = model.unfinished {
      body.append(labels.unfinished)
      body += DisplayWidth.wrap(u, to: w - 4, .face)
      body.append("")
    }
    if let lesson = model.lesson {
      body += DisplayWidth.wrap(
        LessonLabels.of(model.language).quit(lesson.name, lesson.passed, lesson.total), to: w - 4,
        .face)
      body.append("")
    }
    body += DisplayWidth.wrap(labels.quitAsk, to: w - 4, .face)
    let h = body.count + 4
    let top = max(0, (buf.height - h) / 2)
    let left = x0 + (minimumWidth - w) / 2
    for r in top..<min(buf.height, top + h) { buf.fill(" ", row: r, column: left, columns: w) }
    box(&buf, top: top, left: left, height: h, width: w, title: labels.quitTitle)
    for (i, line) in body.enumerated() {
      buf.put(line, row: top + 2 + i, column: left + 2, maxColumns: w - 4, style: .bold)
    }
  }

  /// Bilingual, centred; whole sentences when they fit, else shorter pieces. With
  /// the quit dialog open (q is the one key taken here), its question follows.
  static func drawTooSmall(
    _ buf: inout CellBuffer, width: Int, height: Int, quitAsk: String? = nil
  ) {
    let size = "\(width)x\(height)"
    let whole = [
      "请把窗口放大到至少 80x24 (现在 \(size))",
      "Enlarge the window to at least 80x24 (now \(size))",
    ]
    let pieces = [
      "请把窗口放大到", "至少 80x24", "(现在 \(size))", "Enlarge the window", "to at least 80x24",
      "(now \(size))",
    ]
    var lines = whole.allSatisfy { DisplayWidth.of($0) <= width } ? whole : pieces
    if let quitAsk { lines += [""] + DisplayWidth.wrap(quitAsk, to: max(1, width), .face) }
    if lines.count > height { lines = Array(lines.prefix(height)) }
    let top = max(0, (height - lines.count) / 2)
    for (i, line) in lines.enumerated() {
      buf.put(
        DisplayWidth.center(line, in: width), row: top + i, column: 0, maxColumns: width,
        style: .bold)
    }
  }

  static func box(
    _ buf: inout CellBuffer, top: Int, left: Int, height: Int, width: Int, title: String
  ) {
    guard height >= 2, width >= 2 else { return }
    let bottom = top + height - 1
    buf.put(
      "┌" + String(repeating: "─", count: width - 2) + "┐", row: top, column: left,
      maxColumns: width)
    for r in (top + 1)..<bottom {
      buf.put("│", row: r, column: left)
      buf.put("│", row: r, column: left + width - 1)
    }
    buf.put(
      "└" + String(repeating: "─", count: width - 2) + "┘", row: bottom, column: left,
      maxColumns: width)
    if !title.isEmpty, width > 6 {
      buf.put(" " + title + " ", row: top, column: left + 2, maxColumns: width - 4, style: .bold)
    }
  }
}

extension String {
  func leftPadded(to n: Int) -> String {
    count >= n ? self : String(repeating: " ", count: n - count) + self
  }
}
