import CardReader
import Foundation
import TerminalCore

/// What the simulated host does to every request (Config/host.yaml).
public enum HostFaultMode: String, Sendable, Equatable, CaseIterable {
  case none
  case issuerTimeout = "issuer_timeout"  // host answers 98
  case failure  // host answers 96
  case noReply = "no_reply"  // the reply is lost: the terminal times out and reverses
}

/// Everything in Config/, parsed and validated.
public struct Configuration: Sendable, Equatable {
  public var profile: TerminalProfile
  public var operators: [OperatorRecord]
  public var deck: [DeckCard]
  public var modem: ModemSettings
  public var hostFault: HostFaultMode
  /// Seconds the simulated host takes to answer (host.yaml `reply_delay_s`).
  public var hostReplyDelaySeconds: Double
  /// The printer runs out of paper after this many slips (printer.yaml
  /// `paper_out_after`); nil: never.
  public var paperOutAfter: Int?
  /// The phones of the deck: wallets and their payment codes (deck.yaml `wallets:`).
  public var wallets: [DeckWallet]

  public init(
    profile: TerminalProfile, operators: [OperatorRecord], deck: [DeckCard],
    modem: ModemSettings, hostFault: HostFaultMode, hostReplyDelaySeconds: Double = 0,
    paperOutAfter: Int? = nil, wallets: [DeckWallet] = []
  ) {
    self.wallets = wallets
    self.profile = profile
    self.operators = operators
    self.deck = deck
    self.modem = modem
    self.hostFault = hostFault
    self.hostReplyDelaySeconds = hostReplyDelaySeconds
    self.paperOutAfter = paperOutAfter
  }
}
