#!/usr/bin/env python3
"""An acquirer host written from the UnionPay POS terminal spec, not from our code.

Usage: spec_host.py PORT_FILE TMK_HEX [--unbalanced N] [--bad-mac-amount FEN]

The field table, the transaction table and the checks below are written from
the field notes (../shared/brief/field-notes.md §8, "Details a spec host
checks"); frames are built and read with pyiso8583, keys and MACs with
pycryptodome. It listens on 127.0.0.1 (the port goes to PORT_FILE), checks every
request field by field, answers with every standard optional reply field (15,
32, 44, 63 in GBK, 54 for a balance), and puts a single-length MAC key in the
sign-in's key block (the slot's second half zero). Settlements 1..N are not
balanced (48's flag 2, so the terminal uploads); later ones are. A sale of
--bad-mac-amount gets a reply with a wrong MAC once (the terminal reverses, A0).

On SIGTERM it prints one line per request (`< MTI fields ...`), a `PROBLEM`
line for every spec mismatch, and exits 0 when there were none.
"""
import os
import signal
import socket
import sys
import threading

import iso8583
from Crypto.Cipher import DES, DES3


def n(length, desc):  # fixed numeric, BCD, odd counts right-aligned behind a 0
    d = {"data_enc": "b", "len_enc": "b", "len_type": 0, "max_len": length,
         "desc": desc, "len_count": "nibbles"}
    if length % 2:
        d["left_pad"] = "0"
    return d


def nvar(max_len, desc, len_bytes):  # variable numeric: BCD length, digits left-aligned
    return {"data_enc": "b", "len_enc": "bcd", "len_type": len_bytes, "max_len": max_len,
            "desc": desc, "len_count": "nibbles", "right_pad": "0"}


def an(length, desc):
    return {"data_enc": "ascii", "len_enc": "b", "len_type": 0, "max_len": length, "desc": desc}


def anvar(max_len, desc, len_bytes, enc="ascii"):
    return {"data_enc": enc, "len_enc": "bcd", "len_type": len_bytes, "max_len": max_len,
            "desc": desc}


def b(length, desc):
    return {"data_enc": "b", "len_enc": "b", "len_type": 0, "max_len": length, "desc": desc}


def bvar(max_len, desc):
    return {"data_enc": "b", "len_enc": "bcd", "len_type": 2, "max_len": max_len, "desc": desc}


# The UnionPay POS data dictionary as a terminal and its host use it.
SPEC = {
    "h": b(11, "TPDU (5) + header (6)"),
    "t": {"data_enc": "b", "len_enc": "b", "len_type": 0, "max_len": 2, "desc": "MTI"},
    "p": b(8, "bitmap"),
    "2": nvar(19, "PAN", 1),
    "3": n(6, "processing code"),
    "4": n(12, "amount"),
    "11": n(6, "POS trace"),
    "12": n(6, "time hhmmss"),
    "13": n(4, "date MMDD"),
    "14": n(4, "expiry YYMM"),
    "15": n(4, "settlement date"),
    # 22: LEFT-aligned in two bytes (021 -> 02 10), as UnionPay terminals send it.
    "22": {"data_enc": "b", "len_enc": "b", "len_type": 0, "max_len": 3, "desc": "entry mode",
           "len_count": "nibbles", "right_pad": "0"},
    "23": n(3, "card sequence number"),
    "25": n(2, "condition code"),
    "26": n(2, "PIN capture code"),
    "32": nvar(11, "acquiring institution", 1),
    "35": nvar(37, "track 2", 1),
    "36": nvar(104, "track 3", 2),
    "37": an(12, "reference number"),
    "38": an(6, "authorisation code"),
    "39": an(2, "response code"),
    "41": an(8, "terminal"),
    "42": an(15, "merchant"),
    "44": anvar(25, "issuer / acquirer IDs", 1),
    "48": nvar(322, "additional data", 2),
    "49": an(3, "currency"),
    "52": b(8, "PIN block"),
    "53": n(16, "security control"),
    "54": anvar(20, "balance", 2),
    "55": bvar(255, "ICC data"),
    "60": nvar(30, "reserved private 60", 2),
    "61": nvar(29, "original message", 2),
    "62": bvar(512, "reserved private 62"),
    "63": anvar(163, "reserved private 63", 2, enc="gbk"),
    "64": b(8, "MAC"),
}
for i in range(1, 129):
    SPEC.setdefault(str(i), b(0, "not in this host's table"))
SPEC["1"] = b(8, "secondary bitmap")

