/**
 * readBaseImage over `oci:` images built at test time (python tarfile layers in ostree-ext's
 * order, umoci for the layout and labels, rpm for the database) from the world's real commits.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readBaseImage } from '../../src/base/read-base-image.js';
import { isComposeMatchError } from '../../src/errors.js';
import { buildImage, type LayerEntry } from '../helpers/oci-image.js';
import { repoRoot } from '../helpers/repo-root.js';
import { makeRpmdb, worldRpms } from '../helpers/rpmdb-fixture.js';
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
const objects = join(world, 'ostree/repo/objects');
const obj = (sum: string): string => `sysroot/ostree/repo/objects/${sum.slice(0, 2)}/${sum.slice(2)}`;
const DBOBJ = 'ab'.padEnd(64, 'c');

/** Layer 0 as ostree-ext lays it out: repo dirs, config, the commit (and commitmeta), then content. */
function ostreeLayer(commit: string | null, db: string | null): LayerEntry[] {
  const entries: LayerEntry[] = [
    { path: 'sysroot', type: 'dir' },
    { path: 'sysroot/ostree', type: 'dir' },
    { path: 'sysroot/ostree/repo', type: 'dir' },
    {
      path: 'sysroot/ostree/repo/config',
      type: 'file',
      data: '[core]\nrepo_version=1\nmode=bare-split-xattrs\n',
    },
    { path: 'sysroot/ostree/repo/objects', type: 'dir' },
  ];
  if (commit !== null) {
    const src = join(objects, commit.slice(0, 2), `${commit.slice(2)}.commit`);
    entries.push({ path: `${obj(commit)}.commit`, type: 'file', src });
    const meta = join(objects, commit.slice(0, 2), `${commit.slice(2)}.commitmeta`);
    if (existsSync(meta)) entries.push({ path: `${obj(commit)}.commitmeta`, type: 'file', src: meta });
  }
  if (db !== null) {
    entries.push(
      { path: `${obj(DBOBJ)}.file`, type: 'file', src: join(db, 'rpmdb.sqlite') },
      { path: 'usr', type: 'dir' },
      { path: 'usr/share', type: 'dir' },
      { path: 'usr/share/rpm', type: 'dir' },
      { path: 'usr/share/rpm/rpmdb.sqlite', type: 'hardlink', linkpath: `${obj(DBOBJ)}.file` },
      { path: 'usr/lib', type: 'dir' },
      { path: 'usr/lib/sysimage', type: 'dir' },
      { path: 'usr/lib/sysimage/rpm', type: 'symlink', linkpath: '../../share/rpm' },
    );
  }
  return entries;
}

function rpmsOf(packages: { name: string; version: string; release: string; arch: string }[]): string[] {
  const want = new Set(packages.map((p) => `${p.name}-${p.version}-${p.release}.${p.arch}.rpm`));
  return worldRpms().filter((f) => want.has(basename(f)));
}

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
