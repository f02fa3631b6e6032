#!/usr/bin/python3
"""GLib oracle for the GVariant differential test.

Usage: glib-oracle.py SEED COUNT
       glib-oracle.py --parse < texts.json   (GVariant text format in, canon list out)
Prints COUNT JSON lines: {"type", "le", "be", "canon"} where le/be are GLib's serialisation of one
random value (get_data_as_bytes(), and of byteswap()) in hex, and canon is GLib's own view of the
value in a JSON form both sides can produce exactly:
  b -> bool; y n q i u h x t -> decimal string; d -> IEEE-754 big-endian hex; s o g -> str;
  v -> [type, canon]; m -> null or canon(child); ay -> hex; a{..} -> {"map": [[k, v], ...]};
  other arrays, tuples, dict entries -> lists.
About one case in 25 is a large array so framing offsets are 2 and 4 bytes wide.
"""
import json
import math
import random
import struct
import sys

from gi.repository import GLib

BASIC = 'bynqiuxthdsog'
LIMITS = {
    'y': (0, 255), 'n': (-2**15, 2**15 - 1), 'q': (0, 2**16 - 1), 'i': (-2**31, 2**31 - 1),
    'h': (-2**31, 2**31 - 1), 'u': (0, 2**32 - 1), 'x': (-2**63, 2**63 - 1), 't': (0, 2**64 - 1),
}
NEW = {
    'y': GLib.Variant.new_byte, 'n': GLib.Variant.new_int16, 'q': GLib.Variant.new_uint16,
    'i': GLib.Variant.new_int32, 'h': GLib.Variant.new_handle, 'u': GLib.Variant.new_uint32,
    'x': GLib.Variant.new_int64, 't': GLib.Variant.new_uint64,
}
CHARS = 'abcXYZ019 _-./:é中文😀\u00a0\u200b'
SIGNATURES = ['', 's', 'a{sv}', '(ii)', 'as', 'v', 'ybnqiuxthdsog', 'a(sssss)', '{sv}', '()', 'aa{sv}']


def split_types(text):
    """Splits a sequence of complete type strings."""
    out, i = [], 0
    while i < len(text):
        j = type_end(text, i)
        out.append(text[i:j])
        i = j
    return out


def type_end(text, i):
    c = text[i]
    if c in 'am':
        return type_end(text, i + 1)
    if c in '({':
        i += 1
        while text[i] not in ')}':
            i = type_end(text, i)
        return i + 1
    return i + 1


def rtype(r, depth):
    if depth <= 0 or r.random() < 0.3:
        return r.choice(BASIC + 'v')
    k = r.random()
    if k < 0.3:
        return 'a' + rtype(r, depth - 1)
    if k < 0.45:
        return 'm' + rtype(r, depth - 1)
    if k < 0.65:
        return '(' + ''.join(rtype(r, depth - 1) for _ in range(r.randint(0, 4))) + ')'
    if k < 0.88:
        return 'a{' + r.choice(BASIC) + rtype(r, depth - 1) + '}'
    return '{' + r.choice(BASIC) + rtype(r, depth - 1) + '}'


def rint(r, code):
    lo, hi = LIMITS[code]
    return r.choice([lo, hi, 0, 1, r.randint(lo, hi), r.randint(lo, hi)])


def rdouble(r):
    k = r.random()
    if k < 0.3:
        return r.choice([0.0, -0.0, 1.5, -2.25, math.inf, -math.inf, math.nan, 5e-324, 1.7976931348623157e308])
    d = struct.unpack('<d', struct.pack('<Q', r.getrandbits(64)))[0]
    return math.nan if math.isnan(d) else d


def rstring(r, n):
    return ''.join(r.choice(CHARS) for _ in range(r.randint(0, n)))


