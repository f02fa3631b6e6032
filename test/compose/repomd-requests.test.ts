import test from 'ava';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createComposeCatalog } from '../../src/compose/create-catalog.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { worldRoot } from '../helpers/world.js';

// The matcher's request budget relies on repomd.xml costing one request: STATUS and COMPOSE_ID
// are read only for the compose it settles on.
test('catalog.repomd() is one request; status() is read separately', async (t) => {
  const fetcher = createFileFetcher();
  const catalog = createComposeCatalog(
    fetcher,
    pathToFileURL(join(worldRoot, 'kojipkgs', 'compose', 'updates')).href + '/',
  );
  const entry = (await catalog.list()).find((e) => e.id.id === 'Fedora-32-updates-20200803.0')!;
  const before = fetcher.stats().requests;
  const repomd = await catalog.repomd(entry, 'x86_64');
  t.is(fetcher.stats().requests - before, 1);
  t.true(repomd.largestTimestamp > 0);
  t.is(await catalog.status(entry), 'FINISHED');
  t.is(fetcher.stats().requests - before, 3, 'COMPOSE_ID and STATUS');
});

test('a compose without repodata (DOOMED) still fails repomd() with ERR_COMPOSE_NO_REPO', async (t) => {
  const catalog = createComposeCatalog(
    createFileFetcher(),
    pathToFileURL(join(worldRoot, 'kojipkgs', 'compose', 'updates')).href + '/',
  );
  const entry = (await catalog.list()).find((e) => e.id.id === 'Fedora-32-updates-20200805.0')!;
  const err = await t.throwsAsync(catalog.repomd(entry, 'x86_64'));
  t.is((err as { code?: string }).code, 'ERR_COMPOSE_NO_REPO');
  t.is(await catalog.status(entry), 'DOOMED');
});
