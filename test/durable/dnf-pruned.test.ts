/**
 * Issue 12 part 3, the proof with dnf: the world recorded in an index, then the fcos-stable base's
 * compose pruned from the served tree (as Bodhi does). `match --index` still names it exactly
 * (`retained: false`, `baseurl: null`), and its `.repo`, used alone by dnf with every base package
 * locked (dnf-oracle: base names in excludepkgs), layers the exact-EVR subpackage at the
 * snapshot's EVR and changes no base package. With the archive missing one of the snapshot's
 * builds, the run exits 3 and names it in the report, the header and stderr.
 */
import { nevraText } from '../../src/durable/nevra-text.js';
import { installBase, type OracleBase } from '../helpers/dnf-oracle.js';
import { durableMatch } from '../helpers/durable-match.js';
import { durableWorld, type DurableWorld } from '../helpers/durable-world.js';
import { testWithTools } from '../helpers/tools.js';
import { exactEvrScenario, loadTruth, osRepoUrl, ownCompose, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const { scenario, base, compose } = exactEvrScenario(truth);
const own = ownCompose(base);
const snapshot = compose(own).packages.map(nevraText).sort();
const withTools = testWithTools({ command: 'dnf' }, { command: 'rpm' }, { command: 'createrepo_c' });

const cleanups: (() => void)[] = [];
withTools.after.always(() => {
  for (const c of cleanups) c();
});

async function world(archiveWithout?: string[]): Promise<DurableWorld> {
  const w = await durableWorld({ prune: [own], archiveWithout });
  cleanups.push(() => w.dispose());
  return w;
}

let oracle: OracleBase | undefined;
async function baseOracle(): Promise<OracleBase> {
  if (oracle === undefined) {
    oracle = await installBase(base.packages, [
      { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) },
      { id: 'updates', baseurl: osRepoUrl(worldRoot, compose(own)) },
    ]);
    const o = oracle;
    cleanups.push(() => o.dispose());
  }
  return oracle;
}

withTools.serial('the pruned base is matched exactly and its builds are all placed', async (t) => {
  const w = await world();
  const { code, report, stderr } = await durableMatch(w, base.ref, 'complete');
  t.is(code, 0, stderr);
  const m = report.matches.find((x) => x.series === 'updates')!;
  t.is(m.result, 'timestamp');
  t.is(m.compose?.id, own);
  t.false(m.compose?.retained);
  t.is(m.compose?.baseurl, null);
  t.true(m.coverage?.complete);
  t.is(m.coverage?.total, snapshot.length);
  t.deepEqual(m.coverage?.sources.flatMap((s) => s.builds).sort(), snapshot);
  // Every build placed is in the source truth says holds it.
  const archived = new Set(truth.updatesArchive.packages.map(nevraText));
  const live = new Set(compose(truth.kojiTags['f32-updates']!).packages.map(nevraText));
  const archive = m.coverage!.sources.find((s) => s.role === 'updates-archive')!;
  const updates = m.coverage!.sources.find((s) => s.role === 'updates')!;
  t.true(archive.builds.length > 0 && archive.builds.every((b) => archived.has(b)), archive.builds.join());
  t.true(updates.builds.length > 0 && updates.builds.every((b) => live.has(b) && !archived.has(b)));
  t.false(report.repoFile.includes(`${own}/compose`), report.repoFile);
  t.regex(report.repoFile, /updates-archive has had 403\/404 outages/);
  t.regex(report.repoFile, /live updates repo moves to the archive host/);
});

withTools.serial(
  'dnf, with only the durable .repo and the base locked, layers the exact-EVR subpackage at the snapshot EVR',
  async (t) => {
    const w = await world();
    const { repoFile } = await durableMatch(w, base.ref, 'layer');
    const r = await (await baseOracle()).tryInstall([scenario.package], [repoFile]);
    t.true(r.ok, r.stderr);
    const wanted = compose(own).packages.find((p) => p.name === scenario.package)!;
    t.deepEqual(r.added, [nevraText(wanted)]);
    t.deepEqual(r.removed, []);
    t.deepEqual(r.changedBase, []);
    // Every snapshot package the base lacks installs at exactly the snapshot's EVR.
    const baseNames = new Set(base.packages.map((p) => p.name));
    const extra = compose(own).packages.filter((p) => !baseNames.has(p.name));
    const all = await (
      await baseOracle()
    ).tryInstall(
      extra.map((p) => p.name),
      [repoFile],
    );
    t.true(all.ok, all.stderr);
    t.deepEqual(all.added, extra.map(nevraText).sort());
  },
);

withTools.serial('with a needed build missing from the archive: exit 3, the build named', async (t) => {
  const gone = compose(own).packages.find((p) => p.name === scenario.package)!;
  const w = await world([`${nevraText(gone)}.rpm`]);
  const { code, report, stderr, repoFile } = await durableMatch(w, base.ref, 'missing');
  t.is(code, 3, stderr);
  const m = report.matches.find((x) => x.series === 'updates')!;
  t.is(m.result, 'timestamp', 'which compose it was is still certain');
  t.false(m.coverage?.complete);
  t.deepEqual(
    m.coverage?.missing.map((b) => b.nevra),
    [nevraText(gone)],
  );
  t.regex(report.repoFile, new RegExp(`^# INCOMPLETE: 1 snapshot build`, 'm'));
  t.true(report.repoFile.includes(`#   ${nevraText(gone)}\n`), report.repoFile);
  t.false(/^includepkgs=.*gnutls-devel/m.test(report.repoFile), report.repoFile);
  t.true(stderr.includes(`MISSING from every durable source: ${nevraText(gone)}`), stderr);
  // And dnf cannot layer it from this file: the exact build is nowhere.
  const r = await (await baseOracle()).tryInstall([scenario.package], [repoFile]);
  t.false(r.ok, r.stdout);
  t.deepEqual(r.changedBase, []);
});
