/** `inspect --image` and `match --image` end to end against the world, over images built at test time. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import { buildImage } from '../helpers/oci-image.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { worldRoot } from '../helpers/world.js';

const test = testWithTools({ command: 'umoci' });
let server: WorldServer;
const tmp = mkdtempSync(join(tmpdir(), 'cm-match-image-'));
test.before(async () => {
  server = await startWorldServer();
});
test.after.always(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const truth = JSON.parse(readFileSync(join(worldRoot, 'truth.json'), 'utf8')) as {
  bases: Record<string, { commit: string; version: string; expected: { compose: string } }>;
};

test('inspect --image and match --image over the fcos-stable commit find its compose', async (t) => {
  const base = truth.bases['fcos-stable']!;
  const c = base.commit;
  const src = join(worldRoot, 'ostree/repo/objects', c.slice(0, 2), `${c.slice(2)}.commit`);
  const layout = buildImage(
    tmp,
    't',
    [
      [
        { path: 'sysroot', type: 'dir' },
        { path: 'sysroot/ostree', type: 'dir' },
        { path: 'sysroot/ostree/repo', type: 'dir' },
        { path: 'sysroot/ostree/repo/objects', type: 'dir' },
        { path: `sysroot/ostree/repo/objects/${c.slice(0, 2)}/${c.slice(2)}.commit`, type: 'file', src },
      ],
    ],
    { 'ostree.commit': c, 'org.opencontainers.image.version': base.version },
  );
  const ref = `oci:${layout}:t`;
  const inspect = await runCli(['inspect', '--image', ref, '--json']);
  t.is(inspect.code, 0, inspect.stderr);
  const json = JSON.parse(inspect.stdout) as { commit?: string; base?: { commit: string } };
  t.is(json.base?.commit ?? json.commit, c);
  const match = await runCli([
    'match',
    '--image',
    ref,
    '--compose-root',
    `${server.url}compose/updates/`,
    '--release-root',
    join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--no-cache',
  ]);
  t.is(match.code, 0, match.stderr);
  t.regex(match.stdout, new RegExp(`^\\[${base.expected.compose.replace(/\./g, '\\.')}\\]$`, 'm'));
});

test('--image with another base source is a usage error', async (t) => {
  const r = await runCli(['inspect', '--image', 'oci:/nonexistent', '--root', '/']);
  t.is(r.code, 2);
  t.regex(r.stderr, /only one base source/);
});
