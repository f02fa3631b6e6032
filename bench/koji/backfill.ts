/**
 * bench/koji/backfill: what `index backfill` costs for a stream-year (issue 18): a synthetic hub
 * (test/helpers/koji-hub.py --synthetic=P:C:D) holding a P-package tag (three rpms per build) and D
 * daily Bodhi pushes of C changes each. Prints the records written, requests, bytes and seconds,
 * and the bytes of the peer way (a whole `listTaggedRPMS` per push, as `koji list-tagged --latest
 * --event E` would), measured on the first listing and scaled. Not a test.
 *
 * Run: `npm run build && node dist/bench/koji/backfill.js [DAYS] [CHANGES] [PACKAGES]`
 * (default 365 370 20000).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backfillIndex } from '../../src/compose-index/backfill.js';
import { createFetcher } from '../../src/io/create-fetcher.js';
import { KojiHubClient } from '../../src/koji/hub-client.js';
import { readTagStateBefore } from '../../src/koji/tag-state.js';
import { startWorldHub } from '../../test/helpers/koji-hub.js';

const DAYS = Number(process.argv[2] ?? 365);
const CHANGES = Number(process.argv[3] ?? 370);
const PACKAGES = Number(process.argv[4] ?? 20_000);
const start = 1_700_000_000;

const hub = await startWorldHub({}, { packages: PACKAGES, changes: CHANGES, days: DAYS });
const fetcher = createFetcher();
const dir = await mkdtemp(join(tmpdir(), 'bench-backfill-'));
try {
  const client = new KojiHubClient({ hubUrl: hub.url, fetcher });
  // One whole listing, what the peer pays per push.
  const listed = await readTagStateBefore(
    new KojiHubClient({ hubUrl: hub.url, fetcher }),
    'f40-updates',
    start + 86_400,
    ['x86_64', 'noarch'],
    true,
  );
  const listing = fetcher.stats().bytes;
  const before = fetcher.stats();
  const t0 = performance.now();
  const result = await backfillIndex({
    dir,
    hub: client,
    release: '40',
    since: start + 86_400 - 3600,
    until: start + 86_400 + DAYS * 86_400,
    arches: ['x86_64'],
  });
  const seconds = (performance.now() - t0) / 1000;
  const after = fetcher.stats();
  const stats = { requests: after.requests - before.requests, bytes: after.bytes - before.bytes };
  const s = result.streams[0]!;
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  console.log(
    `tag: ${listed.packages.size} packages listed at the start; ${DAYS} days x ${CHANGES} changes; ${s.pushes} pushes, ${s.records} records`,
  );
  console.log(
    `ours: ${stats.requests} requests (${client.stats().calls} calls), ${mb(stats.bytes)}, ${seconds.toFixed(1)} s`,
  );
  // The first request after getLastEvent is the whole listing at the window's start: about what
  // a listing per push costs each time.
  console.log(
    `peer (a whole listing per push): ${s.pushes} requests, ~${mb(s.pushes * listing)}; ratio ${((s.pushes * listing) / stats.bytes).toFixed(0)}x bytes`,
  );
} finally {
  await fetcher.close();
  await hub.close();
  await rm(dir, { recursive: true, force: true });
}
