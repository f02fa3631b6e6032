/**
 * The matcher over an index catalog: the world recorded with `index update`, then every base whose
 * truth names a compose is matched against the recorded composes alone (no compose root at all)
 * and must get the truth's result and compose, as over the live tree.
 */
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createIndexCatalog } from '../../src/compose-index/catalog.js';
import { openIndex } from '../../src/compose-index/read-index.js';
import { updateIndex } from '../../src/compose-index/update.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { loadTruth, truthBaseImage, worldRoot } from '../helpers/world.js';

const truth = loadTruth();

test('every world base with an exact compose is matched the same over the index', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cm-index-match-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const composeRoot = pathToFileURL(join(worldRoot, 'kojipkgs', 'compose', 'updates')).href + '/';
  await updateIndex(createFileFetcher(), { dir, composeRoot, arches: ['x86_64'], testing: true });
  const catalog = createIndexCatalog(await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/'));
  let checked = 0;
  for (const [name, b] of Object.entries(truth.bases)) {
    if (b.expected.compose === null || b.expected.result === 'nearest' || b.expected.result === 'none')
      continue;
    const base = truthBaseImage(name, b, truth);
    const report = await findMatchingCompose(base, { catalog });
    t.is(report.result as string, b.expected.result, name);
    t.is(report.matches[0]?.compose?.id, b.expected.compose, name);
    checked++;
  }
  t.true(checked >= 3, `only ${checked} bases checked`);
});
