import Ciphers
import Foundation
import TestPython
import Testing

@testable import Chip

/// The APDU exchange of a contact sale, decoded by a short Python BER-TLV decoder that
/// shares nothing with the Swift code, and checked against the card's personalisation.
/// Python (the tests' venv, with pyca/cryptography) also recomputes the ARQC, the ARPC and
/// the TC from the specification (its own 3DES, its own MAC and key derivations).
@Suite struct IndependentDecodeTests {
  static let script = #"""
    import json, sys

    def tlv(data, path=""):
        out, i = [], 0
        while i < len(data):
            if data[i] == 0:
                i += 1
                continue
            start = i
            i += 1
            if data[start] & 0x1F == 0x1F:
                while True:
                    i += 1
                    if data[i - 1] & 0x80 == 0:
                        break
            tag = data[start:i].hex().upper()
            n = data[i]
            i += 1
            if n & 0x80:
                k = n & 0x7F
                n = int.from_bytes(data[i:i + k], "big")
                i += k
            value = data[i:i + n]
            if len(value) != n:
                raise ValueError("truncated " + tag)
            i += n
            name = path + tag
            out.append([name, value.hex().upper()])
            if data[start] & 0x20:
                out += tlv(value, name + "/")
        return out

    req = json.load(sys.stdin)
    result = {"responses": [], "commands": []}
    for step in req["exchange"]:
        c, r = bytes.fromhex(step["command"]), bytes.fromhex(step["response"])
        result["commands"].append(c[:4].hex().upper())
        result["responses"].append({"sw": r[-2:].hex().upper(), "objects": tlv(r[:-2])})
    result["field55"] = tlv(bytes.fromhex(req["field55"]))
    result["final55"] = tlv(bytes.fromhex(req["final55"]))

