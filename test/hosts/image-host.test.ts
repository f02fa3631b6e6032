/**
 * Image-deployed hosts: `rpm-ostree status --json` of an image deployment plus the host's repo
 * (built at test time by Debian's ostree from the world's real commits, laid out as ostree-ext
 * leaves it) give the truth's base; each missing piece is a typed error naming what to do.
 */
import { basename } from 'node:path';
import { readBaseImage } from '../../src/base/read-base-image.js';
import { BaseImageError } from '../../src/base/errors.js';
import { imageStatusJson, makeImageHost, OSNAME } from '../helpers/image-host.js';
import { worldRpms } from '../helpers/rpmdb-fixture.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth } from '../helpers/world.js';

const test = testWithTools({ command: 'ostree' }, { command: 'rpm' });
const truth = loadTruth();
const stable = truth.bases['fcos-stable']!;
const testing = truth.bases['fcos-testing']!;

const nevras = (ps: readonly { name: string; version: string; release: string; arch: string }[]): string[] =>
  ps.map((p) => `${p.name}-${p.version}-${p.release}.${p.arch}`).sort();

function rpmsOf(ps: readonly { name: string; version: string; release: string; arch: string }[]): string[] {
  const want = new Set(nevras(ps).map((n) => `${n}.rpm`));
  return worldRpms().filter((f) => want.has(basename(f)));
}

test('merge commit with a parent: the original commit gives repos, packages and version', async (t) => {
  const host = makeImageHost({ commit: stable.commit });
  const text = imageStatusJson([{ host, version: stable.version, booted: true }]);
  const base = await readBaseImage({ kind: 'status', text, ostreeRepo: host.repo });
  t.is(base.source.kind, 'status');
  t.is(base.source.deployment, 0);
  t.is(base.commit, stable.commit);
  t.is(base.version, stable.version);
  t.is(base.commitTime, stable.commitTime);
  t.deepEqual(
    base.repos.map((r) => [r.id, r.timestamp]),
    stable.recordedRepos.map((r) => [r.id, r.timestamp]),
  );
  t.deepEqual(nevras(base.packages), nevras(stable.packages));
  t.is(base.image?.manifestDigest, host.manifestDigest);
  t.is(base.image?.labels['ostree.commit'], stable.commit);
  t.true(base.notes.some((n) => n.includes('parent of the merge commit')));
});

test('the older form, no parent: the commit is found by its ostree/container/blob ref', async (t) => {
  const host = makeImageHost({ commit: stable.commit, parent: false });
  const text = imageStatusJson([{ host, version: stable.version, booted: true }]);
  const base = await readBaseImage({ kind: 'status', text, ostreeRepo: `file://${host.repo}` });
  t.is(base.commit, stable.commit);
  t.deepEqual(nevras(base.packages), nevras(stable.packages));
  t.true(
    base.notes.some((n) => n.includes(`ref ostree/container/blob/sha256_3A_${host.layers[0]!.slice(7)}`)),
  );
});

test('empty commit (F43+): packages from the deployment rpmdb, version from the status', async (t) => {
  const host = makeImageHost({
    commit: stable.commit,
    emptyCommit: true,
    deploymentRpms: rpmsOf(stable.packages),
  });
  const text = imageStatusJson([{ host, version: '43.20251101.3.0', booted: true }]);
  const base = await readBaseImage({ kind: 'status', text, ostreeRepo: host.repo });
  t.is(base.commit, host.original);
  t.deepEqual(base.repos, []);
  t.is(base.version, '43.20251101.3.0');
  t.deepEqual(nevras(base.packages), nevras(stable.packages));
  t.true(base.packages.every((p) => typeof p.sourcerpm === 'string'));
  t.true(base.notes.some((n) => n.includes('no rpm-ostree metadata')));
  t.true(base.notes.some((n) => n.includes(`/ostree/deploy/${OSNAME}/deploy/${host.merge}.0`)));
});

test('no commit and no rpmdb: the error names the command that lists the packages', async (t) => {
  const host = makeImageHost({ commit: stable.commit, parent: false, blobRef: false });
  const booted = imageStatusJson([{ host, version: stable.version, booted: true }]);
  const error = await t.throwsAsync(readBaseImage({ kind: 'status', text: booted, ostreeRepo: host.repo }), {
    instanceOf: BaseImageError,
  });
  t.is(error?.code, 'ERR_BASE_CONTAINER_IMAGE');
  t.regex(error?.message ?? '', /`rpm -qa > pkglist`.*--pkglist pkglist/);
  const other = makeImageHost({ commit: testing.commit });
  const pending = imageStatusJson([
    { host, version: stable.version, booted: false },
    { host: other, version: testing.version, booted: true },
  ]);
  const error2 = await t.throwsAsync(
    readBaseImage({ kind: 'status', text: pending, ostreeRepo: host.repo, deployment: 'pending' }),
    { instanceOf: BaseImageError },
  );
  // The pending deployment is not booted: its tree is listed by its path.
  t.true(error2?.message.includes(`rpm -qa --root /ostree/deploy/${OSNAME}/deploy/${host.merge}.0`));
});

