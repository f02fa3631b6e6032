import test from 'ava';
import { decodeGVariant, decodeVardictRaw, offsetWidth } from '../../src/gvariant/decode.js';
import { GVariantError } from '../../src/gvariant/errors.js';
import { parseGVariantType } from '../../src/gvariant/type.js';
import { decodeRawEntry, decodeVardict, lookupVardict } from '../../src/gvariant/vardict.js';

// Byte strings below follow gvariant-specification-1.0's worked examples and its framing rules.
const bytes = (...b: number[]) => new Uint8Array(b);
const str = (s: string) => [...Buffer.from(s), 0];

function code(t: import('ava').ExecutionContext, fn: () => unknown): string | undefined {
  const error = t.throws(fn, { instanceOf: GVariantError });
  return error?.code;
}

test('spec examples: string, maybe string, array of booleans, tuple (sy)', (t) => {
  t.is(decodeGVariant('s', bytes(...str('hello world'))), 'hello world');
  t.is(decodeGVariant('ms', bytes(...str('hello world'), 0)), 'hello world');
  t.is(decodeGVariant('ms', bytes()), null);
  t.deepEqual(decodeGVariant('ab', bytes(1, 0, 0, 1, 1)), [true, false, false, true, true]);
  t.deepEqual(decodeGVariant('(sy)', bytes(...str('foo'), 0xff, 0x04)), ['foo', 255]);
});

test('spec example: a{si} with two entries and 1-byte offsets', (t) => {
  // {'hi': -2, 'bye': 2} — entry: 'hi\0' pad to 4, int32, key end offset; then array end offsets.
  const data = bytes(
    ...str('hi'),
    0,
    0xfe,
    0xff,
    0xff,
    0xff,
    3,
    0,
    0,
    0,
    ...str('bye'),
    2,
    0,
    0,
    0,
    4,
    9,
    0x15,
  );
  t.deepEqual(
    decodeGVariant('a{si}', data),
    new Map([
      ['hi', -2],
      ['bye', 2],
    ]),
  );
});

test('numbers follow the byte order; framing offsets do not', (t) => {
  t.is(decodeGVariant('t', bytes(0, 0, 0, 0, 0, 0, 0, 1), { bigEndian: true }), 1n);
  t.is(decodeGVariant('t', bytes(0, 0, 0, 0, 0, 0, 0, 1)), 1n << 56n);
  t.is(decodeGVariant('x', bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), -1n);
  t.is(decodeGVariant('n', bytes(0xff, 0xfe), { bigEndian: true }), -2);
  t.deepEqual(decodeGVariant('(sq)', bytes(...str('a'), 1, 2, 2)), ['a', 0x0201]);
  t.deepEqual(decodeGVariant('(sq)', bytes(...str('a'), 1, 2, 2), { bigEndian: true }), ['a', 0x0102]);
});

test('variants, unit and lone dict entries', (t) => {
  t.deepEqual(decodeGVariant('v', bytes(7, 0, 0, 0, 0, ...Buffer.from('u'))), { type: 'u', value: 7 });
  t.deepEqual(decodeGVariant('()', bytes(0)), []);
  t.deepEqual(decodeGVariant('{yb}', bytes(5, 1)), [5, true]);
  t.deepEqual(decodeGVariant('ay', bytes(1, 2, 3)), bytes(1, 2, 3));
});

test('framing offset width follows the container size', (t) => {
  t.is(offsetWidth(0xff), 1);
  t.is(offsetWidth(0x100), 2);
  t.is(offsetWidth(0xffff), 2);
  t.is(offsetWidth(0x10000), 4);
  t.is(offsetWidth(0xffffffff), 4);
  t.is(offsetWidth(0x100000000), 8);
});

test('type parser: alignment, fixed size, errors', (t) => {
  const commit = parseGVariantType('(a{sv}aya(say)sstayay)');
  t.is(commit.alignment, 8);
  t.is(commit.fixedSize, 0);
  t.is(parseGVariantType('(yt)').fixedSize, 16);
  t.is(parseGVariantType('(ty)').fixedSize, 16);
  t.is(parseGVariantType('(yy)').fixedSize, 2);
  t.is(parseGVariantType('()').fixedSize, 1);
  t.is(parseGVariantType('{yq}').fixedSize, 4);
  for (const bad of ['', 'z', 'a', '(s', 'ss', '{vs}', '{s}', '{sss}', '*', 'r', '(a{sv}']) {
    t.is(
      code(t, () => parseGVariantType(bad)),
      'ERR_GVARIANT_TYPE',
      bad,
    );
  }
  t.is(
    code(t, () => parseGVariantType('a'.repeat(65) + 's')),
    'ERR_GVARIANT_TOO_DEEP',
  );
  t.notThrows(() => parseGVariantType('a'.repeat(64) + 's'));
});

