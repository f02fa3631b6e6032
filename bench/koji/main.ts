/**
 * bench/koji: what rebuilding two days of a tag's states costs (issue 18), against a synthetic hub
 * at Fedora's scale (test/helpers/koji-hub.py --synthetic: 20,000 packages of three rpms, 740
 * changes in two days, ~370 a day as FACTS.md 12 estimates).
 *
 * - ours: one listing at the window's start, one `queryHistory`, then every change point's package
 *   asked in `system.multicall` batches (src/koji/tag-state.ts);
 * - peer: `koji list-tagged --latest --event E` at each change point, i.e. a whole listing per
 *   state (FACTS.md 10). Measured on the first SAMPLE change points and scaled to all of them.
 *
 * Run: `npm run bench:koji` (about 3.5 minutes, mostly the Python hub listing the peer's samples). Prints requests, bytes and seconds, and
 * the peer/ours ratio. Not a test.
 */
import { createFetcher } from '../../src/io/create-fetcher.js';
import { KojiHubClient } from '../../src/koji/hub-client.js';
import { applyChanges, readTagChanges, readTagState, readTagStateBefore } from '../../src/koji/tag-state.js';
import { startWorldHub } from '../../test/helpers/koji-hub.js';

const PACKAGES = 20_000;
const CHANGES = 740;
const SAMPLE = 5;
const arches = ['x86_64', 'noarch'];

const hub = await startWorldHub({}, { packages: PACKAGES, changes: CHANGES });
const fetcher = createFetcher();
try {
  const client = new KojiHubClient({ hubUrl: hub.url, fetcher });
  const last = hub.timeline.at(-1)!.event.ts;
  const from = last - 2 * 86_400 - 60;
  const t0 = performance.now();
  const start = await readTagStateBefore(client, 'f40-updates', from, arches, true);
  const changes = await readTagChanges(client, 'f40-updates', from, last + 1);
  const states = await applyChanges(client, start, changes, arches);
  const ours = { ...fetcher.stats(), seconds: (performance.now() - t0) / 1000 };
  const t1 = performance.now();
  const before = fetcher.stats();
  for (const s of states.slice(0, SAMPLE)) await readTagState(client, 'f40-updates', s.event, arches, true);
  const after = fetcher.stats();
  const scale = states.length / SAMPLE;
  const peer = {
    requests: Math.round((after.requests - before.requests) * scale),
    bytes: Math.round((after.bytes - before.bytes) * scale),
    seconds: ((performance.now() - t1) / 1000) * scale,
  };
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  console.log(
    `tag: ${start.packages.size} packages at the window's start; ${changes.length} changes, ${states.length} states`,
  );
  console.log(`ours: ${ours.requests} requests, ${mb(ours.bytes)}, ${ours.seconds.toFixed(1)} s`);
  console.log(
    `peer (listing per state, from ${SAMPLE} of ${states.length}): ${peer.requests} requests, ${mb(peer.bytes)}, ${peer.seconds.toFixed(0)} s`,
  );
  console.log(
    `ratio peer/ours: bytes ${(peer.bytes / ours.bytes).toFixed(0)}x, time ${(peer.seconds / ours.seconds).toFixed(0)}x`,
  );
} finally {
  await fetcher.close();
  await hub.close();
}
