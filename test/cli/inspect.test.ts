import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseImageSchema } from '../../src/base/base-image.js';
import { makeOstreeFixture } from '../helpers/ostree-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { garbled, statusJson } from '../helpers/status-json.js';
import { testWithTools } from '../helpers/tools.js';

test('inspect needs exactly one base source', async (t) => {
  const none = await runCli(['inspect']);
  t.is(none.code, 2);
  t.regex(none.stderr, /Give a base source/);
  const two = await runCli(['inspect', '--pkglist', 'a', '--commitmeta', 'b']);
  t.is(two.code, 2);
  t.regex(two.stderr, /only one base source/);
  const noRef = await runCli(['inspect', '--ostree-repo', '/x']);
  t.is(noRef.code, 2);
  t.regex(noRef.stderr, /--ref REF or --commit/);
  const stray = await runCli(['inspect', '--pkglist', 'a', '--deployment', '1']);
  t.is(stray.code, 2);
  const unknown = await runCli(['inspect', '--frob']);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /ERR_USAGE/);
});

test('inspect --pkglist - reads stdin; --json prints a valid BaseImage', async (t) => {
  const result = await runCli(['inspect', '--pkglist', '-', '--json'], {
    stdin: 'bash-5.0.11-2.fc32.x86_64\nnano-1:4.8-1.fc32.x86_64\n',
  });
  t.is(result.code, 0, result.stderr);
  const base = BaseImageSchema.parse(JSON.parse(result.stdout));
  t.is(base.packages.length, 2);
  t.is(base.source.kind, 'pkglist');
});

test('inspect --status FILE prints repaired timestamps in the summary', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cm-inspect-'));
  const text = statusJson([
    {
      checksum: 'a'.repeat(64),
      version: '32.20200730.2.0',
      timestamp: 1596079325,
      booted: true,
      basearch: 'x86_64',
      origin: 'fedora:fedora/x86_64/coreos/testing',
      baseRepos: [{ id: 'updates', timestamp: 1596073925 }],
    },
  ]);
  t.true(text.includes(garbled(1596073925)));
  writeFileSync(join(dir, 'status.json'), text);
  const result = await runCli(['inspect', '--status', 'status.json'], { cwd: dir });
  t.is(result.code, 0, result.stderr);
  t.regex(
    result.stdout,
    /updates {2}1596073925 {2}2020-07-30T01:52:05Z {2}\(stored byte-swapped, repaired\)/,
  );
  t.regex(result.stdout, /deployment 0/);
  const missing = await runCli(['inspect', '--status', 'nope.json'], { cwd: dir });
  t.is(missing.code, 2);
  t.regex(missing.stderr, /ERR_NOT_FOUND/);
});

testWithTools({ command: 'ostree' }, { python: 'gi' })('inspect --ostree-repo --ref', async (t) => {
  const f = makeOstreeFixture();
  const result = await runCli(['inspect', '--ostree-repo', f.path, '--ref', f.compose.ref, '--json']);
  t.is(result.code, 0, result.stderr);
  const base = BaseImageSchema.parse(JSON.parse(result.stdout));
  t.is(base.commit, f.compose.checksum);
  t.deepEqual(
    base.repos.map((r) => r.timestamp),
    f.compose.repos.map((r) => r.timestamp),
  );
  const human = await runCli(['inspect', '--ostree-repo', f.path, '--commit', f.compose.checksum]);
  t.regex(human.stdout, new RegExp(`commit {4}${f.compose.checksum}`));
  const bad = await runCli(['inspect', '--ostree-repo', f.path, '--ref', 'missing/ref']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /ERR_OSTREE_REF_NOT_FOUND/);
});
