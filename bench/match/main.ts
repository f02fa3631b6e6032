/**
 * bench/match: requests and bytes of findMatchingCompose against the naive peer (the listing plus
 * every compose's repomd.xml), for N = 10, 100 and 1,000 composes served over loopback HTTP.
 *
 * Run: `npm run build && node dist/bench/match/main.js`. Not a test: prints figures and ratios.
 *
 * Ours runs through the real HTTP catalog when the library exports `createComposeCatalog` and an
 * HTTP fetcher; until then through the in-memory counting catalog (STATUS counted as COMPOSE_ID +
 * STATUS, byte sizes of the same order as the server's).
 */
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { fakeCatalog } from '../../test/helpers/fake-catalog.js';
import { makeBase } from '../../test/helpers/make-base.js';
import { syntheticHistory } from '../../test/helpers/synthetic-history.js';
import { naiveTimestampMatch } from './naive-peer.js';
import { startSyntheticServer } from './synthetic-server.js';
import { httpCatalog } from './http-catalog.js';

interface Row {
  n: number;
  target: string;
  ours: { requests: number; bytes: number | null; ms: number };
  peer: { requests: number; bytes: number; ms: number };
}

const rows: Row[] = [];
let via = 'in-memory counting catalog';
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

      const http = await httpCatalog(server.rootUrl);
      if (http !== null) via = 'createComposeCatalog over loopback HTTP';
      const catalog = http ?? fakeCatalog(composes, { root: server.rootUrl });
      server.reset();
      let start = performance.now();
      const report = await findMatchingCompose(base, { catalog });
      const oursMs = performance.now() - start;
      if (report.matches[0]?.compose?.id !== composes[k]!.id)
        throw new Error(`ours missed ${composes[k]!.id}`);
      const ours =
        http === null
          ? { requests: report.requests.count, bytes: report.requests.bytes, ms: oursMs }
          : { ...server.stats(), ms: oursMs };

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

console.log(
  `bench/match: exact timestamp match, ours (${via}) vs listing + every repomd.xml (loopback HTTP)\n`,
);
console.log('     N  target   ours req   ours KB   peer req   peer KB   req ratio   KB ratio  budget');
for (const r of rows) {
  const kb = (b: number | null) => (b === null ? '     -' : (b / 1024).toFixed(1).padStart(9));
  const budget = 3 + Math.ceil(Math.log2(r.n));
  console.log(
    `${String(r.n).padStart(6)}  ${r.target.padEnd(7)} ${String(r.ours.requests).padStart(9)} ${kb(r.ours.bytes)} ${String(r.peer.requests).padStart(10)} ${kb(r.peer.bytes)} ${(r.peer.requests / r.ours.requests).toFixed(1).padStart(10)}x ${r.ours.bytes === null ? '        -' : `${(r.peer.bytes / r.ours.bytes).toFixed(1).padStart(9)}x`}  ${r.ours.requests <= budget ? 'ok' : 'OVER'} (${budget})`,
  );
}
