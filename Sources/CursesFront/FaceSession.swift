import Foundation
import TerminalCore
import TerminalRuntime

/// What the face needs from a terminal session: exactly the session's public API
/// (TerminalSession conforms below); tests substitute a small fake.
public protocol FaceSession: AnyObject {
  var screen: Screen { get }
  var status: StatusInfo { get }
  var language: Language { get }
  var timeZone: TimeZone { get }
  var trayCards: [TrayCard] { get }
  var unfinishedBusiness: String? { get }
  /// The masked field on screen (PIN, password) as a recording writes it, never
  /// its digits: `<pin>`, `<password NN>`, `<masked N>`; nil when none takes keys.
  var maskedEntry: SecretEntry? { get }
  func powerOn()
  func press(_ key: Key)
  func swipeDeckCard(_ position: Int)
  /// The QR scanner reads a payment code off the customer's phone.
  func scan(_ code: String)
  // Chip and contactless
  /// Deck card N into the chip slot; false (with a note) when it cannot go in.
  func insertDeckCard(_ position: Int) -> Bool
  /// Deck card N held to the antenna.
  func tapDeckCard(_ position: Int) -> Bool
  /// The card out of the slot; false when the slot is empty.
  func removeCard() -> Bool
  /// The deck card in the chip slot.
  var cardInSlot: Int? { get }
  func advanceClock(by seconds: Double)
  /// The trainer fits a new roll of paper.
  func loadPaper()
  /// Delivers host replies that arrived since the last call.
  func pollHost()
  /// A request is out and the terminal waits for the host's reply.
  var isWaitingForHost: Bool { get }
  func drainFaceOutputs() -> [FaceOutput]
}

extension FaceSession {
  /// A session without a QR scanner ignores scans.
  public func scan(_ code: String) {}
}

/// The session's outputs as the face shows them.
public enum FaceOutput: Sendable, Equatable {
  case printed([String])
  case swipe(SwipeLine)
  case note(String)
}

extension TerminalSession: FaceSession {
  public var timeZone: TimeZone { configuration.profile.timeZone }

  /// The deck's cards, then its phones (each showing a wallet's payment code).
  public var trayCards: [TrayCard] {
    deck.map {
      TrayCard(
        position: $0.position, label: $0.label, pan: $0.printedPAN, name: $0.printedName,
        expiry: $0.printedExpiry,
        issuer: $0.issuer, faces: $0.faces.compactMap(CardFace.init(rawValue:)))
    }
      + wallets.map {
        TrayCard.phone(
          position: $0.position, label: $0.label, code: $0.code, wallet: $0.kind.displayName)
      }
  }

  public func drainFaceOutputs() -> [FaceOutput] {
    drainOutputs().map { output in
      switch output {
      case .printed(let slip): return .printed(slip.lines)
      case .swipe(let s):
        return .swipe(
          SwipeLine(
            source: s.source, ok: s.ok, copyUsed: s.copyUsed, polarity: s.polarity, snrDB: s.snrDB,
            reason: s.reason))
      case .note(let text): return .note(text)
      }
    }
  }
}

// Chip and contactless: a session without a chip slot (a test's fake) refuses.
extension FaceSession {
  public func insertDeckCard(_ position: Int) -> Bool { false }
  public func tapDeckCard(_ position: Int) -> Bool { false }
  public func removeCard() -> Bool { false }
  public var cardInSlot: Int? { nil }
}

extension FaceSession {
  /// A session without a host (a test's fake) never waits for one.
  public var isWaitingForHost: Bool { false }
}
