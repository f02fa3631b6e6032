/**
 * The sources over trees built by real tools (createrepo_c repos of rpmsign-signed copies, a Koji
 * `packages/` tree with sigcache headers): each locates exactly the NEVRA asked, reads its metadata
 * once however many lookups, and fails with a typed error the chain can record.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { createKojiSource } from '../../src/fetch/sources/koji-source.js';
import { createRepoSource, fileUrl } from '../../src/fetch/sources/repo-source.js';
import { RepodataError } from '../../src/rpmmd/errors.js';
import test from 'ava';
import { RpmFetchError } from '../../src/fetch/errors.js';
import { FetchError } from '../../src/io/errors.js';
import { testWithTools } from '../helpers/tools.js';
import { nevraOf, sourcesWorld, srpmOf, subpackages } from './helpers/sources-world.js';

const tools = testWithTools(
  { command: 'rpmbuild' },
  { command: 'rpmsign' },
  { command: 'gpg' },
  { command: 'createrepo_c' },
);

const dirUrl = (dir: string) => `${pathToFileURL(dir).href}/`;

tools(
  'a repo source locates each NEVRA with its URL and checksum, and reads repomd + primary once',
  async (t) => {
    const w = sourcesWorld();
    const fetcher = createFileFetcher();
    const pool = createRepoSource({
      ref: { kind: 'pool', name: 'coreos-pool', url: dirUrl(w.poolDir) },
      fetcher,
    });
    for (const name of subpackages) {
      const located = await pool.locate(nevraOf('pool', name), null);
      t.truthy(located, name);
      t.is(located!.url, `${dirUrl(w.poolDir)}${name}-6.11.4-301.fc41.noarch.rpm`);
      t.is(located!.sourcerpm, srpmOf('pool'));
      const sha = createHash('sha256')
        .update(readFileSync(join(w.poolDir, `${name}-6.11.4-301.fc41.noarch.rpm`)))
        .digest('hex');
      t.deepEqual(located!.checksum, { type: 'sha256', value: sha });
      t.true(located!.signed);
      t.is(located!.signatureUrl, null);
      // primary.xml writes epoch="0": the base's unset epoch and an explicit 0 are the same build.
      t.is(located!.nevra.epoch, 0);
      t.truthy(await pool.locate({ ...nevraOf('pool', name), epoch: 0 }, null));
    }
    t.is(await pool.locate(nevraOf('archive', 'kernel-devel'), null), null);
    t.is(await pool.locate({ ...nevraOf('pool', 'kernel-devel'), epoch: 1 }, null), null);
    t.is(await pool.locate({ ...nevraOf('pool', 'kernel-devel'), arch: 'x86_64' }, null), null);
    const named = await pool.packagesNamed('kernel-core');
    t.deepEqual(
      named.map((p) => [p.name, p.version, p.release, p.sourcerpm]),
      [['kernel-core', '6.11.4', '301.fc41', srpmOf('pool')]],
    );
    t.deepEqual(await pool.packagesNamed('gnutls'), []);
    // repomd.xml and primary.xml: two reads for all of the above.
    t.is(fetcher.stats().requests, 2);
  },
);

tools(
  'a repo source that cannot be read fails every lookup with the same typed error, asking once',
  async (t) => {
    const fetcher = createFileFetcher();
    const gone = createRepoSource({
      ref: {
        kind: 'compose',
        name: 'Fedora-41-updates-20261101.0',
        url: dirUrl(join(sourcesWorld().top, 'no-such-compose')),
      },
      fetcher,
    });
    const first = await t.throwsAsync(gone.locate(nevraOf('pool', 'kernel-devel'), null), {
      instanceOf: FetchError,
    });
    t.is(first.code, 'ERR_NOT_FOUND');
    const second = await t.throwsAsync(gone.packagesNamed('kernel-devel'), { instanceOf: FetchError });
    t.is(second, first);
    t.is(fetcher.stats().requests, 1);
  },
);

tools(
  'Koji locates the unsigned copy and the sigcache header for it; no header means signed: false',
  async (t) => {
    const w = sourcesWorld();
    const fetcher = createFileFetcher();
    const koji = createKojiSource({ root: dirUrl(w.kojiRoot), fetcher });
    const root = dirUrl(w.kojiRoot);
    const signed = await koji.locate(nevraOf('kojiSigned', 'kernel-devel'), srpmOf('kojiSigned'));
    t.deepEqual(signed, {
      nevra: nevraOf('kojiSigned', 'kernel-devel'),
      sourcerpm: srpmOf('kojiSigned'),
      source: { kind: 'koji', name: 'koji', url: root },
      url: `${root}kernel/6.11.2/300.fc41/noarch/kernel-devel-6.11.2-300.fc41.noarch.rpm`,
      checksum: null,
      signatureUrl: `${root}kernel/6.11.2/300.fc41/data/sigcache/${w.keyId}/noarch/kernel-devel-6.11.2-300.fc41.noarch.rpm.sig`,
      signed: true,
    });
    const unsigned = await koji.locate(nevraOf('kojiUnsigned', 'kernel-core'), srpmOf('kojiUnsigned'));
    t.is(unsigned!.signatureUrl, null);
    t.false(unsigned!.signed);
    t.is(await koji.locate(nevraOf('pool', 'kernel-core'), srpmOf('pool')), null);
    t.is(await koji.locate(nevraOf('kojiSigned', 'kernel-debug'), srpmOf('kojiSigned')), null);
    // Another key than the build's: no header for it, so the copy counts as unsigned.
    const otherKey = createKojiSource({ root, fetcher, keyIds: ['DEADBEEF'] });
    t.false((await otherKey.locate(nevraOf('kojiSigned', 'kernel-devel'), srpmOf('kojiSigned')))!.signed);
    const sameKey = createKojiSource({ root, fetcher, keyIds: ['deadbeef', w.keyId.toUpperCase()] });
    t.true((await sameKey.locate(nevraOf('kojiSigned', 'kernel-devel'), srpmOf('kojiSigned')))!.signed);
    t.deepEqual(await koji.packagesNamed('kernel-devel'), []);
  },
);

tools('Koji lists each directory once for all subpackages of a build', async (t) => {
  const w = sourcesWorld();
  const fetcher = createFileFetcher();
  const koji = createKojiSource({ root: dirUrl(w.kojiRoot), fetcher });
  for (const name of subpackages)
    t.true((await koji.locate(nevraOf('kojiSigned', name), srpmOf('kojiSigned')))!.signed);
  // noarch/, data/sigcache/, data/sigcache/<keyid>/noarch/
  t.is(fetcher.stats().requests, 3);
});

tools('Koji without a SOURCERPM, or with a malformed one, is a typed error', async (t) => {
  const koji = createKojiSource({ root: dirUrl(sourcesWorld().kojiRoot), fetcher: createFileFetcher() });
  const none = await t.throwsAsync(koji.locate(nevraOf('kojiSigned', 'kernel-devel'), null), {
    instanceOf: RpmFetchError,
  });
  t.is(none.code, 'ERR_FETCH_NO_SOURCERPM');
  t.is(none.subject, 'kernel-devel-6.11.2-300.fc41.noarch.rpm');
  const bad = await t.throwsAsync(koji.locate(nevraOf('kojiSigned', 'kernel-devel'), 'kernel.src.rpm'), {
    instanceOf: RpmFetchError,
  });
  t.is(bad.code, 'ERR_FETCH_BAD_SOURCERPM');
});

test('xml:base is a directory with or without its trailing slash', (t) => {
  const pkg = { location: 'k/kernel-1-1.noarch.rpm', locationBase: 'https://mirror.example/repo' };
  const root = 'file:///srv/repo/';
  t.is(
    fileUrl({ ...nevraOf('pool', 'kernel'), sourcerpm: null, ...pkg }, root),
    'https://mirror.example/repo/k/kernel-1-1.noarch.rpm',
  );
  t.is(
    fileUrl(
      { ...nevraOf('pool', 'kernel'), sourcerpm: null, ...pkg, locationBase: 'https://mirror.example/repo/' },
      root,
    ),
    'https://mirror.example/repo/k/kernel-1-1.noarch.rpm',
  );
  t.is(
    fileUrl({ ...nevraOf('pool', 'kernel'), sourcerpm: null, ...pkg, locationBase: null }, root),
    'file:///srv/repo/k/kernel-1-1.noarch.rpm',
  );
});

tools(
  'a repo whose primary.xml does not match repomd.xml fails as a source, with nothing indexed',
  async (t) => {
    const copy = mkdtempSync(join(tmpdir(), 'cm-bad-primary-'));
    cpSync(sourcesWorld().poolDir, copy, { recursive: true });
    const primary = readdirSync(join(copy, 'repodata')).find((f) => f.endsWith('primary.xml.gz'))!;
    const file = join(copy, 'repodata', primary);
    const bytes = readFileSync(file);
    // Same length, one byte changed inside the gzip trailer's CRC: decompression may pass, the checksum cannot.
    bytes[bytes.length - 6] = bytes[bytes.length - 6]! ^ 0x01;
    writeFileSync(file, bytes);
    const source = createRepoSource({
      ref: { kind: 'pool', name: 'coreos-pool', url: dirUrl(copy) },
      fetcher: createFileFetcher(),
    });
    const error = await t.throwsAsync(source.locate(nevraOf('pool', 'kernel'), null), {
      instanceOf: RepodataError,
    });
    t.true(['ERR_CHECKSUM_MISMATCH', 'ERR_DECOMPRESS'].includes(error.code), error.code);
  },
);