def rvalue(r, t, depth, big=False):
    c = t[0]
    if c == 'b':
        return GLib.Variant.new_boolean(r.random() < 0.5)
    if c in NEW:
        return NEW[c](rint(r, c))
    if c == 'd':
        return GLib.Variant.new_double(rdouble(r))
    if c == 's':
        return GLib.Variant.new_string(rstring(r, 40 if big else 12))
    if c == 'o':
        segs = ['/' + ''.join(r.choice('abZ09_') for _ in range(r.randint(1, 5))) for _ in range(r.randint(0, 3))]
        return GLib.Variant.new_object_path(''.join(segs) or '/')
    if c == 'g':
        return GLib.Variant.new_signature(r.choice(SIGNATURES))
    if c == 'v':
        inner = rtype(r, max(0, min(depth - 1, 3)))
        return GLib.Variant.new_variant(rvalue(r, inner, depth - 1))
    if c == 'm':
        child = t[1:]
        if r.random() < 0.3:
            return GLib.Variant.new_maybe(GLib.VariantType.new(child), None)
        return GLib.Variant.new_maybe(None, rvalue(r, child, depth - 1))
    if c == 'a':
        elem = t[1:]
        if big:
            n = r.randint(1500, 6000)
        elif depth >= 7:
            n = r.choice([0, 1, 2, 3, r.randint(0, 8), r.randint(10, 80)])
        else:
            n = r.choice([0, 1, 2, r.randint(0, 5)])
        children, seen = [], set()
        for _ in range(n):
            v = rvalue(r, elem, depth - 3 if big else depth - 1)
            if elem[0] == '{':
                key = canon(v.get_child_value(0))
                if elem[1] == 'd':
                    # A JS Map cannot hold NaN keys apart or keep -0.0 as a key: skip both.
                    key = struct.unpack('>d', bytes.fromhex(key))[0]
                    if math.isnan(key) or key == 0.0:
                        continue
                key = json.dumps(key)
                if key in seen:
                    continue
                seen.add(key)
            children.append(v)
        return GLib.Variant.new_array(GLib.VariantType.new(elem), children)
    if c == '(':
        members = split_types(t[1:-1])
        return GLib.Variant.new_tuple(*[rvalue(r, m, depth - 1) for m in members])
    if c == '{':
        key, value = split_types(t[1:-1])
        return GLib.Variant.new_dict_entry(rvalue(r, key, depth - 1), rvalue(r, value, depth - 1))
    raise ValueError(t)


def canon(v):
    t = v.get_type_string()
    c = t[0]
    if c == 'b':
        return v.get_boolean()
    if c == 'h':
        return str(v.get_handle())
    if c in NEW:
        return str(v.unpack())
    if c == 'd':
        return struct.pack('>d', v.get_double()).hex()
    if c in 'sog':
        return v.get_string()
    if c == 'v':
        inner = v.get_variant()
        return [inner.get_type_string(), canon(inner)]
    if c == 'm':
        return None if v.n_children() == 0 else canon(v.get_child_value(0))
    children = [canon(v.get_child_value(i)) for i in range(v.n_children())]
    if t == 'ay':
        return bytes(v.get_child_value(i).get_byte() for i in range(v.n_children())).hex()
    if t.startswith('a{'):
        return {'map': children}
    return children


def main():
    if sys.argv[1] == '--parse':
        texts = json.load(sys.stdin)
        print(json.dumps([[v.get_type_string(), canon(v)] for v in (GLib.Variant.parse(None, t, None, None) for t in texts)]))
        return
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    r = random.Random(seed)
    for i in range(count):
        big = i % 25 == 7
        t = 'a' + rtype(r, 1) if big else rtype(r, r.randint(0, 6))
        v = rvalue(r, t, 8, big)
        le = v.get_data_as_bytes().get_data()
        be = v.byteswap().get_data_as_bytes().get_data()
        if sys.byteorder == 'big':
            le, be = be, le
        print(json.dumps({'type': t, 'le': bytes(le).hex(), 'be': bytes(be).hex(), 'canon': canon(v)}))


main()
