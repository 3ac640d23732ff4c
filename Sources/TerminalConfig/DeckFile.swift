import CardReader
import Foundation
import TerminalCore

/// Config/deck.yaml → `[DeckCard]` (position = order in the file, 1-based).
enum DeckFile {
  static let name = "deck.yaml"
  static let cardKeys = [
    "label", "pan", "expiry", "service_code", "name", "issuer", "kind", "pin", "pin_optional",
    "balance_fen", "limit_fen", "status", "reader_profile", "chip", "printed_pan", "printed_name",
    "printed_expiry",
  ]
  static let chipKeys = [
    "applications", "contactless", "contactless_cvm", "condition", "blocked", "pin_tries_left",
    "declines_after_approval",
  ]

  /// The file's top-level keys: the cards, and the phones' wallets (`DeckWallet`).
  static let rootKeys = ["cards", "wallets"]

  static func parse(_ root: ConfigNode) throws(ConfigError) -> [DeckCard] {
    let m = try root.mapping(keys: rootKeys)
    let items = try m.required("cards").list()
    var cards: [DeckCard] = []
    var pans: [String: Int] = [:]
    for (index, item) in items.enumerated() {
      let card = try parseCard(item, position: index + 1)
      if let other = pans[card.pan] {
        throw try item.mapping(keys: cardKeys).required("pan")
          .error("the same PAN as card \(other)")
      }
      pans[card.pan] = card.position
      cards.append(card)
    }
    guard !cards.isEmpty else {
      throw ConfigError(file: root.file, line: root.line, field: "cards", problem: "no cards")
    }
    return cards
  }

  static func parseCard(_ item: ConfigNode, position: Int) throws(ConfigError) -> DeckCard {
    let c = try item.mapping(keys: cardKeys)
    let pan = try c.required("pan").digits(13...19)
    let expiry = try parseExpiry(c.required("expiry"))
    let serviceCodeNode = c.optional("service_code")
    let chipNode = c.optional("chip")
    let chip = try chipNode.map { node throws(ConfigError) in try parseChip(node) }
    // A card with a chip defaults to 220 (international chip card), one without to 120.
    let serviceCode = try serviceCodeNode?.digits(3...3) ?? (chip != nil ? "220" : "120")
    // The stripe's service code tells a swiping terminal whether there is a chip.
    if let serviceCodeNode, let first = serviceCode.first {
      let saysChip = first == "2" || first == "6"
      if saysChip && chip == nil {
        throw serviceCodeNode.error(
          "\(serviceCode) marks a chip card (first digit 2 or 6) but the card has no chip: give it a chip: section, or a service code starting 1 (e.g. \"101\")"
        )
      }
      if !saysChip && chip != nil {
        throw serviceCodeNode.error(
          "\(serviceCode) does not mark a chip card, but the card has a chip: start it with 2 or 6 (e.g. \"220\")"
        )
      }
    }
    let name = try parseName(c.required("name"))
    let issuer = try c.required("issuer").label(maxColumns: 16)
    let kind = try c.optional("kind")?.choice(CardKind.self) ?? .debit
    let pinNode = c.optional("pin")
    let pin = try pinNode?.digits(4...12)
    let pinOptional = try c.optional("pin_optional")?.bool() ?? false
    if pin != nil, pinOptional, let pinNode {
      throw pinNode.error("give either pin or pin_optional: true, not both")
    }
    if pin == nil, !pinOptional {
      throw ConfigError(
        file: item.file, line: item.line, field: "\(item.path).pin",
        problem: "missing: give the card's PIN (4–12 digits) or pin_optional: true")
    }
    // The terminal only sees the stripe: it lets the cardholder skip the PIN when the
    // service code's third digit is 6 or 7 ("PIN if a PIN pad is present").
    if pinOptional, !(serviceCode.hasSuffix("6") || serviceCode.hasSuffix("7")) {
      throw ConfigError(
        file: item.file, line: serviceCodeNode?.line ?? item.line,
        field: "\(item.path).service_code",
        problem:
          "pin_optional needs a service code ending in 6 or 7 (e.g. \"206\"): the terminal reads PIN-optional from the stripe"
      )
    }
    let balance = try c.required("balance_fen").integer(0...99_999_999_999)
    let limit = try c.optional("limit_fen")?.integer(1...999_999_999)
    let status = try c.optional("status")?.choice(CardStatus.self) ?? .normal
    let label = try c.optional("label")?.label(maxColumns: 32) ?? "\(issuer) \(kind.rawValue)"
    var profile = ChannelProfile.clean
    if let p = c.optional("reader_profile") { profile = try parseProfile(p) }
    var card = DeckCard(
      position: position, label: label, pan: pan, expiry: expiry, serviceCode: serviceCode,
      name: name, issuer: issuer, kind: kind, pin: pin, pinOptional: pinOptional,
      balanceFen: balance, limitFen: limit, status: status, readerProfile: profile)
    card.chip = chip
    // The card's face; a face that differs from the stripe is a counterfeit.
    card.printedPAN = try c.optional("printed_pan")?.digits(13...19) ?? pan
    card.printedName =
      try c.optional("printed_name").map { n throws(ConfigError) in try parseName(n) } ?? name
    card.printedExpiry =
      try c.optional("printed_expiry").map { n throws(ConfigError) in try parseExpiry(n) } ?? expiry
    // The chip checks the PIN itself (offline PIN): it needs one.
    if chip != nil, pin == nil, let chipNode {
      throw chipNode.error("a chip card needs its PIN (pin: 4–12 digits), not pin_optional")
    }
    return card
  }

