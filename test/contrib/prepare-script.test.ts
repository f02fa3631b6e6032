/**
 * contrib/compose-match-prepare, the script the systemd unit runs before an upgrade, with
 * `rpm-ostree` and `compose-match` replaced by recording stubs: what it asks for, in which order,
 * and which exit it makes of their answers.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';

const script = join(repoRoot, 'contrib', 'compose-match-prepare');

interface Run {
  code: number | null;
  calls: string[];
  stderr: string;
}

/** Runs the script with stubs; `fetchExit` maps a --deployment to the stub fetch's exit. */
function prepare(
  t: { teardown(fn: () => void): void },
  opts: {
    checkExit?: number;
    fetchExit?: Record<string, number>;
    env?: Record<string, string>;
    /** Shell run by the stub fetch before the exits ($d is the deployment, $dir a scratch dir). */
    fetchBody?: string;
  } = {},
): Run {
  const dir = mkdtempSync(join(tmpdir(), 'prepare-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'calls');
  writeFileSync(log, '');
  const stub = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/bash\necho "${name} $*" >> ${log}\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  stub('rpm-ostree', `[ "$1" = upgrade ] && exit ${opts.checkExit ?? 0}\necho '{"deployments": []}'`);
  const cases = Object.entries(opts.fetchExit ?? {})
    .map(
      ([d, code]) =>
        `[ "$d" = ${d} ] && { [ ${code} = 2 ] && echo "compose-match: no $d deployment [ERR_BASE_NO_DEPLOYMENT]" >&2; exit ${code}; }`,
    )
    .join('\n');
  stub(
    'compose-match',
    `d=""; prev=""; for a in "$@"; do [ "$prev" = --deployment ] && d=$a; prev=$a; done\ndir=${dir}\n${opts.fetchBody ?? ''}\n${cases}\nexit 0`,
  );
  const r = spawnSync('bash', [script], {
    env: { PATH: `${dir}:/usr/bin:/bin`, ...opts.env },
    encoding: 'utf8',
  });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((c) => c.replace(/\/tmp\/\S+/g, 'STATUS'));
  return { code: r.status, calls, stderr: r.stderr };
}

test('checks for an update, fetches for booted, pending and the cached update, then prunes', (t) => {
  const r = prepare(t, {
    env: { COMPOSE_MATCH_PACKAGES: 'kernel-devel-matched akmods', COMPOSE_MATCH_ARGS: '--allow-unsigned' },
  });
  t.is(r.code, 0, r.stderr);
  const fetch = (d: string) =>
    `compose-match fetch --status STATUS --ostree-repo /ostree/repo --host --deployment ${d} --allow-unsigned kernel-devel-matched akmods`;
  t.deepEqual(r.calls, [
    'rpm-ostree upgrade --check',
    'rpm-ostree status --json',
    fetch('booted'),
    fetch('pending'),
    fetch('cached-update'),
    'compose-match fetch-prune --status STATUS --ostree-repo /ostree/repo',
  ]);
});

test('no pending deployment and no update (exit 77) are not failures', (t) => {
  const r = prepare(t, { checkExit: 77, fetchExit: { pending: 2, 'cached-update': 2 } });
  t.is(r.code, 0, r.stderr);
  t.is(r.calls.length, 6);
  t.regex(r.stderr, /ERR_BASE_NO_DEPLOYMENT/);
});

test('a build in no source is exit 3; another failure is exit 1, and pruning still runs', (t) => {
  const noWait = { COMPOSE_MATCH_WAIT_LIMIT: '0' };
  const missing = prepare(t, { fetchExit: { 'cached-update': 3 }, env: noWait });
  t.is(missing.code, 3);
  t.is(missing.calls.length, 6, 'no retry with a zero wait limit');
  const failed = prepare(t, { fetchExit: { booted: 1, 'cached-update': 3 }, env: noWait });
  t.is(failed.code, 1);
  t.true(failed.calls.at(-1)!.startsWith('compose-match fetch-prune'));
});

test('rpm-ostree upgrade --check failing stops before anything is fetched', (t) => {
  const r = prepare(t, { checkExit: 1 });
  t.is(r.code, 1);
  t.deepEqual(r.calls, ['rpm-ostree upgrade --check']);
  t.regex(r.stderr, /upgrade --check failed/);
});

const nowhere =
  'echo "compose-match: kernel-devel-5.7.12-200.fc32.x86_64 for kernel-devel-matched (base kernel-core): nowhere. Tried: compose not there" >&2';

test('an exit 3 is retried with backoff, saying which builds it waits for, until they arrive', (t) => {
  // The cached update's kernel-devel reaches a source on the third try.
  const body = `if [ "$d" = cached-update ]; then n=$(cat $dir/n 2>/dev/null || echo 0); echo $((n+1)) > $dir/n; [ $n -lt 2 ] && { ${nowhere}; exit 3; }; fi`;
  const r = prepare(t, {
    fetchBody: body,
    env: { COMPOSE_MATCH_WAIT_LIMIT: '30', COMPOSE_MATCH_WAIT_FIRST: '1' },
  });
  t.is(r.code, 0, r.stderr);
  t.is(r.calls.filter((c) => c.includes('--deployment cached-update')).length, 3);
  t.regex(
    r.stderr,
    /cached-update: waiting 1s for kernel-devel-5\.7\.12-200\.fc32\.x86_64 to reach a source/,
  );
  t.regex(r.stderr, /cached-update: waiting 2s for kernel-devel-5\.7\.12-200\.fc32\.x86_64/);
  t.true(r.calls.at(-1)!.startsWith('compose-match fetch-prune'));
});

test('past COMPOSE_MATCH_WAIT_LIMIT it gives up with exit 3 and names what is still missing', (t) => {
  const body = `[ "$d" = booted ] && { ${nowhere}; exit 3; }`;
  const r = prepare(t, {
    fetchBody: body,
    env: { COMPOSE_MATCH_WAIT_LIMIT: '2', COMPOSE_MATCH_WAIT_FIRST: '1' },
  });
  t.is(r.code, 3, r.stderr);
  t.true(r.calls.filter((c) => c.includes('--deployment booted')).length >= 2);
  t.regex(
    r.stderr,
    /booted: gave up after \d+s \(COMPOSE_MATCH_WAIT_LIMIT=2\): still in no source: kernel-devel-5\.7\.12-200\.fc32\.x86_64/,
  );
});

test('a wait limit that is not whole seconds is refused before anything runs', (t) => {
  const r = prepare(t, { env: { COMPOSE_MATCH_WAIT_LIMIT: '6h' } });
  t.is(r.code, 1);
  t.deepEqual(r.calls, []);
  t.regex(r.stderr, /whole seconds/);
});
