/**
 * bench/index: size and speed of the compose index on a synthetic stream-year (FACTS.md §12):
 * 365 daily composes of ~25,000 packages, ~370 changed entries a day.
 *
 * Run: `npm run bench:index`. Not a test: prints figures against the goals (≤ 2 MB a stream-year,
 * timestamp → compose lookup < 50 ms including loading the index).
 *
 * The daily update is timed on the write path of `index update` (delta against the previous set,
 * brotli record, durable write, manifest publish); fetching and parsing primary.xml is not in it
 * (that is bench/primary's subject).
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createIndexCatalog } from '../../src/compose-index/catalog.js';
import { setOf, toTuple, type PackageSet } from '../../src/compose-index/packages.js';
import { openIndex } from '../../src/compose-index/read-index.js';
import type { IndexManifest, ManifestCompose } from '../../src/compose-index/schema.js';
import { publishManifest } from '../../src/compose-index/store.js';
import { writeComposeRecord } from '../../src/compose-index/write-record.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { syntheticStream } from './stream.js';

const DAYS = 365;
const dir = await mkdtemp(join(tmpdir(), 'cm-bench-index-'));
const stream = {
  key: 'Fedora-40/updates/x86_64',
  release: 'Fedora-40',
  series: 'updates' as const,
  arch: 'x86_64',
};
const manifest: IndexManifest = {
  kind: 'compose-match-index',
  version: 1,
  composeRoot: 'https://kojipkgs.fedoraproject.org/compose/updates/',
  ga: [],
  streams: [{ ...stream, composes: [] }],
};
const composes: ManifestCompose[] = manifest.streams[0]!.composes;
const start = Date.UTC(2024, 3, 23) / 1000;
let previous: { id: string; set: PackageSet } | null = null;
const dailyMs: number[] = [];
let packages = 0;
let day = 0;
for (const list of syntheticStream(DAYS)) {
  const date = new Date((start + day * 86400) * 1000).toISOString().slice(0, 10).replace(/-/g, '');
  const id = `Fedora-40-updates-${date}.0`;
  const timestamp = start + day * 86400 + 7200;
  const t0 = performance.now();
  const set = setOf(list.map(toTuple));
  const repo = {
    revision: String(timestamp - 2400),
    timestamp,
    repomdSha256: 'a'.repeat(64),
    primaryChecksum: `sha256:${day}`,
  };
  const written = await writeComposeRecord(dir, {
    stream: stream.key,
    compose: id,
    status: 'FINISHED',
    repo,
    previous,
    set,
  });
  composes.push({
    id,
    date,
    respin: 0,
    status: 'FINISHED',
    usable: true,
    reason: null,
    confirmed: true,
    revision: repo.revision,
    timestamp,
    repomdSha256: repo.repomdSha256,
    packageCount: written.packageCount,
    file: written.file,
  });
  await publishManifest(dir, manifest);
  dailyMs.push(performance.now() - t0);
  previous = { id, set };
  packages = list.length;
  day++;
}

const recordBytes = composes.reduce((n, c) => n + c.file!.size, 0);
const manifestBytes = (await stat(join(dir, 'index.json'))).size;
const files = (await readdir(join(dir, 'records', 'Fedora-40', 'updates', 'x86_64'))).length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Offline lookup, cold each time: open the index from disk, find the compose of a timestamp.
const lookupMs: number[] = [];
const target = composes[200]!;
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  const index = await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/');
  const catalog = createIndexCatalog(index);
  let found: string | null = null;
  for (const entry of await catalog.list()) {
    if ((await catalog.repomd(entry, 'x86_64')).largestTimestamp === target.timestamp) found = entry.id.id;
  }
  lookupMs.push(performance.now() - t0);
  if (found !== target.id) throw new Error(`lookup found ${found}`);
}

// The newest package set, rebuilt from the whole chain (what package matching pays once).
const t0 = performance.now();
const index = await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/');
const newest = await createIndexCatalog(index).packages(
  (await createIndexCatalog(index).list()).at(-1)!,
  'x86_64',
);
const chainMs = performance.now() - t0;
if (newest.length !== packages) throw new Error(`chain gave ${newest.length} packages, expected ${packages}`);

const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
console.log(
  `bench/index: one synthetic stream-year, ${DAYS} daily composes, ~${packages} packages, ~370 changed entries a day\n`,
);
console.log(
  `index bytes per stream-year  ${mb(recordBytes + manifestBytes)} MB  (records ${mb(recordBytes)} MB in ${files} files, index.json ${mb(manifestBytes)} MB)  goal <= 2 MB: ${recordBytes + manifestBytes <= 2 * 1024 * 1024 ? 'ok' : 'OVER'}`,
);
console.log(
  `daily update (record + publish)  median ${median(dailyMs).toFixed(1)} ms, last ${dailyMs.at(-1)!.toFixed(1)} ms`,
);
console.log(
  `timestamp -> compose lookup incl. loading  median ${median(lookupMs).toFixed(1)} ms  goal < 50 ms: ${median(lookupMs) < 50 ? 'ok' : 'OVER'}`,
);
console.log(`newest package set from the ${DAYS}-record chain incl. loading  ${chainMs.toFixed(0)} ms`);
await rm(dir, { recursive: true, force: true });
