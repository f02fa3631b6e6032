/**
 * Issue 22 part 3 on the world: `match --index … --for NAME` for a pruned snapshot lists only what
 * layering NAME needs, and the layering guarantee holds with it: dnf (base names excluded) and
 * libdnf's goal (the base installed and locked with hy_goal_lock, rpm-ostree's path) both install
 * NAME at the snapshot's build from that file alone, replacing no base package.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nevraText } from '../../src/durable/nevra-text.js';
import { installBase, type OracleBase } from '../helpers/dnf-oracle.js';
import { durableMatch } from '../helpers/durable-match.js';
import { durableWorld, type DurableWorld } from '../helpers/durable-world.js';
import { libdnfInstalls, libdnfInstallsLocked, libdnfRequirements } from '../helpers/libdnf-oracle.js';
import { testWithTools } from '../helpers/tools.js';
import { exactEvrScenario, loadTruth, osRepoUrl, ownCompose, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const { scenario, base, compose } = exactEvrScenario(truth);
const own = ownCompose(base);
const snapshot = compose(own).packages.map(nevraText).sort();
const wanted = nevraText(compose(own).packages.find((p) => p.name === scenario.package)!);
const withTools = testWithTools(...libdnfRequirements, { command: 'rpm' }, { command: 'createrepo_c' });

const cleanups: (() => void)[] = [];
withTools.after.always(() => {
  for (const c of cleanups) c();
});

let shared: { world: DurableWorld; oracle: OracleBase } | undefined;
async function setup(): Promise<{ world: DurableWorld; oracle: OracleBase }> {
  if (shared !== undefined) return shared;
  const world = await durableWorld({ prune: [own] });
  cleanups.push(() => world.dispose());
  const oracle = await installBase(base.packages, [
    { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) },
    { id: 'updates', baseurl: osRepoUrl(worldRoot, compose(own)) },
  ]);
  cleanups.push(() => oracle.dispose());
  shared = { world, oracle };
  return shared;
}

withTools.serial('--for lists the closure of NAME only: its snapshot build, no base package', async (t) => {
  const { world } = await setup();
  const whole = await durableMatch(world, base.ref, 'whole');
  const forName = await durableMatch(world, base.ref, 'for', ['--for', scenario.package]);
  t.is(forName.code, 0, forName.stderr);
  const m = forName.report.matches.find((x) => x.series === 'updates')!;
  t.is(m.compose?.id, own);
  t.deepEqual(m.coverage?.for?.names, [scenario.package]);
  t.is(m.coverage?.for?.snapshotBuilds, snapshot.length);
  const listed = [...new Set(m.coverage!.sources.flatMap((s) => s.includepkgs))].sort();
  t.true(listed.includes(wanted), listed.join());
  const baseNevras = new Set(base.packages.map(nevraText));
  t.deepEqual(
    listed.filter((n) => baseNevras.has(n)),
    [],
    'the lock pins base packages; they need no entry',
  );
  t.true(listed.every((n) => snapshot.includes(n)));
  const wholeListed = new Set(whole.report.matches[0]!.coverage!.sources.flatMap((s) => s.includepkgs));
  t.true(listed.length < wholeListed.size, `${listed.length} < ${wholeListed.size}`);
  t.is(m.coverage?.total, listed.length);
  t.regex(
    forName.report.repoFile,
    new RegExp(`^# Restricted to what layering ${scenario.package} needs`, 'm'),
  );
  t.regex(forName.stderr, /what layering .* needs\)/);
});

withTools.serial(
  'dnf and libdnf, base locked, layer NAME at the snapshot build from the --for file alone',
  async (t) => {
    const { world, oracle } = await setup();
    const { repoFile } = await durableMatch(world, base.ref, 'layer', ['--for', scenario.package]);
    const r = await oracle.tryInstall([scenario.package], [repoFile]);
    t.true(r.ok, r.stderr);
    t.deepEqual(r.added, [wanted]);
    t.deepEqual(r.changedBase, []);
    const installs = libdnfInstallsLocked([repoFile], scenario.package, oracle.root).map(
      (l) => l.split('\t')[1],
    );
    t.deepEqual(installs, [wanted]);
  },
);

withTools.serial('control: the lock is real: libdnf refuses what would replace a base package', async (t) => {
  const { world, oracle } = await setup();
  // The latest compose's -devel pins a newer build of a base package. Offered the whole compose,
  // libdnf installs it on an empty root (pulling the newer base package along) but not on the
  // locked base.
  const latest = truth.kojiTags['f32-updates']!;
  const liveDevel = compose(latest).packages.find((p) => p.name === scenario.package)!;
  t.not(nevraText(liveDevel), wanted, 'the live build differs from the snapshot one');
  const liveRepo = join(world.dir, 'live-only.repo');
  writeFileSync(
    liveRepo,
    `[live]\nname=live\nbaseurl=${osRepoUrl(worldRoot, compose(latest))}\nenabled=1\ngpgcheck=0\n`,
  );
  t.true(libdnfInstalls([liveRepo], scenario.package).includes(`live\t${nevraText(liveDevel)}`));
  t.throws(() => libdnfInstallsLocked([liveRepo], scenario.package, oracle.root), { message: /problem/ });
});
