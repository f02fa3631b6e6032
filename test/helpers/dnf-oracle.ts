/**
 * dnf as the oracle for rpm-ostree's base lock (FACTS.md §9, §10).
 *
 * {@link installBase} installs a base's exact package set into an installroot from the repos it was
 * built from. {@link OracleBase.tryInstall} then runs `dnf install PKG` on a fresh copy of that root
 * with only the given `.repo` files, every base package name in `excludepkgs` of every enabled repo and
 * no `--allowerasing`: it fails exactly when rpm-ostree would have to replace a base package.
 *
 * Offline and private: HOME with `%_dbpath /var/lib/rpm` (Debian's rpm would use ~/.rpmdb),
 * `plugins=0`, `reposdir` = only the given files, cache in the temp dir. The world's RPMs are
 * signed with its test key (FACTS §12: Fedora signs what it composes), so every repo is used with
 * `gpgcheck=1` and that key (a `.repo` under test gets both by `--setopt`, whatever it says): an
 * unsigned or tampered package fails the attempt. As an
 * ordinary user, dnf and rpm run as root of a user namespace (`unshare --map-root-user`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { worldRoot } from './world.js';

/** The public key the world's RPMs are signed with (scripts/world/keys). */
export const worldGpgKey = join(worldRoot, 'keys', 'RPM-GPG-KEY-compose-match-world');

/** A package as NEVRA fields (epoch null when unset). */
export interface OracleNevra {
  name: string;
  epoch: number | null;
  version: string;
  release: string;
  arch: string;
}

/** One rpm-md repo for installing the base. */
export interface OracleRepo {
  id: string;
  baseurl: string;
}

/** What one `dnf install` attempt did. */
export interface OracleResult {
  /** dnf exited 0. */
  ok: boolean;
  exitCode: number | null;
  /** NEVRAs present after but not before. */
  added: string[];
  /** NEVRAs present before but not after (a replaced base package shows here and in `added`). */
  removed: string[];
  /** Base packages no longer installed at their base NEVRA. */
  changedBase: string[];
  stdout: string;
  stderr: string;
}

/** An installed base, ready for attempts. */
export interface OracleBase {
  /** The installroot holding the base. */
  root: string;
  /** NEVRAs installed (`name-[epoch:]version-release.arch`, as `rpm -qa --qf %{NEVRA}` prints). */
  installed: string[];
  /** The same as plain data, for another process. */
  state: OracleState;
  /** `dnf install` of `packages` with the given `.repo` files (paths), on a copy of the base. */
  tryInstall(packages: string[], repoFiles: string[]): Promise<OracleResult>;
  /** Removes every temp directory. */
  dispose(): void;
}

/** `name-[epoch:]version-release.arch`, with the epoch only when set (like rpm's %{NEVRA}). */
export function nevraText(p: OracleNevra): string {
  return `${p.name}-${p.epoch !== null ? `${p.epoch}:` : ''}${p.version}-${p.release}.${p.arch}`;
}

/** dnf and `rpm --root` need root (chroot); an ordinary user runs them as root of a user namespace. */
function asRoot(command: string, args: string[]): [string, string[]] {
  return process.geteuid?.() === 0
    ? [command, args]
    : ['unshare', ['--map-root-user', '--', command, ...args]];
}

function privateEnv(home: string): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, '.rpmmacros'), '%_dbpath /var/lib/rpm\n');
  return { ...process.env, HOME: home, TZ: 'UTC', LC_ALL: 'C.UTF-8' };
}

function mainConf(dir: string, reposdir: string): string {
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'dnf.conf');
  writeFileSync(
    conf,
    [
      '[main]',
      'plugins=0',
      'install_weak_deps=0',
      'keepcache=0',
      'skip_if_unavailable=False',
      `cachedir=${join(dir, 'cache')}`,
      `reposdir=${reposdir}`,
      '',
    ].join('\n'),
  );
  return conf;
}

