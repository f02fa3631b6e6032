/**
 * The compose catalog over the shared test world (`fixtures/world/`), checked against its ground
 * truth (`truth.json`): served by the world server (captured Apache listings), read from the local
 * directory, and served by a real Apache.
 */
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startWorldServer } from '../../scripts/world-server.js';
import { createComposeCatalog } from '../../src/compose/create-catalog.js';
import { parseComposeId } from '../../src/compose/compose-id.js';
import { parseListing } from '../../src/compose/listing.js';
import { createFetcher } from '../../src/io/create-fetcher.js';
import type { Nevra } from '../../src/rpm/types.js';
import { startApache } from '../helpers/apache.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot, type ComposeTruth } from '../helpers/world.js';

const truth = loadTruth();
/** The composes still on the server (pruned ones are in the truth for the bases built from them). */
const retained = truth.composes.filter((c) => c.pruned !== true);
const retainedIds = retained.map((c) => c.id).sort();
const localRoot = join(worldRoot, truth.composeRoot).replace(/\/$/, '');

// A missing epoch compares as 0 (rpm), and rpms.json always spells it out.
const nevra = (n: Omit<Nevra, 'epoch'> & { epoch: number | null }) =>
  `${n.name}-${n.epoch ?? 0}:${n.version}-${n.release}.${n.arch}`;

const usable = (c: ComposeTruth) => c.status === 'FINISHED' || c.status === 'FINISHED_INCOMPLETE';

async function checkAgainstTruth(t: import('ava').ExecutionContext, rootUrl: string) {
  const fetcher = createFetcher();
  try {
    const catalog = createComposeCatalog(fetcher, rootUrl);
    const entries = await catalog.list();
    t.deepEqual(entries.map((e) => e.id.id).sort(), retainedIds);
    // Neither the koji-tag symlinks nor the GA compose are updates composes.
    for (const name of [...Object.keys(truth.kojiTags), truth.ga.id]) {
      t.false(
        entries.some((e) => e.id.id === name),
        name,
      );
    }
    t.is(parseComposeId(truth.ga.id), null, 'a GA compose ID is not an updates compose ID');
    const byId = new Map(entries.map((e) => [e.id.id, e]));
    for (const c of retained) {
      const entry = byId.get(c.id)!;
      t.is(entry.url, new URL(`${c.id}/`, rootUrl).href);
      t.is(entry.id.series, c.series ?? 'updates', c.id);
      t.is(await catalog.status(entry), c.status, c.id);
      if (!usable(c)) continue;
      const repomd = await catalog.repomd(entry, truth.arch);
      t.is(repomd.largestTimestamp as number | null, c.repoTimestamp, c.id);
      const packages = (await catalog.packages(entry, truth.arch)).map(nevra).sort();
      t.deepEqual(packages, c.packages.map(nevra).sort(), c.id);
    }
  } finally {
    await fetcher.close();
  }
}

test('world server: every retained compose, its STATUS, repo timestamp and packages', async (t) => {
  const server = await startWorldServer();
  try {
    await checkAgainstTruth(t, `${server.url}compose/updates/`);
  } finally {
    await server.close();
  }
});

test('world server, HTMLTable listings: the same composes', async (t) => {
  const server = await startWorldServer({ table: true });
  const fetcher = createFetcher();
  try {
    const catalog = createComposeCatalog(fetcher, `${server.url}compose/updates/`);
    t.deepEqual((await catalog.list()).map((e) => e.id.id).sort(), retainedIds);
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('local directory: every retained compose, its STATUS, repo timestamp and packages', async (t) => {
  await checkAgainstTruth(t, pathToFileURL(localRoot).href + '/');
});

/** Every `index.html` under a listings tree, as URL paths ('' for the root). */
function capturedDirs(listings: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'index.html') out.push(relative(listings, dir));
      else if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(listings);
  return out.sort();
}

for (const form of ['listings', 'listings-table']) {
  test(`every captured listing in ${form}/ parses to the directory's real contents`, (t) => {
    const listings = join(worldRoot, form);
    const dirs = capturedDirs(listings);
    t.true(dirs.length > 0);
    if (form === 'listings') t.true(dirs.length > 50, 'a listing for every directory');
    for (const dir of dirs) {
      const base = `http://kojipkgs.example/${dir === '' ? '' : `${dir}/`}`;
      const entries = parseListing(readFileSync(join(listings, dir, 'index.html'), 'utf8'), base);
      const real = join(worldRoot, 'kojipkgs', dir);
      const names = readdirSync(real).sort();
      t.deepEqual(entries.map((e) => e.name).sort(), names, dir);
      for (const e of entries) {
        // statSync follows the koji-tag symlinks, as Apache's FollowSymLinks listing does.
        t.is(e.isDirectory, statSync(join(real, e.name)).isDirectory(), `${dir}/${e.name}`);
        // Apache percent-encodes some characters (`^` as `%5e`) that the WHATWG URL keeps.
        const url = new URL(e.url);
        t.is(url.origin, 'http://kojipkgs.example');
        t.is(
          decodeURIComponent(url.pathname),
          `/${dir === '' ? '' : `${dir}/`}${e.name}${e.isDirectory ? '/' : ''}`,
        );
      }
    }
  });
}

for (const table of [false, true]) {
  testWithTools({ command: 'apache2' })(
    `a real Apache (${table ? 'HTMLTable' : '<pre>'}) over the world: the retained composes, no tags, no GA`,
    async (t) => {
      const apache = await startApache({ root: join(worldRoot, 'kojipkgs'), table });
      const fetcher = createFetcher();
      try {
        const catalog = createComposeCatalog(fetcher, `${apache.url}compose/updates/`);
        const entries = await catalog.list();
        t.deepEqual(entries.map((e) => e.id.id).sort(), retainedIds);
        const statuses = await Promise.all(entries.map((e) => catalog.status(e)));
        t.deepEqual(
          statuses,
          entries.map((e) => retained.find((c) => c.id === e.id.id)!.status),
        );
        // The parent directory holds the GA release directory, which is no compose.
        const parent = createComposeCatalog(fetcher, `${apache.url}compose/`);
        t.deepEqual(await parent.list(), []);
      } finally {
        await fetcher.close();
        await apache.close();
      }
    },
  );
}
