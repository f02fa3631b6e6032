import test from 'ava';
import { readFileSync } from 'node:fs';
import { RpmHeaderError } from '../../src/rpmfile/errors.js';
import { headerNevra, headerSourceRpm } from '../../src/rpmfile/header-nevra.js';
import { headerInt32, headerString, headerStringArray } from '../../src/rpmfile/header-values.js';
import { parseHeader } from '../../src/rpmfile/header.js';
import { RpmTag, RpmTagType } from '../../src/rpmfile/tags.js';
import { QA_FORMAT, qaLine, rpm, worldRpms } from '../helpers/rpmdb-fixture.js';
import { testWithTools } from '../helpers/tools.js';

const withRpm = testWithTools({ command: 'rpm' });

/** The main header of an .rpm file: after the 96-byte lead and the signature header padded to 8. */
function mainHeader(file: Uint8Array) {
  const signature = parseHeader(file, { magic: true, offset: 96 });
  const offset = 96 + Math.ceil(signature.byteLength / 8) * 8;
  return parseHeader(file, { magic: true, offset });
}

withRpm('headers inside the world RPMs read as rpm -qp reads them', (t) => {
  const files = worldRpms();
  t.true(files.length >= 20);
  for (const path of files) {
    const header = mainHeader(readFileSync(path));
    const ours = qaLine({ ...headerNevra(header), sourcerpm: headerSourceRpm(header) });
    t.is(ours, rpm(['-qp', '--nosignature', '--qf', QA_FORMAT, path]).trim(), path);
    const provides = rpm(['-qp', '--nosignature', '--qf', '[%{PROVIDENAME}\\n]', path]).trim().split('\n');
    t.deepEqual(headerStringArray(header, RpmTag.PROVIDENAME), provides, path);
  }
});

/** A header blob (no magic) from [tag, type, count, data] entries, data stores concatenated in order. */
function blob(entries: [number, number, number, Uint8Array][]): Uint8Array {
  const index: number[] = [];
  const store: number[] = [];
  for (const [tag, type, count, data] of entries) {
    while (type === RpmTagType.INT32 && store.length % 4 !== 0) store.push(0);
    index.push(tag, type, store.length, count);
    store.push(...data);
  }
  const out = new Uint8Array(8 + index.length * 4 + store.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, entries.length);
  view.setUint32(4, store.length);
  index.forEach((v, i) => view.setUint32(8 + i * 4, v));
  out.set(store, 8 + index.length * 4);
  return out;
}
const str = (s: string): Uint8Array => new TextEncoder().encode(s + '\0');
const int32 = (...v: number[]): Uint8Array => {
  const out = new Uint8Array(v.length * 4);
  v.forEach((x, i) => new DataView(out.buffer).setUint32(i * 4, x));
  return out;
};
const S = RpmTagType.STRING;
const nevraEntries = (): [number, number, number, Uint8Array][] => [
  [RpmTag.NAME, S, 1, str('bash')],
  [RpmTag.VERSION, S, 1, str('5.2')],
  [RpmTag.RELEASE, S, 1, str('1.fc40')],
  [RpmTag.ARCH, S, 1, str('x86_64')],
];

test('a minimal header: epoch absent is null, epoch 0 is 0, no SOURCERPM is null', (t) => {
  const h = parseHeader(blob(nevraEntries()));
  t.deepEqual(headerNevra(h), {
    name: 'bash',
    epoch: null,
    version: '5.2',
    release: '1.fc40',
    arch: 'x86_64',
  });
  t.is(headerSourceRpm(h), null);
  const e = parseHeader(blob([...nevraEntries(), [RpmTag.EPOCH, RpmTagType.INT32, 1, int32(0)]]));
  t.is(headerNevra(e).epoch, 0);
  const src = parseHeader(
    blob([
      ...nevraEntries(),
      [RpmTag.SOURCERPM, S, 1, str('bash-5.2-1.fc40.src.rpm')],
      [RpmTag.SOURCEPACKAGE, RpmTagType.INT32, 1, int32(1)],
    ]),
  );
  t.is(headerSourceRpm(src), null, 'a source package has no source RPM of its own');
});