  /// The `chip:` section of a card.
  static func parseChip(_ node: ConfigNode) throws(ConfigError) -> DeckChip {
    let m = try node.mapping(keys: chipKeys)
    var applications: [DeckChip.Application] = [.debit]
    if let list = m.optional("applications") {
      let items = try list.list()
      guard (1...3).contains(items.count) else {
        throw list.error("give 1 to 3 applications (debit, credit, quasi_credit)")
      }
      applications = []
      for item in items {
        let app = try item.choice(DeckChip.Application.self)
        if applications.contains(app) { throw item.error("\(app.rawValue) is listed twice") }
        applications.append(app)
      }
    }
    var chip = DeckChip(applications: applications)
    chip.contactless = try m.optional("contactless")?.bool() ?? false
    if let n = m.optional("contactless_cvm") {
      chip.contactlessCVM = try n.choice(DeckChip.ContactlessCVM.self)
    }
    if let n = m.optional("condition") { chip.condition = try n.choice(DeckChip.Condition.self) }
    chip.blocked = try m.optional("blocked")?.bool() ?? false
    chip.pinTriesLeft = try m.optional("pin_tries_left")?.int(0...3) ?? 3
    chip.declinesAfterApproval = try m.optional("declines_after_approval")?.bool() ?? false
    return chip
  }

  /// YYMM with month 01–12.
  static func parseExpiry(_ node: ConfigNode) throws(ConfigError) -> String {
    let value = try node.digits(4...4)
    let month = Int(value.suffix(2))!
    guard (1...12).contains(month) else {
      throw node.error("month \(value.suffix(2)) is not 01–12 (expiry is YYMM)")
    }
    return value
  }

  /// Track 1 name: SURNAME/GIVEN, 2–26 characters of A–Z, digits, space, `/`, `.`, `-`.
  static func parseName(_ node: ConfigNode) throws(ConfigError) -> String {
    let value = try node.text()
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /.-")
    guard (2...26).contains(value.count) else {
      throw node.error("\"\(value)\" must be 2–26 characters (track 1 limit)")
    }
    if let bad = value.first(where: { !allowed.contains($0) }) {
      throw node.error(
        "\"\(bad)\" cannot be on a magnetic stripe; use capitals A–Z, digits, space, / . -")
    }
    return value
  }

  static let profileKeys = [
    "eb_n0_db", "gain", "inverted", "dc_offset", "clock_ppm", "sample_rate", "lowpass_hz",
  ]

  static func parseProfile(_ node: ConfigNode) throws(ConfigError) -> ChannelProfile {
    let m = try node.mapping(keys: profileKeys)
    var p = ChannelProfile.clean
    p.ebN0dB = try m.optional("eb_n0_db")?.number(-20...100)
    if let v = m.optional("gain") { p.gain = try v.number(0.001...100) }
    if let v = m.optional("inverted") { p.inverted = try v.bool() }
    if let v = m.optional("dc_offset") { p.dcOffset = try v.number(-1...1) }
    if let v = m.optional("clock_ppm") { p.clockPPM = try v.number(-10_000...10_000) }
    if let v = m.optional("sample_rate") { p.sampleRate = try v.int(4000...384_000) }
    if let v = m.optional("lowpass_hz") {
      let hz = try v.number(1...192_000)
      guard hz < Double(p.sampleRate) / 2 else {
        throw v.error(
          "\(ConfigNode.show(hz)) Hz is not below half the sample rate (\(p.sampleRate / 2) Hz)")
      }
      p.lowpassHz = hz
    }
    return p
  }
}
