/**
 * Issue 19's proof for `compose-match state` on the committed world: the checksum is the same for
 * repeated runs, for another machine's cache, and when another server (Apache) serves the same
 * files; it differs when the compose's repomd.xml changes, when the base changes, and when the
 * builds fetch takes differ. With the world's Koji hub, a base whose compose was pruned and never
 * indexed gets the state of the answer `match --koji` gives: the same for repeated runs, other than
 * without Koji.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startApache, type ApacheServer } from '../helpers/apache.js';
import { withKojiWorld } from '../helpers/koji-world-hub.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const kernel = truth.bases['fcos-kernel']!;
const stable = truth.bases['fcos-stable']!;
const test = testWithTools({ command: 'apache2' }, { python: 'xmlrpc.server' });
const composes = join(worldRoot, 'kojipkgs', 'compose', 'updates');

const dirs: string[] = [];
let apache: ApacheServer | undefined;
test.after.always(async () => {
  await apache?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cm-state-'));
  dirs.push(d);
  return d;
};

function args(commit: string, kojipkgs: string, extra: string[] = []): string[] {
  return [
    'state',
    '--ostree-repo',
    join(worldRoot, 'ostree', 'repo'),
    '--commit',
    commit,
    '--compose-root',
    `${kojipkgs}compose/updates/`,
    '--release-root',
    join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--pool-root',
    `${kojipkgs}repos-dist/coreos-pool/latest/`,
    '--archive-root',
    join(worldRoot, 'updates-archive'),
    '--koji-root',
    `${kojipkgs}packages/`,
    '--skip',
    'updates',
    ...extra,
  ];
}
const local = `${join(worldRoot, 'kojipkgs')}/`;

async function state(
  argv: string[],
  cache?: string,
): Promise<{ checksum: string; inputs: Record<string, unknown> }> {
  const r = await runCli([...argv, '--json'], { env: { XDG_CACHE_HOME: cache ?? tempDir() } });
  if (r.code !== 0) throw new Error(`state exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { checksum: string; inputs: Record<string, unknown> };
}

test.serial('same for repeated runs, another cache, and another server with the same files', async (t) => {
  const first = await state(args(kernel.commit, local, ['--for', 'kernel-devel-matched']));
  t.regex(first.checksum, /^[0-9a-f]{64}$/);
  const cache = tempDir();
  const cold = await state(args(kernel.commit, local, ['--for', 'kernel-devel-matched']), cache);
  const warm = await state(args(kernel.commit, local, ['--for', 'kernel-devel-matched']), cache);
  t.is(cold.checksum, first.checksum);
  t.is(warm.checksum, first.checksum);
  apache = await startApache({ root: join(worldRoot, 'kojipkgs') });
  const served = await state(args(kernel.commit, apache.url, ['--for', 'kernel-devel-matched']));
  t.is(served.checksum, first.checksum);
  t.deepEqual(served.inputs, first.inputs);
  t.false(JSON.stringify(first.inputs).includes('://'), 'no URL is an input');
  const builds = first.inputs['builds'] as { nevra: string; sha256: string }[];
  t.deepEqual(
    builds.map((b) => b.nevra),
    ['kernel-devel-5.7.11-200.fc32.x86_64', 'kernel-devel-matched-5.7.11-200.fc32.x86_64'],
  );
  t.true(builds.every((b) => /^[0-9a-f]{64}$/.test(b.sha256)));
});

test.serial("differs when the compose's repomd.xml changes, and when the base changes", async (t) => {
  const before = await state(args(stable.commit, local));
  const own = stable.builtFrom.updates!;
  const copy = tempDir();
  const root = join(copy, 'compose', 'updates');
  mkdirSync(root, { recursive: true });
  for (const name of readdirSync(composes))
    if (name !== own) symlinkSync(join(composes, name), join(root, name));
    else cpSync(join(composes, name), join(root, name), { recursive: true });
  // Same timestamp, other bytes (a re-signed or respun repodata): the answer's content changed.
  appendFileSync(join(root, own, 'compose', 'Everything', 'x86_64', 'os', 'repodata', 'repomd.xml'), '\n');
  const after = await state(args(stable.commit, `${copy}/`));
  t.not(after.checksum, before.checksum);
  t.deepEqual(after.inputs['base'], before.inputs['base']);
  const other = await state(args(kernel.commit, local));
  t.not(other.checksum, before.checksum);
});

test.serial('differs when --for takes other builds (krb5-devel too)', async (t) => {
  const one = await state(args(kernel.commit, local, ['--for', 'kernel-devel-matched']));
  const two = await state(args(kernel.commit, local, ['--for', 'kernel-devel-matched,krb5-devel']));
  t.not(one.checksum, two.checksum);
});

test.serial(
  'state --koji-hub: the checksum of the answer match --koji gives, the same twice, other than without Koji',
  async (t) => {
    const archived = truth.bases['fcos-kernel-archived']!;
    await withKojiWorld(async (hub, w) => {
      const extra = ['--updates-root', w.updatesRoot];
      const withKoji = [...extra, '--koji-hub', hub.url];
      const one = await state(args(archived.commit, local, withKoji));
      const two = await state(args(archived.commit, local, withKoji));
      t.is(two.checksum, one.checksum);
      const without = await state(args(archived.commit, local, extra));
      t.not(without.checksum, one.checksum);

      const m = await runCli([
        'match',
        '--ostree-repo',
        join(worldRoot, 'ostree', 'repo'),
        '--commit',
        archived.commit,
        '--compose-root',
        composes,
        '--release-root',
        join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
        '--archive-root',
        join(worldRoot, 'updates-archive'),
        '--pool-root',
        `${local}repos-dist/coreos-pool/latest/`,
        ...withKoji,
        '--json',
        '--no-cache',
      ]);
      t.is(m.code, 0, m.stderr);
      const report = MatchReportSchema.parse(JSON.parse(m.stdout));
      t.is(report.result, 'koji');
      const match = report.matches[0]!;
      const builds = match.coverage!.sources.flatMap((s) => s.builds).sort();
      t.deepEqual(one.inputs['composes'], [
        {
          series: match.series,
          result: 'koji',
          compose: match.compose!.id,
          repomdSha256: null,
          buildsSha256: createHash('sha256').update(builds.join('\n')).digest('hex'),
        },
      ]);
      t.regex(match.compose!.id, /^Koji-f32-updates-event-\d+$/);
      t.not((without.inputs['composes'] as { result: string }[])[0]!.result, 'koji');
    });
  },
);

test.serial('state --koji-hub that is not an http(s) URL is bad usage (exit 2)', async (t) => {
  const r = await runCli(args(kernel.commit, local, ['--koji-hub', 'koji.example.org']));
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, /--koji-hub takes the hub's http\(s\) URL/);
});
