/**
 * The `koji` strategy against the world's Koji hub (test/helpers/koji-hub.py, serving the world's
 * tag timeline): bases whose composes were pruned are rebuilt exactly from f32-updates' history, at
 * the last change before their recorded timestamp; pool-built bases are exact against coreos-pool.
 */
import { KojiHubClient } from '../../src/koji/hub-client.js';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import type { Nevra } from '../../src/rpm/types.js';
import { nevraText } from '../helpers/dnf-oracle.js';
import type { TimelineEntry } from '../helpers/koji-hub.js';
import { withWorldHubFetcher } from '../helpers/koji-world-hub.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, truthBaseImage } from '../helpers/world.js';
import { retainedWorldCatalog, worldGa } from '../helpers/world-catalog.js';

const truth = loadTruth();
/** The world's Koji builds and the binary packages each holds. */
const kojiBuilds = (truth.koji as { builds: { nvr: string; packages: Nevra[] }[] }).builds;
const ga = worldGa(truth);
const withPython = testWithTools({ python: 'xmlrpc.server' });

/** The binary packages the pool tag held before `instant`, from the hub's timeline and the world's builds. */
function poolBefore(timeline: readonly TimelineEntry[], instant: number): Set<string> {
  const held = new Set<string>();
  for (const e of timeline)
    if (e.tag === 'coreos-pool' && e.action === 'tag' && e.event.ts < instant)
      for (const p of kojiBuilds.find((b) => b.nvr === e.nvr)!.packages) held.add(nevraText(p));
  return held;
}

const pruned = Object.entries(truth.bases).filter(([, b]) => b.builtFromPruned === true && !b.poolBuilt);
const pooled = Object.entries(truth.bases).filter(([, b]) => b.poolBuilt);

withPython(
  'bases built from pruned composes are exact from f32-updates history, at the change before their timestamp',
  async (t) => {
    t.true(pruned.length >= 3);
    await withWorldHubFetcher(async (hub, fetcher) => {
      for (const [name, b] of pruned) {
        const koji = new KojiHubClient({ hubUrl: hub.url, fetcher });
        const before = fetcher.stats();
        const report = MatchReportSchema.parse(
          await findMatchingCompose(truthBaseImage(name, b, truth), {
            catalog: retainedWorldCatalog(truth),
            koji: { hub: koji },
          }),
        );
        const after = fetcher.stats();
        t.is(report.result, 'koji', name);
        const m = report.matches.find((x) => x.series === 'updates')!;
        const instant = b.recordedRepos!.find((r) => r.id === 'updates')!.timestamp;
        const changes = hub.timeline.filter((e) => e.tag === 'f32-updates');
        const last = changes.filter((e) => e.event.ts < instant).at(-1)!;
        const next = changes.find((e) => e.event.ts > instant)!;
        // Built between two taggings: the state is the one before its timestamp, not after.
        t.deepEqual(m.koji?.event, last.event, name);
        t.true(m.koji!.event.ts < instant && instant < next.event.ts, name);
        t.is(m.koji?.tag, 'f32-updates');
        t.is(m.koji?.source, 'koji-history');
        // The state is exactly what the pruned compose carried.
        const compose = truth.composes.find((c) => c.id === b.builtFrom.updates)!;
        t.deepEqual(m.koji?.packages, compose.packages.map(nevraText).sort(), name);
        t.is(m.compose?.retained, false);
        // Where fetch finds each build in Koji packages/, and the key the world signs with.
        t.deepEqual(
          m.koji?.locations.map((l) => l.nvr),
          m.koji?.builds,
        );
        for (const l of m.koji!.locations) {
          t.is(`${l.packageName}-${l.version}-${l.release}`, l.nvr);
          t.deepEqual(l.sigkeys, [(truth.koji as unknown as { keyid: string }).keyid], l.nvr);
        }
        // One listing, one history query, one multicall for every change point (plus the event).
        t.is(koji.stats().requests, 4, name);
        t.log(
          `${name}: ${after.requests - before.requests} requests, ${after.bytes - before.bytes} bytes to the hub`,
        );
      }
    });
  },
);

withPython('pool-built bases are exact against the pool tag when every package was in it', async (t) => {
  t.true(pooled.length >= 1);
  let exact = 0;
  await withWorldHubFetcher(async (hub, fetcher) => {
    for (const [name, b] of pooled) {
      const koji = new KojiHubClient({ hubUrl: hub.url, fetcher });
      const report = MatchReportSchema.parse(
        await findMatchingCompose(truthBaseImage(name, b, truth), {
          catalog: retainedWorldCatalog(truth),
          koji: { hub: koji },
        }),
      );
      const instant = b.recordedRepos!.find((r) => r.id === 'fedora-coreos-pool')!.timestamp;
      const pool = poolBefore(hub.timeline, instant);
      const gaSet = new Set(ga.packages);
      const explained = b.packages.every((p) => pool.has(nevraText(p)) || gaSet.has(nevraText(p)));
      t.is(report.result, explained ? 'pool' : 'nearest', name);
      if (!explained) continue;
      exact++;
      t.log(`${name}: pool at event ${report.matches[0]!.koji?.event.id}`);
      const m = report.matches[0]!;
      t.is(m.koji?.tag, 'coreos-pool');
      t.true(m.koji!.event.ts < instant);
      t.deepEqual(m.koji?.packages, [...pool].sort(), name);
      t.is(koji.stats().requests, 2, name);
    }
  });
  t.true(exact >= 1);
});

withPython('a base a retained compose explains keeps its compose answer; Koji is not asked', async (t) => {
  await withWorldHubFetcher(async (hub, fetcher) => {
    const koji = new KojiHubClient({ hubUrl: hub.url, fetcher });
    const report = await findMatchingCompose(
      truthBaseImage('fcos-stable', truth.bases['fcos-stable']!, truth),
      {
        catalog: retainedWorldCatalog(truth),
        koji: { hub: koji },
      },
    );
    t.is(report.result, 'timestamp');
    t.is(koji.stats().requests, 0);
  });
});