function rpmQa(root: string, env: NodeJS.ProcessEnv): string[] {
  const [command, args] = asRoot('rpm', ['--root', root, '-qa', '--qf', '%{NEVRA}\\n']);
  const r = spawnSync(command, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rpm -qa in ${root} failed: ${r.stderr}`);
  // dnf imports the signing key as a gpg-pubkey "package"; it is not part of any base.
  return r.stdout
    .split('\n')
    .filter((n) => n !== '' && !n.startsWith('gpg-pubkey-'))
    .sort();
}

/** Repo ids declared in `.repo` files (`[id]` sections). */
export function repoIds(repoFiles: string[]): string[] {
  const ids: string[] = [];
  for (const file of repoFiles) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^\s*\[([^\]]+)\]\s*$/.exec(line);
      if (m?.[1] && m[1] !== 'main') ids.push(m[1]);
    }
  }
  return ids;
}

/** Runs dnf without blocking the event loop (the repos may be served by this very process). */
function dnf(
  conf: string,
  root: string,
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const argv = ['-y', '-c', conf, `--installroot=${root}`, '--releasever=32', '--nodocs', ...args];
  return new Promise((resolve, reject) => {
    const [command, args] = asRoot('dnf', argv);
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Writes a `.repo` file for rpm-md repos (file:// or http:// base URLs), gpgcheck on with `gpgKey`. */
export function writeRepoFile(path: string, repos: OracleRepo[], gpgKey = worldGpgKey): string {
  const text = repos
    .map((r) =>
      [
        `[${r.id}]`,
        `name=${r.id}`,
        `baseurl=${r.baseurl}`,
        'enabled=1',
        'gpgcheck=1',
        `gpgkey=file://${gpgKey}`,
        '',
      ].join('\n'),
    )
    .join('\n');
  writeFileSync(path, text);
  return path;
}

/**
 * What an attempt needs of an installed base: plain data, so another process (the fake rpm-ostree,
 * test/helpers/fake-rpm-ostree) can make attempts on a base the test installed.
 */
export interface OracleState {
  top: string;
  root: string;
  installed: string[];
  /** The base NEVRAs. */
  specs: string[];
  baseNames: string[];
  gpgKey: string;
}

let attempts = 0;

/** `dnf install wanted` on a fresh copy of the base with only `repoFiles`, every base name locked. */
export async function attemptInstall(
  state: OracleState,
  wanted: string[],
  repoFiles: string[],
): Promise<OracleResult> {
  const { top, root, installed, specs, baseNames, gpgKey } = state;
  const env = privateEnv(join(top, 'home'));
  const dir = mkdtempSync(join(top, `attempt-${process.pid}-${++attempts}-`));
  const attemptRepos = join(dir, 'repos');
  mkdirSync(attemptRepos, { recursive: true });
  for (const file of repoFiles) cpSync(file, join(attemptRepos, basename(file)));
  const attemptRoot = join(dir, 'root');
  cpSync(root, attemptRoot, { recursive: true, verbatimSymlinks: true });
  const attemptConf = mainConf(dir, attemptRepos);
  // rpm-ostree's base lock: no enabled repo may offer a base package name.
  const ids = repoIds(repoFiles);
  const excludes = ids.map((id) => `--setopt=${id}.excludepkgs=${baseNames.join(',')}`);
  // The file's gpgkey names Fedora's key; the world is signed with its own.
  const keys = ids.flatMap((id) => [`--setopt=${id}.gpgcheck=1`, `--setopt=${id}.gpgkey=file://${gpgKey}`]);
  const res = await dnf(attemptConf, attemptRoot, env, [...excludes, ...keys, 'install', ...wanted]);
  const after = rpmQa(attemptRoot, env);
  const before = new Set(installed);
  const now = new Set(after);
  const baseNevras = new Set(specs);
  return {
    ok: res.status === 0,
    exitCode: res.status,
    added: after.filter((n) => !before.has(n)),
    removed: installed.filter((n) => !now.has(n)),
    changedBase: [...baseNevras].filter((n) => !now.has(n)),
    stdout: res.stdout,
    stderr: res.stderr,
  };
}

/**
 * Installs exactly `packages` into a new installroot from `repos`, checking signatures against
 * `gpgKey` (a file path; the world's key by default). Attempts use the same key.
 */
export async function installBase(
  packages: OracleNevra[],
  repos: OracleRepo[],
  gpgKey = worldGpgKey,
): Promise<OracleBase> {
  const top = mkdtempSync(join(tmpdir(), 'compose-match-oracle-'));
  const env = privateEnv(join(top, 'home'));
  const reposdir = join(top, 'base-repos');
  mkdirSync(reposdir);
  writeRepoFile(join(reposdir, 'base.repo'), repos, gpgKey);
  const conf = mainConf(join(top, 'base'), reposdir);
  const root = join(top, 'root');
  const specs = packages.map(nevraText);
  const r = await dnf(conf, root, env, ['install', ...specs]);
  if (r.status !== 0) {
    rmSync(top, { recursive: true, force: true });
    throw new Error(`installing the base failed:\n${r.stderr}`);
  }
  const installed = rpmQa(root, env);
  const baseNames = [...new Set(packages.map((p) => p.name))].sort();

  const state: OracleState = { top, root, installed, specs, baseNames, gpgKey };
  return {
    root,
    installed,
    state,
    tryInstall: (wanted, repoFiles) => attemptInstall(state, wanted, repoFiles),
    dispose() {
      rmSync(top, { recursive: true, force: true });
    },
  };
}
