/**
 * The `koji` strategy against the world's Koji hub (test/helpers/koji-hub.py, serving the world's
 * tag timeline): bases whose composes were pruned are rebuilt exactly from f32-updates' history, at
 * the last change before their recorded timestamp; pool-built bases are exact against coreos-pool.
 */
import { readFileSync } from 'node:fs';
import type { BaseImage } from '../../src/base/base-image.js';
import { createFetcher } from '../../src/io/create-fetcher.js';
import { KojiHubClient } from '../../src/koji/hub-client.js';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import type { Nevra } from '../../src/rpm/types.js';
import { fakeCatalog } from '../helpers/fake-catalog.js';
import { startWorldHub, type TimelineEntry } from '../helpers/koji-hub.js';
import { testWithTools } from '../helpers/tools.js';

interface TruthBase {
  kind: BaseImage['source']['kind'];
  ref?: string;
  commit?: string;
  version?: string;
  commitTime?: number;
  recordedRepos?: { id: string; timestamp: number }[];
  packages?: Nevra[];
  builtFrom: { updates: string | null };
  builtFromPruned?: boolean;
  poolBuilt: boolean;
  parent?: string | null;
}
interface Truth {
  composes: {
    id: string;
    status: never;
    repoTimestamp: number | null;
    hasRepodata: boolean;
    pruned: boolean;
    packages: Nevra[];
  }[];
  bases: Record<string, TruthBase>;
  ga: { repoTimestamp: number; packages: Nevra[] };
  koji: { builds: { nvr: string; packages: Nevra[] }[] };
}

const truth = JSON.parse(
  readFileSync(new URL('../../../fixtures/world/truth.json', import.meta.url), 'utf8'),
) as Truth;
const nevra = (p: Nevra): string =>
  `${p.name}-${p.epoch === null || p.epoch === 0 ? '' : `${p.epoch}:`}${p.version}-${p.release}.${p.arch}`;
const retained = truth.composes
  .filter((c) => !c.pruned)
  .map((c) => ({
    id: c.id,
    status: c.status,
    timestamp: c.hasRepodata ? c.repoTimestamp : null,
    packages: c.packages.map(nevra),
  }));
const ga = { timestamp: truth.ga.repoTimestamp, packages: truth.ga.packages.map(nevra) };
const withPython = testWithTools({ python: 'xmlrpc.server' });

function baseOf(name: string, b: TruthBase): BaseImage {
  return {
    source: { kind: b.kind, location: name, ref: b.ref ?? null, deployment: null },
    commit: b.commit ?? null,
    version: b.version ?? null,
    arch: null,
    commitTime: b.commitTime ?? null,
    repos: (b.recordedRepos ?? []).map((r) => ({ id: r.id, timestamp: r.timestamp, swapped: false })),
    packages: (b.packages ?? []).map((p) => ({ ...p })),
    notes: [],
  };
}

/** The binary packages the pool tag held before `instant`, from the hub's timeline and the world's builds. */
function poolBefore(timeline: readonly TimelineEntry[], instant: number): Set<string> {
  const held = new Set<string>();
  for (const e of timeline)
    if (e.tag === 'coreos-pool' && e.action === 'tag' && e.event.ts < instant)
      for (const p of truth.koji.builds.find((b) => b.nvr === e.nvr)!.packages) held.add(nevra(p));
  return held;
}

const pruned = Object.entries(truth.bases).filter(([, b]) => b.builtFromPruned === true && !b.poolBuilt);
const pooled = Object.entries(truth.bases).filter(([, b]) => b.poolBuilt);

withPython(
  'bases built from pruned composes are exact from f32-updates history, at the change before their timestamp',
  async (t) => {
    t.true(pruned.length >= 3);
    const hub = await startWorldHub();
    const fetcher = createFetcher();
    try {
      for (const [name, b] of pruned) {
        const koji = new KojiHubClient({ hubUrl: hub.url, fetcher });
        const before = fetcher.stats();
        const report = MatchReportSchema.parse(
          await findMatchingCompose(baseOf(name, b), {
            catalog: fakeCatalog(retained, { ga }),
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
        t.deepEqual(m.koji?.packages, compose.packages.map(nevra).sort(), name);
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
    } finally {
      await fetcher.close();
      await hub.close();
    }
  },
);

withPython('pool-built bases are exact against the pool tag when every package was in it', async (t) => {
  t.true(pooled.length >= 1);
  const hub = await startWorldHub();
  const fetcher = createFetcher();
  let exact = 0;
  try {
    for (const [name, b] of pooled) {
      const koji = new KojiHubClient({ hubUrl: hub.url, fetcher });
      const report = MatchReportSchema.parse(
        await findMatchingCompose(baseOf(name, b), {
          catalog: fakeCatalog(retained, { ga }),
          koji: { hub: koji },
        }),
      );
      const instant = b.recordedRepos!.find((r) => r.id === 'fedora-coreos-pool')!.timestamp;
      const pool = poolBefore(hub.timeline, instant);
      const gaSet = new Set(ga.packages);
      const explained = (b.packages ?? []).every((p) => pool.has(nevra(p)) || gaSet.has(nevra(p)));
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
    t.true(exact >= 1);
  } finally {
    await fetcher.close();
    await hub.close();
  }
});

withPython('a base a retained compose explains keeps its compose answer; Koji is not asked', async (t) => {
  const hub = await startWorldHub();
  const fetcher = createFetcher();
  try {
    const koji = new KojiHubClient({ hubUrl: hub.url, fetcher });
    const report = await findMatchingCompose(baseOf('fcos-stable', truth.bases['fcos-stable']!), {
      catalog: fakeCatalog(retained, { ga }),
      koji: { hub: koji },
    });
    t.is(report.result, 'timestamp');
    t.is(koji.stats().requests, 0);
  } finally {
    await fetcher.close();
    await hub.close();
  }
});
