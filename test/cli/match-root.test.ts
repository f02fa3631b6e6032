import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import { parsePkglistText } from '../../src/base/packages.js';
import { makeRpmdb, worldRpms } from '../helpers/rpmdb-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { worldRoot } from '../helpers/world.js';

const test = testWithTools({ command: 'rpm' });
let server: WorldServer;
const tmp = mkdtempSync(join(tmpdir(), 'cm-match-root-'));
test.before(async () => {
  server = await startWorldServer();
});
test.after.always(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('match --root over a tree whose rpmdb holds the world pkglist base gives the same .repo as --pkglist', async (t) => {
  const listFile = join(worldRoot, 'bases', 'pkglist.txt');
  const { packages } = parsePkglistText(readFileSync(listFile, 'utf8'), listFile);
  const byName = new Map(worldRpms().map((p) => [basename(p), p]));
  const files = packages.map((p) => byName.get(`${p.name}-${p.version}-${p.release}.${p.arch}.rpm`));
  t.true(
    files.every((f) => f !== undefined),
    'every base package has its RPM in the world',
  );
  const root = join(tmp, 'tree');
  const db = makeRpmdb(join(tmp, 'db'), files as string[]);
  mkdirSync(join(root, 'usr/share/rpm'), { recursive: true });
  cpSync(join(db, 'rpmdb.sqlite'), join(root, 'usr/share/rpm/rpmdb.sqlite'));

  const args = [
    '--compose-root',
    `${server.url}compose/updates/`,
    '--release-root',
    join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--no-cache',
  ];
  const fromList = await runCli(['match', '--pkglist', listFile, ...args]);
  const fromRoot = await runCli(['match', '--root', root, ...args]);
  t.is(fromList.code, 0, fromList.stderr);
  t.is(fromRoot.code, 0, fromRoot.stderr);
  t.regex(fromRoot.stdout, /^\[Fedora-32-updates-\d{8}\.\d+\]$/m);
  t.is(fromRoot.stdout, fromList.stdout);
});
