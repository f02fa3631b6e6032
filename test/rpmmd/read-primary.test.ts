import test from 'ava';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import {
  collectPrimary,
  expectedFromRecord,
  readPrimary,
  readPrimaryBatches,
} from '../../src/rpmmd/read-primary.js';
import { findRecord, parseRepomd } from '../../src/rpmmd/repomd.js';
import { PrimaryScanner } from '../../src/rpmmd/primary-scanner.js';
import { RepodataError } from '../../src/rpmmd/errors.js';
import { compressions, oracle, repoWith } from '../helpers/scan-repos.js';
import { testWithTools } from '../helpers/tools.js';

const tools = testWithTools(
  { command: 'rpmbuild' },
  { command: 'createrepo_c' },
  { command: 'zstd' },
  { python: 'createrepo_c' },
);

async function* chunks(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

for (const [compression, offThread] of compressions.flatMap(
  (c) =>
    [
      [c, false],
      [c, true],
    ] as const,
)) {
  tools(
    `repomd and primary (${compression}${offThread ? ', off thread' : ''}) equal createrepo_c's reading`,
    async (t) => {
      const dir = repoWith(compression);
      const truth = oracle(dir);
      const repomd = parseRepomd(readFileSync(join(dir, 'repodata/repomd.xml'), 'utf8'));
      t.is(repomd.revision, truth.revision);
      t.is(repomd.revision, '1.10'); // not the number 1.1
      t.deepEqual(
        repomd.records
          .map((r) => [
            r.type,
            r.location,
            r.checksum.type,
            r.checksum.value,
            r.openChecksum?.value ?? null,
            r.timestamp,
            r.size,
            r.openSize,
          ])
          .sort(),
        truth.records
          .map((r) => [
            r.type,
            r.location,
            r.checksumType,
            r.checksum,
            r.openChecksum,
            r.timestamp,
            r.size,
            r.openSize,
          ])
          .sort(),
      );
      t.is(repomd.largestTimestamp, Math.max(...truth.records.map((r) => r.timestamp)));
      const record = findRecord(repomd, 'primary')!;
      const file = join(dir, record.location);
      const packages = await collectPrimary(createReadStream(file, { highWaterMark: 97 }), {
        filename: file,
        withDeps: true,
        offThread,
        expected: expectedFromRecord(record),
      });
      const dep = (d: {
        name: string;
        flags: string | null;
        epoch: string | null;
        version: string | null;
        release: string | null;
        pre: boolean;
      }) => [d.name, d.flags, d.epoch, d.version, d.release, d.pre];
      t.deepEqual(
        packages.map((p) => ({
          name: p.name,
          epoch: String(p.epoch),
          version: p.version,
          release: p.release,
          arch: p.arch,
          sourcerpm: p.sourcerpm,
          location: p.location,
          provides: p.provides!.map(dep),
          requires: p.requires!.map(dep),
        })),
        truth.packages,
      );
    },
  );
}

tools('the fast path and the strict tag walk agree, whatever the chunking', async (t) => {
  const dir = repoWith('gz');
  const repomd = parseRepomd(readFileSync(join(dir, 'repodata/repomd.xml'), 'utf8'));
  const xml = (await import('node:zlib')).gunzipSync(
    readFileSync(join(dir, findRecord(repomd, 'primary')!.location)),
  );
  const run = (strict: boolean, size: number) => {
    const scanner = new PrimaryScanner({ strict, withDeps: true });
    const out = [];
    for (let i = 0; i < xml.length; i += size) out.push(...scanner.feed(xml.subarray(i, i + size)));
    scanner.finish();
    return out;
  };
  const reference = run(true, xml.length);
  t.true(reference.length > 0);
  for (const size of [1, 7, 64, 4096]) {
    t.deepEqual(run(false, size), reference, `fast, chunks of ${size}`);
    t.deepEqual(run(true, size), reference, `strict, chunks of ${size}`);
  }
});

const tiny = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="1">
<package type="rpm">
  <name>a&amp;b</name>
  <arch>x86_64</arch>
  <version epoch="0" ver="1.10" rel="1"/>
  <location href="a.rpm"/>
  <format><rpm:sourcerpm>a-1.10-1.src.rpm</rpm:sourcerpm></format>
</package>${body}
</metadata>
`;

test('plain XML with entities in text and a comment inside a package', async (t) => {
  const xml = tiny('').replace('<arch>', '<!-- </package> --><arch>');
  const [pkg] = await collectPrimary(chunks(Buffer.from(xml), 5));
  t.is(pkg!.name, 'a&b');
  t.is(pkg!.version, '1.10');
  t.is(pkg!.epoch, 0);
});

async function failure(
  t: import('ava').ExecutionContext,
  run: () => Promise<unknown>,
  code: RepodataError['code'],
) {
  const error = await t.throwsAsync(run);
  t.true(error instanceof RepodataError, String(error));
  t.is((error as RepodataError).code, code);
}

test('truncated gzip: ERR_DECOMPRESS and nothing returned', async (t) => {
  const gz = gzipSync(Buffer.from(tiny('')));
  await failure(
    t,
    () => collectPrimary(chunks(gz.subarray(0, gz.length - 12), 16), { filename: 'p.xml.gz' }),
    'ERR_DECOMPRESS',
  );
});

test('checksum mismatch: ERR_CHECKSUM_MISMATCH', async (t) => {
  const gz = gzipSync(Buffer.from(tiny('')));
  await failure(
    t,
    () =>
      collectPrimary(chunks(gz, 64), { expected: { checksum: { type: 'sha256', value: '00'.repeat(32) } } }),
    'ERR_CHECKSUM_MISMATCH',
  );
});

test('open-checksum mismatch: ERR_OPEN_CHECKSUM_MISMATCH; a right one passes', async (t) => {
  const xml = Buffer.from(tiny(''));
  const gz = gzipSync(xml);
  const right = { type: 'sha256', value: createHash('sha256').update(xml).digest('hex') };
  t.is(
    (await collectPrimary(chunks(gz, 64), { expected: { openChecksum: right, openSize: xml.length } }))
      .length,
    1,
  );
  await failure(
    t,
    () =>
      collectPrimary(chunks(gz, 64), {
        expected: { openChecksum: { type: 'sha256', value: 'ab'.repeat(32) } },
      }),
    'ERR_OPEN_CHECKSUM_MISMATCH',
  );
});

test('with checksum verified, open-checksum is skipped unless verifyBothChecksums; open-size always holds', async (t) => {
  const xml = Buffer.from(tiny(''));
  const gz = gzipSync(xml);
  const checksum = { type: 'sha256', value: createHash('sha256').update(gz).digest('hex') };
  const wrongOpen = { type: 'sha256', value: 'ab'.repeat(32) };
  const expected = { checksum, openChecksum: wrongOpen, openSize: xml.length };
  // The default: the compressed checksum covers the bytes, the second digest is not computed.
  t.is((await collectPrimary(chunks(gz, 64), { expected })).length, 1);
  await failure(
    t,
    () => collectPrimary(chunks(gz, 64), { expected, verifyBothChecksums: true }),
    'ERR_OPEN_CHECKSUM_MISMATCH',
  );
  // The deprecated option keeps its meaning: false (the old default, stated) verifies both.
  await failure(
    t,
    () => collectPrimary(chunks(gz, 64), { expected, skipRedundantOpenChecksum: false }),
    'ERR_OPEN_CHECKSUM_MISMATCH',
  );
  t.is((await collectPrimary(chunks(gz, 64), { expected, skipRedundantOpenChecksum: true })).length, 1);
  // Without a compressed checksum, open-checksum is what verifies the bytes: always checked.
  await failure(
    t,
    () => collectPrimary(chunks(gz, 64), { expected: { openChecksum: wrongOpen, openSize: xml.length } }),
    'ERR_OPEN_CHECKSUM_MISMATCH',
  );
  // open-size is enforced either way: more is stopped at once, less is a truncation.
  for (const verifyBothChecksums of [false, true]) {
    await failure(
      t,
      () =>
        collectPrimary(chunks(gz, 64), {
          expected: { checksum, openSize: xml.length - 1 },
          verifyBothChecksums,
        }),
      'ERR_OPEN_SIZE_EXCEEDED',
    );
    await failure(
      t,
      () =>
        collectPrimary(chunks(gz, 64), {
          expected: { checksum, openSize: xml.length + 1 },
          verifyBothChecksums,
        }),
      'ERR_OPEN_SIZE_MISMATCH',
    );
  }
});

test('packages dense in the end tag letters: fast path, strict walk and every chunking agree', (t) => {
  // The end-tag search probes for 'k' and falls back to a substring search when 'k's are dense;
  // near misses ('package>' raw, '&lt;/package&gt;' escaped) must not end the package.
  const noise = 'kkkk package> /package> &lt;/package&gt; k&lt;/packag> k'.repeat(20);
  const body = Array.from(
    { length: 5 },
    (_, i) => `<package type="rpm">
  <name>kpkg${i}</name>
  <arch>x86_64</arch>
  <version epoch="${i}" ver="1.${i}" rel="1"/>
  <description>${noise}</description>
  <location href="k/kpkg${i}.rpm"/>
  <format><rpm:sourcerpm>kpkg-1.src.rpm</rpm:sourcerpm><file>/k${noise.length}</file></format>
</package>`,
  ).join('\n');
  const xml = Buffer.from(tiny(body).replace('packages="1"', 'packages="6"'));
  const run = (strict: boolean, size: number) => {
    const scanner = new PrimaryScanner({ strict });
    const out = [];
    for (let i = 0; i < xml.length; i += size) out.push(...scanner.feed(xml.subarray(i, i + size)));
    scanner.finish();
    return out;
  };
  const reference = run(true, xml.length);
  t.deepEqual(
    reference.map((p) => `${p.name}-${p.epoch}`),
    ['a&b-0', 'kpkg0-0', 'kpkg1-1', 'kpkg2-2', 'kpkg3-3', 'kpkg4-4'],
  );
  for (const size of [1, 3, 64, 333, 4096, xml.length]) {
    t.deepEqual(run(false, size), reference, `fast, chunks of ${size}`);
  }
});

test('more bytes than open-size: stopped early with ERR_OPEN_SIZE_EXCEEDED', async (t) => {
  // A gzip bomb: 64 MiB of spaces inside the document, open-size says 1 KiB.
  const xml = Buffer.concat([Buffer.from(tiny('')), Buffer.alloc(64 * 1024 * 1024, 0x20)]);
  const gz = gzipSync(xml);
  let yielded = 0;
  const error = await t.throwsAsync(async () => {
    for await (const _ of readPrimary(chunks(gz, 4096), { expected: { openSize: 1024 } })) yielded++;
  });
  t.is((error as RepodataError).code, 'ERR_OPEN_SIZE_EXCEEDED');
  t.is(yielded, 0);
});

test('fewer bytes than open-size: ERR_OPEN_SIZE_MISMATCH', async (t) => {
  const xml = Buffer.from(tiny(''));
  await failure(
    t,
    () => collectPrimary(chunks(gzipSync(xml), 64), { expected: { openSize: xml.length + 1 } }),
    'ERR_OPEN_SIZE_MISMATCH',
  );
});

test('an XML entity bomb is refused at its DOCTYPE', async (t) => {
  const bomb = `<?xml version="1.0"?>
<!DOCTYPE metadata [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<metadata packages="1"><package type="rpm"><name>&c;</name><arch>x</arch><version epoch="0" ver="1" rel="1"/><location href="x"/></package></metadata>`;
  await failure(t, () => collectPrimary(chunks(Buffer.from(bomb), 32)), 'ERR_XML_ENTITY');
  // Without the DOCTYPE, an undeclared entity is refused rather than kept.
  await failure(
    t,
    () => collectPrimary(chunks(Buffer.from(tiny('').replace('a&amp;b', '&c;')), 32)),
    'ERR_XML_ENTITY',
  );
});

test('a document cut short or with mismatched tags is ERR_PRIMARY_INVALID', async (t) => {
  const xml = tiny('');
  await failure(
    t,
    () => collectPrimary(chunks(Buffer.from(xml.slice(0, xml.indexOf('</metadata>'))), 50)),
    'ERR_PRIMARY_INVALID',
  );
  await failure(
    t,
    () => collectPrimary(chunks(Buffer.from(xml.replace('</arch>', '</name>')), 50)),
    'ERR_PRIMARY_INVALID',
  );
  await failure(
    t,
    () => collectPrimary(chunks(Buffer.from(xml.replace('packages="1"', 'packages="2"')), 50)),
    'ERR_PRIMARY_INVALID',
  );
  await failure(
    t,
    () => collectPrimary(chunks(Buffer.from(xml.replace('<location href="a.rpm"/>', '')), 50)),
    'ERR_PRIMARY_INVALID',
  );
});

test('a file named .gz that is not gzip is refused', async (t) => {
  await failure(
    t,
    () => collectPrimary(chunks(Buffer.from(tiny('')), 50), { filename: 'x-primary.xml.gz' }),
    'ERR_DECOMPRESS',
  );
});

/** A primary.xml of `count` packages with hard-to-compress checksums: several MiB, several chunks. */
function bigPrimary(count: number): Buffer {
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${count}">\n`,
  ];
  for (let i = 0; i < count; i++) {
    const digest = createHash('sha256').update(String(i)).digest('hex');
    parts.push(`<package type="rpm">
  <name>pkg-${digest.slice(0, 8)}&amp;${i}</name>
  <arch>${i % 3 === 0 ? 'noarch' : 'x86_64'}</arch>
  <version epoch="${i % 5}" ver="1.${i % 7}" rel="${i % 4}.fc41"/>
  <checksum type="sha256" pkgid="YES">${digest}</checksum>
  <description>${createHash('sha512').update(digest).digest('base64')} package&gt; caf\u00e9</description>
  <location href="Packages/p/pkg-${i}.rpm"/>
  <format><rpm:sourcerpm>pkg-${i}.src.rpm</rpm:sourcerpm><rpm:provides><rpm:entry name="p${i % 50}" flags="EQ" epoch="0" ver="1"/></rpm:provides></format>
</package>
`);
  }
  parts.push('</metadata>\n');
  return Buffer.from(parts.join(''));
}

