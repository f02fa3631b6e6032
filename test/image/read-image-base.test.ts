/**
 * readBaseImage over `oci:` images built at test time (python tarfile layers in ostree-ext's
 * order, umoci for the layout and labels, rpm for the database) from the world's real commits.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readBaseImage } from '../../src/base/read-base-image.js';
import { isComposeMatchError } from '../../src/errors.js';
import { ostreeLayer, rpmsOf } from '../helpers/image-layers.js';
import { addIndex, buildImage, fileDigest, skopeoZstd, type LayerEntry } from '../helpers/oci-image.js';
import { repoRoot } from '../helpers/repo-root.js';
import { makeRpmdb, makeWalCopy, worldRpms } from '../helpers/rpmdb-fixture.js';
import { testWithTools } from '../helpers/tools.js';

const test = testWithTools({ command: 'umoci' }, { command: 'rpm' });
const world = join(repoRoot, 'fixtures/world');
const truth = JSON.parse(readFileSync(join(world, 'truth.json'), 'utf8')) as {
  bases: Record<
    string,
    {
      commit: string;
      version: string;
      packages: { name: string; version: string; release: string; arch: string }[];
      recordedRepos: { id: string; timestamp: number }[];
    }
  >;
};
const tmp = (): string => mkdtempSync(join(tmpdir(), 'cm-image-'));

test('full rpm-ostree metadata: the commit in layer 0 gives the truth base, read stops early', async (t) => {
  const base = truth.bases['fcos-stable']!;
  const dir = tmp();
  const layout = buildImage(dir, 't', [ostreeLayer(base.commit, null)], {
    'ostree.commit': base.commit,
    'org.opencontainers.image.version': base.version,
  });
  const got = await readBaseImage({ kind: 'image', reference: `oci:${layout}:t`, arch: 'x86_64' });
  t.is(got.source.kind, 'image');
  t.is(got.commit, base.commit);
  t.is(got.version, base.version);
  t.deepEqual(
    got.repos.map((r) => [r.id, r.timestamp]),
    base.recordedRepos.map((r) => [r.id, r.timestamp]),
  );
  t.deepEqual(
    got.packages.map((p) => p.name),
    base.packages.map((p) => p.name),
  );
  t.is(got.image?.commitLayer, 0);
  t.is(got.image?.rpmdbLayer, null);
});

test('no commit (chunkah style): packages from the rpmdb through a hardlink and a symlink', async (t) => {
  const base = truth.bases['fcos-stable']!;
  const dir = tmp();
  const db = makeRpmdb(join(dir, 'db'), rpmsOf(base.packages));
  const layout = buildImage(dir, 't', [ostreeLayer(null, db)], {});
  const got = await readBaseImage({ kind: 'image', reference: `oci:${layout}:t`, arch: 'x86_64' });
  t.is(got.commit, null);
  t.deepEqual(
    got.packages.map((p) => `${p.name}-${p.version}-${p.release}`),
    base.packages.map((p) => `${p.name}-${p.version}-${p.release}`),
  );
  t.is(got.image?.rpmdbLayer, 0);
});

test('a symlink climbing above the image root on the way to the rpmdb is ERR_IMAGE_ESCAPE', async (t) => {
  const dir = tmp();
  const layout = buildImage(
    dir,
    't',
    [
      [
        { path: 'usr', type: 'dir' },
        { path: 'usr/share', type: 'dir' },
        { path: 'usr/share/rpm', type: 'symlink', linkpath: '../../../../host/rpm' },
      ],
    ],
    {},
  );
  const error = await t.throwsAsync(readBaseImage({ kind: 'image', reference: `oci:${layout}:t` }));
  t.true(isComposeMatchError(error));
  t.is((error as unknown as { code: string }).code, 'ERR_IMAGE_ESCAPE');
});

const fcos = truth.bases['fcos-stable']!;
const pkgNames = (b: { packages: { name: string; version: string; release: string }[] }): string[] =>
  b.packages.map((p) => `${p.name}-${p.version}-${p.release}`);

test('derived image: the top layer rpmdb wins and the layered package is noted', async (t) => {
  const dir = tmp();
  const rpms = rpmsOf(fcos.packages);
  const db0 = makeRpmdb(join(dir, 'db0'), rpms);
  const extra = worldRpms().find((f) => basename(f).startsWith('gnutls-devel-'))!;
  const db1 = makeRpmdb(join(dir, 'db1'), [...rpms, extra]);
  const layer0 = ostreeLayer(fcos.commit, db0);
  const layer1: LayerEntry[] = [
    { path: 'usr', type: 'dir' },
    { path: 'usr/share', type: 'dir' },
    { path: 'usr/share/rpm', type: 'dir' },
    { path: 'usr/share/rpm/rpmdb.sqlite', type: 'file', src: join(db1, 'rpmdb.sqlite') },
  ];
  // ostree.final-diffid names layer 0's diff_id: what ostree-ext wrote; layer 1 is derived.
  buildImage(dir, 'base', [layer0], {});
  const diffid = fileDigest(join(dir, 'layer-base-0.tar'));
  const layout = buildImage(dir, 't', [layer0, layer1], {
    'ostree.commit': fcos.commit,
    'ostree.final-diffid': diffid,
  });
  const got = await readBaseImage({ kind: 'image', reference: `oci:${layout}:t`, arch: 'x86_64' });
  t.is(got.commit, fcos.commit);
  t.is(got.image?.rpmdbLayer, 1);
  t.true(got.packages.some((p) => p.name === 'gnutls-devel'));
  t.true(got.notes.some((n) => n.startsWith('layered on top of the commit') && n.includes('gnutls-devel')));
  t.true(got.repos.length > 0);
});

test('a non-empty -wal beside the rpmdb is replayed', async (t) => {
  const dir = tmp();
  const rpms = rpmsOf(fcos.packages);
  const db = makeRpmdb(join(dir, 'db'), rpms);
  const extra = makeRpmdb(join(dir, 'extra'), [
    worldRpms().find((f) => basename(f).startsWith('gnutls-devel-'))!,
  ]);
  const walSize = makeWalCopy(db, extra, join(dir, 'wal'), 1);
  t.true(walSize > 0);
  const layout = buildImage(
    dir,
    't',
    [
      [
        { path: 'usr', type: 'dir' },
        { path: 'usr/share', type: 'dir' },
        { path: 'usr/share/rpm', type: 'dir' },
        { path: 'usr/share/rpm/rpmdb.sqlite', type: 'file', src: join(dir, 'wal/rpmdb.sqlite') },
        { path: 'usr/share/rpm/rpmdb.sqlite-wal', type: 'file', src: join(dir, 'wal/rpmdb.sqlite-wal') },
        { path: 'var', type: 'dir' },
        { path: 'var/lib', type: 'dir' },
        { path: 'var/lib/rpm', type: 'symlink', linkpath: '/usr/share/rpm' },
      ],
    ],
    {},
  );
  const got = await readBaseImage({ kind: 'image', reference: `oci:${layout}:t`, arch: 'x86_64' });
  t.true(got.packages.some((p) => p.name === 'gnutls-devel'));
  t.is(got.packages.length, fcos.packages.length);
  t.true(got.notes.some((n) => n.includes('-wal replayed')));
});

test('a whiteout in a later layer removes the rpmdb: no data is ERR_IMAGE_NO_DATA', async (t) => {
  const dir = tmp();
  const db = makeRpmdb(join(dir, 'db'), rpmsOf(fcos.packages));
  const layout = buildImage(
    dir,
    't',
    [
      ostreeLayer(null, db),
      [
        { path: 'usr', type: 'dir' },
        { path: 'usr/share', type: 'dir' },
        { path: 'usr/share/.wh.rpm', type: 'file', data: '' },
      ],
    ],
    {},
  );
  const error = await t.throwsAsync(readBaseImage({ kind: 'image', reference: `oci:${layout}:t` }));
  t.is((error as unknown as { code: string }).code, 'ERR_IMAGE_NO_DATA');
});

test('a corrupt rpmdb is a typed rpmdb error', async (t) => {
  const dir = tmp();
  const layout = buildImage(
    dir,
    't',
    [
      [
        { path: 'usr', type: 'dir' },
        { path: 'usr/share', type: 'dir' },
        { path: 'usr/share/rpm', type: 'dir' },
        { path: 'usr/share/rpm/rpmdb.sqlite', type: 'file', data: 'SQLite format 3\0' + 'x'.repeat(2000) },
      ],
    ],
    {},
  );
  const error = await t.throwsAsync(readBaseImage({ kind: 'image', reference: `oci:${layout}:t` }));
  t.true(isComposeMatchError(error));
  t.regex((error as unknown as { code: string }).code, /^ERR_RPMDB_/);
});

test('an ostree.commit label naming another commit is ERR_IMAGE_COMMIT_MISMATCH', async (t) => {
  const dir = tmp();
  const layout = buildImage(dir, 't', [ostreeLayer(fcos.commit, null)], { 'ostree.commit': 'f'.repeat(64) });
  const error = await t.throwsAsync(readBaseImage({ kind: 'image', reference: `oci:${layout}:t` }));
  t.is((error as unknown as { code: string }).code, 'ERR_IMAGE_COMMIT_MISMATCH');
});

test('multi-arch index: the requested arch is picked, a missing one is ERR_OCI_NO_ARCH', async (t) => {
  const dir = tmp();
  const iot = truth.bases['iot']!;
  buildImage(dir, 'amd', [ostreeLayer(fcos.commit, null)], {}, 'amd64');
  const layout = buildImage(dir, 'arm', [ostreeLayer(iot.commit, null)], {}, 'arm64');
  addIndex(layout, 'multi', { amd: 'amd64', arm: 'arm64' });
  const amd = await readBaseImage({ kind: 'image', reference: `oci:${layout}:multi`, arch: 'x86_64' });
  t.is(amd.commit, fcos.commit);
  t.truthy(amd.image?.indexDigest);
  const arm = await readBaseImage({ kind: 'image', reference: `oci:${layout}:multi`, arch: 'aarch64' });
  t.is(arm.commit, iot.commit);
  t.is(arm.version, iot.version);
  const error = await t.throwsAsync(
    readBaseImage({ kind: 'image', reference: `oci:${layout}:multi`, arch: 's390x' }),
  );
  t.is((error as unknown as { code: string }).code, 'ERR_OCI_NO_ARCH');
});

testWithTools(
  { command: 'umoci' },
  { command: 'rpm' },
  { command: 'skopeo' },
)('zstd layers (skopeo) read like gzip ones', async (t) => {
  const dir = tmp();
  const db = makeRpmdb(join(dir, 'db'), rpmsOf(fcos.packages));
  const layout = buildImage(dir, 't', [ostreeLayer(null, db)], {});
  skopeoZstd(`oci:${layout}:t`, `oci:${join(dir, 'zstd')}:t`);
  const blob = (d: string): { layers?: { mediaType: string }[] } =>
    JSON.parse(readFileSync(join(dir, 'zstd/blobs/sha256', d.slice('sha256:'.length)), 'utf8'));
  const top = JSON.parse(readFileSync(join(dir, 'zstd/index.json'), 'utf8')) as {
    manifests: { digest: string }[];
  };
  t.is(blob(top.manifests[0]!.digest).layers?.[0]?.mediaType, 'application/vnd.oci.image.layer.v1.tar+zstd');
  const got = await readBaseImage({ kind: 'image', reference: `oci:${join(dir, 'zstd')}:t`, arch: 'x86_64' });
  t.deepEqual(
    got.packages.map((p) => `${p.name}-${p.version}-${p.release}`),
    pkgNames(fcos),
  );
});
