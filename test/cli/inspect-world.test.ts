/** `compose-match inspect` over the committed test world (fixtures/world), text and --json. */
import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import { BaseImageSchema } from '../../src/base/base-image.js';
import { runCli } from '../helpers/run-cli.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
let server: WorldServer;
test.before(async () => {
  server = await startWorldServer({ tree: '.' });
});
test.after.always(async () => {
  await server.close();
});

const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

test('inspect --ostree-repo URL --ref: text, then --json, with and without the disk cache', async (t) => {
  const base = truth.bases['fcos-stable']!;
  const repo = new URL(truth.ostreeRepo, server.url).href;
  const cache = mkdtempSync(join(tmpdir(), 'cm-inspect-cache-'));
  const env = { XDG_CACHE_HOME: cache };
  const text = await runCli(['inspect', '--ostree-repo', repo, '--ref', base.ref], { env });
  t.is(text.code, 0, text.stderr);
  t.regex(text.stdout, new RegExp(`commit {4}${base.commit}\\n`));
  t.regex(text.stdout, new RegExp(`version {3}${base.version.replaceAll('.', '\\.')}\\n`));
  t.regex(text.stdout, new RegExp(`time {6}${iso(base.commitTime)} \\(${base.commitTime}\\)`));
  for (const r of base.recordedRepos) {
    t.regex(
      text.stdout,
      new RegExp(`${r.id} +${r.timestamp} {2}${iso(r.timestamp)} {2}\\(stored byte-swapped`),
    );
  }
  t.regex(text.stdout, new RegExp(`packages {2}${base.packages.length}\\n`));
  // The remote commit object went to the cache (content-addressed, safe to keep).
  t.true(readdirSync(join(cache, 'compose-match')).length > 0);

  const noCache = mkdtempSync(join(tmpdir(), 'cm-inspect-nocache-'));
  const json = await runCli(
    ['inspect', '--ostree-repo', repo, '--commit', base.commit, '--json', '--no-cache'],
    {
      env: { XDG_CACHE_HOME: noCache },
    },
  );
  t.is(json.code, 0, json.stderr);
  const image = BaseImageSchema.parse(JSON.parse(json.stdout));
  t.is(image.commit, base.commit);
  t.deepEqual(
    image.repos.map((r) => [r.id, r.timestamp]),
    base.recordedRepos.map((r) => [r.id, r.timestamp]),
  );
  t.deepEqual(readdirSync(noCache), []);
});

test('inspect --ostree-repo PATH of the client layer reports its base commit', async (t) => {
  const layer = truth.bases['fcos-stable-layered']!;
  const result = await runCli([
    'inspect',
    '--ostree-repo',
    join(worldRoot, truth.ostreeRepo),
    '--ref',
    layer.ref,
    '--json',
  ]);
  t.is(result.code, 0, result.stderr);
  const image = BaseImageSchema.parse(JSON.parse(result.stdout));
  t.is(image.commit, layer.parent);
});

test('inspect --status - reads the status JSON from stdin (booted and --deployment 1)', async (t) => {
  const status = truth.sources.status;
  const stdin = readFileSync(join(worldRoot, status.file), 'utf8');
  const booted = truth.bases[status.deployments[status.bootedDeployment]!.base]!;
  const text = await runCli(['inspect', '--status', '-'], { stdin, env: {} });
  t.is(text.code, 0, text.stderr);
  t.regex(text.stdout, new RegExp(`deployment ${status.bootedDeployment}\\)`));
  t.regex(text.stdout, new RegExp(`commit {4}${booted.commit}\\n`));
  for (const r of booted.recordedRepos) t.regex(text.stdout, new RegExp(`${r.id} +${r.timestamp} `));

  const other = truth.bases[status.deployments[1]!.base]!;
  const json = await runCli(['inspect', '--status', '-', '--deployment', '1', '--json'], { stdin, env: {} });
  t.is(json.code, 0, json.stderr);
  const image = BaseImageSchema.parse(JSON.parse(json.stdout));
  t.is(image.commit, other.commit);
  t.is(image.version, other.version);
  t.deepEqual(
    image.repos.map((r) => [r.id, r.timestamp, r.swapped]),
    other.recordedRepos.map((r) => [r.id, r.timestamp, true]),
  );
});

test('inspect --commitmeta URL and --pkglist PATH over the world', async (t) => {
  const cm = truth.sources.commitmeta;
  const meta = await runCli(['inspect', '--commitmeta', new URL(cm.file, server.url).href, '--json'], {
    env: {},
  });
  t.is(meta.code, 0, meta.stderr);
  const image = BaseImageSchema.parse(JSON.parse(meta.stdout));
  t.is(image.version, truth.bases[cm.base]!.version);
  t.is(image.packages.length, truth.bases[cm.base]!.packages.length);

  const pl = truth.sources.pkglist;
  const list = await runCli(['inspect', '--pkglist', pl.file], { cwd: worldRoot, env: {} });
  t.is(list.code, 0, list.stderr);
  t.regex(list.stdout, new RegExp(`packages {2}${truth.bases[pl.base]!.packages.length}\\n`));
  t.regex(list.stdout, /arch {6}x86_64\n/);
});
