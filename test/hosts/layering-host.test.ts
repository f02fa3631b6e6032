/**
 * End to end on an image-deployed host: the `.repo` that `match --status --ostree-repo` emits,
 * served by a real Apache, lets dnf acting as rpm-ostree's base lock (test/helpers/dnf-oracle.ts)
 * layer the exact-EVR subpackage without replacing a base package — once with the commit found in
 * the host repo (FCOS ≤ F42), once with only the deployment's rpm database (F43+ empty commit).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { nevraText } from '../helpers/dnf-oracle.js';
import { imageStatusJson, makeImageHost, type ImageHostOptions } from '../helpers/image-host.js';
import { worldRpms } from '../helpers/rpmdb-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { serveWorld, type ServedWorld } from '../helpers/served-world.js';
import { testWithTools } from '../helpers/tools.js';
import { exactEvrScenario, loadTruth, ownCompose, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const { scenario, base, compose } = exactEvrScenario(truth);
const test = testWithTools(
  { command: 'apache2' },
  { command: 'dnf' },
  { command: 'rpm' },
  { command: 'ostree' },
);

let served: ServedWorld | undefined;

test.before(async () => {
  served = await serveWorld('cm-host-layering-', base.packages, [
    { id: 'fedora', path: truth.ga.path },
    { id: 'updates', path: compose(ownCompose(base)).path },
  ]);
});
test.after.always(() => served?.close());

const baseRpms = (): string[] => {
  const want = new Set(base.packages.map((p) => `${nevraText(p)}.rpm`));
  return worldRpms().filter((f) => want.has(basename(f)));
};

async function layer(name: string, options: ImageHostOptions): Promise<string> {
  const host = makeImageHost(options);
  const status = join(served!.dir, `${name}.json`);
  writeFileSync(status, imageStatusJson([{ host, version: base.version, booted: true }]));
  const file = join(served!.dir, `${name}.repo`);
  const r = await runCli([
    'match',
    '--status',
    status,
    '--ostree-repo',
    host.repo,
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

const parent = base.packages.find((p) => p.name === scenario.package.replace(/-devel$/, ''))!;

// Options are built lazily: the world's RPM list is read only when the tools are there.
const variants: [string, () => ImageHostOptions][] = [
  ['commit', () => ({ commit: base.commit })],
  ['empty-commit', () => ({ commit: base.commit, emptyCommit: true, deploymentRpms: baseRpms() })],
];

for (const [name, options] of variants) {
  test.serial(
    `${name}: the emitted .repo layers the exact-EVR subpackage, no base package changes`,
    async (t) => {
      const file = await layer(name, options());
      t.true(readFileSync(file, 'utf8').includes(`compose/updates/${scenario.succeedsWith}/`));
      const r = await served!.oracle.tryInstall([scenario.package], [file]);
      t.true(r.ok, r.stderr);
      t.deepEqual(r.added, [nevraText({ ...parent, name: scenario.package })]);
      t.deepEqual(r.changedBase, []);
    },
  );
}
