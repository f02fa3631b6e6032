/** `compose-match index` in-process: update, show --json, verify, usage errors, a corrupt file. */
import test from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { worldRoot } from '../helpers/world.js';

const root = join(worldRoot, 'kojipkgs', 'compose', 'updates') + '/';

test('index update, show --json, verify; a damaged record makes verify exit 2 naming it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cm-index-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const update = await runCli([
    'index',
    'update',
    '--index',
    dir,
    '--compose-root',
    root,
    '--arch',
    'x86_64',
    '--no-cache',
  ]);
  t.is(update.code, 0, update.stderr);
  t.regex(update.stderr, /^recorded Fedora-32-updates-20200809\.0\/x86_64$/m);
  const show = await runCli(['index', 'show', '--index', dir, '--json']);
  t.is(show.code, 0, show.stderr);
  const doc = JSON.parse(show.stdout) as {
    streams: {
      stream: string;
      first: string;
      last: string;
      count: number;
      unusable: number;
      bytes: number;
    }[];
  };
  t.is(doc.streams.length, 1);
  t.like(doc.streams[0], {
    stream: 'Fedora-32/updates/x86_64',
    first: 'Fedora-32-updates-20200801.0',
    last: 'Fedora-32-updates-20200809.0',
    count: 9,
    unusable: 1,
  });
  t.true(doc.streams[0]!.bytes > 0);
  const ok = await runCli(['index', 'verify', '--index', dir]);
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /^ok: 10 files verified/);

  const manifest = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    streams: { composes: { file: { path: string } | null }[] }[];
  };
  const victim = manifest.streams[0]!.composes.at(-1)!.file!.path;
  await writeFile(join(dir, victim), (await readFile(join(dir, victim))).subarray(1));
  const bad = await runCli(['index', 'verify', '--index', dir]);
  t.is(bad.code, 2);
  t.true(bad.stderr.includes(victim));
  t.true(bad.stderr.includes('[ERR_INDEX_CORRUPT]'));
});

test('index without an action, or without --index, is a usage error', async (t) => {
  t.is((await runCli(['index', '--index', '/tmp/x'])).code, 2);
  t.is((await runCli(['index', 'show'])).code, 2);
  const missing = await runCli(['index', 'show', '--index', join(tmpdir(), 'cm-no-such-index')]);
  t.is(missing.code, 2);
  t.true(missing.stderr.includes('[ERR_INDEX_MISSING]'));
});
