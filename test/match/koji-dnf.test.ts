/**
 * The proof with dnf: fcos-kernel-archived was built from a compose Bodhi pruned and no index saw.
 * Matched from the world's Koji hub, its durable `.repo`, used alone by dnf with every base package
 * locked, layers kernel-devel-matched (which requires kernel-core at exactly its V-R) at the base
 * kernel's EVR and changes no base package.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { installBase } from '../helpers/dnf-oracle.js';
import { durableWorld } from '../helpers/durable-world.js';
import { startWorldHub } from '../helpers/koji-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, osRepoUrl, worldRoot } from '../helpers/world.js';

const withTools = testWithTools(
  { python: 'xmlrpc.server' },
  { command: 'dnf' },
  { command: 'rpm' },
  { command: 'createrepo_c' },
);

withTools('dnf layers the exact-EVR kernel subpackage from the .repo of a Koji answer', async (t) => {
  const truth = loadTruth();
  const base = truth.bases['fcos-kernel-archived']!;
  const w = await durableWorld({ prune: [] });
  const hub = await startWorldHub();
  try {
    const r = await runCli([
      'match',
      '--ostree-repo',
      join(worldRoot, 'ostree', 'repo'),
      '--ref',
      base.ref!,
      '--compose-root',
      join(worldRoot, 'kojipkgs', 'compose', 'updates'),
      '--release-root',
      join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
      '--archive-root',
      join(worldRoot, 'updates-archive'),
      '--updates-root',
      w.updatesRoot,
      '--koji-hub',
      hub.url,
      '--json',
      '--no-cache',
    ]);
    t.is(r.code, 0, r.stderr);
    const report = MatchReportSchema.parse(JSON.parse(r.stdout));
    t.is(report.result, 'koji');
    const repoFile = join(w.dir, 'koji.repo');
    writeFileSync(repoFile, report.repoFile);
    // The base as it was installed: GA plus the archived builds of its pruned compose.
    const oracle = await installBase(base.packages!, [
      { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) },
      {
        id: 'archive',
        baseurl: pathToFileURL(join(worldRoot, 'updates-archive', 'fedora', '32', 'x86_64')).href + '/',
      },
    ]);
    try {
      const kernel = base.packages!.find((p) => p.name === 'kernel-core')!;
      const res = await oracle.tryInstall(['kernel-devel-matched'], [repoFile]);
      t.true(res.ok, res.stderr);
      t.deepEqual(res.added.sort(), [
        `kernel-devel-${kernel.version}-${kernel.release}.x86_64`,
        `kernel-devel-matched-${kernel.version}-${kernel.release}.x86_64`,
      ]);
      t.deepEqual(res.removed, []);
      t.deepEqual(res.changedBase, []);
    } finally {
      oracle.dispose();
    }
  } finally {
    await hub.close();
    w.dispose();
  }
});