# The transaction table (field notes §8): (MTI, 3, 25, 60.1) -> kind.
KINDS = {
    ("0200", "000000", "00", "22"): "sale",
    ("0200", "200000", "00", "23"): "void",
    ("0220", "200000", "00", "25"): "refund",
    ("0200", "310000", "00", "01"): "balance",
    ("0100", "030000", "06", "10"): "preauth",
    ("0100", "200000", "06", "11"): "preauth void",
    ("0200", "000000", "06", "20"): "completion",
    ("0200", "200000", "06", "21"): "completion void",
    ("0220", "000000", "06", "24"): "completion advice",
}
MONEY = {"sale", "refund", "completion", "completion advice"}
VOIDS = {"void", "completion void"}

# The keys this host hands out (test keys).
PIN_KEY = bytes.fromhex("1C1C1C1C1C1C1C1C2A2A2A2A2A2A2A2A")
MAC_KEY = bytes.fromhex("C24A8FB57AA20123")  # single length
TRACK_KEY = bytes.fromhex("3B3B3B3B3B3B3B3B4D4D4D4D4D4D4D4D")


def des_ecb(key, data):
    if len(key) == 8:
        return DES.new(key, DES.MODE_ECB).encrypt(data)
    return DES3.new(key, DES3.MODE_ECB).encrypt(data)


def ecb_mac(key, mab):
    """The UnionPay POS ECB MAC, as the field notes describe it."""
    if len(mab) % 8:
        mab += b"\0" * (8 - len(mab) % 8)
    x = bytes(8)
    for i in range(0, len(mab), 8):
        x = bytes(p ^ q for p, q in zip(x, mab[i:i + 8]))
    h = x.hex().upper().encode()
    first = des_ecb(key, h[:8])
    second = des_ecb(key, bytes(p ^ q for p, q in zip(first, h[8:])))
    return second.hex().upper().encode()[:8]