test('malformed data throws typed errors', (t) => {
  t.is(
    code(t, () => decodeGVariant('u', bytes(1, 2, 3))),
    'ERR_GVARIANT_SIZE',
  );
  t.is(
    code(t, () => decodeGVariant('b', bytes(2))),
    'ERR_GVARIANT_BOOLEAN',
  );
  t.is(
    code(t, () => decodeGVariant('s', bytes(0x61))),
    'ERR_GVARIANT_STRING',
  );
  t.is(
    code(t, () => decodeGVariant('s', bytes())),
    'ERR_GVARIANT_STRING',
  );
  t.is(
    code(t, () => decodeGVariant('s', bytes(0x61, 0, 0x62, 0))),
    'ERR_GVARIANT_STRING',
  );
  t.is(
    code(t, () => decodeGVariant('s', bytes(0xff, 0))),
    'ERR_GVARIANT_STRING',
  );
  t.is(
    code(t, () => decodeGVariant('o', bytes(...str('a/b')))),
    'ERR_GVARIANT_STRING',
  );
  t.is(
    code(t, () => decodeGVariant('g', bytes(...str('ms')))),
    'ERR_GVARIANT_STRING',
  );
  t.is(
    code(t, () => decodeGVariant('v', bytes(1, 2, 3))),
    'ERR_GVARIANT_VARIANT',
  );
  t.is(
    code(t, () => decodeGVariant('v', bytes(1, 0, ...Buffer.from('zz')))),
    'ERR_GVARIANT_VARIANT',
  );
  t.is(
    code(t, () => decodeGVariant('ms', bytes(0x61))),
    'ERR_GVARIANT_MAYBE',
  );
  t.is(
    code(t, () => decodeGVariant('mu', bytes(1, 2))),
    'ERR_GVARIANT_SIZE',
  );
  t.is(
    code(t, () => decodeGVariant('au', bytes(1, 2, 3, 4, 5))),
    'ERR_GVARIANT_SIZE',
  );
  // Array offset pointing past the data / inconsistent frame count.
  t.is(
    code(t, () => decodeGVariant('as', bytes(...str('a'), 9))),
    'ERR_GVARIANT_OFFSET',
  );
  t.is(
    code(t, () => decodeGVariant('as', bytes(...str('ab'), 3, 1))),
    'ERR_GVARIANT_OFFSET',
  );
  // Tuple offset out of range and non-zero padding.
  t.is(
    code(t, () => decodeGVariant('(ss)', bytes(...str('a'), ...str('b'), 7))),
    'ERR_GVARIANT_OFFSET',
  );
  t.is(
    code(t, () => decodeGVariant('(yu)', bytes(1, 9, 0, 0, 2, 0, 0, 0))),
    'ERR_GVARIANT_PADDING',
  );
  t.is(
    code(t, () => decodeGVariant('()', bytes(1))),
    'ERR_GVARIANT_PADDING',
  );
  // Bytes left between the last member and the framing offsets.
  t.is(
    code(t, () => decodeGVariant('(sy)', bytes(...str('a'), 1, 0, 2))),
    'ERR_GVARIANT_PADDING',
  );
});

test('nesting is capped, also through variants', (t) => {
  // 80 nested variants around a byte: each level is `child, \0, 'v'`.
  let data = bytes(1);
  let type = 'y';
  for (let i = 0; i < 80; i++) {
    data = new Uint8Array([...data, 0, ...Buffer.from(type)]);
    type = 'v';
  }
  t.is(
    code(t, () => decodeGVariant('v', data)),
    'ERR_GVARIANT_TOO_DEEP',
  );
  t.notThrows(() => decodeGVariant('v', data, { maxDepth: 100 }));
});

test('vardict helpers: raw split, typed lookup, duplicate keys keep the first', (t) => {
  // {'a': <uint64 5>} built like the GLib sample in the spec; big-endian number.
  const entry = [...str('a'), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, ...Buffer.from('t'), 2];
  const data = bytes(...entry, 0x13);
  const raw = decodeVardictRaw(data);
  t.deepEqual([...raw.keys()], ['a']);
  t.is(decodeRawEntry(raw, 'a', 't', { bigEndian: true }), 5n);
  t.is(decodeRawEntry(raw, 'missing', 't'), undefined);
  const dict = decodeVardict(data, { bigEndian: true });
  t.is(lookupVardict(dict, 'a', 't'), 5n);
  t.is(
    code(t, () => lookupVardict(dict, 'a', 's')),
    'ERR_GVARIANT_WRONG_TYPE',
  );
  const twice = bytes(1, 1, 1, 0, 2, 4);
  t.deepEqual(
    decodeGVariant('a{yy}', twice),
    new Map([
      [1, 1],
      [2, 4],
    ]),
  );
});
