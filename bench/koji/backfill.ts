/**
 * bench/koji/backfill: what `index backfill` costs for a stream-year (issue 18). Not a test.
 *
 * Updates mode (default): a synthetic hub (test/helpers/koji-hub.py --synthetic=P:C:D) holding a
 * P-package `f40-updates` (three rpms per build) and D daily Bodhi pushes of C changes each.
 *
 * Pool mode (`--pool`): a synthetic `coreos-pool` (koji-hub.py --synthetic-pool=N:C:D) of N
 * packages holding 1 to 5 builds each at first, then D daily pushes of C taggings each; builds
 * accumulate up to 10 per package (the oldest untagged then, and now and then one pruned), as the
 * real pool keeps several builds of a name. Backfilled with `--pool`, every build at each push.
 *
 * Prints the records written, requests, bytes, seconds, peak RSS and the index's size on disk,
 * then the bytes of the peer way (a whole `listTaggedRPMS` per push, as `koji list-tagged [--latest]
 * --event E` would): updates, the listing at the window's start times the pushes (the tag's size
 * barely moves); pool, the mean of the listings at the window's start and end times the pushes
 * (the tag grows all year). The peer's listings are taken after the backfill, so the peak RSS is
 * the backfill's; the listing at the end also checks the last record's delta chain against it.
 *
 * Run: `npm run build && node dist/bench/koji/backfill.js [--pool] [DAYS] [CHANGES] [PACKAGES]`
 * (default 365 370 20000; with --pool 365 30 2000).
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toTuple } from '../../src/compose-index/packages.js';
import { openIndex } from '../../src/compose-index/read-index.js';
import { backfillIndex } from '../../src/compose-index/backfill.js';
import { createFetcher } from '../../src/io/create-fetcher.js';
import { KojiHubClient } from '../../src/koji/hub-client.js';
import { readTagStateBefore } from '../../src/koji/tag-state.js';
import { startWorldHub } from '../../test/helpers/koji-hub.js';

const pool = process.argv.includes('--pool');
const args = process.argv.slice(2).filter((a) => a !== '--pool');
const DAYS = Number(args[0] ?? 365);
const CHANGES = Number(args[1] ?? (pool ? 30 : 370));
const PACKAGES = Number(args[2] ?? (pool ? 2_000 : 20_000));
const start = 1_700_000_000;
const tag = pool ? 'coreos-pool' : 'f40-updates';
const since = start + 86_400 - 3600;
const until = start + 86_400 + DAYS * 86_400;

const hub = await startWorldHub({}, { packages: PACKAGES, changes: CHANGES, days: DAYS, pool });
const fetcher = createFetcher();
const dir = await mkdtemp(join(tmpdir(), 'bench-backfill-'));
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
try {
  const client = new KojiHubClient({ hubUrl: hub.url, fetcher });
  const t0 = performance.now();
  const result = await backfillIndex({
    dir,
    hub: client,
    release: '40',
    pool,
    since,
    until,
    arches: ['x86_64'],
  });
  const seconds = (performance.now() - t0) / 1000;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const stats = fetcher.stats();
  const s = result.streams.find((x) => x.key.startsWith(pool ? `${tag}/` : `Fedora-40/`))!;
  const disk = await sizeOf(dir);
  const streamFiles = await fileSizes(join(dir, 'records', s.key));

  // The peer's whole listings: at the window's start (and, for the growing pool, at its end).
  const peerClient = new KojiHubClient({ hubUrl: hub.url, fetcher });
  const listingAt = async (ts: number) => {
    const before = fetcher.stats().bytes;
    const state = await readTagStateBefore(peerClient, tag, ts, ['x86_64', 'noarch'], !pool);
    const nevras: string[] = [];
    let builds = 0;
    for (const h of state.packages.values()) {
      builds += h.builds.length;
      for (const rpm of h.rpms) {
        const nvr = h.builds.find((b) => b.buildId === rpm.buildId)?.nvr;
        nevras.push(toTuple({ ...rpm, sourcerpm: nvr === undefined ? null : `${nvr}.src.rpm` }).join(' '));
      }
    }
    const bytes = fetcher.stats().bytes - before;
    return { bytes, packages: state.packages.size, builds, rpms: nevras.length, nevras };
  };
  const first = await listingAt(start + 86_400);
  const last = await listingAt(until);
  const listing = pool ? (first.bytes + last.bytes) / 2 : first.bytes;
  // A sanity check of the records: the last one's delta chain is the hub's listing at the end.
  const index = await openIndex(fetcher, pathToFileURL(`${dir}/`).href);
  const chain = index.manifest.reconstructed!.find((x) => x.key === s.key)!.records;
  const rebuilt = [...(await index.reconstructedSet(s.key, chain.at(-1)!.id)).values()]
    .flat()
    .map((t) => t.join(' '))
    .sort();
  const same = JSON.stringify(rebuilt) === JSON.stringify([...last.nevras].sort());

  console.log(
    `tag ${tag}: ${first.packages} packages, ${first.builds} builds, ${first.rpms} rpms (x86_64+noarch) at the start` +
      (pool ? `; ${last.packages} packages, ${last.builds} builds, ${last.rpms} rpms at the end` : '') +
      `; ${DAYS} days x ${CHANGES} changes; ${s.pushes} pushes, ${s.records} records`,
  );
  console.log(
    `ours: ${stats.requests} requests (${client.stats().calls} calls), ${mb(stats.bytes)}, ${seconds.toFixed(1)} s, peak RSS ${mb(peakRss)}`,
  );
  streamFiles.sort((a, b) => a - b);
  const total = streamFiles.reduce((a, b) => a + b, 0);
  console.log(
    `index on disk: ${mb(disk)}; ${s.key}: ${streamFiles.length} record files, ${mb(total)} ` +
      `(largest ${(streamFiles.at(-1)! / 1e3).toFixed(1)} kB, median ${(streamFiles[streamFiles.length >> 1]! / 1e3).toFixed(1)} kB)`,
  );
  console.log(
    `end state: the last record's chain holds ${rebuilt.length} rpms, ${same ? 'exactly' : 'NOT'} the hub's listing at the end`,
  );
  console.log(
    `peer (a whole listing per push): ${s.pushes} requests, ~${mb(s.pushes * listing)} ` +
      `(${pool ? `listings ${mb(first.bytes)} at the start, ${mb(last.bytes)} at the end` : `listing ${mb(listing)}`}); ` +
      `ratio ${((s.pushes * listing) / stats.bytes).toFixed(0)}x bytes`,
  );
} finally {
  await fetcher.close();
  await hub.close();
  await rm(dir, { recursive: true, force: true });
}

/** Bytes of every file under `path`. */
async function sizeOf(path: string): Promise<number> {
  return (await fileSizes(path)).reduce((a, b) => a + b, 0);
}

/** The size of each file under `path`. */
async function fileSizes(path: string): Promise<number[]> {
  const out: number[] = [];
  for (const e of await readdir(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) out.push(...(await fileSizes(p)));
    else if (e.isFile()) out.push((await stat(p)).size);
  }
  return out;
}
