/**
 * `inspect` and `match` with `--status FILE --ostree-repo DIR` of an image-deployed host, end to
 * end against the world served over HTTP: the host repo is built at test time with ostree.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import { BaseImageSchema } from '../../src/base/base-image.js';
import { imageStatusJson, makeImageHost } from '../helpers/image-host.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const test = testWithTools({ command: 'ostree' });
const truth = loadTruth();
const stable = truth.bases['fcos-stable']!;
let server: WorldServer;
const tmp = mkdtempSync(join(tmpdir(), 'cm-host-cli-'));
test.before(async () => {
  server = await startWorldServer();
});
test.after.always(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('inspect and match --status --ostree-repo of an image deployment find its compose', async (t) => {
  const host = makeImageHost({ commit: stable.commit });
  const status = join(tmp, 'status.json');
  writeFileSync(status, imageStatusJson([{ host, version: stable.version, booted: true }]));
  const inspect = await runCli(['inspect', '--status', status, '--ostree-repo', host.repo, '--json']);
  t.is(inspect.code, 0, inspect.stderr);
  const base = BaseImageSchema.parse(JSON.parse(inspect.stdout));
  t.is(base.commit, stable.commit);
  t.is(base.image?.manifestDigest, host.manifestDigest);
  const text = await runCli(['inspect', '--status', status, '--ostree-repo', host.repo]);
  t.is(text.code, 0, text.stderr);
  t.true(text.stdout.includes(stable.commit));
  t.regex(text.stdout, new RegExp(`image +ostree-unverified-registry:\\S+\\n +@ ${host.manifestDigest}`));
  const match = await runCli([
    'match',
    '--status',
    status,
    '--ostree-repo',
    host.repo,
    '--compose-root',
    `${server.url}compose/updates/`,
    '--release-root',
    join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--no-cache',
  ]);
  t.is(match.code, 0, match.stderr);
  t.regex(match.stdout, new RegExp(`^\\[${stable.expected.compose!.replace(/\./g, '\\.')}\\]$`, 'm'));
  // The .repo says which image digest it is for: the tag in the reference moves.
  t.true(
    match.stdout.includes(`# Base image: ostree-unverified-registry:quay.io/fedora/fedora-coreos:stable`),
  );
  t.true(match.stdout.includes(`resolved to manifest ${host.manifestDigest}`));
});

test('an image status without --ostree-repo: inspect shows the image and version, match asks for the repo', async (t) => {
  const host = makeImageHost({ commit: stable.commit });
  const status = join(tmp, 'status-usage.json');
  writeFileSync(status, imageStatusJson([{ host, version: stable.version, booted: true }]));
  const shown = await runCli(['inspect', '--status', status, '--json']);
  t.is(shown.code, 0, shown.stderr);
  const base = BaseImageSchema.parse(JSON.parse(shown.stdout));
  t.is(base.version, stable.version);
  t.is(base.image?.reference, 'ostree-unverified-registry:quay.io/fedora/fedora-coreos:stable');
  t.is(base.image?.manifestDigest, host.manifestDigest);
  t.deepEqual([base.repos, base.packages], [[], []]);
  t.true(base.notes.some((n) => n.includes('--ostree-repo /ostree/repo') && n.includes(host.deployed)));
  const human = await runCli(['inspect', '--status', status]);
  t.is(human.code, 0, human.stderr);
  t.regex(human.stdout, /version +\S*/);
  t.true(human.stdout.includes(`image     ostree-unverified-registry:quay.io/fedora/fedora-coreos:stable`));
  const missing = await runCli(['match', '--status', status]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /--ostree-repo \/ostree\/repo.*ERR_BASE_NEEDS_OSTREE_REPO/s);
});

test('usage: a --deployment that is no choice, two base sources', async (t) => {
  const host = makeImageHost({ commit: stable.commit });
  const status = join(tmp, 'status-usage-2.json');
  writeFileSync(status, imageStatusJson([{ host, version: stable.version, booted: true }]));
  const bad = await runCli(['inspect', '--status', status, '--deployment', 'next']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /booted, pending or cached-update/);
  const both = await runCli(['inspect', '--status', status, '--ostree-repo', host.repo, '--ref', 'x']);
  t.is(both.code, 2);
  t.regex(both.stderr, /only one base source/);
});