test('no --ostree-repo is a usage error; another host repo is refused', async (t) => {
  const host = makeImageHost({ commit: stable.commit });
  const other = makeImageHost({ commit: testing.commit });
  const text = imageStatusJson([{ host, version: stable.version, booted: true }]);
  const missing = await t.throwsAsync(readBaseImage({ kind: 'status', text }), {
    instanceOf: BaseImageError,
  });
  t.is(missing?.code, 'ERR_BASE_NEEDS_OSTREE_REPO');
  t.is(missing?.category, 'usage');
  const wrong = await t.throwsAsync(readBaseImage({ kind: 'status', text, ostreeRepo: other.repo }), {
    instanceOf: BaseImageError,
  });
  t.is(wrong?.code, 'ERR_BASE_WRONG_REPO');
  t.is(wrong?.subject, other.repo);
  t.true(wrong?.message.includes(host.merge));
});

test('--deployment pending reads the deployment listed before the booted one', async (t) => {
  const next = makeImageHost({ commit: testing.commit });
  const text = imageStatusJson([
    { host: next, version: testing.version, booted: false },
    { host: next, version: testing.version, booted: true },
  ]);
  const base = await readBaseImage({ kind: 'status', text, ostreeRepo: next.repo, deployment: 'pending' });
  t.is(base.source.deployment, 0);
  t.is(base.commit, testing.commit);
  t.deepEqual(nevras(base.packages), nevras(testing.packages));
  const none = await t.throwsAsync(
    readBaseImage({
      kind: 'status',
      text: imageStatusJson([{ host: next, version: testing.version, booted: true }]),
      ostreeRepo: next.repo,
      deployment: 'pending',
    }),
    { instanceOf: BaseImageError },
  );
  t.is(none?.code, 'ERR_BASE_NO_DEPLOYMENT');
});

test('a derived image: repos from the commit, packages from the deployment rpmdb', async (t) => {
  const extra = worldRpms().find((f) => basename(f).startsWith('gnutls-devel-'))!;
  const rpms = [...rpmsOf(stable.packages), extra];
  const layers = ['base0', 'base1', 'derived'].map(
    (l) => `sha256:${l.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a')}`,
  );
  const host = makeImageHost({
    commit: stable.commit,
    deploymentRpms: rpms,
    layers,
    labels: { 'ostree.final-diffid': layers[1]! },
  });
  const text = imageStatusJson([{ host, version: stable.version, booted: true }]);
  const base = await readBaseImage({ kind: 'status', text, ostreeRepo: host.repo });
  t.is(base.commit, stable.commit);
  t.deepEqual(
    base.repos.map((r) => r.id),
    stable.recordedRepos.map((r) => r.id),
  );
  t.is(base.packages.length, stable.packages.length + 1);
  t.true(base.packages.some((p) => p.name === 'gnutls-devel'));
  t.true(base.notes.some((n) => n.includes('derived image')));
});

test('client layering on an image deployment: the base is the image, not the layered packages', async (t) => {
  const extra = worldRpms().find((f) => basename(f).startsWith('gnutls-devel-'))!;
  for (const emptyCommit of [false, true]) {
    const host = makeImageHost({
      commit: stable.commit,
      emptyCommit,
      deploymentRpms: rpmsOf(stable.packages),
      layeredRpms: [extra],
    });
    t.not(host.deployed, host.merge);
    const text = imageStatusJson([
      { host, version: stable.version, booted: true, packages: ['gnutls-devel'] },
    ]);
    const base = await readBaseImage({ kind: 'status', text, ostreeRepo: host.repo });
    t.is(base.commit, host.original);
    t.deepEqual(nevras(base.packages), nevras(stable.packages), `emptyCommit ${emptyCommit}`);
    if (emptyCommit) t.true(base.notes.some((n) => n.includes('rpm-ostree-base-db')));
  }
});

test('a merge commit whose ostree.manifest is not JSON is ERR_BASE_BAD_JSON', async (t) => {
  const host = makeImageHost({ commit: stable.commit, parent: false, manifestText: '{"layers": [' });
  const text = imageStatusJson([{ host, version: stable.version, booted: true }]);
  const error = await t.throwsAsync(readBaseImage({ kind: 'status', text, ostreeRepo: host.repo }), {
    instanceOf: BaseImageError,
  });
  t.is(error?.code, 'ERR_BASE_BAD_JSON');
  t.regex(error?.message ?? '', /ostree\.manifest is not a JSON object/);
});

test('an image config recorded as the string null (ostree-ext format v0) reads as absent', async (t) => {
  const host = makeImageHost({ commit: stable.commit, configText: 'null' });
  const text = imageStatusJson([{ host, version: stable.version, booted: true }]);
  const base = await readBaseImage({ kind: 'status', text, ostreeRepo: host.repo });
  t.is(base.commit, stable.commit);
  t.deepEqual(base.image?.labels, {});
});