class Host:
    def __init__(self, tmk, unbalanced, bad_mac_amount):
        self.tmk = tmk
        self.unbalanced = unbalanced
        self.bad_mac_amount = bad_mac_amount
        self.lines = []
        self.problems = []
        self.traces = []
        self.settlements = 0
        self.money = {}  # (batch, trace) -> amount of a standing money transaction
        self.uploaded = []
        self.expect_upload = []
        self.upload_count = 0
        self.signed_in = False
        self.ref = 0

    def problem(self, text):
        self.problems.append(text)

    def handle(self, body):
        head, message = body[:11], body[11:]
        try:
            doc, _ = iso8583.decode(head + message, SPEC)
        except iso8583.DecodeError as e:
            self.problem(f"request does not decode: {e}")
            return None
        mti = doc["t"]
        present = sorted(int(k) for k in doc if k.isdigit())
        self.lines.append(f"< {mti} fields {','.join(map(str, present))}")
        what = f"{mti} trace {doc.get('11', '?')}"
        for f in ("11", "41", "42"):
            if f not in doc:
                self.problem(f"{what}: no field {f}")
        if not doc.get("11", "").isdigit() or len(doc.get("11", "")) != 6:
            self.problem(f"{what}: field 11 is not 6 digits")
        if mti == "0400" or (mti in ("0200", "0220", "0100") and doc.get("11") in self.traces):
            pass  # a reversal repeats the original's trace; a resent advice keeps its own
        elif doc.get("11") in self.traces:
            self.lines.append(f"NOTE {what}: trace used before")
        self.traces.append(doc.get("11"))
        if mti != "0800":
            if "64" not in doc:
                self.problem(f"{what}: no MAC")
            elif not self.signed_in:
                self.problem(f"{what}: MAC before sign-in")
            else:
                mac = ecb_mac(MAC_KEY, message[:-8])
                if mac.hex().upper() != doc["64"]:
                    self.problem(f"{what}: MAC {doc['64']} is not the ECB MAC {mac.hex().upper()}")
                    return self.reply(doc, head, {"39": "A0"})
        f60 = doc.get("60", "")
        if len(f60) < 11:
            self.problem(f"{what}: field 60 {f60!r} is not 60.1 + 60.2 + 60.3")
            return self.reply(doc, head, {"39": "30"})
        t601, batch, t603 = f60[:2], f60[2:8], f60[8:11]
        if mti == "0800":
            if t601 != "00" or t603 not in ("001", "003", "004"):
                self.problem(f"{what}: 60 {f60} is not a sign-in's")
            if "63" not in doc:
                self.problem(f"{what}: no operator (63)")
            self.signed_in = True
            kcv = lambda k: des_ecb(k, bytes(8))[:4]
            block = (DES3.new(self.tmk, DES3.MODE_ECB).encrypt(PIN_KEY) + kcv(PIN_KEY)
                     + DES3.new(self.tmk, DES3.MODE_ECB).encrypt(MAC_KEY) + bytes(8)
                     + kcv(MAC_KEY)
                     + DES3.new(self.tmk, DES3.MODE_ECB).encrypt(TRACK_KEY) + kcv(TRACK_KEY))
            return self.reply(doc, head, {"39": "00", "60": "00" + "000001" + t603,
                                          "62": block.hex().upper(), "32": "48020000",
                                          "15": "1121", "37": "000000000000"}, mac=False)
        if mti == "0820":
            if t603 != "002":
                self.problem(f"{what}: sign-off 60.3 {t603}")
            return self.reply(doc, head, {"39": "00"})
        if mti == "0500":
            f48 = doc.get("48", "")
            if t603 != "201" or len(f48) != 62 or doc.get("49") != "156":
                self.problem(f"{what}: not a settlement (60.3 {t603}, 48 {f48!r}, 49)")
            self.settlements += 1
            debit = sum(v for k, v in self.money.items() if v > 0 and k[0] == batch)
            credit = -sum(v for k, v in self.money.items() if v < 0 and k[0] == batch)
            if len(f48) == 62 and (int(f48[:12]) != debit or int(f48[15:27]) != credit):
                self.problem(f"{what}: totals {f48[:30]} are not the host's {debit}/{credit}")
            flag = "2" if self.settlements <= self.unbalanced else "1"
            self.expect_upload = sorted(
                (k[1], abs(v)) for k, v in self.money.items() if k[0] == batch)
            self.uploaded = []
            return self.reply(doc, head, {"39": "00", "48": f48[:30] + flag + f48[31:],
                                          "15": "1121", "32": "48020000"})
        if mti == "0320":
            f48 = doc.get("48", "")
            if t603 == "201":
                count = int(f48[:2]) if f48[:2].isdigit() else -1
                if count < 1 or len(f48) != 2 + 40 * count:
                    self.problem(f"{what}: 48 {f48!r} is not NN + 40-digit records")
                else:
                    for i in range(count):
                        r = f48[2 + 40 * i:42 + 40 * i]
                        if r[:2] not in ("00", "01"):
                            self.problem(f"{what}: record card organisation {r[:2]}")
                        self.uploaded.append((r[2:8], int(r[28:40])))
            elif t603 == "202":
                if f48 != "%04d" % len(self.uploaded):
                    self.problem(f"{what}: batch end says {f48}, {len(self.uploaded)} uploaded")
                if sorted(self.uploaded) != self.expect_upload:
                    self.problem(f"{what}: uploaded {sorted(self.uploaded)}, "
                                 f"the money transactions are {self.expect_upload}")
                self.upload_count += 1
            else:
                self.problem(f"{what}: 60.3 {t603}")
            return self.reply(doc, head, {"39": "00"})
        if mti == "0400":
            return self.reversal(doc, head, what, batch)
        return self.financial(doc, head, what, mti, t601, batch, t603)

    def entry_mode(self, doc, what):
        mode = doc.get("22", "")
        if len(mode) != 3 or mode[:2] not in ("01", "02", "05", "07") or mode[2] not in "12":
            self.problem(f"{what}: field 22 {mode!r} is not 01x/02x/05x/07x")

    def reversal(self, doc, head, what, batch):
        for f in ("3", "22", "25", "39", "49", "60", "61"):
            if f not in doc:
                self.problem(f"{what}: reversal without field {f}")
        for f in ("35", "36", "52"):
            if f in doc:
                self.problem(f"{what}: reversal carries field {f}")
        if doc.get("39") not in ("98", "A0", "06"):
            self.problem(f"{what}: reversal reason {doc.get('39')}")
        self.entry_mode(doc, what)
        self.money.pop((batch, doc.get("11")), None)
        self.lines.append(f"REVERSED {doc.get('11')} {doc.get('39')}")
        return self.reply(doc, head, {"39": "00"})

    def financial(self, doc, head, what, mti, t601, batch, t603):
        kind = KINDS.get((mti, doc.get("3"), doc.get("25"), t601))
        if kind is None:
            self.problem(f"{what}: MTI/3/25/60.1 {mti}/{doc.get('3')}/{doc.get('25')}/{t601} "
                         "is in no row of the transaction table")
            return self.reply(doc, head, {"39": "12"})
        self.lines.append(f"KIND {doc['11']} {kind}")
        if t603 != "000":
            self.problem(f"{what}: 60.3 {t603}, not 000")
        self.entry_mode(doc, what)
        if doc.get("49") != "156":
            self.problem(f"{what}: currency {doc.get('49')}")
        if (kind == "balance") != ("4" not in doc):
            self.problem(f"{what}: {kind} {'without' if '4' not in doc else 'with'} an amount")
        if "52" in doc and ("53" not in doc or doc.get("26") is None):
            self.problem(f"{what}: a PIN block without 26 and 53")
        if kind in VOIDS and ("37" not in doc or "61" not in doc):
            self.problem(f"{what}: a void without the original's 37 and 61")
        if kind == "refund" and "37" not in doc:
            self.problem(f"{what}: a refund without the original's reference (37)")
        if kind.startswith("completion") and kind != "completion void" and "38" not in doc:
            self.problem(f"{what}: a completion without the pre-authorisation's code (38)")
        amount = int(doc.get("4", "0"))
        if kind in MONEY:
            self.money[(batch, doc["11"])] = -amount if kind == "refund" else amount
        if kind in VOIDS:
            original = doc.get("61", "")[6:12]
            self.money.pop((batch, original), None)
        self.ref += 1
        fields = {"39": "00", "37": "%012d" % (900000 + self.ref), "38": "%06d" % self.ref,
                  "15": "1121", "32": "48020000", "44": "0102030000 0102030000",
                  "63": "CUP中国银联"}
        if "14" in doc:
            fields["14"] = doc["14"]
        if kind == "balance":
            fields["54"] = "1002156C000001234500"
        bad = kind == "sale" and amount == self.bad_mac_amount
        if bad:
            self.bad_mac_amount = None
        return self.reply(doc, head, fields, corrupt=bad)

    def reply(self, doc, head, fields, mac=True, corrupt=False):
        out = {"t": "%04d" % (int(doc["t"]) + 10)}
        tpdu = head[:1] + head[3:5] + head[1:3]
        out["h"] = (tpdu + head[5:11]).hex().upper()
        for f in ("2", "3", "4", "11", "22", "25", "41", "42", "49", "60", "61"):
            if f in doc and f not in fields:
                out[f] = doc[f]
        if doc["t"] == "0800":
            out.pop("2", None)
        out["12"], out["13"] = "093000", "1121"
        out.update(fields)
        if mac and self.signed_in:
            out["64"] = "00" * 8
            raw, _ = iso8583.encode(out, SPEC)
            m = ecb_mac(MAC_KEY, bytes(raw[11:-8]))
            if corrupt:
                m = b"00000000"
            out["64"] = m.hex().upper()
        raw, _ = iso8583.encode(out, SPEC)
        return bytes(raw)


