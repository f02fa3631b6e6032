/**
 * `--deployment cached-update`: for an image deployment the update is only a manifest digest and a
 * version (FACTS.md §11), read here from Debian's docker-registry (behind the test token front) by
 * digest; for a compose deployment it is a commit already in the host repo.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBaseImage } from '../../src/base/read-base-image.js';
import { BaseImageError } from '../../src/base/errors.js';
import { cachePendingUpdate, imageStatusJson, makeImageHost } from '../helpers/image-host.js';
import { buildImage } from '../helpers/oci-image.js';
import { inspectRaw, push, startRegistry, type TestRegistry } from '../helpers/registry.js';
import { statusJson } from '../helpers/status-json.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const test = testWithTools(
  { command: 'ostree' },
  { command: 'umoci' },
  { command: 'skopeo' },
  { command: 'docker-registry' },
  { python: 'gi' },
);
const truth = loadTruth();
const stable = truth.bases['fcos-stable']!;
const testing = truth.bases['fcos-testing']!;
const tmp = mkdtempSync(join(tmpdir(), 'cm-cached-update-'));
let registry: TestRegistry;
test.before(async () => {
  registry = await startRegistry();
});
test.after.always(async () => {
  await registry?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** An image whose layer 0 carries `commit` as ostree-ext lays it out (the commit object first). */
function commitImage(commit: string, version: string): string {
  const src = join(worldRoot, 'ostree/repo/objects', commit.slice(0, 2), `${commit.slice(2)}.commit`);
  // A directory per image: the tests of this file run concurrently.
  return buildImage(
    mkdtempSync(join(tmp, 'image-')),
    'u',
    [
      [
        { path: 'sysroot', type: 'dir' },
        { path: 'sysroot/ostree', type: 'dir' },
        { path: 'sysroot/ostree/repo', type: 'dir' },
        { path: 'sysroot/ostree/repo/objects', type: 'dir' },
        { path: `sysroot/ostree/repo/objects/${commit.slice(0, 2)}`, type: 'dir' },
        {
          path: `sysroot/ostree/repo/objects/${commit.slice(0, 2)}/${commit.slice(2)}.commit`,
          type: 'file',
          src,
        },
      ],
    ],
    { 'ostree.commit': commit, 'org.opencontainers.image.version': version },
  );
}

test('an image deployment: the cached update is read from the registry by its digest', async (t) => {
  const layout = commitImage(testing.commit, testing.version);
  const name = `${registry.host}/fedora/fedora-coreos`;
  await push(`oci:${layout}:u`, `docker://${name}:testing`);
  const raw = await inspectRaw(`docker://${name}:testing`);
  const digest = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  // The host booted stable from the same repository; the update moved the tag on.
  const host = makeImageHost({ commit: stable.commit });
  const text = imageStatusJson(
    [{ host, version: stable.version, booted: true, reference: `ostree-unverified-registry:${name}:stable` }],
    { version: testing.version, 'manifest-digest': digest },
  );
  const base = await readBaseImage({ kind: 'status', text, deployment: 'cached-update', arch: 'x86_64' });
  t.is(base.source.kind, 'status');
  t.is(base.source.deployment, null);
  t.is(base.commit, testing.commit);
  t.is(base.version, testing.version);
  t.deepEqual(
    base.repos.map((r) => [r.id, r.timestamp]),
    testing.recordedRepos.map((r) => [r.id, r.timestamp]),
  );
  t.is(base.image?.manifestDigest, digest);
  t.is(base.image?.reference, `docker://${name}@${digest}`);
  t.true(base.notes[0]!.includes(`version ${testing.version}`));
  t.is(registry.blobAuthorizations.length, 0);
});

test('a status without the digest: ostree-ext cached it on the merge commit in the host repo', async (t) => {
  const layout = commitImage(testing.commit, testing.version);
  const name = `${registry.host}/fedora/fedora-coreos`;
  await push(`oci:${layout}:u`, `docker://${name}:next`);
  const raw = await inspectRaw(`docker://${name}:next`);
  const digest = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const host = makeImageHost({ commit: stable.commit });
  cachePendingUpdate(host, digest, raw, '{}');
  const text = imageStatusJson(
    [{ host, version: stable.version, booted: true, reference: `ostree-unverified-registry:${name}:next` }],
    { version: testing.version },
  );
  const withRepo = await readBaseImage({
    kind: 'status',
    text,
    deployment: 'cached-update',
    ostreeRepo: host.repo,
    arch: 'x86_64',
  });
  t.is(withRepo.commit, testing.commit);
  t.is(withRepo.image?.manifestDigest, digest);
  t.true(withRepo.notes.some((n) => n.includes('ostree-ext.cached.manifest-digest')));
  const without = await t.throwsAsync(readBaseImage({ kind: 'status', text, deployment: 'cached-update' }), {
    instanceOf: BaseImageError,
  });
  t.regex(without?.message ?? '', /--ostree-repo/);
});

test('no cached update, and an image update without a digest, are typed errors', async (t) => {
  const host = makeImageHost({ commit: stable.commit });
  const none = imageStatusJson([{ host, version: stable.version, booted: true }]);
  const e1 = await t.throwsAsync(readBaseImage({ kind: 'status', text: none, deployment: 'cached-update' }), {
    instanceOf: BaseImageError,
  });
  t.is(e1?.code, 'ERR_BASE_NO_DEPLOYMENT');
  t.regex(e1?.message ?? '', /rpm-ostree upgrade --check/);
  const noDigest = imageStatusJson([{ host, version: stable.version, booted: true }], { version: '1' });
  const e2 = await t.throwsAsync(
    readBaseImage({ kind: 'status', text: noDigest, deployment: 'cached-update' }),
    {
      instanceOf: BaseImageError,
    },
  );
  t.is(e2?.code, 'ERR_BASE_BAD_JSON');
});

test('a compose deployment: the cached update is a commit in the host repo', async (t) => {
  const text = statusJson([
    {
      checksum: stable.commit,
      version: stable.version,
      timestamp: stable.commitTime,
      booted: true,
      baseRepos: stable.recordedRepos,
      origin: `fedora:${stable.ref}`,
    },
  ]).replace(
    '"cached-update": null',
    `"cached-update": {"checksum": "${testing.commit}", "version": "${testing.version}"}`,
  );
  const repo = join(worldRoot, 'ostree/repo');
  const base = await readBaseImage({ kind: 'status', text, deployment: 'cached-update', ostreeRepo: repo });
  t.is(base.commit, testing.commit);
  t.is(base.version, testing.version);
  const missing = await t.throwsAsync(readBaseImage({ kind: 'status', text, deployment: 'cached-update' }), {
    instanceOf: BaseImageError,
  });
  t.is(missing?.code, 'ERR_BASE_NEEDS_OSTREE_REPO');
});
