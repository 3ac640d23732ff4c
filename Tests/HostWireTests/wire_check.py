#!/usr/bin/env python3
"""Checks a pos-terminal ISO 8583 trace with code no one on the project wrote.

Usage: wire_check.py TRACE TMK_HEX ALGORITHM(3des|sm4) PIN PAN

* pyiso8583 decodes every frame with a spec written here from the README's
  field table (TPDU and header first, then MTI, bitmap, fields);
* the working keys are taken from the sign-in reply's field 62, decrypted
  under the TMK the test loaded, and their check values verified;
* every field 64 (all but sign-in) is recomputed: the UnionPay ECB MAC
  (field notes §8) with pycryptodome's DES/DES3 for 3des (DES when the MAC
  key's slot holds 8 significant bytes), with cryptography's SM4 for sm4;
* field 22 is read left-aligned (021 is 02 10), field 63 as GBK;
* every field 52 is decrypted under the PIN key and read as an ISO 9564
  format-0 block: it must hold PIN; track data (35) must decrypt to PAN=...
* no frame may hold the PIN digits or the track in clear.

Prints one line per frame (direction, MTI, fields) and exits 0 when all holds.
"""
import sys

import iso8583
from Crypto.Cipher import DES, DES3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def bcd(n, desc, pad="left"):
    spec = {"data_enc": "b", "len_enc": "b", "len_type": 0, "max_len": n,
            "desc": desc, "len_count": "nibbles"}
    if n % 2:
        spec["left_pad" if pad == "left" else "right_pad"] = "0"
    return spec


def llbcd(max_len, desc, len_type=1):
    # variable numeric: BCD length (1 byte LL, 2 bytes LLL) counting digits,
    # digits left-aligned, an odd count padded with a 0 nibble after.
    return {"data_enc": "b", "len_enc": "bcd", "len_type": len_type, "max_len": max_len,
            "desc": desc, "len_count": "nibbles", "right_pad": "0"}


def text(n, desc):
    return {"data_enc": "ascii", "len_enc": "ascii", "len_type": 0, "max_len": n, "desc": desc}


def lltext(max_len, desc, enc="ascii"):
    return {"data_enc": enc, "len_enc": "bcd", "len_type": 2, "max_len": max_len, "desc": desc}


def binary(n, desc):
    return {"data_enc": "b", "len_enc": "b", "len_type": 0, "max_len": n, "desc": desc}


def lllbinary(max_len, desc):
    return {"data_enc": "b", "len_enc": "bcd", "len_type": 2, "max_len": max_len, "desc": desc}


def spec(pin_block_len):
    """The README's field table, as pyiso8583 reads it."""
    s = {
        "h": binary(11, "TPDU (5) + header (6)"),
        "t": {"data_enc": "b", "len_enc": "b", "len_type": 0, "max_len": 2, "desc": "MTI"},
        "p": binary(8, "bitmap"),
        "2": llbcd(19, "PAN"),
        "3": bcd(6, "processing code"),
        "4": bcd(12, "amount"),
        "11": bcd(6, "trace"),
        "12": bcd(6, "time"),
        "13": bcd(4, "date"),
        "14": bcd(4, "expiry"),
        "22": bcd(3, "entry mode", pad="right"),
        "23": bcd(3, "card sequence"),
        "25": bcd(2, "condition"),
        "26": bcd(2, "PIN capture"),
        "35": llbcd(37, "track 2"),
        "36": llbcd(104, "track 3", len_type=2),
        "37": text(12, "reference"),
        "38": text(6, "auth code"),
        "39": text(2, "response"),
        "41": text(8, "terminal"),
        "42": text(15, "merchant"),
        "48": llbcd(322, "additional", len_type=2),
        "49": text(3, "currency"),
        "52": binary(pin_block_len, "PIN block"),
        "53": bcd(16, "security control"),
        "54": lltext(20, "balance"),
        "55": lllbinary(255, "chip data"),
        "60": llbcd(30, "field 60", len_type=2),
        "61": llbcd(29, "original", len_type=2),
        "62": lllbinary(512, "keys / serial / next batch"),
        "63": lltext(163, "operator / issuer", enc="gbk"),
        "64": binary(8, "MAC"),
    }
    # the fields this link never uses still need a spec entry for pyiso8583
    for n in range(1, 129):
        s.setdefault(str(n), binary(0, "unused"))
    s["1"] = binary(8, "secondary bitmap")
    return s


def ecb(algorithm, key, data, decrypt=False):
    if algorithm == "3des":
        c = DES3.new(key, DES3.MODE_ECB)
        return c.decrypt(data) if decrypt else c.encrypt(data)
    c = Cipher(algorithms.SM4(key), modes.ECB())
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def unionpay_ecb_des(key, data):
    if len(data) % 8 or not data:
        data += b"\0" * (8 - len(data) % 8)
    x = bytes(8)
    for i in range(0, len(data), 8):
        x = bytes(a ^ b for a, b in zip(x, data[i:i + 8]))
    h = x.hex().upper().encode()
    c = DES.new(key, DES.MODE_ECB) if len(key) == 8 else DES3.new(key, DES3.MODE_ECB)
    return c.encrypt(bytes(a ^ b for a, b in zip(c.encrypt(h[:8]), h[8:]))).hex().upper().encode()[:8]


