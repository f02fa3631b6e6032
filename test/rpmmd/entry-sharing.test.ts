/**
 * Dependency entries are shared by the bytes of their tag from the second sighting on (the entry
 * cache), and the many entries that occur once must not undo that: a package's own name and
 * libraries pass through between two packages that require the same things.
 */
import test from 'ava';
import { PrimaryScanner } from '../../src/rpmmd/primary-scanner.js';

const pkg = (name: string, provides: string[], requires: string[]) => `<package type="rpm">
  <name>${name}</name>
  <arch>x86_64</arch>
  <version epoch="0" ver="1" rel="1"/>
  <location href="${name}.rpm"/>
  <format><rpm:sourcerpm>${name}-1-1.src.rpm</rpm:sourcerpm>
    <rpm:provides>${provides.map((p) => `<rpm:entry name="${p}"/>`).join('')}</rpm:provides>
    <rpm:requires>${requires.map((r) => `<rpm:entry name="${r}" flags="GE" epoch="0" ver="2"/>`).join('')}</rpm:requires>
  </format>
</package>`;

test('entries that repeat stay shared however many unique entries come between them', (t) => {
  const common = Array.from({ length: 50 }, (_, i) => `libcommon${i}`);
  const noise = Array.from({ length: 100 }, (_, p) =>
    pkg(
      `noise${p}`,
      Array.from({ length: 200 }, (_, i) => `libnoise${p}-${i}.so()(64bit)`),
      [],
    ),
  );
  const body = [pkg('first', [], common), ...noise, pkg('second', [], common), pkg('third', [], common)];
  const xml = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${body.length}">
${body.join('\n')}
</metadata>
`);
  const scanner = new PrimaryScanner({ withDeps: true });
  const packages = scanner.feed(xml);
  scanner.finish();
  const [first, second, third] = ['first', 'second', 'third'].map((n) => packages.find((p) => p.name === n)!);
  // Equal values everywhere; from the second package on (the second sighting), the same objects,
  // though 20,000 entries seen once were read in between.
  t.deepEqual(second!.requires, first!.requires);
  t.deepEqual(third!.requires, first!.requires);
  const shared = second!.requires!.filter((e, k) => e === third!.requires![k]).length;
  // A first sighting can be lost when a later tag's hash takes its slot (a few in a hundred here:
  // 20,000 tags over 262,144 slots); a single table that every tag replaced kept 20 of the 50.
  t.true(shared >= 45, `${shared} of ${common.length} shared`);
});
