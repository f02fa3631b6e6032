/**
 * The proof on the committed world: for every kernel base whose fetch truth is exit 0 (its
 * kernel in the retained compose, only in the archive, only in the pool, only on Koji with a
 * sigcache header), dnf installs `kernel-devel-matched` from what `fetch` wrote, with every base
 * package locked and gpgcheck on with the world key, adding exactly the base kernel's
 * kernel-devel and kernel-devel-matched and changing no base package. The base itself is installed
 * from what `fetch` gives for each of its own names, so the whole base is reproduced from the
 * durable sources too (for the Koji base, from signed bytes rebuilt from sigcache).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installBase, nevraText, writeRepoFile } from '../helpers/dnf-oracle.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { worldFetchRoots, worldRoot } from '../helpers/world.js';

interface Pkg {
  name: string;
  epoch: number | null;
  version: string;
  release: string;
  arch: string;
}
interface RawBase {
  commit: string;
  packages: Pkg[];
  fetch?: Record<string, { builds: { nevra: Pkg; source: string }[]; exit: number }>;
}

const truth = JSON.parse(readFileSync(join(worldRoot, 'truth.json'), 'utf8')) as {
  bases: Record<string, RawBase>;
};
const test = testWithTools({ command: 'dnf' }, { command: 'rpm' }, { command: 'unshare' });

const roots = worldFetchRoots(join(worldRoot, 'kojipkgs', 'compose', 'updates'));

async function fetchInto(base: RawBase, names: string[]): Promise<string> {
  const dest = mkdtempSync(join(tmpdir(), 'cm-fetch-dnf-'));
  const r = await runCli([
    'fetch',
    '--ostree-repo',
    join(worldRoot, 'ostree', 'repo'),
    '--commit',
    base.commit,
    ...names,
    ...roots,
    '--dest',
    dest,
  ]);
  if (r.code !== 0) throw new Error(`fetch ${names.join(' ')} exited ${r.code}: ${r.stderr}`);
  return dest;
}

for (const [key, base] of Object.entries(truth.bases)) {
  const expected = base.fetch?.['kernel-devel-matched'];
  if (expected === undefined || expected.exit !== 0) continue;
  test.serial(
    `${key}: dnf layers kernel-devel-matched from the fetched repo, base locked, gpgcheck on`,
    async (t) => {
      const own = await fetchInto(base, [...new Set(base.packages.map((p) => p.name))]);
      const dir = await fetchInto(base, ['kernel-devel-matched']);
      const oracle = await installBase(base.packages, [{ id: 'base', baseurl: pathToFileURL(own).href }]);
      try {
        t.deepEqual(oracle.installed, base.packages.map(nevraText).sort(), 'fetch reproduced the whole base');
        const repoFile = writeRepoFile(join(dir, '..', `${key}-fetched.repo`), [
          { id: 'fetched', baseurl: pathToFileURL(dir).href },
        ]);
        const r = await oracle.tryInstall(['kernel-devel-matched'], [repoFile]);
        t.true(r.ok, r.stderr);
        t.deepEqual(r.added, expected.builds.map((b) => nevraText(b.nevra)).sort());
        t.deepEqual(r.changedBase, []);
        t.deepEqual(r.removed, []);
        rmSync(repoFile);
      } finally {
        oracle.dispose();
        rmSync(own, { recursive: true, force: true });
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}
