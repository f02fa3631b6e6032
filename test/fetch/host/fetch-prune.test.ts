/**
 * `compose-match fetch-prune`: the repos `fetch --host` made for bases no deployment uses go, the
 * `.repo` before the directory; the deployed ones, foreign entries and an unreadable status stay.
 */
import test from 'ava';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostRepoFileName, pruneHostRepos } from '../../../src/fetch/host/prune-host-repos.js';
import { runCli } from '../../helpers/run-cli.js';
import { statusJson } from '../../helpers/status-json.js';

const booted = 'a1'.repeat(32);
const rollback = 'b2'.repeat(32);
const gone = 'c3'.repeat(32);
const layered = 'd4'.repeat(32);

function hostTree(t: { teardown(fn: () => void): void }) {
  const top = mkdtempSync(join(tmpdir(), 'fetch-prune-'));
  t.teardown(() => rmSync(top, { recursive: true, force: true }));
  const repos = join(top, 'var-lib-compose-match');
  const repoFiles = join(top, 'yum.repos.d');
  mkdirSync(repoFiles, { recursive: true });
  for (const c of [booted, rollback, gone]) {
    mkdirSync(join(repos, c, 'repodata'), { recursive: true });
    writeFileSync(join(repos, c, 'kernel-devel-1-1.x86_64.rpm'), 'rpm');
    writeFileSync(join(repoFiles, hostRepoFileName(c)), `[compose-match-${c.slice(0, 12)}]\n`);
  }
  // A run killed after its rename, and things that are not ours.
  mkdirSync(join(repos, `.${'e5'.repeat(32)}.removing`, 'repodata'), { recursive: true });
  mkdirSync(join(repos, 'notes'));
  writeFileSync(join(repoFiles, 'fedora.repo'), '[fedora]\n');
  const status = join(top, 'status.json');
  writeFileSync(
    status,
    statusJson([
      {
        checksum: layered,
        baseChecksum: booted,
        version: '32.20200803.3.0',
        timestamp: 1596500000,
        baseTimestamp: 1596400000,
        booted: true,
        baseRepos: [{ id: 'fedora', timestamp: 1586941951 }],
        origin: 'fedora/x86_64/coreos/stable',
      },
      {
        checksum: rollback,
        version: '32.20200730.2.0',
        timestamp: 1596100000,
        booted: false,
        baseRepos: [{ id: 'fedora', timestamp: 1586941951 }],
        origin: 'fedora/x86_64/coreos/stable',
      },
    ]),
  );
  return { top, repos, repoFiles, status };
}

test('the repo of a base no deployment uses goes, .repo first; deployed bases and foreign entries stay', async (t) => {
  const h = hostTree(t);
  const args = ['fetch-prune', '--status', h.status, '--repos-dir', h.repos, '--repo-files-dir', h.repoFiles];
  const dry = await runCli([...args, '--dry-run', '--json']);
  t.is(dry.code, 0, dry.stderr);
  t.like(JSON.parse(dry.stdout), { dryRun: true, removed: [gone], kept: [booted, rollback] });
  t.true(existsSync(join(h.repos, gone)), 'a dry run removes nothing');

  const r = await runCli(args);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, `removed ${gone}\nkept ${booted}\nkept ${rollback}\n`);
  // The client layer's own checksum is not what fetch keys by: the base commit is.
  t.deepEqual(readdirSync(h.repos).sort(), [booted, rollback, 'notes'].sort());
  t.deepEqual(
    readdirSync(h.repoFiles).sort(),
    ['fedora.repo', hostRepoFileName(booted), hostRepoFileName(rollback)].sort(),
  );
  const again = await runCli(args);
  t.is(again.stdout, `kept ${booted}\nkept ${rollback}\nnothing to remove\n`);
});

test('a status that cannot be read removes nothing and says why', async (t) => {
  const h = hostTree(t);
  writeFileSync(h.status, '{"deployments": "no"}');
  const r = await runCli([
    'fetch-prune',
    '--status',
    h.status,
    '--repos-dir',
    h.repos,
    '--repo-files-dir',
    h.repoFiles,
  ]);
  t.is(r.code, 2);
  t.regex(r.stderr, /deployments/);
  t.true(existsSync(join(h.repos, gone)));
  const usage = await runCli(['fetch-prune']);
  t.is(usage.code, 2);
  t.regex(usage.stderr, /--status/);
});

test('a kept commit sharing the 12-digit .repo name keeps the file; a missing repos dir is nothing to do', async (t) => {
  const top = mkdtempSync(join(tmpdir(), 'fetch-prune-lib-'));
  t.teardown(() => rmSync(top, { recursive: true, force: true }));
  const keep = 'f0'.repeat(6) + '11'.repeat(26);
  const twin = 'f0'.repeat(6) + '22'.repeat(26);
  mkdirSync(join(top, 'repos', twin), { recursive: true });
  mkdirSync(join(top, 'files'));
  writeFileSync(join(top, 'files', hostRepoFileName(keep)), '[x]\n');
  const result = await pruneHostRepos({
    keep: new Set([keep]),
    reposDir: join(top, 'repos'),
    repoFilesDir: join(top, 'files'),
  });
  t.deepEqual(result.removed, [twin]);
  t.deepEqual(result.repoFiles, []);
  t.true(existsSync(join(top, 'files', hostRepoFileName(keep))));
  t.deepEqual(await pruneHostRepos({ keep: new Set(), reposDir: join(top, 'absent') }), {
    kept: [],
    removed: [],
    repoFiles: [],
    leftovers: [],
  });
});
