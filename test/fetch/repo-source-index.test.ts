/**
 * The repo source's index over a hand-written primary.xml (no tools needed): a NEVRA is found among
 * the builds of its name (one or several), an unset epoch is 0, and `providersOf` answers from the
 * `=` provides that are not the package's own name, which is all its read keeps.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { createRepoSource } from '../../src/fetch/sources/repo-source.js';

const sum = (n: number) => n.toString(16).padStart(64, '0');

const pkg = (
  name: string,
  epoch: string,
  ver: string,
  arch: string,
  n: number,
  provides: string,
) => `<package type="rpm">
  <name>${name}</name>
  <arch>${arch}</arch>
  <version epoch="${epoch}" ver="${ver}" rel="1.fc41"/>
  <checksum type="sha256" pkgid="YES">${sum(n)}</checksum>
  <location href="Packages/${name}-${ver}-1.fc41.${arch}.rpm"/>
  <format>
    <rpm:sourcerpm>${arch === 'src' ? '' : `${name}-${ver}-1.fc41.src.rpm`}</rpm:sourcerpm>
    <rpm:provides>
      <rpm:entry name="${name}" flags="EQ" epoch="${epoch}" ver="${ver}" rel="1.fc41"/>
      <rpm:entry name="${name}(x86-64)" flags="EQ" epoch="${epoch}" ver="${ver}" rel="1.fc41"/>
      ${provides}
    </rpm:provides>
    <rpm:requires><rpm:entry name="/bin/sh"/></rpm:requires>
  </format>
</package>`;

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'repo-index-'));
  mkdirSync(join(dir, 'repodata'));
  const body = [
    pkg(
      'kernel-devel',
      '0',
      '6.11.4',
      'x86_64',
      1,
      '<rpm:entry name="kernel-devel-uname-r" flags="EQ" epoch="0" ver="6.11.4-1.fc41.x86_64"/>',
    ),
    pkg(
      'kernel-devel',
      '0',
      '6.11.5',
      'x86_64',
      2,
      '<rpm:entry name="kernel-devel-uname-r" flags="EQ" epoch="0" ver="6.11.5-1.fc41.x86_64"/>',
    ),
    pkg(
      'kernel-devel',
      '0',
      '6.11.5',
      'aarch64',
      3,
      '<rpm:entry name="kernel-devel-uname-r" flags="EQ" epoch="0" ver="6.11.5-1.fc41.aarch64"/>',
    ),
    pkg(
      'tool',
      '2',
      '1.0',
      'x86_64',
      4,
      '<rpm:entry name="libtool.so.1()(64bit)"/><rpm:entry name="tool-abi" flags="GE" ver="1"/>',
    ),
    pkg('tool', '2', '1.0', 'src', 5, '<rpm:entry name="from-source" flags="EQ" ver="1"/>'),
  ];
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${body.length}">
${body.join('\n')}
</metadata>
`;
  const gz = gzipSync(xml);
  writeFileSync(join(dir, 'repodata', 'primary.xml.gz'), gz);
  writeFileSync(
    join(dir, 'repodata', 'repomd.xml'),
    `<?xml version="1.0" encoding="UTF-8"?><repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>1</revision><data type="primary"><checksum type="sha256">${createHash('sha256').update(gz).digest('hex')}</checksum><location href="repodata/primary.xml.gz"/><timestamp>1</timestamp><size>${gz.length}</size></data></repomd>`,
  );
  return `${pathToFileURL(dir).href}/`;
}

test('a repo source finds a NEVRA among the builds of its name, and capabilities by their = provides', async (t) => {
  const url = repo();
  const fetcher = createFileFetcher();
  const source = createRepoSource({ ref: { kind: 'pool', name: 'pool', url }, fetcher });
  const nevra = { name: 'kernel-devel', epoch: null, version: '6.11.5', release: '1.fc41', arch: 'x86_64' };
  const found = await source.locate(nevra, null);
  t.is(found?.url, `${url}Packages/kernel-devel-6.11.5-1.fc41.x86_64.rpm`);
  t.deepEqual(found?.checksum, { type: 'sha256', value: sum(2) });
  t.deepEqual(found?.nevra, { ...nevra, epoch: 0 });
  t.is((await source.locate({ ...nevra, arch: 'aarch64' }, null))?.checksum?.value, sum(3));
  t.is(await source.locate({ ...nevra, epoch: 1 }, null), null);
  t.is(await source.locate({ ...nevra, release: '2.fc41' }, null), null);
  // A name with one build: found by its epoch; the source package is never a build to fetch.
  const tool = { name: 'tool', epoch: 2, version: '1.0', release: '1.fc41', arch: 'x86_64' };
  t.is((await source.locate(tool, null))?.sourcerpm, 'tool-1.0-1.fc41.src.rpm');
  t.is(await source.locate({ ...tool, epoch: null }, null), null);
  t.is(await source.locate({ ...tool, arch: 'src' }, null), null);
  t.deepEqual(
    (await source.packagesNamed('kernel-devel')).map((p) => `${p.version}.${p.arch}`),
    ['6.11.4.x86_64', '6.11.5.x86_64', '6.11.5.aarch64'],
  );
  // What packagesNamed returns is the caller's: changing it changes nothing in the source.
  (await source.packagesNamed('tool')).length = 0;
  t.is((await source.packagesNamed('tool')).length, 1);
  t.deepEqual(await source.packagesNamed('nothing'), []);
  t.deepEqual(await source.providersOf!('kernel-devel-uname-r'), ['kernel-devel']);
  // Own names, unversioned and >= provides are not capabilities here, nor a source package's.
  for (const capability of [
    'kernel-devel',
    'kernel-devel(x86-64)',
    'libtool.so.1()(64bit)',
    'tool-abi',
    'from-source',
  ])
    t.deepEqual(await source.providersOf!(capability), [], capability);
  t.is(fetcher.stats().requests, 2);
});
