/**
 * The proof with dnf: fcos-kernel-archived was built from a compose Bodhi pruned and no index saw.
 * Matched from the world's Koji hub, its durable `.repo`, used alone by dnf with every base package
 * locked, layers kernel-devel-matched (which requires kernel-core at exactly its V-R) at the base
 * kernel's EVR and changes no base package.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installArchivedBase, kernelDevelFor, kojiMatch, withKojiWorld } from '../helpers/koji-world-hub.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth } from '../helpers/world.js';

const withTools = testWithTools(
  { python: 'xmlrpc.server' },
  { command: 'dnf' },
  { command: 'rpm' },
  { command: 'createrepo_c' },
);

withTools('dnf layers the exact-EVR kernel subpackage from the .repo of a Koji answer', async (t) => {
  const base = loadTruth().bases['fcos-kernel-archived']!;
  await withKojiWorld(async (hub, w) => {
    const { code, stderr, report } = await kojiMatch(hub, w, base.ref);
    t.is(code, 0, stderr);
    t.is(report.result, 'koji');
    const repoFile = join(w.dir, 'koji.repo');
    writeFileSync(repoFile, report.repoFile);
    // The base as it was installed: GA plus the archived builds of its pruned compose.
    const oracle = await installArchivedBase(base.packages);
    try {
      const res = await oracle.tryInstall(['kernel-devel-matched'], [repoFile]);
      t.true(res.ok, res.stderr);
      t.deepEqual(res.added.sort(), kernelDevelFor(base));
      t.deepEqual(res.removed, []);
      t.deepEqual(res.changedBase, []);
    } finally {
      oracle.dispose();
    }
  });
});
