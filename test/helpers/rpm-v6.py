#!/usr/bin/python3
"""Reshape an rpmbuild 4.x package into the digest layout rpm 6 writes (issue 22 part 6).

Debian's rpm 4.18 cannot build an rpm 6 package, so this takes a real rpmbuild output and rewrites
its headers the way rpm 6's build/pack.cc lays them out for `%_rpmformat 6`:
  main header   no PAYLOADSHA256ALGO (5093); RPMFORMAT (5114) = 6; PAYLOADSHA512 (5121) and
                PAYLOADSHA3_256 (5123) over the compressed payload, next to PAYLOADSHA256 (5092)
  signature     SHA3_256HEADER (279) next to SHA256HEADER (273), both over the rewritten main
                header, and no SHA1HEADER (269), as in rpm's tests/data/RPMS/hlinktest-1.0-1.noarch-v3sig.rpm; MD5 (1004) and SIZE (1000) over header +
                payload recomputed; OpenPGP signatures dropped (they would no longer verify)
Usage: rpm-v6.py IN.rpm OUT.rpm [--damage TAG]; --damage records a wrong digest for TAG (279, 5121
or 5123) with every other digest right, so a test can see that one digest checked. Digests come from Python's hashlib, independent of the Node code
under test; `rpm -K` (4.18) checks the header digests and MD5 of the result.
"""
import hashlib
import struct
import sys

MAGIC = b"\x8e\xad\xe8\x01\x00\x00\x00\x00"
ALIGN = {3: 2, 4: 4, 5: 8}  # INT16, INT32, INT64
STRING, BIN, STRING_ARRAY, INT32 = 6, 7, 8, 4


def read_header(buf, off):
    assert buf[off:off + 8] == MAGIC, "no header magic"
    il, dl = struct.unpack(">II", buf[off + 8:off + 16])
    index = off + 16
    data = index + il * 16
    entries = []
    for i in range(il):
        tag, typ, offset, count = struct.unpack(">IiiI", buf[index + i * 16:index + i * 16 + 16])
        entries.append([tag, typ, offset, count])
    store = buf[data:data + dl]
    # Each entry's bytes run to the next entry's offset (or the end of the store); region trailers
    # are rebuilt, so region entries keep no bytes.
    region = entries[0][0]
    assert region in (62, 63), "no region tag"
    body = sorted((e for e in entries[1:]), key=lambda e: e[2])
    out = {}
    for i, (tag, typ, offset, count) in enumerate(body):
        end = body[i + 1][2] if i + 1 < len(body) else entries[0][2]
        raw = store[offset:end]
        out[tag] = (typ, count, trim(raw, typ, count))
    return region, out, data + dl


def trim(raw, typ, count):
    """The entry's own bytes, without the padding that aligns the next entry."""
    if typ in (STRING, STRING_ARRAY, 9):
        n = 0
        for _ in range(count):
            n = raw.index(b"\0", n) + 1
        return raw[:n]
    size = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1}[typ]
    return raw[:size * count]


def write_header(region, entries):
    tags = sorted(entries)
    index = []
    store = b""
    for tag in tags:
        typ, count, raw = entries[tag]
        pad = (-len(store)) % ALIGN.get(typ, 1)
        store += b"\0" * pad
        index.append(struct.pack(">IiiI", tag, typ, len(store), count))
        store += raw
    il = len(tags) + 1
    trailer = struct.pack(">IiiI", region, BIN, -il * 16, 16)
    head = struct.pack(">IiiI", region, BIN, len(store), 16)
    store += trailer
    return MAGIC + struct.pack(">II", il, len(store)) + head + b"".join(index) + store


def string(value):
    return (STRING, 1, value.encode() + b"\0")


def digest(tag, value, damage):
    """`value`, or for the damaged tag the same hash of other bytes."""
    return string(value if tag != damage else "0" * len(value))


def main(src, dst, damage=None):
    buf = open(src, "rb").read()
    lead = buf[:96]
    sig_region, sig, sig_end = read_header(buf, 96)
    main_off = sig_end + (-(sig_end - 96)) % 8
    region, hdr, hdr_end = read_header(buf, main_off)
    payload = buf[hdr_end:]

    hdr.pop(5093, None)
    hdr[5114] = (INT32, 1, struct.pack(">I", 6))
    hdr[5121] = digest(5121, hashlib.sha512(payload).hexdigest(), damage)
    hdr[5123] = digest(5123, hashlib.sha3_256(payload).hexdigest(), damage)
    header = write_header(region, hdr)

    for tag in (267, 268, 1002, 1005):  # DSA/RSA header, PGP/GPG header+payload signatures
        sig.pop(tag, None)
    sig.pop(269, None)
    sig[273] = string(hashlib.sha256(header).hexdigest())
    sig[279] = digest(279, hashlib.sha3_256(header).hexdigest(), damage)
    sig[1004] = (BIN, 16, hashlib.md5(header + payload).digest())
    sig[1000] = (INT32, 1, struct.pack(">I", len(header) + len(payload)))
    signature = write_header(sig_region, sig)
    signature += b"\0" * ((-len(signature)) % 8)

    open(dst, "wb").write(lead + signature + header + payload)


if __name__ == "__main__":
    args = sys.argv[1:]
    damage = None
    if "--damage" in args:
        i = args.index("--damage")
        damage = int(args[i + 1])
        del args[i:i + 2]
    main(args[0], args[1], damage)
