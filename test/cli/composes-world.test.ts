/** `compose-match composes` over the shared test world, checked against `truth.json`. */
import test from 'ava';
import { join } from 'node:path';
import { startWorldServer } from '../../scripts/world-server.js';
import { runCli } from '../helpers/run-cli.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const truth = loadTruth();

interface Row {
  id: string;
  status: string | null;
  date: string;
  repoTimestamp: number | null;
  error: string | null;
}

/** What the truth says `composes --arch` must print for one series. */
function expected(series: 'updates' | 'updates-testing') {
  return truth.composes
    .filter((c) => c.pruned !== true && (c.series ?? 'updates') === series)
    .map((c) => ({
      id: c.id,
      status: c.status,
      date: c.id.replace(/^.*-(\d{8})\.\d+$/, '$1'),
      repoTimestamp: c.status === 'DOOMED' ? null : c.repoTimestamp,
      error: null,
    }));
}

async function composes(root: string, testing: boolean): Promise<Row[]> {
  const args = ['composes', '--compose-root', root, '--arch', truth.arch, '--json', '--no-cache'];
  const result = await runCli(testing ? [...args, '--testing'] : args);
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  const doc = JSON.parse(result.stdout) as { composes: Row[] };
  return doc.composes.map(({ id, status, date, repoTimestamp, error }) => ({
    id,
    status,
    date,
    repoTimestamp,
    error,
  }));
}

test('composes --json over the world server: STATUS and repo timestamp of every retained compose', async (t) => {
  const server = await startWorldServer();
  try {
    const root = `${server.url}compose/updates/`;
    t.deepEqual(await composes(root, false), expected('updates'));
    t.deepEqual(await composes(root, true), expected('updates-testing'));
  } finally {
    await server.close();
  }
});

test('composes --json over the local directory fixtures/world/kojipkgs/compose/updates/', async (t) => {
  const root = join(worldRoot, 'kojipkgs', 'compose', 'updates') + '/';
  t.deepEqual(await composes(root, false), expected('updates'));
  t.deepEqual(await composes(root, true), expected('updates-testing'));
  // A relative path, from the checkout's root, works the same.
  const relative = await runCli(
    ['composes', '--compose-root', 'fixtures/world/kojipkgs/compose/updates/', '--no-cache'],
    { cwd: join(worldRoot, '..', '..') },
  );
  t.is(relative.code, 0, relative.stderr);
  t.deepEqual(
    relative.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('  ').slice(0, 2)),
    expected('updates').map((r) => [r.id, r.status]),
  );
});
