/**
 * libdnf as the oracle for what rpm-ostree's resolver is offered by a set of `.repo` files: the C
 * harness test/helpers/libdnf-list.c (DnfContext, the rpm-ostree path) compiled at test time with
 * gcc and pkg-config over Debian's libdnf-dev, and dnf 4's `repoquery` over the same files for the
 * comparison (FACTS §12: the two differ when no includepkgs entry of a repo matches).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { repoRoot } from './repo-root.js';

/** What the oracle needs on the machine (see .ci/debian-packages). */
export const libdnfRequirements = [
  { command: 'gcc' },
  { command: 'pkg-config' },
  { pkgConfig: 'libdnf' },
  { command: 'dnf' },
] as const;

let built: string | undefined;

/** Compiles the harness once per process into a temp dir; returns the executable. */
export function libdnfLister(): string {
  if (built !== undefined) return built;
  const dir = mkdtempSync(join(tmpdir(), 'cm-libdnf-'));
  const flags = spawnSync('pkg-config', ['--cflags', '--libs', 'libdnf', 'gobject-2.0'], {
    encoding: 'utf8',
  });
  if (flags.status !== 0) throw new Error(`pkg-config libdnf failed: ${flags.stderr}`);
  const out = join(dir, 'libdnf-list');
  const cc = spawnSync(
    'gcc',
    ['-o', out, join(repoRoot, 'test', 'helpers', 'libdnf-list.c'), ...flags.stdout.trim().split(/\s+/)],
    { encoding: 'utf8' },
  );
  if (cc.status !== 0) throw new Error(`compiling libdnf-list.c failed:\n${cc.stderr}`);
  built = out;
  return out;
}

/** One package offered: the repo id and its NEVRA (`name-[E:]V-R.A`). */
export type Offered = `${string}\t${string}`;

function reposDir(repoFiles: readonly string[]): { top: string; repos: string } {
  const top = mkdtempSync(join(tmpdir(), 'cm-offered-'));
  const repos = join(top, 'repos');
  mkdirSync(repos);
  for (const f of repoFiles) cpSync(f, join(repos, basename(f)));
  mkdirSync(join(top, 'root'));
  return { top, repos };
}

/** What libdnf (DnfContext) offers from `repoFiles` alone, sorted. */
export function libdnfOffered(repoFiles: readonly string[], release = '32', arch = 'x86_64'): Offered[] {
  return runLister(repoFiles, [release, arch]);
}

/** What libdnf's goal installs for `rpm-ostree install NAME` from `repoFiles` alone (empty root), sorted. */
export function libdnfInstalls(
  repoFiles: readonly string[],
  name: string,
  release = '32',
  arch = 'x86_64',
): Offered[] {
  return runLister(repoFiles, [release, arch, name]);
}

/**
 * What libdnf's goal installs for `rpm-ostree install NAME` on the base installed in `baseRoot` (an
 * installroot with its rpm database at /var/lib/rpm, as the dnf oracle makes it), every base package
 * locked as rpm-ostree locks them; throws when the goal fails (it would have to replace one).
 */
export function libdnfInstallsLocked(
  repoFiles: readonly string[],
  name: string,
  baseRoot: string,
  release = '32',
  arch = 'x86_64',
): Offered[] {
  return runLister(repoFiles, [release, arch, name], baseRoot);
}

function runLister(repoFiles: readonly string[], args: string[], baseRoot?: string): Offered[] {
  const { top, repos } = reposDir(repoFiles);
  const cache = join(top, 'cache');
  mkdirSync(cache);
  const root = join(top, 'root');
  let env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8' };
  if (baseRoot !== undefined) {
    // A copy, so nothing libdnf does can touch the oracle's base; Debian's rpm needs the dbpath set.
    cpSync(baseRoot, root, { recursive: true, verbatimSymlinks: true });
    const home = join(top, 'home');
    mkdirSync(home);
    writeFileSync(join(home, '.rpmmacros'), '%_dbpath /var/lib/rpm\n');
    env = { ...env, HOME: home, LIBDNF_LIST_LOCK_BASE: '1' };
  }
  const r = spawnSync(libdnfLister(), [root, repos, cache, ...args], { encoding: 'utf8', env });
  rmSync(top, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`libdnf-list failed (${r.status}):\n${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).sort() as Offered[];
}

/** What dnf 4 offers from `repoFiles` alone (`repoquery --available`), sorted. */
export function dnfOffered(repoFiles: readonly string[], release = '32'): Offered[] {
  const { top, repos } = reposDir(repoFiles);
  const conf = join(top, 'dnf.conf');
  writeFileSync(conf, `[main]\nplugins=0\nreposdir=${repos}\ncachedir=${join(top, 'cache')}\n`);
  const r = spawnSync(
    'dnf',
    [
      '-c',
      conf,
      `--installroot=${join(top, 'root')}`,
      `--releasever=${release}`,
      '-q',
      'repoquery',
      '--available',
      '--qf',
      '%{repoid}\t%{name}-%{evr}.%{arch}',
    ],
    { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } },
  );
  rmSync(top, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`dnf repoquery failed (${r.status}):\n${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .filter((l) => !l.endsWith('.src'))
    .sort() as Offered[];
}
