#!/usr/bin/env python3
"""A terminal written from the UnionPay POS terminal spec, not from our code.

Usage: spec_client.py PORT TMK_HEX TERMINAL MERCHANT PAN PIN EXPIRY SERVICE_CODE

Uses spec_host.py's field table (pyiso8583, written from the field notes) and
pycryptodome. Signs in (0800, 60.3 = 004), takes the working keys from the
0810's field 62 (the MAC key single length when its slot's second half is
zero, as spec terminals take it; check values verified), then sells 12.34
(0200, 22 = 021 left-aligned, PIN block format 0, track 2 TDB-encrypted, the
ECB MAC) and checks the 0210: trace, amount, 39 = 00 and its MAC. Prints one
line per step and exits 0 when all holds.
"""
import socket
import sys

import iso8583
from Crypto.Cipher import DES3

from spec_host import SPEC, des_ecb, ecb_mac

TPDU_HEADER = bytes.fromhex("6000030000" + "603100310100")


def exchange(sock, doc):
    raw, _ = iso8583.encode(doc, SPEC)
    sock.sendall(len(raw).to_bytes(2, "big") + bytes(raw))
    head = b""
    while len(head) < 2:
        head += sock.recv(2 - len(head))
    length = int.from_bytes(head, "big")
    body = b""
    while len(body) < length:
        body += sock.recv(length - len(body))
    reply, _ = iso8583.decode(body, SPEC)
    return body, reply


def main():
    port, tmk_hex, terminal, merchant, pan, pin, expiry, service = sys.argv[1:9]
    tmk = bytes.fromhex(tmk_hex)
    problems = []
    sock = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
    base = {"h": TPDU_HEADER.hex().upper(), "41": terminal, "42": merchant,
            "12": "093000", "13": "1121"}
    sign_in = dict(base, t="0800", **{"11": "000001", "60": "00000000004",
                                      "62": b"SPEC0001".hex().upper(), "63": "01 "})
    _, reply = exchange(sock, sign_in)
    print("0810 39", reply.get("39"), "60", reply.get("60"))
    if reply.get("39") != "00" or reply.get("11") != "000001":
        problems.append("sign-in not approved")
        f62 = bytes(60)
    else:
        f62 = bytes.fromhex(reply["62"])
    keys = []
    for i, name in enumerate(("PIN", "MAC", "track")):
        slot, kcv = f62[i * 20:i * 20 + 16], f62[i * 20 + 16:i * 20 + 20]
        if slot[8:] == bytes(8):
            key = DES3.new(tmk, DES3.MODE_ECB).decrypt(slot[:8])
            print(f"{name} key single length")
        else:
            key = DES3.new(tmk, DES3.MODE_ECB).decrypt(slot)
        if des_ecb(key, bytes(8))[:4] != kcv:
            problems.append(f"{name} key check value")
        keys.append(key)
    pin_key, mac_key, track_key = keys
    batch = reply.get("60", "00000001")[2:8]

    # Sale: PIN block format 0, track 2 with the 16 digits before the last encrypted.
    pin_field = ("%02d" % len(pin) + pin).ljust(16, "F")
    pan_field = "0000" + pan[-13:-1]
    clear = bytes(a ^ c for a, c in zip(bytes.fromhex(pin_field), bytes.fromhex(pan_field)))
    track = pan + "D" + expiry + service + "0000000000"
    end = len(track) - 1
    block = des_ecb(track_key, bytes.fromhex(track[end - 16:end]))
    track_enc = track[:end - 16] + block.hex().upper() + track[end:]
    sale = dict(base, t="0200", **{
        "2": pan, "3": "000000", "4": "000000001234", "11": "000002", "22": "021",
        "25": "00", "26": "12", "35": track_enc, "49": "156",
        "52": des_ecb(pin_key, clear).hex().upper(), "53": "2610000000000000",
        "60": "22" + batch + "000", "64": "00" * 8})
    raw, _ = iso8583.encode(sale, SPEC)
    sale["64"] = ecb_mac(mac_key, bytes(raw[11:-8])).hex().upper()
    body, reply = exchange(sock, sale)
    print("0210 39", reply.get("39"), "63", reply.get("63"))
    if reply.get("t") != "0210" or reply.get("11") != "000002" or reply.get("4") != "000000001234":
        problems.append("the 0210 does not match the sale")
    if reply.get("39") != "00":
        problems.append(f"sale answered {reply.get('39')}")
    if ecb_mac(mac_key, body[11:-8]).hex().upper() != reply.get("64"):
        problems.append("the 0210's MAC is not the ECB MAC")
    else:
        print("0210 mac ok")
    for p in problems:
        print("PROBLEM", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
