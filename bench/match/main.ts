/**
 * bench/match: requests and bytes of findMatchingCompose against the naive peer (the listing plus
 * every compose's repomd.xml), for N = 10, 100 and 1,000 composes served over loopback HTTP.
 *
 * Run: `npm run build && node dist/bench/match/main.js`. Not a test: prints figures and ratios.
 *
 * Ours runs through createComposeCatalog over the undici fetcher (cold, no disk cache); both sides
 * are counted by the server. Wall times are printed too (loopback, so they mostly measure parsing).
 * Then the wall time of `compose-match match` end to end on the test world (bench/match/world-e2e.ts).
 */
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { makeBase } from '../../test/helpers/make-base.js';
import { syntheticHistory } from '../../test/helpers/synthetic-history.js';
import { naiveTimestampMatch } from './naive-peer.js';
import { startSyntheticServer } from './synthetic-server.js';
import { httpCatalog } from './http-catalog.js';
import { benchWorldE2e, printWorldE2e } from './world-e2e.js';

interface Row {
  n: number;
  target: string;
  ours: { requests: number; bytes: number; ms: number };
  peer: { requests: number; bytes: number; ms: number };
}

const rows: Row[] = [];
for (const n of [10, 100, 1000]) {
  const composes = syntheticHistory(n, { perDay: 2 });
  const server = await startSyntheticServer(composes);
  try {
    for (const [label, k] of [
      ['newest', n - 1],
      ['middle', Math.floor(n / 2)],
      ['oldest', 0],
    ] as const) {
      const timestamp = composes[k]!.timestamp!;
      const base = makeBase({ repos: [{ id: 'updates', timestamp }], version: '40.20240101.0.0' });

      const { catalog, close } = httpCatalog(server.rootUrl);
      server.reset();
      let start = performance.now();
      const report = await findMatchingCompose(base, { catalog });
      const oursMs = performance.now() - start;
      await close();
      if (report.matches[0]?.compose?.id !== composes[k]!.id)
        throw new Error(`ours missed ${composes[k]!.id}`);
      const ours = { ...server.stats(), ms: oursMs };

      server.reset();
      start = performance.now();
      const found = await naiveTimestampMatch(server.rootUrl, timestamp);
      const peerMs = performance.now() - start;
      if (found !== composes[k]!.id) throw new Error(`peer missed ${composes[k]!.id}`);
      rows.push({ n, target: label, ours, peer: { ...server.stats(), ms: peerMs } });
    }
  } finally {
    await server.close();
  }
}

console.log('bench/match: exact timestamp match over loopback HTTP, counted by the server');
console.log('ours = findMatchingCompose over createComposeCatalog; peer = listing + every repomd.xml\n');
console.log(
  '     N  target   ours req   ours KB  ours ms   peer req   peer KB  peer ms   req ratio   KB ratio  budget',
);
for (const r of rows) {
  const kb = (b: number) => (b / 1024).toFixed(1).padStart(9);
  const budget = 3 + Math.ceil(Math.log2(r.n));
  console.log(
    `${String(r.n).padStart(6)}  ${r.target.padEnd(7)} ${String(r.ours.requests).padStart(9)} ${kb(r.ours.bytes)} ${r.ours.ms.toFixed(0).padStart(8)} ${String(r.peer.requests).padStart(10)} ${kb(r.peer.bytes)} ${r.peer.ms.toFixed(0).padStart(8)} ${(r.peer.requests / r.ours.requests).toFixed(1).padStart(10)}x ${(r.peer.bytes / r.ours.bytes).toFixed(1).padStart(9)}x  ${r.ours.requests <= budget ? 'ok' : 'OVER'} (${budget})`,
  );
}

const e2eRuns = 7;
printWorldE2e(await benchWorldE2e(e2eRuns), e2eRuns);