def unionpay_ecb_sm4(key, data):
    if len(data) % 16 or not data:
        data += b"\0" * (16 - len(data) % 16)
    x = bytes(16)
    for i in range(0, len(data), 16):
        x = bytes(a ^ b for a, b in zip(x, data[i:i + 16]))
    h = x.hex().upper().encode()
    first = ecb("sm4", key, h[:16])
    second = ecb("sm4", key, bytes(a ^ b for a, b in zip(first, h[16:])))
    return second.hex().upper().encode()[:8]


def main():
    trace, tmk_hex, algorithm, pin, pan = sys.argv[1:6]
    tmk = bytes.fromhex(tmk_hex)
    block = 8 if algorithm == "3des" else 16
    sp = spec(block)
    keys = None
    problems = []
    seen = []
    for lineno, line in enumerate(open(trace), 1):
        direction, hexframe = line.split()
        frame = bytes.fromhex(hexframe)
        if int.from_bytes(frame[:2], "big") != len(frame) - 2:
            problems.append(f"line {lineno}: length prefix does not match")
            continue
        body = frame[2:]
        if body[0] != 0x60:
            problems.append(f"line {lineno}: TPDU id {body[0]:02X}")
            continue
        try:
            doc, _ = iso8583.decode(body, sp)
        except iso8583.DecodeError as e:
            problems.append(f"line {lineno}: pyiso8583: {e}")
            continue
        mti = doc["t"]
        fields = sorted(int(k) for k in doc if k.isdigit())
        seen.append(mti)
        note = ""
        if mti == "0810" and doc.get("39") == "00":
            f62 = bytes.fromhex(doc["62"])
            ks = []
            for i in range(3):
                enc, kcv = f62[i * 20:i * 20 + 16], f62[i * 20 + 16:i * 20 + 20]
                if algorithm == "3des" and enc[8:] == bytes(8):
                    # a single-length key: 8 significant bytes, DES
                    k = ecb(algorithm, tmk, enc[:8], decrypt=True)
                    check = DES.new(k, DES.MODE_ECB).encrypt(bytes(8))[:4]
                    note += " single-length key"
                else:
                    k = ecb(algorithm, tmk, enc, decrypt=True)
                    check = ecb(algorithm, k, bytes(block))[:4]
                if check != kcv:
                    problems.append(f"line {lineno}: key {i} check value wrong")
                ks.append(k)
            keys = {"pin": ks[0], "mac": ks[1], "track": ks[2]}
            note += " keys ok"
        if "64" in doc:
            if keys is None:
                problems.append(f"line {lineno}: MAC before any sign-in")
            else:
                data = body[11:-8]
                mac = (unionpay_ecb_des(keys["mac"], data) if algorithm == "3des"
                       else unionpay_ecb_sm4(keys["mac"], data))
                if mac.hex().upper() != doc["64"]:
                    problems.append(f"line {lineno}: {mti} MAC {doc['64']} != {mac.hex().upper()}")
                else:
                    note += " mac ok"
        elif mti not in ("0800", "0810"):
            problems.append(f"line {lineno}: {mti} without a MAC")
        if "52" in doc:
            clear = ecb(algorithm, keys["pin"], bytes.fromhex(doc["52"]), decrypt=True)[:8]
            panf = bytes.fromhex("0000" + doc["2"][-13:-1])
            pinf = bytes(a ^ b for a, b in zip(clear, panf)).hex().upper()
            n = int(pinf[1], 16)
            if pinf[0] != "0" or pinf[2:2 + n] != pin or set(pinf[2 + n:]) != {"F"}:
                problems.append(f"line {lineno}: field 52 does not hold the PIN")
            else:
                note += " pin ok"
        if "35" in doc:
            t = doc["35"]
            span = 2 * block
            t2 = t + "F" * max(0, span + 1 - len(t))
            start, end = len(t2) - 1 - span, len(t2) - 1
            clear = ecb(algorithm, keys["track"], bytes.fromhex(t2[start:end]), decrypt=True).hex().upper()
            track = (t2[:start] + clear + t2[end:]).rstrip("F")
            if not track.startswith(doc["2"] + "D"):
                problems.append(f"line {lineno}: track 2 does not decrypt to PAN=")
            elif track in t:
                problems.append(f"line {lineno}: track 2 in clear")
            else:
                note += " track ok"
        if pin.encode() in frame:
            problems.append(f"line {lineno}: PIN digits in clear")
        print(f"{direction} {mti} fields {','.join(map(str, fields))}"
              + (f" 39={doc['39']}" if "39" in doc else "") + note)
    for p in problems:
        print("PROBLEM", p)
    print("MTIs:", " ".join(sorted(set(seen))))
    sys.exit(1 if problems or not seen else 0)


if __name__ == "__main__":
    main()
