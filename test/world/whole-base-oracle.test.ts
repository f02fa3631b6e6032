/**
 * dnf as the layering oracle for the whole-base rule (issue 9), on the world's bases:
 * - for every base the matcher calls exact, the `.repo` it emits (with the release's `fedora` repo
 *   beside it, as on a host) layers the base's exact-EVR subpackage with every base package locked,
 *   adding only that subpackage at the base's EVR;
 * - for the base whose json-c build was untagged after its compose, the nearest compose (rejected
 *   because json-c is `absent` from it) cannot layer `json-c-devel`, which needs exactly the base's
 *   json-c; the updates-archive, which kept the build, can.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installBase, nevraText, writeRepoFile, type OracleRepo } from '../helpers/dnf-oracle.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, osRepoUrl, ownCompose, worldRoot, type BaseTruth } from '../helpers/world.js';

const truth = loadTruth();
const withDnf = testWithTools({ command: 'dnf' }, { command: 'rpm' });
const gaRepo: OracleRepo = { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) };
const archiveRepo: OracleRepo = {
  id: 'updates-archive',
  baseurl: `file://${join(worldRoot, truth.updatesArchive.path)}`,
};
const composeRepo = (id: string, repoId = 'updates'): OracleRepo => ({
  id: repoId,
  baseurl: osRepoUrl(
    worldRoot,
    truth.composes.find((c) => c.id === id)!,
  ),
});

let dir = '';
test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'whole-base-oracle-'));
});
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** The -devel subpackages of the world that require their library at exactly its V-R. */
const exactSubpackages: Record<string, string> = { gnutls: 'gnutls-devel', 'json-c': 'json-c-devel' };

/** The emitted `.repo` of `compose-match match` for a base, from the committed world. */
async function emittedRepo(base: BaseTruth): Promise<string> {
  const r = await runCli([
    'match',
    '--ostree-repo',
    join(worldRoot, truth.ostreeRepo),
    '--commit',
    base.commit,
    '--compose-root',
    join(worldRoot, truth.composeRoot),
    '--release-root',
    join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--no-cache',
  ]);
  if (r.code !== 0) throw new Error(`match exited ${r.code}: ${r.stderr}`);
  const file = join(dir, `${base.ref.replaceAll('/', '_')}.repo`);
  writeFileSync(file, r.stdout);
  return file;
}

const exact = Object.entries(truth.bases).filter(([, b]) => b.expected.exit === 0 && b.parent === null);

for (const [key, base] of exact) {
  const library = base.packages.find((p) => p.name in exactSubpackages);
  withDnf.serial(
    `${key}: the emitted .repo layers ${library ? exactSubpackages[library.name] : '?'}`,
    async (t) => {
      if (library === undefined) return t.fail(`${key} has no library with an exact-EVR subpackage`);
      const devel = exactSubpackages[library.name]!;
      // A third-party repo's packages are not in Fedora's repos; the lock covers the Fedora ones.
      const fedoraPackages = base.packages.filter((p) => !base.unexplained.includes(p.name));
      // A union base was composed with updates-testing enabled too.
      const testing = base.builtFrom.updatesTesting;
      const oracle = await installBase(fedoraPackages, [
        gaRepo,
        composeRepo(ownCompose(base)),
        ...(testing === undefined ? [] : [composeRepo(testing, 'updates-testing')]),
      ]);
      try {
        const fedora = writeRepoFile(join(dir, `${key}-fedora.repo`), [gaRepo]);
        const r = await oracle.tryInstall([devel], [fedora, await emittedRepo(base)]);
        t.true(r.ok, r.stderr);
        t.deepEqual(r.added, [nevraText({ ...library, name: devel })]);
        t.deepEqual(r.changedBase, []);
      } finally {
        oracle.dispose();
      }
    },
  );
}

withDnf.serial(
  'fcos-pruned-partial: json-c-devel cannot layer from the nearest compose, json-c being absent from it',
  async (t) => {
    const base = truth.bases['fcos-pruned-partial']!;
    const nearest = base.nearest!;
    t.deepEqual(
      nearest.absent.map((a) => a.name),
      ['json-c'],
    );
    const jsonc = base.packages.find((p) => p.name === 'json-c')!;
    // The base's own compose is pruned; the archive still holds its superseded and untagged builds.
    const oracle = await installBase(base.packages, [gaRepo, archiveRepo, composeRepo(nearest.compose)]);
    try {
      const fromNearest = writeRepoFile(join(dir, 'nearest.repo'), [gaRepo, composeRepo(nearest.compose)]);
      const rejected = await oracle.tryInstall(['json-c-devel'], [fromNearest]);
      t.false(rejected.ok, rejected.stdout);
      // GA's json-c-devel needs GA's json-c, which the base lock keeps out.
      t.true(rejected.stderr.includes(`requires json-c(x86-64) = ${nearest.absent[0]!.ga}`), rejected.stderr);
      t.deepEqual(rejected.added, []);
      t.deepEqual(rejected.changedBase, []);

      const fromArchive = writeRepoFile(join(dir, 'archive.repo'), [gaRepo, archiveRepo]);
      const layered = await oracle.tryInstall(['json-c-devel'], [fromArchive]);
      t.true(layered.ok, layered.stderr);
      t.deepEqual(layered.added, [nevraText({ ...jsonc, name: 'json-c-devel' })]);
      t.deepEqual(layered.changedBase, []);
    } finally {
      oracle.dispose();
    }
  },
);
