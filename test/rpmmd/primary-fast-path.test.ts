/**
 * The fast path (fast-package.ts) against the strict tag walk, on inline documents: the same
 * packages, or the same error, at every chunking, in every mode; and the fast path takes the
 * packages written as createrepo_c writes them (its count), declining what could fool its searches
 * (comments, CDATA, processing instructions) or what it does not read in place.
 */
import test from 'ava';
import { PrimaryScanner, type PrimaryScannerOptions } from '../../src/rpmmd/primary-scanner.js';
import { RepodataError } from '../../src/rpmmd/errors.js';
import type { PrimaryPackage } from '../../src/rpmmd/primary-types.js';

/** A package as createrepo_c lays it out; `parts` replaces any of its lines. */
function pkg(
  i: number,
  parts: Partial<Record<'name' | 'version' | 'description' | 'location' | 'source', string>> = {},
) {
  return `<package type="rpm">
  <name>${parts.name ?? `p${i}`}</name>
  <arch>x86_64</arch>
  ${parts.version ?? `<version epoch="${i % 3}" ver="1.${i}" rel="2.fc41"/>`}
  <checksum type="sha256" pkgid="YES">${'ab'.repeat(32)}</checksum>
  <summary>The p${i} package &lt;core&gt;</summary>
  <description>${parts.description ?? 'A package &amp; its tools. It is packaged.'}</description>
  <packager>Fedora Project</packager>
  <url>https://example.org/p${i}</url>
  <time file="1700000000" build="1690000000"/>
  <size package="1" installed="2" archive="3"/>
  ${parts.location ?? `<location href="Packages/p/p${i}-1.${i}-2.fc41.x86_64.rpm"/>`}
  <format>
    <rpm:license>MIT</rpm:license>
    <rpm:vendor>Fedora Project</rpm:vendor>
    ${parts.source ?? `<rpm:sourcerpm>p${i}-1.${i}-2.fc41.src.rpm</rpm:sourcerpm>`}
    <rpm:header-range start="4504" end="5000"/>
    <rpm:provides>
      <rpm:entry name="p${i}" flags="EQ" epoch="0" ver="1.${i}" rel="2.fc41"/>
    </rpm:provides>
    <rpm:requires>
      <rpm:entry name="/bin/sh" pre="1"/>
      <rpm:entry name="libc.so.6(GLIBC_2.34)(64bit)"/>
    </rpm:requires>
    <file>/usr/bin/p${i}</file>
  </format>
</package>
`;
}

