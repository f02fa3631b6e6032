/**
 * `index backfill --pool` reconstructs the FCOS pool tag (every build it held at each change), so
 * `match --index` answers a pool-built base offline as `match --koji` answers it live: the same
 * result, builds and packages, read from the index's `coreos-pool/<arch>` stream.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createIndexCatalog } from '../../src/compose-index/catalog.js';
import { openIndex, verifyIndex } from '../../src/compose-index/read-index.js';
import { IndexManifestSchema } from '../../src/compose-index/schema.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { KojiHubClient } from '../../src/koji/hub-client.js';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { backfillArgs, observedIndex } from '../helpers/backfill-world.js';
import { withWorldHubFetcher } from '../helpers/koji-world-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, truthBaseImage } from '../helpers/world.js';
import { retainedWorldCatalog } from '../helpers/world-catalog.js';

const truth = loadTruth();
const withPython = testWithTools({ python: 'xmlrpc.server' });
const pooled = Object.entries(truth.bases).filter(([, b]) => b.poolBuilt === true);

async function offlineCatalog(index: string) {
  const opened = await openIndex(createFileFetcher(), pathToFileURL(index).href + '/');
  await verifyIndex(opened);
  return createIndexCatalog(opened);
}

withPython(
  'backfill --pool: match --index answers pool-built bases offline as --koji does live',
  async (t) => {
    t.true(pooled.length >= 3);
    const { index } = await observedIndex(t);
    await withWorldHubFetcher(async (hub, fetcher) => {
      // The world hub's first events are the pool's, at GA (2020-04-15); the bases' pool repo is of 2020-08-08.
      const run = await runCli(backfillArgs(index, hub, ['--pool', '--until', '2020-08-10'], '2020-04-16'));
      t.is(run.code, 0, run.stderr);
      t.regex(run.stderr, /^coreos-pool\/x86_64: \d+ reconstructed records/m);
      const manifest = IndexManifestSchema.parse(
        JSON.parse(await readFile(join(index, 'index.json'), 'utf8')),
      );
      const pool = manifest.reconstructed?.find((s) => s.key === 'coreos-pool/x86_64');
      t.like(pool, { tag: 'coreos-pool', series: 'pool', release: 'coreos-pool', arch: 'x86_64' });

      const offline = await offlineCatalog(index);
      let answered = 0;
      for (const [name, b] of pooled) {
        const base = truthBaseImage(name, b, truth);
        const fromIndex = MatchReportSchema.parse(await findMatchingCompose(base, { catalog: offline }));
        const live = MatchReportSchema.parse(
          await findMatchingCompose(base, {
            catalog: retainedWorldCatalog(truth),
            koji: { hub: new KojiHubClient({ hubUrl: hub.url, fetcher }) },
          }),
        );
        t.is(fromIndex.result, live.result, name);
        for (const [i, m] of fromIndex.matches.entries()) {
          const k = live.matches[i]!;
          t.is(m.result, k.result, name);
          if (k.result !== 'pool') continue;
          answered++;
          t.is(m.koji?.source, 'index-backfill', name);
          for (const field of ['tag', 'packages', 'builds', 'hub', 'instant'] as const)
            t.deepEqual(m.koji?.[field], k.koji?.[field], `${name}: ${field}`);
          // The state is the pool's last change before the instant; the hub names the instant's last event.
          const instant = b.recordedRepos!.find((r) => r.id === 'fedora-coreos-pool')!.timestamp;
          const lastChange = hub.timeline
            .filter((e) => e.tag === 'coreos-pool' && e.event.ts < instant)
            .at(-1)!;
          t.is(m.koji?.event.id, lastChange.event.id, name);
          t.true(m.koji!.event.id <= k.koji!.event.id, name);
        }
      }
      t.true(answered >= 2, `${answered} pool answers`);
    });
  },
);

withPython('a pool window that ends before the pool repo was made does not answer for it', async (t) => {
  const { index } = await observedIndex(t);
  await withWorldHubFetcher(async (hub) => {
    const run = await runCli(backfillArgs(index, hub, ['--pool', '--until', '2020-08-01'], '2020-04-16'));
    t.is(run.code, 0, run.stderr);
  });
  const offline = await offlineCatalog(index);
  const [name, b] = pooled[0]!;
  const report = MatchReportSchema.parse(
    await findMatchingCompose(truthBaseImage(name, b, truth), { catalog: offline }),
  );
  t.true(report.matches.every((m) => m.result !== 'pool'));
  t.true(report.notes.some((n) => /reconstructed states of coreos-pool end at 2020-08-01/.test(n)));
});