test('off thread and on this thread give the same packages and verify the same, whatever the chunking', async (t) => {
  const xml = bigPrimary(45000);
  const gz = gzipSync(xml);
  t.true(gz.length > 4.5 * 1024 * 1024, 'more compressed input than the worker takes in flight');
  const expected = {
    checksum: { type: 'sha256', value: createHash('sha256').update(gz).digest('hex') },
    openChecksum: { type: 'sha256', value: createHash('sha256').update(xml).digest('hex') },
    openSize: xml.length,
  };
  const scanner = new PrimaryScanner({ strict: true, withDeps: true });
  const reference = scanner.feed(xml);
  scanner.finish();
  t.is(reference.length, 45000);
  for (const offThread of [false, true]) {
    for (const size of [65536, 1000003]) {
      const packages = await collectPrimary(chunks(gz, size), { expected, offThread, withDeps: true });
      // JSON: ava's deepEqual over 45,000 packages takes seconds.
      t.is(JSON.stringify(packages), JSON.stringify(reference), `offThread ${offThread}, chunks of ${size}`);
    }
  }
  await failure(
    t,
    () =>
      collectPrimary(chunks(gz, 65536), {
        offThread: true,
        verifyBothChecksums: true,
        expected: { ...expected, openChecksum: { type: 'sha256', value: '00'.repeat(32) } },
      }),
    'ERR_OPEN_CHECKSUM_MISMATCH',
  );
  await failure(
    t,
    () =>
      collectPrimary(chunks(gz, 65536), {
        offThread: true,
        expected: { ...expected, checksum: { type: 'sha256', value: '00'.repeat(32) } },
      }),
    'ERR_CHECKSUM_MISMATCH',
  );
});

