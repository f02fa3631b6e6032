/**
 * What `fetch` writes is installable: dnf, with every base package locked (excludepkgs of every
 * enabled repo, as rpm-ostree's base lock) and gpgcheck on with the test key, installs
 * kernel-devel-matched from the fetched directory's own repo and changes no base package. Run for
 * a pool build and for a Koji build whose signed bytes were rebuilt from sigcache.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installBase, writeRepoFile } from '../helpers/dnf-oracle.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { builds, type BuildName } from '../fetch/helpers/sources-world.js';
import { fetchWorld, pkglistBase, rootBase } from './fetch-trees.js';

const test = testWithTools(
  { command: 'rpmbuild' },
  { command: 'rpmsign' },
  { command: 'createrepo_c' },
  { command: 'dnf' },
  { command: 'unshare' },
);

for (const [build, base] of [
  ['pool', (b: BuildName) => ['--pkglist', pkglistBase(b)]],
  ['kojiSigned', (b: BuildName) => ['--root', rootBase(b)]],
] as const) {
  test(`dnf installs kernel-devel-matched from the fetched repo, base locked, gpgcheck on (${build})`, async (t) => {
    const w = fetchWorld();
    const { version, release } = builds[build];
    const dir = mkdtempSync(join(tmpdir(), 'cm-fetched-'));
    const r = await runCli([
      'fetch',
      ...base(build),
      'kernel-devel-matched',
      ...w.roots,
      '--container',
      '--dest',
      dir,
    ]);
    t.is(r.code, 0, r.stderr);
    // The base, installed from signed copies of its own build.
    const baseRepo = mkdtempSync(join(tmpdir(), 'cm-base-repo-'));
    for (const name of ['kernel', 'kernel-core']) {
      copyFileSync(w.signed[build][name]!, join(baseRepo, `${name}-${version}-${release}.noarch.rpm`));
    }
    execFileSync('createrepo_c', ['--quiet', '--no-database', baseRepo]);
    const nevra = (name: string) => ({ name, epoch: null, version, release, arch: 'noarch' });
    const oracle = await installBase(
      [nevra('kernel'), nevra('kernel-core')],
      [{ id: 'base', baseurl: pathToFileURL(baseRepo).href }],
      w.key.publicKey,
    );
    try {
      const repoFile = writeRepoFile(
        join(mkdtempSync(join(tmpdir(), 'cm-repofile-')), 'fetched.repo'),
        [{ id: 'fetched', baseurl: pathToFileURL(dir).href }],
        w.key.publicKey,
      );
      const result = await oracle.tryInstall(['kernel-devel-matched'], [repoFile]);
      t.true(result.ok, result.stderr);
      t.deepEqual(result.added, [
        `kernel-devel-${version}-${release}.noarch`,
        `kernel-devel-matched-${version}-${release}.noarch`,
      ]);
      t.deepEqual(result.changedBase, []);
    } finally {
      oracle.dispose();
    }
  });
}