    try:
        from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
        from cryptography.hazmat.primitives.ciphers import Cipher, modes
    except Exception:
        result["crypto"] = None
    else:
        import warnings
        warnings.simplefilter("ignore")
        def tdes(key, block, enc=True):
            c = Cipher(TripleDES(key), modes.ECB())
            x = c.encryptor() if enc else c.decryptor()
            return x.update(block) + x.finalize()
        def parity(b):
            b &= 0xFE
            return b | (bin(b).count("1") % 2 == 0)
        imk = bytes.fromhex(req["imk"])
        y = bytes.fromhex((req["pan"] + "%02d" % req["psn"])[-16:].rjust(16, "0"))
        mk = bytes(parity(b) for b in tdes(imk, y) + tdes(imk, bytes(b ^ 0xFF for b in y)))
        def check(objects):
            v = dict(objects)
            atc = bytes.fromhex(v["9F36"])
            sk = tdes(mk, atc + b"\xF0" + bytes(5)) + tdes(mk, atc + b"\x0F" + bytes(5))
            data = b"".join(bytes.fromhex(v[t]) for t in
                            ["9F02", "9F03", "9F1A", "95", "5F2A", "9A", "9C", "9F37", "82", "9F36"])
            data += bytes.fromhex(v["9F10"])[3:7] + b"\x80"
            data += bytes((8 - len(data) % 8) % 8)
            h = bytes(8)
            for i in range(0, len(data), 8):
                h = tdes(sk[:8] * 2, bytes(a ^ b for a, b in zip(h, data[i:i + 8])))
            mac = tdes(sk[:8] * 2, tdes(sk[8:] * 2, h, False))
            return sk, mac.hex().upper() == v["9F26"]
        sk, arqc_ok = check(result["field55"])
        arqc = bytes.fromhex(dict(result["field55"])["9F26"])
        arc = bytes.fromhex(req["issuer91"])[8:]
        arpc = tdes(sk, bytes(a ^ b for a, b in zip(arqc, arc + bytes(6))))
        result["crypto"] = {
            "arqc": arqc_ok,
            "arpc": arpc.hex().upper() == req["issuer91"][:16],
            "tc": check(result["final55"])[1],
        }
    json.dump(result, sys.stdout)
    """#

  struct Output: Decodable {
    struct Response: Decodable {
      var sw: String
      var objects: [[String]]
      func value(_ path: String) -> String? { objects.first { $0[0] == path }?[1] }
      func values(_ path: String) -> [String] { objects.filter { $0[0] == path }.map { $0[1] } }
    }
    struct Crypto: Decodable {
      var arqc: Bool
      var arpc: Bool
      var tc: Bool
    }
    var commands: [String]
    var responses: [Response]
    var field55: [[String]]
    var final55: [[String]]
    var crypto: Crypto?
  }

  static func python(_ input: [String: Any]) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try TestPython.interpreter())
    process.arguments = ["-c", script]
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    stdin.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: input))
    try stdin.fileHandleForWriting.close()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return try JSONDecoder().decode(Output.self, from: data)
  }

  func hex(_ text: String) -> String { Hex.upper(Array(text.utf8)) }

  @Test func contactSaleDecodedByPython() throws {
    var card = RecordingCard(inner: debitCard())
    let profile = card.inner.profile
    var issuer91: [UInt8] = []
    let result = try contactSale(&card) {
      let outcome = try issuerApproves($0, profile: profile)
      if case .approved(_, let data?) = outcome { issuer91 = data }
      return outcome
    }
    let out = try Self.python([
      "exchange": card.log.map {
        ["command": Hex.upper($0.command), "response": Hex.upper($0.response)]
      },
      "field55": Hex.upper(result.request.field55),
      "final55": Hex.upper(result.completion.field55),
      "imk": Hex.upper(issuerMasterKey), "pan": profile.pan, "psn": Int(profile.panSequence),
      "issuer91": Hex.upper(issuer91),
    ])

    // SELECT PSE, directory record 1, record 2 (none), SELECT AID, GPO, records 1–2,
    // GET DATA 9F17, VERIFY, GENERATE AC ×2.
    #expect(
      out.commands == [
        "00A40400", "00B2010C", "00B2020C", "00A40400", "80A80000", "00B2010C", "00B2020C",
        "80CA9F17", "00200080", "80AE8000", "80AE4000",
      ])
    #expect(
      out.responses.map(\.sw) == Array(repeating: "9000", count: 2) + ["6A83"]
        + Array(repeating: "9000", count: 8))
    let r = out.responses
    #expect(r[0].value("6F/84") == hex("1PAY.SYS.DDF01"))
    #expect(r[0].value("6F/A5/88") == "01")
    #expect(r[1].values("70/61/4F") == [Hex.upper(UnionPayAID.debit)])
    #expect(r[1].value("70/61/50") == hex("UnionPay Debit"))
    #expect(r[3].value("6F/84") == "A000000333010101")
    #expect(r[3].value("6F/A5/50") == hex("UnionPay Debit"))
    #expect(r[3].value("6F/A5/87") == "01")
    #expect(r[3].value("6F/A5/9F38") != nil)
    #expect(r[4].value("77/82") == "1800")
    #expect(r[4].value("77/94") == "08010200")
    #expect(r[5].value("70/57")?.hasPrefix(profile.pan + "D3012220") == true)
    #expect(r[5].value("70/5F20") == hex(profile.cardholderName))
    #expect(r[6].value("70/5A") == profile.pan + "F")
    #expect(r[6].value("70/5F24") == profile.expiry)
    #expect(r[6].value("70/5F34") == "01")
    #expect(r[6].value("70/8C") != nil && r[6].value("70/8D") != nil)
    #expect(r[7].value("9F17") == "03")
    #expect(r[8].objects.isEmpty)
    #expect(r[9].value("77/9F27") == "80")
    #expect(r[9].value("77/9F36") == "0001")
    #expect(r[10].value("77/9F27") == "40")
    #expect(r[10].value("77/9F36") == "0001")

    // Field 55 as Python reads it.
    let f55 = Dictionary(out.field55.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
    #expect(
      out.field55.map { $0[0] } == [
        "9F26", "9F27", "9F10", "9F37", "9F36", "95", "9A", "9C", "9F02", "5F2A", "82", "9F1A",
        "9F03", "9F33", "84", "9F34", "9F35", "9F1E",
      ])
    #expect(f55["9F26"] == r[9].value("77/9F26"))
    #expect(f55["9F10"] == r[9].value("77/9F10"))
    #expect(f55["9F02"] == "000000012345")
    #expect(f55["9F37"] == "12345678")
    #expect(f55["9A"] == "250731")
    #expect(f55["5F2A"] == "0156" && f55["9F1A"] == "0156")
    #expect(f55["84"] == "A000000333010101")
    #expect(
      Dictionary(out.final55.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })["9F26"]
        == r[10].value("77/9F26"))
  }

  @Test
  func cryptogramsRecomputedByPython() throws {
    var card = RecordingCard(inner: debitCard())
    let profile = card.inner.profile
    var issuer91: [UInt8] = []
    let result = try contactSale(&card) {
      let outcome = try issuerApproves($0, profile: profile)
      if case .approved(_, let data?) = outcome { issuer91 = data }
      return outcome
    }
    let input: [String: Any] = [
      "exchange": [[String: String]](),
      "field55": Hex.upper(result.request.field55),
      "final55": Hex.upper(result.completion.field55),
      "imk": Hex.upper(issuerMasterKey), "pan": profile.pan, "psn": Int(profile.panSequence),
      "issuer91": Hex.upper(issuer91),
    ]
    let out = try Self.python(input)
    #expect(out.crypto?.arqc == true)
    #expect(out.crypto?.arpc == true)
    #expect(out.crypto?.tc == true)

    // And Python rejects a changed amount: its check is not a rubber stamp.
    var objects = result.request.objects
    let amount = objects.firstIndex { $0.tag == 0x9F02 }!
    objects[amount].value[5] ^= 0x01
    var tampered = input
    tampered["field55"] = Hex.upper(TLV.encode(objects))
    #expect(try Self.python(tampered).crypto?.arqc == false)
  }
}
