/** The index over HTTP: updated from the world server, then served as static files and read back. */
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorldServer } from '../../scripts/world-server.js';
import { createIndexCatalog } from '../../src/compose-index/catalog.js';
import { openIndex, verifyIndex } from '../../src/compose-index/read-index.js';
import { updateIndex } from '../../src/compose-index/update.js';
import { createHttpFetcher } from '../../src/io/http-fetcher.js';
import { serveDirectory } from '../helpers/http-fetcher.js';
import { loadTruth } from '../helpers/world.js';

const truth = loadTruth();

test('update over HTTP, second run one request; the served index reads back verified', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cm-index-http-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const world = await startWorldServer();
  t.teardown(() => world.close());
  const composeRoot = `${world.url}compose/updates/`;
  const first = createHttpFetcher();
  t.teardown(() => first.close());
  const result = await updateIndex(first, { dir, composeRoot, arches: ['x86_64'] });
  t.is(
    result.recorded.length,
    truth.composes.filter((c) => c.pruned !== true && c.series === 'updates' && c.status !== 'DOOMED').length,
  );
  const second = createHttpFetcher();
  t.teardown(() => second.close());
  t.true((await updateIndex(second, { dir, composeRoot, arches: ['x86_64'] })).unchanged);
  t.is(second.stats().requests, 1);

  const served = await serveDirectory(dir);
  t.teardown(() => served.close());
  const reader = createHttpFetcher();
  t.teardown(() => reader.close());
  const index = await openIndex(reader, served.url);
  t.is(await verifyIndex(index), 10);
  const catalog = createIndexCatalog(index);
  const newest = (await catalog.list()).at(-1)!;
  const truthNewest = truth.composes.find((c) => c.id === newest.id.id)!;
  t.is((await catalog.repomd(newest, 'x86_64')).largestTimestamp, truthNewest.repoTimestamp ?? -1);
  t.is((await catalog.packages(newest, 'x86_64')).length, truthNewest.packages.length);
});
