/**
 * The proof with dnf for a `pool` answer: fcos-kernel-pool was built from Fedora CoreOS's pool with
 * a kernel override that never went through Bodhi, so neither the updates-archive nor a live
 * updates repo has that kernel's subpackages; only the pool dist-repo does. Matched from the
 * world's Koji hub, its durable `.repo` (with `--for kernel-devel-matched`), used alone by dnf with
 * every base package locked, layers kernel-devel-matched (which requires kernel-core at exactly its
 * V-R) from the pool stanza and changes no base package.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MatchReport } from '../../src/report/match-report.js';
import { installBase } from '../helpers/dnf-oracle.js';
import type { DurableWorld } from '../helpers/durable-world.js';
import type { WorldHub } from '../helpers/koji-hub.js';
import { kernelDevelFor, kojiMatch, withKojiWorld } from '../helpers/koji-world-hub.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, osRepoUrl, worldRoot } from '../helpers/world.js';

const withTools = testWithTools(
  { python: 'xmlrpc.server' },
  { command: 'dnf' },
  { command: 'rpm' },
  { command: 'createrepo_c' },
);

const truth = loadTruth();
const base = truth.bases['fcos-kernel-pool']!;
const poolRoot = join(worldRoot, 'kojipkgs', 'repos-dist', 'coreos-pool', 'latest');

async function match(
  hub: WorldHub,
  w: DurableWorld,
  extra: string[],
  pool = poolRoot,
  exit = 0,
): Promise<MatchReport> {
  const r = await kojiMatch(hub, w, base.ref, ['--pool-root', pool, ...extra]);
  if (r.code !== exit) throw new Error(`match exited ${r.code}: ${r.stderr}`);
  return r.report;
}

withTools('dnf layers the exact-EVR kernel subpackage from the pool stanza of a pool answer', async (t) => {
  const wanted = kernelDevelFor(base);
  await withKojiWorld(async (hub, w) => {
    // The whole state: every build placed once, archive and live first, the pool for the rest.
    const whole = await match(hub, w, []);
    t.is(whole.result, 'pool');
    const coverage = whole.matches[0]!.coverage!;
    t.true(coverage.complete, JSON.stringify(coverage.missing));
    const byRole = new Map(coverage.sources.map((s) => [s.role, s]));
    const archive = byRole.get('updates-archive')!;
    const pool = byRole.get('pool')!;
    t.is(pool.state, 'read', pool.detail);
    t.is(pool.url, `${pathToFileURL(poolRoot).href}/x86_64/`);
    // The override's subpackages are only in the pool.
    for (const n of wanted) {
      t.true(pool.builds.includes(n), n);
      t.false(archive.builds.includes(n), n);
    }
    t.deepEqual(
      pool.builds.filter((b) => archive.builds.includes(b)),
      [],
      'a build the archive holds keeps its archive stanza',
    );
    t.deepEqual(pool.includepkgs, pool.builds);
    t.true(whole.repoFile.includes(`baseurl=${pathToFileURL(poolRoot).href}/x86_64/`));

    // With --for, only what layering needs: the two pool builds.
    const report = await match(hub, w, ['--for', 'kernel-devel-matched']);
    const forPool = report.matches[0]!.coverage!.sources.find((s) => s.role === 'pool')!;
    t.deepEqual(forPool.includepkgs, wanted);
    const repoFile = join(w.dir, 'pool.repo');
    writeFileSync(repoFile, report.repoFile);
    // The base as it was composed: GA plus the pool.
    const oracle = await installBase(base.packages!, [
      { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) },
      { id: 'pool', baseurl: `${pathToFileURL(poolRoot).href}/x86_64/` },
    ]);
    try {
      const res = await oracle.tryInstall(['kernel-devel-matched'], [repoFile]);
      t.true(res.ok, res.stderr);
      t.deepEqual(res.added.sort(), wanted);
      t.deepEqual(res.removed, []);
      t.deepEqual(res.changedBase, []);
    } finally {
      oracle.dispose();
    }
  });
});

withTools(
  'a build the pool has dropped since is named under coverage.missing, and listed nowhere',
  async (t) => {
    // The pool repo as after Koji untagged the override: the same repo without the kernel 5.7.12 files.
    const dir = mkdtempSync(join(tmpdir(), 'cm-pool-dropped-'));
    const copy = join(dir, 'x86_64');
    cpSync(join(poolRoot, 'x86_64'), copy, {
      recursive: true,
      filter: (src) => !src.includes('repodata') && !src.includes('-5.7.12-200.fc32.'),
    });
    const made = spawnSync('createrepo_c', ['--quiet', '--no-database', copy], { encoding: 'utf8' });
    t.is(made.status, 0, made.stderr);
    try {
      await withKojiWorld(async (hub, w) => {
        const report = await match(hub, w, [], dir, 3);
        const coverage = report.matches[0]!.coverage!;
        t.false(coverage.complete);
        const missing = coverage.missing.map((m) => m.nevra);
        for (const n of ['kernel-devel-matched', 'kernel-devel', 'kernel-core'])
          t.true(missing.includes(`${n}-5.7.12-200.fc32.x86_64`), n);
        const listed = coverage.sources.flatMap((s) => s.includepkgs);
        t.false(listed.some((n) => n.includes('-5.7.12-200.fc32.')));
        t.true(report.repoFile.includes('# INCOMPLETE:'));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
