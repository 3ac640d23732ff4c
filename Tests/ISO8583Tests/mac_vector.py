#!/usr/bin/env python3
"""The UnionPay POS "ECB" MAC, written from the field notes' description (§8,
"Details a spec host checks"), with pycryptodome's DES: an independent check of
our Swift MAC. Usage: mac_vector.py KEY_HEX MAB_HEX; prints the 8 characters."""
import sys

from Crypto.Cipher import DES, DES3


def main():
    key, mab = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2])
    cipher = DES.new(key, DES.MODE_ECB) if len(key) == 8 else DES3.new(key, DES3.MODE_ECB)
    if len(mab) % 8:
        mab += b"\0" * (8 - len(mab) % 8)  # the last block padded with 00
    x = bytes(8)
    for i in range(0, len(mab), 8):  # the blocks XORed together
        x = bytes(a ^ b for a, b in zip(x, mab[i:i + 8]))
    text = x.hex().upper().encode()  # 16 hex characters
    step = cipher.encrypt(text[:8])  # the first 8 encrypted
    step = cipher.encrypt(bytes(a ^ b for a, b in zip(step, text[8:])))  # XOR the last 8, again
    print(step.hex().upper()[:8])  # the first 8 characters


if __name__ == "__main__":
    main()