function doc(packages: string[], between = ''): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${packages.length}">
${packages.join(between)}</metadata>
`);
}

const modes: PrimaryScannerOptions[] = [
  {},
  { withDeps: true },
  { withDeps: 'provides' },
  { withChecksum: true },
  { withDeps: true, withChecksum: true },
];

function scan(xml: Buffer, options: PrimaryScannerOptions, cuts: number[]): [PrimaryPackage[], number] {
  const scanner = new PrimaryScanner(options);
  const out: PrimaryPackage[] = [];
  let at = 0;
  for (const cut of [...cuts, xml.length]) {
    out.push(...scanner.feed(xml.subarray(at, cut)));
    at = cut;
  }
  scanner.finish();
  return [out, scanner.fastCount];
}

const every = (xml: Buffer, size: number) =>
  Array.from({ length: Math.ceil(xml.length / size) - 1 }, (_, k) => (k + 1) * size);

/** Fast and strict agree at many chunkings in every mode; returns the fast path's count (whole buffer, default mode). */
function agree(t: import('ava').ExecutionContext, xml: Buffer): [PrimaryPackage[], number] {
  for (const options of modes) {
    const [reference] = scan(xml, { ...options, strict: true }, []);
    for (const size of [1, 2, 3, 5, 7, 13, 64, 333, 4096]) {
      t.deepEqual(
        scan(xml, options, every(xml, size))[0],
        reference,
        `${JSON.stringify(options)}, chunks of ${size}`,
      );
    }
  }
  return scan(xml, {}, []);
}

test('createrepo_c layout: every package read by the fast path, one after the other', (t) => {
  const xml = doc(Array.from({ length: 6 }, (_, i) => pkg(i)));
  const [packages, fast] = agree(t, xml);
  t.is(fast, 6);
  t.deepEqual(packages[4], {
    name: 'p4',
    epoch: 1,
    version: '1.4',
    release: '2.fc41',
    arch: 'x86_64',
    sourcerpm: 'p4-1.4-2.fc41.src.rpm',
    location: 'Packages/p/p4-1.4-2.fc41.x86_64.rpm',
    locationBase: null,
  });
});

test('</package> cut at each of its bytes by a chunk boundary', (t) => {
  const xml = doc([pkg(0), pkg(1), pkg(2)]);
  const references = modes.map((options) => scan(xml, { ...options, strict: true }, [])[0]);
  const first = xml.indexOf('</package>');
  for (const end of [first, xml.indexOf('</package>', first + 1)]) {
    for (let k = 0; k <= '</package>'.length; k++) {
      modes.forEach((options, m) => {
        t.deepEqual(scan(xml, options, [end + k])[0], references[m], `cut at ${k}`);
        // And the next package's start tag cut too.
        t.deepEqual(scan(xml, options, [end + k, end + 12 + k])[0], references[m], `cuts at ${k}, ${12 + k}`);
      });
    }
  }
});

test('attributes not in createrepo_c order, or with entities, are read all the same (collected)', (t) => {
  const xml = doc([
    pkg(0, { version: '<version rel="2" ver="1" epoch="7"/>' }),
    pkg(1, { version: '<version epoch="" ver="1&amp;1" rel="&#x41;"/>' }),
    pkg(2, { version: "<version epoch='0' ver='1' rel='2'/>" }),
    pkg(3, { version: '<version epoch="0" ver="1>0" rel="2" />' }),
    pkg(4, { location: '<location xml:base="http://mirror.example/" href="a.rpm"/>' }),
    pkg(5, { location: '<location href="a&amp;b%20c.rpm"/>' }),
    pkg(6, { location: '<location href="a.rpm" xml:base="http://b.example/"/>' }),
    pkg(7, { location: "<location href='q.rpm' />" }),
    pkg(8, { version: '<version epoch="0" ver="1" rel="2" ver="3"/>' }),
  ]);
  const [packages, fast] = agree(t, xml);
  t.deepEqual(
    packages.map((p) => [p.epoch, p.version, p.release, p.location, p.locationBase]),
    [
      [7, '1', '2', 'Packages/p/p0-1.0-2.fc41.x86_64.rpm', null],
      [null, '1&1', 'A', 'Packages/p/p1-1.1-2.fc41.x86_64.rpm', null],
      [0, '1', '2', 'Packages/p/p2-1.2-2.fc41.x86_64.rpm', null],
      [0, '1>0', '2', 'Packages/p/p3-1.3-2.fc41.x86_64.rpm', null],
      [1, '1.4', '2.fc41', 'a.rpm', 'http://mirror.example/'],
      [2, '1.5', '2.fc41', 'a&b%20c.rpm', null],
      [0, '1.6', '2.fc41', 'a.rpm', 'http://b.example/'],
      [1, '1.7', '2.fc41', 'q.rpm', null],
      [0, '1', '2', 'Packages/p/p8-1.8-2.fc41.x86_64.rpm', null],
    ],
  );
  t.is(fast, 9);
});

test('names and source rpms: UTF-8, entities and character references', (t) => {
  const xml = doc([
    pkg(0, { name: 'pâte-ß' }),
    pkg(1, { name: 'a&lt;b&#x263A;&#9731;' }),
    pkg(2, { source: '<rpm:sourcerpm>s&amp;t-1-1.src.rpm</rpm:sourcerpm>' }),
    pkg(3, { source: '<rpm:sourcerpm/>' }),
    pkg(4, { source: '<rpm:sourcerpm></rpm:sourcerpm>' }),
  ]);
  const [packages, fast] = agree(t, xml);
  t.deepEqual(
    packages.map((p) => [p.name, p.sourcerpm]),
    [
      ['pâte-ß', 'p0-1.0-2.fc41.src.rpm'],
      ['a<b☺☃', 'p1-1.1-2.fc41.src.rpm'],
      ['p2', 's&t-1-1.src.rpm'],
      ['p3', null],
      ['p4', null],
    ],
  );
  t.is(fast, 5);
});

test('a comment, CDATA section or processing instruction in a skipped span hides tags: the walk reads it', (t) => {
  const fake =
    '</package><package type="rpm"><name>fake</name><location href="fake.rpm"/><rpm:sourcerpm>fake</rpm:sourcerpm>';
  const xml = doc([
    pkg(0, { description: `<![CDATA[ ${fake} ]]>` }),
    pkg(1, { description: `x <!-- ${fake} --> y` }),
    pkg(2, { description: `<?pi ${fake} ?>` }),
    pkg(3),
    pkg(4).replace('<file>', `<!-- ${fake} --><file>`),
    pkg(5).replace('<rpm:license>', `<![CDATA[${fake}]]><rpm:license>`),
    pkg(6),
  ]);
  const [packages, fast] = agree(t, xml);
  t.deepEqual(
    packages.map((p) => [p.name, p.location, p.sourcerpm]),
    Array.from({ length: 7 }, (_, i) => [
      `p${i}`,
      `Packages/p/p${i}-1.${i}-2.fc41.x86_64.rpm`,
      `p${i}-1.${i}-2.fc41.src.rpm`,
    ]),
  );
  // The five with markup were walked; the others, right after them, were not.
  t.is(fast, 2);
});

test('between packages: whitespace, comments and other start tags are the walk’s, packages stay fast', (t) => {
  const xml = doc(
    [pkg(0), pkg(1).replace('<package type="rpm">', '<package  type="rpm" >'), pkg(2), pkg(3)],
    '\n<!-- between -->\n',
  );
  const [packages, fast] = agree(t, xml);
  t.deepEqual(
    packages.map((p) => p.name),
    ['p0', 'p1', 'p2', 'p3'],
  );
  t.is(fast, 4);
});

test('what the fast path does not read declines to the walk: no source rpm, other layouts', (t) => {
  const xml = doc([
    pkg(0, { source: '' }),
    pkg(1).replace('<format>', '<format >'),
    pkg(2)
      .replace(/<arch>x86_64<\/arch>\n {2}/, '')
      .replace('<name>', '<arch>noarch</arch><name>'),
    pkg(3),
  ]);
  const [packages, fast] = agree(t, xml);
  t.deepEqual(
    packages.map((p) => [p.name, p.arch, p.sourcerpm]),
    [
      ['p0', 'x86_64', null],
      ['p1', 'x86_64', 'p1-1.1-2.fc41.src.rpm'],
      ['p2', 'noarch', 'p2-1.2-2.fc41.src.rpm'],
      ['p3', 'x86_64', 'p3-1.3-2.fc41.src.rpm'],
    ],
  );
  t.is(fast, 1);
});

test('the same errors from both paths: bad entity, empty name, bad epoch', (t) => {
  for (const [bad, code] of [
    [pkg(1, { name: 'a&bogus;' }), 'ERR_XML_ENTITY'],
    [pkg(1, { location: '<location href="&bogus;"/>' }), 'ERR_XML_ENTITY'],
    [pkg(1, { name: '' }), 'ERR_PRIMARY_INVALID'],
    [pkg(1, { version: '<version epoch="x" ver="1" rel="1"/>' }), 'ERR_PRIMARY_INVALID'],
  ] as const) {
    const xml = doc([pkg(0), bad, pkg(2)]);
    for (const strict of [true, false]) {
      for (const size of [7, xml.length]) {
        const error = t.throws(() => scan(xml, { strict }, every(xml, size)));
        t.true(error instanceof RepodataError);
        t.is((error as RepodataError).code, code, `${bad.slice(0, 60)} strict ${strict}`);
      }
    }
  }
  // An entity the walk would refuse, inside a span neither path decodes, is no error for either.
  const quiet = doc([pkg(0, { description: 'a&bogus;b' })]);
  t.is(scan(quiet, {}, [])[0].length, 1);
});
