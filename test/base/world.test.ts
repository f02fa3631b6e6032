/**
 * readBaseImage over the committed test world: every base of `truth.json`, read from the local
 * checkout and over HTTP (the world server), gives what the truth says.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import type { BaseImage } from '../../src/base/base-image.js';
import { readBaseImage } from '../../src/base/read-base-image.js';
import { bswap64, loadTruth, worldRoot, type BaseTruth } from '../helpers/world.js';

const truth = loadTruth();
let server: WorldServer;
test.before(async () => {
  // The whole world directory, so the OSTree repo and bases/ are reachable over HTTP.
  server = await startWorldServer({ tree: '.' });
});
test.after.always(async () => {
  await server.close();
});

const places = {
  local: (rel: string) => join(worldRoot, rel),
  http: (rel: string) => new URL(rel, server.url).href,
} as const;

const nevraKey = (p: {
  name: string;
  epoch: number | null;
  version: string;
  release: string;
  arch: string;
}) => `${p.name}-${p.epoch ?? 0}:${p.version}-${p.release}.${p.arch}`;

/** The truth's packages as BaseImage keys: rpm treats epoch 0 as no epoch, and so does BaseImage. */
function expectedPackages(base: BaseTruth): string[] {
  return base.packages.map(nevraKey).sort();
}

/** The base a commit resolves to: a client layer is read as its parent (what rpm-ostree locks). */
function effectiveBase(base: BaseTruth): BaseTruth {
  const layered = base.recordedRepos.some((r) => r.layering === true);
  if (!layered) return base;
  const parent = Object.values(truth.bases).find((b) => b.commit === base.parent);
  if (parent === undefined) throw new Error(`truth: the parent of ${base.ref} is not a base`);
  return parent;
}

function assertCommitFields(t: import('ava').ExecutionContext, image: BaseImage, base: BaseTruth): void {
  t.is(image.commit, base.commit);
  t.is(image.version, base.version);
  t.is(image.commitTime, base.commitTime);
  t.is(image.arch, truth.arch);
}

for (const [place, at] of Object.entries(places)) {
  const where = place === 'local' ? 'from the checkout' : 'over HTTP';
  for (const [key, base] of Object.entries(truth.bases)) {
    test(`ostree ${key} (${base.repoMetadata} repo metadata) read ${where}`, async (t) => {
      const image = await readBaseImage({ kind: 'ostree', repo: at(truth.ostreeRepo), ref: base.ref });
      const expected = effectiveBase(base);
      assertCommitFields(t, image, expected);
      t.is(image.source.ref, base.ref);
      // OSTree metadata keeps its byte order: big-endian values are reported as swapped and repaired.
      t.deepEqual(
        image.repos,
        expected.recordedRepos.map((r) => ({
          id: r.id,
          timestamp: r.timestamp,
          swapped: r.byteOrder === 'big-endian',
        })),
      );
      t.deepEqual(image.packages.map(nevraKey).sort(), expectedPackages(expected));
      if (expected !== base) {
        t.true(image.notes.some((n) => n.includes(`client layer`) && n.includes(base.parent!)));
        // Reading the layer by its own checksum lands on the same base.
        const byCommit = await readBaseImage({
          kind: 'ostree',
          repo: at(truth.ostreeRepo),
          commit: base.commit,
        });
        t.is(byCommit.commit, expected.commit);
      }
      if (expected.repoMetadata === 'detached') t.true(image.notes.some((n) => n.includes('detached')));
    });
  }

  test(`status.json: booted and every deployment, read ${where}`, async (t) => {
    const status = truth.sources.status;
    const stored = JSON.parse(readFileSync(join(worldRoot, status.file), 'utf8')) as {
      deployments: { 'base-commit-meta': { 'rpmostree.rpmmd-repos': { timestamp: number }[] } }[];
    };
    const booted = await readBaseImage({ kind: 'status', file: at(status.file) });
    t.is(booted.source.deployment, status.bootedDeployment);
    for (const [index, deployment] of status.deployments.entries()) {
      const image = await readBaseImage({ kind: 'status', file: at(status.file), deployment: index });
      const base = truth.bases[deployment.base]!;
      assertCommitFields(t, image, base);
      t.is(image.source.deployment, index);
      // base-commit-meta prints big-endian values read as host-order int64 (truth: timestampsGarbled).
      const raw = stored.deployments[index]!['base-commit-meta']['rpmostree.rpmmd-repos'];
      base.recordedRepos.forEach((r, i) => {
        const garbled = BigInt.asIntN(64, bswap64(BigInt(r.timestamp)));
        t.is(BigInt(raw[i]!.timestamp), r.byteOrder === 'big-endian' ? garbled : BigInt(r.timestamp));
      });
      t.deepEqual(
        image.repos,
        base.recordedRepos.map((r) => ({
          id: r.id,
          timestamp: r.timestamp,
          swapped: r.byteOrder === 'big-endian',
        })),
      );
      // Status JSON carries no base package list.
      t.deepEqual(image.packages, []);
      if (index === status.bootedDeployment) t.deepEqual(image, booted);
      if (deployment.layered !== null) t.true(image.notes.some((n) => n.includes('client-layered')));
    }
  });

  test(`commitmeta.json read ${where}`, async (t) => {
    const { file, base: key } = truth.sources.commitmeta;
    const base = truth.bases[key]!;
    const image = await readBaseImage({ kind: 'commitmeta', file: at(file) });
    const stored = JSON.parse(readFileSync(join(worldRoot, file), 'utf8')) as {
      'rpmostree.rpmmd-repos': { timestamp: number }[];
    };
    t.true(image.commit === null || image.commit === base.commit);
    t.is(image.version, base.version);
    t.is(image.arch, truth.arch);
    t.is(image.commitTime, null);
    // A repo is swapped exactly when the file stores something other than the true timestamp.
    t.deepEqual(
      image.repos,
      base.recordedRepos.map((r, i) => ({
        id: r.id,
        timestamp: r.timestamp,
        swapped: stored['rpmostree.rpmmd-repos'][i]!.timestamp !== r.timestamp,
      })),
    );
    t.deepEqual(image.packages.map(nevraKey).sort(), expectedPackages(base));
  });

  test(`pkglist.txt read ${where}`, async (t) => {
    const { file, base: key } = truth.sources.pkglist;
    const image = await readBaseImage({ kind: 'pkglist', file: at(file) });
    t.is(image.arch, truth.arch);
    t.deepEqual([image.commit, image.version, image.commitTime], [null, null, null]);
    t.deepEqual(image.repos, []);
    t.deepEqual(image.packages.map(nevraKey).sort(), expectedPackages(truth.bases[key]!));
  });
}
