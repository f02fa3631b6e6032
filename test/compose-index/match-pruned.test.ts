/**
 * `match --index` semantics through the combined catalog: the world recorded with `index update`,
 * then each base's own compose is pruned from the live catalog (as Bodhi does). The base must still
 * be matched to that compose, by the same strategy, with `retained: false`; a base whose compose is
 * still live gets it with `retained: true` (a compose on both is one compose, the retained one).
 */
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComposeCatalog } from '../../src/compose/catalog.js';
import { createComposeCatalog } from '../../src/compose/create-catalog.js';
import { createIndexCatalog } from '../../src/compose-index/catalog.js';
import { combineCatalogs } from '../../src/compose-index/combined-catalog.js';
import { openIndex } from '../../src/compose-index/read-index.js';
import { updateIndex } from '../../src/compose-index/update.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { loadTruth, truthBaseImage, worldRoot } from '../helpers/world.js';

const truth = loadTruth();

/** The live catalog with one compose gone from its listing, as after Bodhi pruned it. */
function pruned(live: ComposeCatalog, id: string): ComposeCatalog {
  return {
    rootUrl: live.rootUrl,
    list: async () => (await live.list()).filter((e) => e.id.id !== id),
    status: (e) => live.status(e),
    repomd: (e, a) => live.repomd(e, a),
    packages: (e, a) => live.packages(e, a),
  };
}

test('a base whose compose was pruned is matched exactly from the index, retained false', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cm-index-pruned-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const fetcher = createFileFetcher();
  const composeRoot = pathToFileURL(join(worldRoot, 'kojipkgs', 'compose', 'updates')).href + '/';
  await updateIndex(fetcher, { dir, composeRoot, arches: ['x86_64'], testing: true });
  const recorded = createIndexCatalog(await openIndex(fetcher, pathToFileURL(dir).href + '/'));
  const live = createComposeCatalog(fetcher, composeRoot);
  let checked = 0;
  for (const [name, b] of Object.entries(truth.bases)) {
    if (b.expected.compose === null || b.expected.result === 'nearest' || b.expected.result === 'none')
      continue;
    const base = truthBaseImage(name, b, truth);
    const gone = await findMatchingCompose(base, {
      catalog: combineCatalogs(pruned(live, b.expected.compose), recorded),
    });
    t.is(gone.result as string, b.expected.result, name);
    t.is(gone.matches[0]?.compose?.id, b.expected.compose, name);
    t.false(gone.matches[0]?.compose?.retained, name);
    t.notThrows(() => MatchReportSchema.parse(JSON.parse(JSON.stringify(gone))), name);
    const kept = await findMatchingCompose(base, { catalog: combineCatalogs(live, recorded) });
    t.is(kept.matches[0]?.compose?.id, b.expected.compose, name);
    t.true(kept.matches[0]?.compose?.retained, name);
    checked++;
  }
  t.true(checked >= 3, `only ${checked} bases checked`);
});
