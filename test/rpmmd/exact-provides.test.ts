/**
 * `withDeps: 'exact-provides'`: the `=` provides not named after their package, what fetch's
 * capability index reads. Both paths (the fast one compares bytes and skips the rest unread, the
 * tag walk filters decoded entries) must give the full read's provides, filtered, and refuse what
 * the full read refuses.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PrimaryScanner } from '../../src/rpmmd/primary-scanner.js';
import { findRecord, parseRepomd } from '../../src/rpmmd/repomd.js';
import type {
  DependencySelection,
  PrimaryDependency,
  PrimaryPackage,
} from '../../src/rpmmd/primary-types.js';
import { repoWith } from '../helpers/scan-repos.js';
import { testWithTools } from '../helpers/tools.js';

const tools = testWithTools({ command: 'rpmbuild' }, { command: 'createrepo_c' }, { python: 'createrepo_c' });

const doc = (body: string, count: number) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${count}">
${body}
</metadata>
`);

const pkg = (
  name: string,
  provides: string,
  requires = '<rpm:entry name="/bin/sh"/>',
) => `<package type="rpm">
  <name>${name}</name>
  <arch>x86_64</arch>
  <version epoch="0" ver="1" rel="1"/>
  <location href="${name}.rpm"/>
  <format><rpm:sourcerpm>x-1-1.src.rpm</rpm:sourcerpm>
    <rpm:provides>${provides}</rpm:provides>
    <rpm:requires>${requires}</rpm:requires>
  </format>
</package>`;

function read(xml: Buffer, withDeps: DependencySelection, strict: boolean, size: number): PrimaryPackage[] {
  const scanner = new PrimaryScanner({ strict, withDeps });
  const out: PrimaryPackage[] = [];
  for (let i = 0; i < xml.length; i += size) out.push(...scanner.feed(xml.subarray(i, i + size)));
  scanner.finish();
  return out;
}

/** The full read's provides, as an exact read returns them. */
const exactOf = (full: PrimaryPackage[]) =>
  full.map((p) => ({
    ...p,
    requires: undefined,
    provides: p.provides!.filter(
      (e) => e.flags === 'EQ' && e.name !== p.name && !e.name.startsWith(`${p.name}(`),
    ),
  }));
const withoutRequires = (packages: PrimaryPackage[]) => packages.map((p) => ({ ...p, requires: undefined }));
const names = (deps: PrimaryDependency[] | undefined) =>
  deps?.map((e) => `${e.name} ${e.flags ?? ''} ${e.version ?? ''}`);

const tricky = doc(
  [
    // Own name, own name(arch), a library, a pre entry: none kept; a versioned config() and a
    // name that only starts like the package's: kept.
    pkg(
      'cap',
      `<rpm:entry name="cap" flags="EQ" epoch="0" ver="1" rel="1"/><rpm:entry name="cap(x86-64)" flags="EQ" epoch="0" ver="1" rel="1"/>
      <rpm:entry name="libcap.so.1()(64bit)"/><rpm:entry name="capx" flags="EQ" epoch="0" ver="2"/>
      <rpm:entry name="config(cap)" flags="EQ" epoch="0" ver="1" rel="1"/><rpm:entry name="cap-abi" flags="GE" ver="1"/>
      <rpm:entry name="pre-cap" pre="1"/>`,
    ),
    // Entities and non-ASCII: the package's own name written another way is still its own.
    pkg(
      'a&amp;b',
      `<rpm:entry name="a&amp;b" flags="EQ" ver="1"/><rpm:entry name="a&#38;b(x86-64)" flags="EQ" ver="1"/>
      <rpm:entry name="caf&#xe9;" flags="&#69;Q" ver="1"/><rpm:entry name="a&amp;bc" flags="EQ" ver="1"/>`,
    ),
    pkg(
      'café',
      `<rpm:entry name="café" flags="EQ" ver="1"/><rpm:entry name="café(x)" flags="EQ" ver="1"/><rpm:entry name="cafés" flags="EQ" ver="1"/>`,
    ),
    // Single quotes, attributes in another order, a '>' inside a value, a name-only entry with
    // spaces: read as the full read reads them.
    pkg(
      'q',
      `<rpm:entry name='kernel-uname-r' flags='EQ' ver='6.1'/><rpm:entry flags="EQ" name="rev>1" ver="1"/>
      <rpm:entry name="plain" /><rpm:entry name="x"  flags="EQ" ver="3"/>`,
    ),
    pkg('none', ''),
  ].join('\n'),
  5,
);

test("withDeps 'exact-provides': the full read's `=` provides not named after the package, both paths, any chunking", (t) => {
  const full = read(tricky, true, true, tricky.length);
  const reference = read(tricky, 'exact-provides', true, tricky.length);
  t.deepEqual(withoutRequires(reference), exactOf(full));
  t.deepEqual(
    reference.map((p) => [p.name, names(p.provides), 'requires' in p]),
    [
      ['cap', ['capx EQ 2', 'config(cap) EQ 1'], false],
      ['a&b', ['café EQ 1', 'a&bc EQ 1'], false],
      ['café', ['cafés EQ 1'], false],
      ['q', ['kernel-uname-r EQ 6.1', 'rev>1 EQ 1', 'x EQ 3'], false],
      ['none', [], false],
    ],
  );
  // Lists are read-only: a package without such a provide gets one frozen empty list, both paths.
  const none = (packages: PrimaryPackage[]) => packages.find((p) => p.name === 'none')!.provides;
  t.true(Object.isFrozen(none(reference)));
  t.is(none(read(tricky, 'exact-provides', false, tricky.length)), none(reference));
  for (const size of [1, 7, 64, tricky.length]) {
    t.deepEqual(read(tricky, 'exact-provides', false, size), reference, `fast, chunks of ${size}`);
    t.deepEqual(read(tricky, 'exact-provides', true, size), reference, `strict, chunks of ${size}`);
  }
});

test("withDeps 'exact-provides' refuses a nameless provide as the full read does, and does not read requires", (t) => {
  const nameless = doc(
    pkg('n', '<rpm:entry name="n" flags="EQ" ver="1"/><rpm:entry flags="EQ" ver="1"/>'),
    1,
  );
  for (const strict of [false, true]) {
    t.throws(() => read(nameless, 'exact-provides', strict, nameless.length), { message: /without a name/ });
    t.throws(() => read(nameless, true, strict, nameless.length), { message: /without a name/ });
  }
  const badRequires = doc(pkg('r', '<rpm:entry name="lib.so"/>', '<rpm:entry flags="GE"/>'), 1);
  for (const strict of [false, true]) {
    t.deepEqual(
      read(badRequires, 'exact-provides', strict, badRequires.length).map((p) => [
        p.name,
        p.provides,
        'requires' in p,
      ]),
      [['r', [], false]],
    );
  }
});

tools("withDeps 'exact-provides' on createrepo_c's repo: the full read's provides, filtered", (t) => {
  const dir = repoWith('gz');
  const repomd = parseRepomd(readFileSync(join(dir, 'repodata/repomd.xml'), 'utf8'));
  const xml = gunzipSync(readFileSync(join(dir, findRecord(repomd, 'primary')!.location)));
  const full = read(xml, true, true, xml.length);
  // The repo's -devel packages provide `name = EVR` only under their own name; the test specs
  // state no others, so the filter must keep what is there and nothing else.
  const expected = exactOf(full);
  for (const strict of [false, true]) {
    for (const size of [13, 4096])
      t.deepEqual(withoutRequires(read(xml, 'exact-provides', strict, size)), expected);
  }
});