function code(t: import('ava').ExecutionContext, f: () => unknown): string {
  return t.throws(f, { instanceOf: RpmHeaderError }).code;
}

test('bounds: every bad field is a typed error with its offset', (t) => {
  const good = blob(nevraEntries());
  t.is(
    code(t, () => parseHeader(good.subarray(0, 5))),
    'ERR_RPM_HEADER_TRUNCATED',
  );
  t.is(
    code(t, () => parseHeader(good.subarray(0, good.length - 1))),
    'ERR_RPM_HEADER_TRUNCATED',
  );
  t.is(
    code(t, () => parseHeader(good, { magic: true })),
    'ERR_RPM_HEADER_BAD_MAGIC',
  );
  t.is(
    code(t, () => parseHeader(good, { maxBytes: 20 })),
    'ERR_RPM_HEADER_TOO_LARGE',
  );
  const huge = Uint8Array.from(good);
  new DataView(huge.buffer).setUint32(0, 0x10000);
  t.is(
    code(t, () => parseHeader(huge)),
    'ERR_RPM_HEADER_TOO_LARGE',
  );

  const set = (entry: number, field: number, value: number): Uint8Array => {
    const b = Uint8Array.from(good);
    new DataView(b.buffer).setUint32(8 + entry * 16 + field * 4, value);
    return b;
  };
  t.is(
    code(t, () => parseHeader(set(0, 1, 42))),
    'ERR_RPM_HEADER_BOUNDS',
    'unknown type',
  );
  t.is(
    code(t, () => parseHeader(set(0, 2, 9999))),
    'ERR_RPM_HEADER_BOUNDS',
    'offset past the store',
  );
  t.is(
    code(t, () => parseHeader(set(0, 3, 0))),
    'ERR_RPM_HEADER_BOUNDS',
    'count 0',
  );
  t.is(
    code(t, () => parseHeader(set(0, 3, 2))),
    'ERR_RPM_HEADER_BOUNDS',
    'STRING with count 2',
  );
  t.is(
    code(t, () => parseHeader(set(1, 0, RpmTag.NAME))),
    'ERR_RPM_HEADER_BOUNDS',
    'duplicate tag',
  );
  t.is(
    code(t, () => parseHeader(set(2, 1, RpmTagType.INT32))),
    'ERR_RPM_HEADER_BOUNDS',
    'misaligned INT32',
  );
  const error = t.throws(() => parseHeader(set(0, 2, 9999)), { instanceOf: RpmHeaderError });
  t.is(error.offset, 8 + 8);

  // A string whose NUL is missing: the last byte of the store becomes non-zero.
  const noNul = Uint8Array.from(good);
  noNul[noNul.length - 1] = 0x41;
  t.is(
    code(t, () => parseHeader(noNul)),
    'ERR_RPM_HEADER_BOUNDS',
  );
});

test('accessors: a wrong type or a missing NEVRA tag is a typed error', (t) => {
  const h = parseHeader(blob([...nevraEntries().slice(1), [RpmTag.EPOCH, RpmTagType.INT32, 2, int32(1, 2)]]));
  t.is(
    code(t, () => headerNevra(h)),
    'ERR_RPM_HEADER_MISSING_TAG',
  );
  t.is(
    code(t, () => headerInt32(h, RpmTag.EPOCH)),
    'ERR_RPM_HEADER_TAG_TYPE',
  );
  t.is(
    code(t, () => headerInt32(h, RpmTag.VERSION)),
    'ERR_RPM_HEADER_TAG_TYPE',
  );
  t.is(
    code(t, () => headerString(h, RpmTag.EPOCH)),
    'ERR_RPM_HEADER_TAG_TYPE',
  );
  t.is(headerString(h, RpmTag.NAME), null);
});