def serve(server, host, stopping):
    """Each connection in its own thread (a terminal may reconnect); one request at a time."""
    lock = threading.Lock()

    def connection(conn):
        buffer = b""
        with conn:
            while not stopping:
                try:
                    data = conn.recv(4096)
                except OSError:
                    break
                if not data:
                    break
                buffer += data
                while len(buffer) >= 2 and len(buffer) >= 2 + int.from_bytes(buffer[:2], "big"):
                    length = int.from_bytes(buffer[:2], "big")
                    body, buffer = buffer[2:2 + length], buffer[2 + length:]
                    with lock:
                        try:
                            answer = host.handle(body)
                        except Exception as e:  # a bug here is a problem to report, not a hang
                            host.problem(f"host error: {e!r}")
                            answer = None
                    if answer:
                        conn.sendall(len(answer).to_bytes(2, "big") + answer)

    while not stopping:
        conn, _ = server.accept()
        threading.Thread(target=connection, args=(conn,), daemon=True).start()


def main():
    port_file, tmk_hex = sys.argv[1:3]
    args = sys.argv[3:]
    unbalanced = int(args[args.index("--unbalanced") + 1]) if "--unbalanced" in args else 0
    bad = int(args[args.index("--bad-mac-amount") + 1]) if "--bad-mac-amount" in args else None
    host = Host(bytes.fromhex(tmk_hex), unbalanced, bad)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    stopping = []

    class Stop(BaseException):
        pass

    def stop(*_):
        stopping.append(True)
        raise Stop()

    signal.signal(signal.SIGTERM, stop)
    # The test runner may start us with SIGTERM blocked (an inherited signal mask).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    try:
        serve(server, host, stopping)
    except Stop:
        pass
    for line in host.lines:
        print(line)
    for p in host.problems:
        print("PROBLEM", p)
    print("UPLOADS", host.upload_count, "SETTLEMENTS", host.settlements)
    sys.exit(1 if host.problems else 0)


if __name__ == "__main__":
    main()