test('off thread: every bad input fails with the same typed error', async (t) => {
  const xml = Buffer.from(tiny(''));
  const gz = gzipSync(xml);
  const offThread = true;
  await failure(
    t,
    () => collectPrimary(chunks(gz.subarray(0, gz.length - 12), 16), { offThread }),
    'ERR_DECOMPRESS',
  );
  await failure(
    t,
    () => collectPrimary(chunks(gz, 64), { offThread, expected: { openSize: xml.length + 1 } }),
    'ERR_OPEN_SIZE_MISMATCH',
  );
  const bomb = gzipSync(Buffer.concat([xml, Buffer.alloc(64 * 1024 * 1024, 0x20)]));
  let yielded = 0;
  const error = await t.throwsAsync(async () => {
    for await (const _ of readPrimary(chunks(bomb, 4096), { offThread, expected: { openSize: 1024 } }))
      yielded++;
  });
  t.is((error as RepodataError).code, 'ERR_OPEN_SIZE_EXCEEDED');
  t.is(yielded, 0);
  await failure(
    t,
    () =>
      collectPrimary(chunks(Buffer.from(xml.toString().replace('</arch>', '</name>')), 50), { offThread }),
    'ERR_PRIMARY_INVALID',
  );
  await failure(
    t,
    () =>
      collectPrimary(chunks(gzipSync(Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><metadata/>')), 50), {
        offThread,
      }),
    'ERR_XML_ENTITY',
  );
});

test('off thread: a failing source surfaces as itself (ours) or ERR_DECOMPRESS, and is released on early exit', async (t) => {
  const gz = gzipSync(bigPrimary(3000));
  const failing = (error: Error) =>
    async function* () {
      yield gz.subarray(0, 4096);
      throw error;
    };
  const ours = new RepodataError('ERR_UNSUPPORTED', 'from the source');
  t.is(await t.throwsAsync(() => collectPrimary(failing(ours)(), { offThread: true })), ours);
  const plain = await t.throwsAsync(() => collectPrimary(failing(new Error('reset'))(), { offThread: true }));
  t.is((plain as RepodataError).code, 'ERR_DECOMPRESS');
  t.regex(plain!.message, /reset/);
  let released = false;
  async function* source() {
    try {
      for (let i = 0; i < gz.length; i += 1024) yield gz.subarray(i, i + 1024);
    } finally {
      released = true;
    }
  }
  for await (const batch of readPrimaryBatches(source(), { offThread: true })) {
    t.true(batch.length > 0);
    break;
  }
  for (let i = 0; i < 100 && !released; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  t.true(released);
});

test('repeated dependency entries are one shared object; near repeats are read on their own', (t) => {
  // Entries seen twice are kept by their tag bytes (EntryCache). Same bytes must give the same
  // object, and anything differing in a byte (a value, a quoted '>', attribute order, an entity)
  // its own entry equal to the strict walk's.
  const entries = [
    '<rpm:entry name="/bin/sh" pre="1"/>',
    '<rpm:entry name="libc.so.6(GLIBC_2.34)(64bit)"/>',
    '<rpm:entry name="glibc" flags="GE" epoch="0" ver="2.34"/>',
    '<rpm:entry name="glibc" flags="GE" epoch="0" ver="2.35"/>',
    '<rpm:entry name="a&gt;b" flags="EQ" epoch="0" ver="1" rel="1"/>',
    '<rpm:entry name="a>b" flags="EQ" epoch="0" ver="1" rel="1"/>',
    '<rpm:entry flags="GE" name="glibc" epoch="0" ver="2.34"/>',
  ];
  const body = Array.from(
    { length: 6 },
    (_, i) => `<package type="rpm">
  <name>dep${i}</name>
  <arch>x86_64</arch>
  <version epoch="0" ver="1" rel="1"/>
  <location href="dep${i}.rpm"/>
  <format><rpm:sourcerpm>dep-1-1.src.rpm</rpm:sourcerpm>
    <rpm:provides><rpm:entry name="dep${i}" flags="EQ" epoch="0" ver="1" rel="1"/></rpm:provides>
    <rpm:requires>${entries.slice(i % 2).join('')}</rpm:requires>
  </format>
</package>`,
  ).join('\n');
  const xml = Buffer.from(tiny(body).replace('packages="1"', 'packages="7"'));
  const run = (strict: boolean, size: number) => {
    const scanner = new PrimaryScanner({ strict, withDeps: true });
    const out = [];
    for (let i = 0; i < xml.length; i += size) out.push(...scanner.feed(xml.subarray(i, i + size)));
    scanner.finish();
    return out;
  };
  const reference = run(true, xml.length);
  t.deepEqual(
    reference[2]!.requires!.map((e) => `${e.name} ${e.flags} ${e.version}`),
    [
      'libc.so.6(GLIBC_2.34)(64bit) null null',
      'glibc GE 2.34',
      'glibc GE 2.35',
      'a>b EQ 1',
      'a>b EQ 1',
      'glibc GE 2.34',
    ],
  );
  for (const size of [7, 500, xml.length]) {
    const fast = run(false, size);
    t.deepEqual(fast, reference, `fast, chunks of ${size}`);
    // Packages 1, 3 and 5 list the same tags: from the second sighting on, the same objects.
    const [, , , p3, , p5] = fast.slice(1);
    for (let k = 0; k < p3!.requires!.length; k++) t.is(p5!.requires![k], p3!.requires![k]);
    // Equal values in different bytes (an entity, another attribute order) are other objects.
    t.not(p5!.requires![3], p5!.requires![4]);
    t.not(p5!.requires![1], p5!.requires![5]);
  }
});

test("withDeps 'provides': the provides of withDeps true, no requires, fast and strict alike", (t) => {
  // fetch's source index reads only capabilities; requires (most entries) are not read at all, so
  // a requires list the full read would refuse (an entry without a name) is not looked at either.
  const body = Array.from(
    { length: 4 },
    (_, i) => `<package type="rpm">
  <name>cap${i}</name>
  <arch>noarch</arch>
  <version epoch="0" ver="1" rel="${i}"/>
  <location href="cap${i}.rpm"/>
  <format><rpm:sourcerpm>cap-1-${i}.src.rpm</rpm:sourcerpm>
    <rpm:provides><rpm:entry name="cap${i}" flags="EQ" epoch="0" ver="1" rel="${i}"/><rpm:entry name="libcap.so.${i}"/></rpm:provides>
    <rpm:requires><rpm:entry name="/bin/sh" pre="1"/>${i === 3 ? '<rpm:entry flags="GE"/>' : ''}</rpm:requires>
  </format>
</package>`,
  ).join('\n');
  const xml = Buffer.from(tiny(body).replace('packages="1"', 'packages="5"'));
  const run = (withDeps: boolean | 'provides', strict: boolean, size: number) => {
    const scanner = new PrimaryScanner({ strict, withDeps });
    const out = [];
    for (let i = 0; i < xml.length; i += size) out.push(...scanner.feed(xml.subarray(i, i + size)));
    scanner.finish();
    return out;
  };
  const reference = run('provides', true, xml.length);
  t.deepEqual(
    reference.map((p) => [p.name, p.provides?.map((e) => e.name), 'requires' in p]),
    [
      ['a&b', [], false],
      ['cap0', ['cap0', 'libcap.so.0'], false],
      ['cap1', ['cap1', 'libcap.so.1'], false],
      ['cap2', ['cap2', 'libcap.so.2'], false],
      ['cap3', ['cap3', 'libcap.so.3'], false],
    ],
  );
  for (const size of [5, 300, xml.length]) t.deepEqual(run('provides', false, size), reference);
  // The full read refuses the nameless requires entry (both paths); without it, it gives the same
  // provides.
  t.throws(() => run(true, true, xml.length), { message: /without a name/ });
  t.throws(() => run(true, false, xml.length), { message: /without a name/ });
  const good = Buffer.from(xml.toString().replace('<rpm:entry flags="GE"/>', ''));
  const scanner = new PrimaryScanner({ withDeps: true });
  const full = [...scanner.feed(good)];
  scanner.finish();
  t.deepEqual(
    full.map((p) => p.provides),
    reference.map((p) => p.provides),
  );
  t.true(full.every((p) => Array.isArray(p.requires)));
});

test('the strict walk keeps a UTF-8 character cut by a chunk boundary whole', (t) => {
  // The tag walk decodes captured text when it ends: a character split over two chunks must not
  // become two replacement characters.
  const xml = Buffer.from(tiny('').replace('<name>a&amp;b</name>', '<name>café ✓</name>'));
  for (const size of [1, 2, 3, xml.length]) {
    const scanner = new PrimaryScanner({ strict: true });
    const out = [];
    for (let i = 0; i < xml.length; i += size) out.push(...scanner.feed(xml.subarray(i, i + size)));
    scanner.finish();
    t.deepEqual(
      out.map((p) => p.name),
      ['café ✓'],
      `chunks of ${size}`,
    );
  }
});
