/**
 * `compose-match fetch` over the committed world: for every base whose truth says what `fetch`
 * must answer (a kernel in the retained compose, only in the archive, only in the pool, only on
 * Koji, only as Koji's unsigned copy; and the krb5 → e2fsprogs pin chain), the builds, the source
 * each came from and the exit code are the truth's. The compose is matched over HTTP (the world
 * server), the other roots are read from disk; there is no live `updates` tree in the world.
 */
import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import type { FetchPlan } from '../../src/fetch/plan/types.js';
import { formatNevra } from '../../src/rpm/nevra.js';
import type { Nevra } from '../../src/rpm/types.js';
import { runCli } from '../helpers/run-cli.js';
import { worldFetchRoots, worldRoot } from '../helpers/world.js';

interface FetchTruth {
  builds: { nevra: Nevra; source: string }[];
  exit: number;
}
interface RawBase {
  kind: string;
  commit: string;
  ref?: string;
  fetch?: Record<string, FetchTruth>;
}

const truth = JSON.parse(readFileSync(join(worldRoot, 'truth.json'), 'utf8')) as {
  bases: Record<string, RawBase>;
};
const cases = Object.entries(truth.bases).flatMap(([base, b]) =>
  Object.entries(b.fetch ?? {}).map(([name, expected]) => ({ base, commit: b.commit, name, expected })),
);

let server: WorldServer;
test.before(async () => {
  server = await startWorldServer();
});
test.after.always(async () => {
  await server?.close();
});

test('the world has fetch truth for five kernel bases', (t) => {
  t.true(cases.filter((c) => c.name === 'kernel-devel-matched').length >= 5);
});

for (const c of cases) {
  test(`${c.base}: fetch ${c.name} gives the truth's builds, sources and exit ${c.expected.exit}`, async (t) => {
    const dest = mkdtempSync(join(tmpdir(), 'cm-fetch-world-'));
    const r = await runCli([
      'fetch',
      '--ostree-repo',
      join(worldRoot, 'ostree', 'repo'),
      '--commit',
      c.commit,
      c.name,
      ...worldFetchRoots(`${server.url}compose/updates/`),
      '--dest',
      dest,
      '--json',
    ]);
    t.is(r.code, c.expected.exit, r.stderr);
    const plan = JSON.parse(r.stdout) as FetchPlan;
    const source = (b: FetchPlan['builds'][number]) =>
      b.status === 'unsigned' ? 'koji-unsigned' : (b.located?.source.kind ?? 'nowhere');
    // An unsigned copy stops the walk: what it pins is not known until it is taken.
    const expected = c.expected.exit === 3 ? c.expected.builds.slice(0, 1) : c.expected.builds;
    t.deepEqual(
      plan.builds.map((b) => `${formatNevra(b.nevra)} ${source(b)}`),
      expected.map((b) => `${formatNevra(b.nevra)} ${b.source}`),
    );
    const files = readdirSync(dest).filter((f) => f.endsWith('.rpm'));
    t.is(files.length, c.expected.exit === 0 ? expected.length : 0);
    t.log(r.stderr.trim().split('\n').at(-1));
  });
}

test('an --ostree-repo URL is not the running system: container mode by default, no /etc/yum.repos.d file', async (t) => {
  const repo = await startWorldServer({ tree: 'ostree/repo' });
  t.teardown(() => repo.close());
  const base = truth.bases['fcos-kernel']!;
  const hostRepoFile = `/etc/yum.repos.d/compose-match-${base.commit.slice(0, 12)}.repo`;
  const before = existsSync(hostRepoFile);
  const dest = mkdtempSync(join(tmpdir(), 'cm-fetch-url-'));
  // The world's roots, without the --container they carry: the default is what is tested.
  const roots = worldFetchRoots(`${server.url}compose/updates/`).filter((a) => a !== '--container');
  const r = await runCli([
    'fetch',
    '--ostree-repo',
    repo.url,
    '--ref',
    base.ref!,
    'krb5-devel',
    ...roots,
    '--dest',
    dest,
    '--json',
  ]);
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { mode: string; repoFile: string | null; install: string };
  t.is(out.mode, 'container');
  t.is(out.repoFile, null);
  t.is(out.install, `dnf install ${dest}/*.rpm`);
  t.is(existsSync(hostRepoFile), before);
  t.true(readdirSync(dest).some((f) => f.startsWith('krb5-devel-')));
});
