/**
 * End to end for a base composed from two snapshots at once (issue 22 part 1): the world's
 * `fcos-union` was built with `updates` and `updates-testing` enabled, so its gnutls is testing's
 * build and its kernel stable's. `match` must find both composes and enable both in the `.repo`;
 * dnf acting as rpm-ostree's base lock (test/helpers/dnf-oracle.ts) then layers gnutls-devel (which
 * only testing's snapshot carries at the base's build) and kernel-devel-matched (only stable's) without
 * replacing a base package. Either snapshot alone cannot layer both: the control.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nevraText, writeRepoFile } from '../helpers/dnf-oracle.js';
import { runCli } from '../helpers/run-cli.js';
import { serveWorld, type ServedWorld } from '../helpers/served-world.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const base = truth.bases['fcos-union']!;
const [stable, testing] = base.union!.composes as [string, string];
const withTools = testWithTools({ command: 'apache2' }, { command: 'dnf' }, { command: 'rpm' });

let served: ServedWorld | undefined;
let repoFile = '';
/** The release's `fedora` repo, beside the emitted file as on a host. */
let gaFile = '';
const composePath = (id: string): string => truth.composes.find((c) => c.id === id)!.path;
const osUrl = (path: string): string => served!.osUrl(path);

withTools.before(async () => {
  // The base's exact package set, from GA and the two snapshots it was composed from.
  served = await serveWorld('cm-e2e-union-', base.packages, [
    { id: 'fedora', path: truth.ga.path },
    { id: 'updates', path: composePath(stable) },
    { id: 'updates-testing', path: composePath(testing) },
  ]);
  const { apache, dir } = served;
  gaFile = writeRepoFile(join(dir, 'fedora.repo'), [{ id: 'fedora', baseurl: osUrl(truth.ga.path) }]);
  repoFile = join(dir, 'union.repo');
  const r = await runCli([
    'match',
    '--ostree-repo',
    join(worldRoot, truth.ostreeRepo),
    '--ref',
    base.ref,
    '--compose-root',
    `${apache.url}compose/updates/`,
    '--release-root',
    join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--no-cache',
    '-o',
    repoFile,
  ]);
  if (r.code !== 0) throw new Error(`match exited ${r.code}: ${r.stderr}`);
});
withTools.after.always(() => served?.close());

/** The base's NEVRA of `parent`, renamed to its subpackage `name` (same source build). */
function subpackageOf(parent: string, name: string): string {
  const p = base.packages.find((x) => x.name === parent)!;
  return nevraText({ ...p, name });
}

/** The emitted `.repo` with one compose's stanza removed. */
function without(id: string): string {
  const text = readFileSync(repoFile, 'utf8');
  const stanzas = text.split(/\n(?=\[)/).filter((s) => !s.startsWith(`[${id}]`));
  const file = join(served!.dir, `without-${id}.repo`);
  writeFileSync(file, stanzas.join('\n'));
  return file;
}

withTools.serial('the .repo enables both snapshots the base recorded', (t) => {
  const text = readFileSync(repoFile, 'utf8');
  for (const id of [stable, testing]) {
    t.regex(text, new RegExp(`^\\[${id.replaceAll('.', '\\.')}\\]$`, 'm'));
    t.true(text.includes(`/compose/updates/${id}/compose/`), id);
  }
  t.notRegex(text, /^#\s*\[/m, 'no stanza is commented out');
});

withTools.serial(
  'beside fedora, the locked base layers testing-only gnutls-devel and stable-only kernel-devel-matched',
  async (t) => {
    const r = await served!.oracle.tryInstall(['gnutls-devel', 'kernel-devel-matched'], [gaFile, repoFile]);
    t.true(r.ok, r.stderr);
    t.true(r.added.includes(subpackageOf('gnutls', 'gnutls-devel')), r.added.join(' '));
    t.true(r.added.includes(subpackageOf('kernel', 'kernel-devel-matched')), r.added.join(' '));
    t.deepEqual(r.removed, []);
    t.deepEqual(r.changedBase, []);
  },
);

withTools.serial('control: either snapshot alone leaves one of the two unlayerable', async (t) => {
  const noTesting = await served!.oracle.tryInstall(['gnutls-devel'], [gaFile, without(testing)]);
  t.false(noTesting.ok, `gnutls-devel without ${testing}: ${noTesting.stdout}`);
  t.deepEqual(noTesting.changedBase, []);
  const noStable = await served!.oracle.tryInstall(['kernel-devel-matched'], [gaFile, without(stable)]);
  t.false(noStable.ok, `kernel-devel-matched without ${stable}: ${noStable.stdout}`);
  t.deepEqual(noStable.changedBase, []);
  // And each still layers what its own snapshot carries.
  t.true((await served!.oracle.tryInstall(['kernel-devel-matched'], [gaFile, without(testing)])).ok);
  t.true((await served!.oracle.tryInstall(['gnutls-devel'], [gaFile, without(stable)])).ok);
});
