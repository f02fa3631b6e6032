/**
 * The `dnf` a container-mode `compose-match install` finds on PATH in tests (test/helpers/fake-dnf
 * runs this): `install -y NAME… --repofrompath=ID,URL --setopt=ID.KEY=VALUE…` is turned back into
 * one `.repo` in a private temp directory and installed for real by dnf on a copy of the oracle's
 * base (every base package locked), so the repos given on the command line must let the real
 * solver add the exact builds. The call is logged like the fake rpm-ostree's, with `tool: 'dnf'`.
 */
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attemptInstall } from './dnf-oracle.js';
import type { FakeInstallCall, FakeRpmOstreeState } from './fake-rpm-ostree-main.js';

/** PATH without this fake, so that the oracle's own `dnf` is the real one (not a loop back here). */
function withoutSelf(path: string): string {
  const self = realpathSync(process.argv[1]!).replace(
    /\/dist\/test\/helpers\/fake-dnf-main\.js$/,
    '/test/helpers/fake-dnf',
  );
  const real = (p: string): string | null => {
    try {
      return realpathSync(p);
    } catch {
      return null;
    }
  };
  return path
    .split(':')
    .filter((d) => real(join(d, 'dnf')) !== self)
    .join(':');
}

async function main(argv: string[]): Promise<number> {
  process.env['PATH'] = withoutSelf(process.env['PATH'] ?? '');
  const state = JSON.parse(readFileSync(process.env['FAKE_RPM_OSTREE']!, 'utf8')) as FakeRpmOstreeState;
  if (!argv.includes('install')) {
    process.stderr.write(`fake dnf: unsupported: ${argv.join(' ')}\n`);
    return 2;
  }
  const repos = new Map<string, string[]>();
  const names: string[] = [];
  for (const a of argv) {
    const from = /^--repofrompath=([^,]+),(.+)$/.exec(a);
    const set = /^--setopt=([^.=]+)\.([^=]+)=(.*)$/.exec(a);
    if (from !== null) repos.set(from[1]!, [`[${from[1]}]`, `name=${from[1]}`, `baseurl=${from[2]}`]);
    else if (set !== null) repos.get(set[1]!)?.push(`${set[2]}=${set[3]}`);
    else if (!a.startsWith('-') && a !== 'install') names.push(a);
  }
  const dir = mkdtempSync(join(tmpdir(), 'cm-fake-dnf-'));
  try {
    const file = join(dir, 'cmdline.repo');
    const text = [...repos.values()].map((lines) => `${lines.join('\n')}\n`).join('\n');
    writeFileSync(file, text);
    const r = await attemptInstall(state.oracle, names, [file]);
    const call: FakeInstallCall & { tool: string } = {
      tool: 'dnf',
      argv,
      names,
      options: argv.filter((a) => a.startsWith('-')),
      repoFiles: { 'cmdline.repo': text },
      pid: process.pid,
      ok: r.ok,
      added: r.added,
      changedBase: r.changedBase,
      removed: r.removed,
      stderr: r.stderr,
    };
    appendFileSync(state.log, `${JSON.stringify(call)}\n`);
    if (!r.ok) process.stderr.write(r.stderr);
    return r.ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
