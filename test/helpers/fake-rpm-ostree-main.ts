/**
 * The fake `rpm-ostree` (test/helpers/fake-rpm-ostree runs this): rpm-ostree is not packaged for
 * Debian, so `install` is done for real by dnf on a copy of a base the test installed (the
 * oracle: every base package locked, gpgcheck on with the world key), with exactly the `.repo`
 * files found in the state's repo directory at that moment. A test passes only when the repos
 * compose-match left in place let the real solver install the exact builds.
 *
 * - `status --json`: prints the state's status file.
 * - `install [--apply-live|--reboot|--idempotent] NAME…`: appends one JSON line to the log (its
 *   arguments, the repo files it saw with their text, what dnf added and changed), then exits 0
 *   when dnf did, else 1 with dnf's message (as rpm-ostree reports a depsolve failure).
 *   With `hang`, it logs its pid and waits to be killed instead (the SIGKILL test).
 */
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { attemptInstall, type OracleState } from './dnf-oracle.js';

/** The file `$FAKE_RPM_OSTREE` names. */
export interface FakeRpmOstreeState {
  status: string;
  log: string;
  repoDir: string;
  oracle: OracleState;
  hang?: boolean;
}

/** One `install` call as the log records it. */
export interface FakeInstallCall {
  argv: string[];
  names: string[];
  options: string[];
  repoFiles: Record<string, string>;
  pid: number;
  ok?: boolean;
  added?: string[];
  changedBase?: string[];
  removed?: string[];
  stderr?: string;
}

async function main(argv: string[]): Promise<number> {
  const state = JSON.parse(readFileSync(process.env['FAKE_RPM_OSTREE']!, 'utf8')) as FakeRpmOstreeState;
  if (argv[0] === 'status' && argv.includes('--json')) {
    process.stdout.write(readFileSync(state.status, 'utf8'));
    return 0;
  }
  if (argv[0] !== 'install') {
    process.stderr.write(`fake rpm-ostree: unsupported: ${argv.join(' ')}\n`);
    return 2;
  }
  const rest = argv.slice(1);
  const files = readdirSync(state.repoDir)
    .filter((f) => f.endsWith('.repo'))
    .sort();
  const call: FakeInstallCall = {
    argv,
    names: rest.filter((a) => !a.startsWith('-')),
    options: rest.filter((a) => a.startsWith('-')),
    repoFiles: Object.fromEntries(files.map((f) => [f, readFileSync(join(state.repoDir, f), 'utf8')])),
    pid: process.pid,
  };
  if (state.hang === true) {
    appendFileSync(state.log, `${JSON.stringify(call)}\n`);
    await new Promise(() => setInterval(() => undefined, 1000));
  }
  const r = await attemptInstall(
    state.oracle,
    call.names,
    files.map((f) => join(state.repoDir, f)),
  );
  Object.assign(call, {
    ok: r.ok,
    added: r.added,
    changedBase: r.changedBase,
    removed: r.removed,
    stderr: r.stderr,
  });
  appendFileSync(state.log, `${JSON.stringify(call)}\n`);
  if (r.ok) return 0;
  process.stderr.write(
    `error: Could not depsolve transaction; ${r.stderr.trim().split('\n').slice(-2).join(' ')}\n`,
  );
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
