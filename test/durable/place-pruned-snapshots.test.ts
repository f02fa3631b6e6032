/**
 * {@link placePrunedSnapshots} as a library call: only a pruned snapshot match gets coverage (a
 * retained one and a `nearest` are left alone), its compose's `baseurl` becomes null, each source
 * is read once (repomd.xml + primary.xml: four requests for two sources, added to the report's
 * cost), and the `.repo` is rendered again with the durable stanzas.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComposeCatalog } from '../../src/compose/catalog.js';
import { nevraText } from '../../src/durable/nevra-text.js';
import { placePrunedSnapshots } from '../../src/durable/place-pruned-snapshots.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import type { Match, MatchReport } from '../../src/report/match-report.js';
import { composeOsDir } from '../helpers/durable-world.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const own = truth.composes.find((c) => c.id === 'Fedora-32-updates-20200803.0')!;
const catalog: ComposeCatalog = {
  rootUrl: 'file:///gone/',
  list: () => Promise.reject(new Error('not listed')),
  status: () => Promise.reject(new Error('not read')),
  repomd: () => Promise.reject(new Error('not read')),
  packages: async (entry) => {
    if (entry.id.id !== own.id) throw new Error(`asked for ${entry.id.id}`);
    return own.packages;
  },
};

function match(series: Match['series'], retained: boolean, result: Match['result'] = 'timestamp'): Match {
  return {
    repoId: series,
    series,
    result,
    compose: {
      id: own.id,
      baseurl: 'file:///gone/x/compose/Everything/$basearch/os/',
      status: 'FINISHED',
      repoTimestamp: 1,
      date: '20200803',
      retained,
    },
    evidence: { summary: 's', timestamp: null, version: null, packages: null, candidates: [] },
    drift: [],
    unexplained: [],
    coverage: null,
  };
}

function report(matches: Match[]): MatchReport {
  return {
    schemaVersion: 3,
    result: 'timestamp',
    base: {
      source: { kind: 'pkglist', location: 'x', ref: null, deployment: null },
      commit: null,
      version: null,
      arch: 'x86_64',
      commitTime: null,
      packageCount: 0,
      poolBuilt: false,
      notes: [],
    },
    target: {
      composeRoot: 'file:///gone/',
      arch: 'x86_64',
      archFrom: 'option',
      release: '32',
      releaseFrom: 'option',
    },
    repos: [],
    gaTree: null,
    matches,
    skipped: [],
    requests: { count: 7, bytes: 100 },
    repoFile: 'old',
    notes: [],
  } as unknown as MatchReport;
}

test('a pruned match gets coverage from one read of each source; others are left alone', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cm-place-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '32', 'Everything'), { recursive: true });
  symlinkSync(composeOsDir(truth.kojiTags['f32-updates']!), join(dir, '32', 'Everything', 'x86_64'));
  const fetcher = createFileFetcher();
  const options = {
    fetcher,
    catalog,
    archiveRoot: pathToFileURL(join(worldRoot, 'updates-archive')).href + '/',
    updatesRoot: pathToFileURL(dir).href + '/',
  };
  const untouched = report([match('updates', true)]);
  t.is(await placePrunedSnapshots(untouched, options), untouched);
  t.is(fetcher.stats().requests, 0);
  const out = await placePrunedSnapshots(
    report([match('updates', false), match('updates', true, 'nearest')]),
    options,
  );
  t.is(out.requests.count, 7 + 4);
  t.true(out.requests.bytes! > 100);
  const [pruned, nearest] = out.matches;
  t.is(pruned!.compose!.baseurl, null);
  t.true(pruned!.coverage!.complete);
  t.deepEqual(pruned!.coverage!.sources.flatMap((s) => s.builds).sort(), own.packages.map(nevraText).sort());
  t.is(nearest!.coverage, null);
  t.not(nearest!.compose!.baseurl, null);
  t.regex(out.repoFile, new RegExp(`^\\[${own.id.replace(/\./g, '\\.')}-updates-archive\\]$`, 'm'));
});
