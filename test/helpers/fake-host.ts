/**
 * An rpm-ostree host for `compose-match install` tests: a PATH whose `rpm-ostree` is the fake
 * (test/helpers/fake-rpm-ostree, installing for real with dnf on the oracle's base), a repo
 * directory seeded with a file of the admin's own, a status file, and readers for what happened.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OracleBase } from './dnf-oracle.js';
import type { FakeInstallCall, FakeRpmOstreeState } from './fake-rpm-ostree-main.js';
import { repoRoot } from './repo-root.js';

/** One fake host. */
export interface FakeHost {
  dir: string;
  repoDir: string;
  /** The env a CLI run on this host gets (PATH first with the fake rpm-ostree). */
  env: Record<string, string>;
  /** Every `rpm-ostree install` call so far. */
  calls(): FakeInstallCall[];
  /** Names and bytes of everything in the repo directory (dot-files too). */
  repoDirContents(): Record<string, string>;
  /** Rewrites the fake's state (e.g. to make install hang). */
  setHang(hang: boolean): void;
  dispose(): void;
}

/** The admin's own repo file every host starts with (must survive every run byte for byte). */
export const adminRepo =
  '[admin-local]\nname=Admin local\nbaseurl=file:///nonexistent/\nenabled=0\n# keep me\n';

/**
 * Makes a host whose `rpm-ostree status --json` prints `statusText` and installs onto `oracle`.
 * With `container`, it is a container build instead: no OSTree-booted marker, and a `dnf` on PATH
 * (test/helpers/fake-dnf) that installs onto `oracle` with the repos given on its command line.
 */
export function makeFakeHost(statusText: string, oracle: OracleBase, { container = false } = {}): FakeHost {
  const dir = mkdtempSync(join(tmpdir(), 'cm-fake-host-'));
  const bin = join(dir, 'bin');
  const repoDir = join(dir, 'yum.repos.d');
  mkdirSync(bin);
  mkdirSync(repoDir);
  symlinkSync(join(repoRoot, 'test', 'helpers', 'fake-rpm-ostree'), join(bin, 'rpm-ostree'));
  // Debian's dnf is on PATH too: a host says it is booted, a container build gets the fake dnf.
  if (container) symlinkSync(join(repoRoot, 'test', 'helpers', 'fake-dnf'), join(bin, 'dnf'));
  const booted = join(dir, 'ostree-booted');
  if (!container) writeFileSync(booted, '');
  writeFileSync(join(repoDir, 'admin.repo'), adminRepo);
  const status = join(dir, 'status.json');
  writeFileSync(status, statusText);
  const log = join(dir, 'calls.jsonl');
  const stateFile = join(dir, 'state.json');
  const write = (hang: boolean): void => {
    const state: FakeRpmOstreeState = { status, log, repoDir, oracle: oracle.state, hang };
    writeFileSync(stateFile, JSON.stringify(state));
  };
  write(false);
  return {
    dir,
    repoDir,
    env: {
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      FAKE_RPM_OSTREE: stateFile,
      COMPOSE_MATCH_OSTREE_BOOTED: booted,
      XDG_CACHE_HOME: join(dir, 'cache'),
      HOME: join(dir, 'home'),
    },
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => JSON.parse(l) as FakeInstallCall)
        : [],
    repoDirContents: () =>
      Object.fromEntries(
        readdirSync(repoDir)
          .sort()
          .map((f) => [f, readFileSync(join(repoDir, f), 'utf8')]),
      ),
    setHang: write,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
