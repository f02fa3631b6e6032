import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import { runCli } from '../helpers/run-cli.js';
import { worldRoot } from '../helpers/world.js';

let server: WorldServer;
test.before(async () => {
  server = await startWorldServer();
});
test.after.always(async () => {
  await server?.close();
});

const repo = join(worldRoot, 'ostree', 'repo');
// The GA tree is read from disk: the world server serves kojipkgs, Fedora's dl host is another.
const root = (): string[] => [
  '--compose-root',
  `${server.url}compose/updates/`,
  '--release-root',
  join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
  '--no-cache',
];
const listed = (): number =>
  readFileSync(join(worldRoot, 'listings', 'compose', 'updates', 'index.html'), 'utf8').match(
    /href="Fedora-[^"]+\/"/g,
  )!.length;

test('match prints the .repo of the compose the base was built from (timestamp, over HTTP)', async (t) => {
  const r = await runCli(['match', '--ostree-repo', repo, '--ref', 'fedora/x86_64/coreos/stable', ...root()]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^\[Fedora-32-updates-20200803\.0\]$/m);
  t.true(
    r.stdout.includes(
      `baseurl=${server.url}compose/updates/Fedora-32-updates-20200803.0/compose/Everything/$basearch/os/`,
    ),
  );
  t.regex(r.stderr, /Fedora-32-updates-20200803\.0, by timestamp/);
  t.regex(
    r.stderr,
    /^compose-match: base: version 32\.20200803\.3\.0, commit 3b0eb6ed8b2d, from ostree \S+ fedora\/x86_64\/coreos\/stable; repos fedora, updates \(2 timestamps stored byte-swapped, repaired\); 10 packages$/m,
  );
  t.regex(r.stderr, /repo 'fedora': frozen/);
  t.false(r.stderr.includes('\r'), 'no progress when stderr is not a TTY');
});

test('--json: one report document; an exact timestamp match costs at most 3 + ceil(log2 N) requests', async (t) => {
  const r = await runCli([
    'match',
    '--ostree-repo',
    repo,
    '--ref',
    'fedora/x86_64/coreos/stable',
    '--json',
    ...root(),
  ]);
  t.is(r.code, 0, r.stderr);
  const report = MatchReportSchema.parse(JSON.parse(r.stdout));
  t.is(report.result, 'timestamp');
  t.is(report.matches[0]!.compose!.id, 'Fedora-32-updates-20200803.0');
  t.true(report.requests.count <= 3 + Math.ceil(Math.log2(listed())), `${report.requests.count} requests`);
  t.regex(report.repoFile, /^\[Fedora-32-updates-20200803\.0\]$/m);
});

test('a pruned base: exit 3, the drift names the base packages that would be replaced, the fallback is offered', async (t) => {
  const r = await runCli([
    'match',
    '--ostree-repo',
    repo,
    '--ref',
    'fedora/x86_64/coreos/testing',
    ...root(),
  ]);
  t.is(r.code, 3, r.stderr);
  t.regex(r.stderr, /no retained snapshot is consistent/);
  t.regex(r.stderr, /glibc\.x86_64 2\.31-3\.fc32 -> 2\.31-4\.fc32 \(newer: would replace the base package\)/);
  t.regex(r.stdout, /^#\[updates-archive\]$/m);
  t.notRegex(r.stdout, /^\[/m, 'no enabled section');
});

test('wrapper run: --status - -o FILE writes the .repo atomically and prints nothing on stdout', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cm-match-'));
  writeFileSync(join(dir, 'x.repo'), 'old\n');
  const status = readFileSync(join(worldRoot, 'bases', 'status.json'), 'utf8');
  const r = await runCli(['match', '--status', '-', '-o', 'x.repo', ...root()], { stdin: status, cwd: dir });
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, '');
  const written = readFileSync(join(dir, 'x.repo'), 'utf8');
  t.regex(written, /^\[Fedora-32-updates-20200803\.0\]$/m);
  t.regex(r.stderr, /wrote x\.repo/);
});

test('--json carries the base as read, with the reader notes (repaired timestamps, layered deployment)', async (t) => {
  const status = join(worldRoot, 'bases', 'status.json');
  const r = await runCli(['match', '--status', status, '--json', ...root()]);
  t.is(r.code, 0, r.stderr);
  const report = MatchReportSchema.parse(JSON.parse(r.stdout));
  t.is(report.base.source.kind, 'status');
  t.is(report.base.source.deployment, 0);
  t.is(report.base.packageCount, 0);
  t.true(
    report.base.notes.some((n) => /swap/i.test(n)),
    report.base.notes.join(' | '),
  );
  t.true(
    report.base.notes.some((n) => /layer/i.test(n)),
    report.base.notes.join(' | '),
  );
});

test('a package list records no repos: the summary names the series, not a repo the base never had', async (t) => {
  const r = await runCli(['match', '--pkglist', join(worldRoot, 'bases', 'pkglist.txt'), ...root()]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /^compose-match: updates: Fedora-32-updates-\d{8}\.\d+, by packages\./m);
  t.false(r.stderr.includes("(repo '"), r.stderr);
});

test('a status base with no package list and no retained compose: exit 3 and the command that reads the commit', async (t) => {
  const status = join(worldRoot, 'bases', 'status.json');
  const r = await runCli(['match', '--status', status, '--deployment', '1', ...root()]);
  t.is(r.code, 3, r.stderr);
  const commit = (JSON.parse(readFileSync(status, 'utf8')) as { deployments: { checksum: string }[] })
    .deployments[1]!.checksum;
  t.true(r.stderr.includes(`compose-match match --ostree-repo /ostree/repo --commit ${commit}`), r.stderr);
});

test('--repo-id names the section; an invalid one is a usage error before any request', async (t) => {
  const ok = await runCli([
    'match',
    '--pkglist',
    join(worldRoot, 'bases', 'pkglist.txt'),
    '--repo-id',
    'snap',
    ...root(),
  ]);
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /^\[snap\]$/m);
  const bad = await runCli([
    'match',
    '--pkglist',
    join(worldRoot, 'bases', 'pkglist.txt'),
    '--repo-id',
    'a]\ngpgcheck=0',
    ...root(),
  ]);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /ERR_REPO_ID_INVALID/);
});

test('progress goes to stderr on a TTY only, and is cleared', async (t) => {
  const r = await runCli(['match', '--pkglist', join(worldRoot, 'bases', 'pkglist.txt'), ...root()], {
    tty: true,
  });
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /\r\x1b\[Kcompose-match: packages Fedora-32-updates-/);
  t.false(r.stdout.includes('\r'));
});

test('bad usage exits 2', async (t) => {
  for (const args of [
    ['match'],
    ['match', '--pkglist', 'x', '--bogus'],
    ['match', '--pkglist', 'x', '--status', 'y'],
  ]) {
    const r = await runCli(args);
    t.is(r.code, 2, args.join(' '));
  }
});

test('a compose root that does not answer is a failure (exit 1), not a usage error', async (t) => {
  const r = await runCli([
    'match',
    '--pkglist',
    join(worldRoot, 'bases', 'pkglist.txt'),
    '--compose-root',
    'http://127.0.0.1:9/compose/updates/',
    '--no-cache',
  ]);
  t.is(r.code, 1, r.stderr);
});
