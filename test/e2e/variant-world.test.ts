/**
 * Against over-fitting to the committed Fedora 32 world: generate a second, different world at test
 * time with the same real tools (`scripts/world/generate --variant f41`: Fedora 41, zstd primary.xml,
 * no rpms.json, two composes on one day, STARTED and TERMINATED composes with repodata, a COMPOSE_ID
 * that names another compose, stray entries in the listing, an updates-testing base, a booted
 * deployment that is not layered), serve it like kojipkgs, and check every base against its truth.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { runCli } from '../helpers/run-cli.js';
import { systemPython, testWithTools, worldGeneratorRequirements } from '../helpers/tools.js';
import { loadTruth, ownCompose, worldRoot, type BaseTruth, type Truth } from '../helpers/world.js';

const withTools = testWithTools(...worldGeneratorRequirements);

let dir = '';
let root = '';
let truth: Truth;
let server: WorldServer | undefined;
let seconds = 0;

withTools.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cm-variant-'));
  root = join(dir, 'world');
  const started = Date.now();
  const r = spawnSync(
    systemPython,
    [join(worldRoot, '../../scripts/world/generate'), '--variant', 'f41', root],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`generate --variant f41 failed: ${r.stderr}`);
  seconds = (Date.now() - started) / 1000;
  truth = loadTruth(root);
  server = await startWorldServer({ root });
});
withTools.after.always(async () => {
  await server?.close();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** What the report must say for a base: its truth's expected result and compose. */
function expected(base: BaseTruth): { result: string; compose: string | null } {
  // A pruned base's nearest is computed by the truth; a pool-built one's is its own compose.
  if (base.expected.result === 'nearest')
    return { result: 'nearest', compose: base.nearest?.compose ?? base.expected.compose };
  return { result: base.expected.result, compose: base.expected.compose };
}

async function match(source: string[]): Promise<{ result: string; compose: string | null }> {
  const r = await runCli([
    'match',
    ...source,
    '--compose-root',
    `${server!.url}compose/updates/`,
    '--release-root',
    join(root, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--no-cache',
    '--json',
  ]);
  if (r.code !== 0 && r.code !== 3) throw new Error(`match exited ${r.code}: ${r.stderr}`);
  const report = MatchReportSchema.parse(JSON.parse(r.stdout));
  // Exit 3 exactly when no retained snapshot is consistent with the base.
  const nearest = report.result === 'nearest' || report.result === 'none';
  if (r.code !== (nearest ? 3 : 0)) throw new Error(`match exited ${r.code} with result ${report.result}`);
  return { result: report.result, compose: report.matches[0]?.compose?.id ?? null };
}

withTools.serial('the variant world is generated for Fedora 41', (t) => {
  // How long it took is logged, not asserted: a loaded CI machine is no reason to fail.
  t.log(`generated in ${seconds.toFixed(1)} s`);
  t.is(truth.release, '41');
});

withTools.serial(
  'every OSTree base of the variant matches its truth, composes served over HTTP',
  async (t) => {
    const keys = Object.keys(truth.bases);
    t.true(keys.length >= 7);
    for (const key of keys) {
      const base = truth.bases[key]!;
      const got = await match(['--ostree-repo', join(root, truth.ostreeRepo), '--ref', base.ref]);
      t.deepEqual(got, expected(base), key);
    }
  },
);

withTools.serial(
  'inspect gives the truth timestamps of every base (through a client layer too)',
  async (t) => {
    for (const [key, base] of Object.entries(truth.bases)) {
      const r = await runCli([
        'inspect',
        '--ostree-repo',
        join(root, truth.ostreeRepo),
        '--ref',
        base.ref,
        '--json',
      ]);
      t.is(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { repos: { id: string; timestamp: number }[]; version: string };
      // A client layer records its own repos at layering time; inspect reads the base commit's.
      const want =
        base.parent === null ? base : Object.values(truth.bases).find((b) => b.commit === base.parent)!;
      t.deepEqual(
        doc.repos.map((x) => ({ id: x.id, timestamp: x.timestamp })),
        want.recordedRepos.map((x) => ({ id: x.id, timestamp: x.timestamp })),
        key,
      );
      t.is(doc.version, base.version, key);
    }
  },
);

withTools.serial('status.json whose booted deployment is not layered: the booted base matches', async (t) => {
  const s = truth.sources.status;
  const booted = s.deployments[s.bootedDeployment]!;
  t.is(booted.layered, null);
  t.not(s.bootedDeployment, 0);
  const got = await match(['--status', join(root, s.file)]);
  t.deepEqual(got, expected(truth.bases[booted.base]!));
});

withTools.serial('commitmeta.json (an updates-testing base) and rpm -qa match their truth', async (t) => {
  const cm = truth.sources.commitmeta;
  t.deepEqual(await match(['--commitmeta', join(root, cm.file)]), expected(truth.bases[cm.base]!));
  const pl = truth.sources.pkglist;
  const base = truth.bases[pl.base]!;
  // Without a version or repos, only the package rule can decide: the compose it was built from.
  t.true(base.agreeingComposes.includes(ownCompose(base)));
  t.deepEqual(await match(['--pkglist', join(root, pl.file)]), {
    result: 'packages',
    compose: base.builtFrom.updates,
  });
});
