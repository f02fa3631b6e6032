/**
 * End to end, the product's promise: the `.repo` that `compose-match match` emits, served by a real
 * Apache, lets dnf acting as rpm-ostree's base lock (test/helpers/dnf-oracle.ts) layer the exact-EVR
 * subpackage on the base without replacing any base package, where the latest compose fails. The
 * base is installed from its own package set. One run goes through a bash wrapper script and the
 * built bin, as a user would script it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nevraText, writeRepoFile } from '../helpers/dnf-oracle.js';
import { runCli } from '../helpers/run-cli.js';
import { serveWorld, type ServedWorld } from '../helpers/served-world.js';
import { testWithTools } from '../helpers/tools.js';
import { exactEvrScenario, loadTruth, ownCompose, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const { scenario, base, compose } = exactEvrScenario(truth);
const repoRoot = dirname(dirname(worldRoot));
const withTools = testWithTools({ command: 'apache2' }, { command: 'dnf' }, { command: 'rpm' });

let served: ServedWorld | undefined;
const osUrl = (path: string): string => served!.osUrl(path);

withTools.before(async () => {
  // The base's exact package set, from the GA repo and the compose it was built from.
  served = await serveWorld('cm-e2e-layering-', base.packages, [
    { id: 'fedora', path: truth.ga.path },
    { id: 'updates', path: compose(ownCompose(base)).path },
  ]);
});
withTools.after.always(() => served?.close());

/** The system's own repos: the GA `fedora` repo and the live `updates` (the koji tag's compose). */
function systemRepos(): string {
  return writeRepoFile(join(served!.dir, 'system.repo'), [
    { id: 'fedora', baseurl: osUrl(truth.ga.path) },
    { id: 'updates', baseurl: osUrl('compose/updates/f32-updates/') },
  ]);
}

/** The installed base NEVRA of the package that the exact-EVR subpackage requires. */
function expectedAdded(): string {
  const parent = base.packages.find((p) => p.name === scenario.package.replace(/-devel$/, ''))!;
  return nevraText({ ...parent, name: scenario.package });
}

async function emitted(name: string): Promise<string> {
  const file = join(served!.dir, name);
  const r = await runCli([
    'match',
    '--ostree-repo',
    join(worldRoot, truth.ostreeRepo),
    '--ref',
    base.ref,
    '--compose-root',
    `${served!.apache.url}compose/updates/`,
    '--release-root',
    join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--no-cache',
    '-o',
    file,
  ]);
  if (r.code !== 0) throw new Error(`match exited ${r.code}: ${r.stderr}`);
  return file;
}

withTools.serial(
  'the emitted .repo, next to the live repos, layers the exact-EVR subpackage and changes no base package',
  async (t) => {
    const file = await emitted('snapshot.repo');
    const text = readFileSync(file, 'utf8');
    t.true(
      text.includes(
        `baseurl=${osUrl(`compose/updates/${scenario.succeedsWith}/`).replace('x86_64', '$basearch')}`,
      ),
    );
    // Used as emitted (gpgcheck=1 stays; the oracle passes --nogpgcheck, the world is unsigned).
    t.regex(text, /^gpgcheck=1$/m);
    const r = await served!.oracle.tryInstall([scenario.package], [file, systemRepos()]);
    t.true(r.ok, r.stderr);
    t.deepEqual(r.added, [expectedAdded()]);
    t.deepEqual(r.removed, []);
    t.deepEqual(r.changedBase, []);
  },
);

withTools.serial(
  'the same .repo pointed at the latest compose fails: its subpackage needs a newer base build',
  async (t) => {
    const file = await emitted('snapshot-for-latest.repo');
    const latest = join(served!.dir, 'latest.repo');
    writeFileSync(latest, readFileSync(file, 'utf8').replaceAll(scenario.succeedsWith, scenario.failsWith));
    t.true(readFileSync(latest, 'utf8').includes(`/${scenario.failsWith}/compose/`));
    const r = await served!.oracle.tryInstall([scenario.package], [latest]);
    t.false(r.ok, r.stdout);
    t.regex(r.stderr, /is filtered out by exclude filtering/);
    t.deepEqual(r.added, []);
    t.deepEqual(r.changedBase, []);
    // And so do the live repos alone.
    t.false((await served!.oracle.tryInstall([scenario.package], [systemRepos()])).ok);
  },
);

withTools.serial(
  'wrapper script: bash runs the bin with --status - -o FILE, checks the exit code, dnf uses the file',
  async (t) => {
    const script = join(served!.dir, 'layer.sh');
    const out = join(served!.dir, 'wrapper', 'x.repo');
    writeFileSync(
      script,
      `#!/bin/bash
# What a user script does: match the booted deployment, keep the .repo only when a snapshot was found.
set -u
mkdir -p "$(dirname "$OUT")"
node dist/src/cli/bin.js match --status - -o "$OUT" --compose-root "$ROOT" --no-cache \\
  --release-root fixtures/world/dl/pub/fedora/linux/releases/ \\
  < fixtures/world/bases/status.json
rc=$?
case $rc in
  0) echo "snapshot: $OUT" ;;
  3) echo "no consistent snapshot (see $OUT)" >&2; exit 3 ;;
  *) echo "compose-match failed with $rc" >&2; exit "$rc" ;;
esac
`,
    );
    const r = spawnSync('bash', [script], {
      cwd: repoRoot,
      env: { ...process.env, OUT: out, ROOT: `${served!.apache.url}compose/updates/` },
      encoding: 'utf8',
    });
    t.is(r.status, 0, r.stderr);
    t.is(r.stdout, `snapshot: ${out}\n`, 'the .repo went to the file, not to stdout');
    t.regex(r.stderr, /by timestamp/);
    const booted = truth.sources.status.deployments[truth.sources.status.bootedDeployment]!;
    const expected = truth.bases[booted.layered ?? booted.base]!.expected.compose!;
    t.regex(readFileSync(out, 'utf8'), new RegExp(`^\\[${expected.replaceAll('.', '\\.')}\\]$`, 'm'));
    const layered = await served!.oracle.tryInstall([scenario.package], [out, systemRepos()]);
    t.true(layered.ok, layered.stderr);
    t.deepEqual(layered.added, [expectedAdded()]);
    t.deepEqual(layered.changedBase, []);
  },
);
