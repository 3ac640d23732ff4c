import Chip
import Ciphers
import Foundation
import TerminalCore

/// The simulated issuers' keys for chip cryptograms. Each issuer has one master key
/// (IMK-AC); each card's own key is derived from it with the PAN and PAN sequence
/// number (`ChipCrypto.cardMasterKey`, EMV option A). The trainer's deck never holds
/// a key: the runtime personalises its simulated cards from the same issuer key.
public enum IssuerKeys {
  /// 16 bytes: the SHA-256 of a fixed label and the issuer's name, cut to a 2-key
  /// 3DES key. Deterministic, so a card and its issuer agree across runs.
  public static func masterKey(issuer: String) -> [UInt8] {
    let digest = (try? SHA256.hash("pos-terminal training IMK-AC/" + issuer)) ?? []
    return Array((digest + [UInt8](repeating: 0, count: 16)).prefix(16))
  }

  /// The card's own key (MK-AC).
  public static func cardMasterKey(issuer: String, pan: String, panSequence: Int)
    -> [UInt8]?
  {
    try? ChipCrypto.cardMasterKey(
      issuerMasterKey: masterKey(issuer: issuer), pan: pan, panSequence: UInt8(panSequence))
  }
}

/// The issuer's check of a chip request's field 55.
extension SimulatedAcquirer {
  /// What the chip data says before the kind's own checks.
  enum ChipCheck: Equatable {
    /// The ARQC verified; `noPINNeeded` when the card checked the PIN itself, or a
    /// QuickPass tap went without one (免密).
    case verified(IssuerVerifier.Verified, cardMasterKey: [UInt8], noPINNeeded: Bool)
    /// The card's PIN try limit was exceeded (TVR byte 3, bit 6): 75.
    case pinTriesExceeded
    /// The ARQC did not verify (or field 55 is unreadable): A7, 安全处理失败.
    case rejected
  }

  static func checkChip(_ request: TransactionRequest, account: AcquirerAccount) -> ChipCheck? {
    guard let field55 = request.field55 else { return nil }
    guard
      let key = IssuerKeys.cardMasterKey(
        issuer: account.issuer, pan: request.pan, panSequence: request.panSequence ?? 1)
    else { return .rejected }
    guard case .success(let verified) = IssuerVerifier.verify(field55: field55, cardMasterKey: key)
    else { return .rejected }
    let objects = (try? TLV.decode(field55)) ?? []
    let tvr = objects.first(0x95)?.value ?? []
    if tvr.count == 5, tvr[2] & 0x20 != 0 { return .pinTriesExceeded }
    let cvm = objects.first(0x9F34)?.value ?? []
    // 9F34 = 01 .. 02: plaintext PIN verified by the ICC, successful; 1F .. ..: no
    // CVM, which the issuer takes for a tap (小额免密免签, the terminal's limit).
    let method = cvm.first.map { $0 & 0x3F }
    let offlinePIN = cvm.count == 3 && method == 0x01 && cvm[2] == 0x02
    let quickPass = request.entryMode == .contactless && (method == 0x1F || method == 0x1E)
    return .verified(verified, cardMasterKey: key, noPINNeeded: offlinePIN || quickPass)
  }

  /// The reply's field 55: the ARPC for the card's second GENERATE AC.
  static func chipReply(_ reply: TransactionReply, _ check: ChipCheck?) -> TransactionReply {
    guard case .verified(let verified, let key, _) = check else { return reply }
    var reply = reply
    reply.field55 = try? IssuerVerifier.responseField55(
      cardMasterKey: key, verified: verified, responseCode: reply.responseCode.rawValue)
    return reply
  }
}
