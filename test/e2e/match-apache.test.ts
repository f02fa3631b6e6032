/**
 * End to end on the test world served by a real Apache (kojipkgs-like listings), through the real
 * CLI: every base of the ground truth matches the compose and strategy it names, read from the
 * OSTree repo over HTTP (also served by Apache), the status JSON, commitmeta.json and the rpm -qa
 * list; a base whose compose was pruned gives exit 3 with the drift the truth lists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { MatchReportSchema, type MatchReport } from '../../src/report/match-report.js';
import { startApache, type ApacheServer } from '../helpers/apache.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot, type BaseTruth } from '../helpers/world.js';

const truth = loadTruth();
const withApache = testWithTools({ command: 'apache2' });

let kojipkgs: ApacheServer | undefined;
let ostree: ApacheServer | undefined;
withApache.before(async () => {
  [kojipkgs, ostree] = await Promise.all([
    startApache({ root: join(worldRoot, 'kojipkgs') }),
    startApache({ root: join(worldRoot, 'ostree', 'repo') }),
  ]);
});
withApache.after.always(async () => {
  await Promise.all([kojipkgs?.close(), ostree?.close()]);
});

const rootArgs = (releaseRoot = join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases')): string[] => [
  '--compose-root',
  `${kojipkgs!.url}compose/updates/`,
  '--release-root',
  releaseRoot,
  '--no-cache',
];

/** Runs `compose-match match … --json` and parses the report. */
async function match(
  t: ExecutionContext,
  args: string[],
  releaseRoot?: string,
): Promise<{ code: number; report: MatchReport; stderr: string }> {
  const r = await runCli(['match', ...args, ...rootArgs(releaseRoot), '--json']);
  t.true(r.stdout.length > 0, `no report on stdout (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, report: MatchReportSchema.parse(JSON.parse(r.stdout)), stderr: r.stderr };
}

/** The result, compose and drift the truth names for `base`, checked on the `updates` match. */
function expectTruth(t: ExecutionContext, base: BaseTruth, got: { code: number; report: MatchReport }) {
  const { report } = got;
  t.is(report.result as string, base.expected.result);
  t.is(got.code, base.expected.exit);
  // The GA tree is read only to check a package list (a status JSON lists none).
  if (report.base.packageCount > 0) t.is(report.gaTree?.state, base.gaTree);
  else t.is(report.gaTree, null);
  t.is(report.base.poolBuilt, base.poolBuilt);
  const m = report.matches.find((x) => x.series === 'updates');
  if (m === undefined) return t.fail(`no updates match in ${JSON.stringify(report.matches)}`);
  t.deepEqual(
    m.unexplained.map((u) => u.name),
    base.unexplained,
  );
  if (base.nearest === undefined) {
    t.is(m.compose?.id, base.expected.compose ?? undefined);
    // A union base's compose agrees only together with the other snapshot it recorded.
    if (base.union !== undefined) {
      t.deepEqual(
        report.matches.map((x) => x.compose?.id),
        base.union.composes,
      );
      for (const id of base.union.composes)
        t.regex(report.repoFile, new RegExp(`^\\[${id.replaceAll('.', '\\.')}\\]$`, 'm'));
    } else if (base.gaTree === 'confirmed' || base.gaTree === 'unrecorded')
      t.true(base.agreeingComposes.includes(m.compose!.id), 'a compose that agrees with the base');
    // Without a usable GA tree a timestamp still names the compose; what it does not carry is unchecked.
    else t.true(m.evidence.packages!.unchecked > 0);
    t.is(
      m.compose?.baseurl,
      `${kojipkgs!.url}compose/updates/${m.compose!.id}/compose/Everything/$basearch/os/`,
    );
    t.regex(report.repoFile, new RegExp(`^\\[${m.compose!.id.replaceAll('.', '\\.')}\\]$`, 'm'));
  } else {
    t.is(m.compose?.id, base.nearest.compose);
    const drift = (d: MatchReport['matches'][number]['drift'], direction: 'newer' | 'older') =>
      d
        .filter((x) => x.direction === direction)
        .map((x) => ({ name: x.name, arch: x.arch, base: x.baseEvr, compose: x.composeEvr }));
    t.deepEqual(drift(m.drift, 'newer'), base.nearest.wouldReplace);
    t.deepEqual(drift(m.drift, 'older'), base.nearest.wouldDowngrade);
    t.deepEqual(
      m.drift
        .filter((x) => x.direction === 'absent')
        .map((x) => ({ name: x.name, arch: x.arch, base: x.baseEvr, compose: x.composeEvr, ga: x.gaEvr })),
      base.nearest.absent,
    );
    t.notRegex(report.repoFile, /^\[/m, 'nothing enabled');
    t.regex(report.repoFile, /^#\[updates-archive\]$/m);
  }
}

for (const [name, base] of Object.entries(truth.bases)) {
  withApache(
    `OSTree commit ${name} over HTTP: ${base.expected.result} ${base.expected.compose ?? base.nearest?.compose}`,
    async (t) => {
      const got = await match(t, ['--ostree-repo', ostree!.url, '--commit', base.commit]);
      expectTruth(t, base, got);
    },
  );
}

withApache('the same bases by ref, from the local repo path', async (t) => {
  for (const base of Object.values(truth.bases)) {
    const got = await match(t, ['--ostree-repo', join(worldRoot, truth.ostreeRepo), '--ref', base.ref]);
    expectTruth(t, base, got);
  }
});

const status = truth.sources.status;
for (const [index, deployment] of status.deployments.entries()) {
  const base = truth.bases[deployment.layered ?? deployment.base]!;
  withApache(
    `status JSON (garbled timestamps), deployment ${index} (${deployment.layered ?? deployment.base}): ${base.nearest === undefined ? base.expected.result : 'none'}`,
    async (t) => {
      const got = await match(t, [
        '--status',
        join(worldRoot, status.file),
        ...(index === status.bootedDeployment ? [] : ['--deployment', String(index)]),
      ]);
      if (base.nearest === undefined) expectTruth(t, base, got);
      else {
        // Its compose is pruned and the status JSON lists no packages to compare: nothing to go on.
        t.is(got.code, 3);
        t.is(got.report.result, 'none');
        t.deepEqual(got.report.matches[0]?.drift, []);
        t.notRegex(got.report.repoFile, /^\[/m, 'nothing enabled');
        t.regex(got.stderr, /base lists no packages/);
      }
      // The base commit's metadata (read through a client layer), its timestamps repaired.
      t.deepEqual(
        got.report.repos.map((r) => ({ id: r.id, timestamp: r.timestamp })),
        truth.bases[deployment.base]!.recordedRepos.map((r) => ({ id: r.id, timestamp: r.timestamp })),
      );
    },
  );
}

withApache(`commitmeta.json (${truth.sources.commitmeta.base})`, async (t) => {
  const base = truth.bases[truth.sources.commitmeta.base]!;
  expectTruth(t, base, await match(t, ['--commitmeta', join(worldRoot, truth.sources.commitmeta.file)]));
});

withApache(`rpm -qa list (${truth.sources.pkglist.base}): by packages, nothing else to go on`, async (t) => {
  const base = truth.bases[truth.sources.pkglist.base]!;
  const got = await match(t, ['--pkglist', join(worldRoot, truth.sources.pkglist.file)]);
  // A package list has no version or repo timestamps: the packages strategy decides.
  expectTruth(
    t,
    { ...base, expected: { result: 'packages', compose: base.builtFrom.updates, exit: 0 } },
    got,
  );
  t.is(got.report.matches[0]!.evidence.packages?.newer, 0);
});

withApache(
  'a GA tree that cannot be read: the nearest is still reported, and the exit is 1, not 3',
  async (t) => {
    const base = truth.bases['fcos-pruned-partial']!;
    const empty = mkdtempSync(join(tmpdir(), 'no-releases-'));
    try {
      const r = await match(
        t,
        ['--ostree-repo', join(worldRoot, truth.ostreeRepo), '--ref', base.ref],
        empty,
      );
      t.is(r.code, 1, r.stderr);
      const { report } = r;
      t.is(report.result, 'nearest');
      t.is(report.gaTree?.state, 'failed');
      // Without GA, json-c (which no retained compose carries) is unchecked, not absent.
      const m = report.matches[0]!;
      t.is(m.drift.filter((d) => d.direction === 'absent').length, 0);
      t.true(m.evidence.packages!.unchecked > 0);
      t.regex(r.stderr, /GA tree \(failed\)/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  },
);
