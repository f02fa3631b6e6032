/**
 * `index backfill` against the world's Koji hub (test/helpers/koji-hub.py): the index observed the
 * retained composes (`index update`), backfill reconstructs the time before it from f32-updates'
 * history, and `match --index` then answers, offline, for the bases built from the pruned composes
 * exactly what the live `koji` strategy answers. Observed records win; a rerun is byte-identical;
 * SIGKILL at every write step leaves the old or the new index; `index update` respects its lock.
 */
import { spawn } from 'node:child_process';
import type { ExecutionContext } from 'ava';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createIndexCatalog } from '../../src/compose-index/catalog.js';
import { openIndex, verifyIndex } from '../../src/compose-index/read-index.js';
import { IndexManifestSchema } from '../../src/compose-index/schema.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { KojiHubClient } from '../../src/koji/hub-client.js';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { nevraText } from '../helpers/dnf-oracle.js';
import { backfillArgs, observedIndex, updateArgs } from '../helpers/backfill-world.js';
import { withWorldHub, withWorldHubFetcher } from '../helpers/koji-world-hub.js';
import { repoRoot } from '../helpers/repo-root.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, truthBaseImage, worldRoot } from '../helpers/world.js';
import { retainedWorldCatalog } from '../helpers/world-catalog.js';

const truth = loadTruth();
const withPython = testWithTools({ python: 'xmlrpc.server' });
const bin = join(repoRoot, 'dist', 'src', 'cli', 'bin.js');
function child(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve, reject) => {
      const c = spawn(process.execPath, [bin, ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      c.on('error', reject);
      c.on('close', (code, signal) => resolve({ code, signal, stderr }));
    },
  );
}

const pruned = Object.entries(truth.bases).filter(([, b]) => b.builtFromPruned === true && !b.poolBuilt);

withPython(
  'backfill then match --index offline gives the pruned bases the answers of the koji strategy',
  async (t) => {
    t.true(pruned.length >= 3);
    const { index } = await observedIndex(t);
    await withWorldHubFetcher(async (hub, fetcher) => {
      const run = await runCli(backfillArgs(index, hub));
      t.is(run.code, 0, run.stderr);
      t.regex(run.stderr, /Fedora-32\/updates\/x86_64: \d+ reconstructed records/);
      const manifest = IndexManifestSchema.parse(
        JSON.parse(await readFile(join(index, 'index.json'), 'utf8')),
      );
      const stream = manifest.reconstructed?.find((s) => s.key === 'Fedora-32/updates/x86_64');
      t.truthy(stream);
      t.true(stream!.records.every((r) => r.reconstructed && r.event.ts < stream!.until));
      // Observed composes are untouched: the same as an index that only observed.
      t.is(
        manifest.streams.find((s) => s.key === 'Fedora-32/updates/x86_64')?.composes[0]?.id,
        'Fedora-32-updates-20200801.0',
      );
      await verifyIndex(await openIndex(createFileFetcher(), pathToFileURL(index).href + '/'));
      const show = await runCli(['index', 'show', '--index', index]);
      t.regex(show.stdout, /^Fedora-32\/updates\/x86_64 {2}\d+ reconstructed records from f32-updates/m);

      // The hub is gone from here on: only the index answers.
      const offline = createIndexCatalog(
        await openIndex(createFileFetcher(), pathToFileURL(index).href + '/'),
      );
      for (const [name, b] of pruned) {
        const fromIndex = MatchReportSchema.parse(
          await findMatchingCompose(truthBaseImage(name, b, truth), { catalog: offline }),
        );
        const live = MatchReportSchema.parse(
          await findMatchingCompose(truthBaseImage(name, b, truth), {
            catalog: retainedWorldCatalog(truth),
            koji: { hub: new KojiHubClient({ hubUrl: hub.url, fetcher }) },
          }),
        );
        const m = fromIndex.matches.find((x) => x.series === 'updates')!;
        const k = live.matches.find((x) => x.series === 'updates')!;
        t.is(k.result, 'koji', name);
        t.is(m.result, 'koji', name);
        t.is(m.koji?.source, 'index-backfill', name);
        t.is(k.koji?.source, 'koji-history', name);
        for (const field of ['tag', 'event', 'nextChange', 'packages', 'builds', 'hub'] as const)
          t.deepEqual(m.koji?.[field], k.koji?.[field], `${name}: ${field}`);
        t.is(m.compose?.id, k.compose?.id, name);
        // And that state is what the pruned compose carried (the world's truth).
        const compose = truth.composes.find((c) => c.id === b.builtFrom.updates)!;
        t.deepEqual(m.koji?.packages, compose.packages.map(nevraText).sort(), name);
      }
    });

    // The CLI, offline (no hub, the compose root gone): the reconstructed record answers.
    const gone = join(index, '..', 'gone');
    const r = await runCli([
      'match',
      '--ostree-repo',
      join(worldRoot, 'ostree', 'repo'),
      '--ref',
      'fedora/x86_64/coreos/testing',
      '--index',
      index,
      '--compose-root',
      gone,
      '--release-root',
      gone,
      '--archive-root',
      join(worldRoot, 'updates-archive'),
      '--updates-root',
      gone,
      '--json',
      '--no-cache',
    ]);
    const report = MatchReportSchema.parse(JSON.parse(r.stdout));
    const m = report.matches.find((x) => x.series === 'updates')!;
    t.is(m.result, 'koji', r.stderr);
    t.is(m.koji?.source, 'index-backfill');
    t.regex(r.stderr, /as the index reconstructed them/);
  },
);

withPython('a second backfill is byte-identical; observed records win over reconstructed ones', async (t) => {
  const { index } = await observedIndex(t);
  await withWorldHub(async (hub) => {
    // Past the index's start, so observed composes and reconstructed pushes overlap.
    const args = backfillArgs(index, hub, ['--until', '2020-08-10']);
    const first = await runCli(args);
    t.is(first.code, 0, first.stderr);
    t.regex(first.stderr, /left to observed composes/);
    const bytes = await readFile(join(index, 'index.json'));
    const second = await runCli(args);
    t.is(second.code, 0, second.stderr);
    t.regex(second.stderr, /index unchanged/);
    t.deepEqual(await readFile(join(index, 'index.json')), bytes);

    const manifest = IndexManifestSchema.parse(JSON.parse(bytes.toString('utf8')));
    const records = manifest.reconstructed!.find((s) => s.key === 'Fedora-32/updates/x86_64')!.records;
    const observed = manifest.streams.find((s) => s.key === 'Fedora-32/updates/x86_64')!.composes;
    const changes = hub.timeline.filter((e) => e.tag === 'f32-updates');
    let standing = 0;
    for (const c of observed.filter((x) => x.usable)) {
      // The push an observed compose stands for (the last change before its timestamp) has no record.
      const last = changes.filter((e) => e.event.ts < c.timestamp!).at(-1)!;
      t.false(
        records.some((r) => r.event.id === last.event.id),
        c.id,
      );
      standing++;
    }
    t.true(standing >= 5);
    t.true(
      records.some((r) => r.event.ts > observed[0]!.timestamp!),
      'the window reaches past the index start',
    );

    // A base an observed compose explains is answered by it, not by a reconstructed record.
    const offline = createIndexCatalog(await openIndex(createFileFetcher(), pathToFileURL(index).href + '/'));
    const report = await findMatchingCompose(
      truthBaseImage('fcos-stable', truth.bases['fcos-stable']!, truth),
      {
        catalog: offline,
      },
    );
    const m = report.matches.find((x) => x.series === 'updates')!;
    t.is(m.result, 'timestamp');
    t.is(m.compose?.id, 'Fedora-32-updates-20200803.0');
    t.is(m.koji, undefined);
  });
});

/**
 * Kills `args` at every write step of a run into a copy of `index`: each copy holds the old manifest
 * or the new one, verifies, and the next run finishes the job.
 */
async function killAtEveryStep(
  t: ExecutionContext,
  work: string,
  index: string,
  args: (dir: string) => string[],
): Promise<void> {
  const oldManifest = await readFile(join(index, 'index.json'), 'utf8');
  const reference = join(work, 'reference');
  await cp(index, reference, { recursive: true });
  const traced = await child(args(reference), { COMPOSE_MATCH_INDEX_TRACE_STEPS: '1' });
  t.is(traced.code, 0, traced.stderr);
  const newManifest = await readFile(join(reference, 'index.json'), 'utf8');
  t.not(newManifest, oldManifest);
  const steps = (traced.stderr.match(/^step \d+:/gm) ?? []).length;
  t.true(steps >= 10, `only ${steps} steps`);
  let sawOld = 0;
  let sawNew = 0;
  for (let n = 1; n <= steps; n++) {
    const dir = join(work, `kill-${n}`);
    await cp(index, dir, { recursive: true });
    const run = await child(args(dir), { COMPOSE_MATCH_INDEX_KILL_AT: String(n) });
    t.is(run.signal, 'SIGKILL', `step ${n}`);
    const now = await readFile(join(dir, 'index.json'), 'utf8');
    t.true(now === oldManifest || now === newManifest, `killed at step ${n}: neither old nor new`);
    if (now === newManifest) sawNew++;
    else sawOld++;
    await t.notThrowsAsync(verifyIndex(await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/')));
    // The dead run's lock is stale: the next run breaks it and finishes the job.
    const again = await child(args(dir));
    t.is(again.code, 0, again.stderr);
    t.is(await readFile(join(dir, 'index.json'), 'utf8'), newManifest, `rerun after step ${n}`);
    await rm(dir, { recursive: true });
  }
  await rm(reference, { recursive: true });
  t.true(sawOld > 0 && sawNew > 0);
}

withPython('SIGKILL at every write step of backfill leaves the old or the new index', async (t) => {
  const { work, index } = await observedIndex(t);
  await withWorldHub((hub) => killAtEveryStep(t, work, index, (dir) => backfillArgs(dir, hub)));
});

withPython(
  'SIGKILL at every write step of a merging second run leaves the old or the new index',
  async (t) => {
    const { work, index } = await observedIndex(t);
    await withWorldHub(async (hub) => {
      // A later window first; the second run's records go before it, so its first record is re-encoded.
      const first = await child(backfillArgs(index, hub, [], '2020-07-30T12:00:00Z'));
      t.is(first.code, 0, first.stderr);
      await killAtEveryStep(t, work, index, (dir) => backfillArgs(dir, hub, ['--until', '2020-07-31']));
    });
  },
);

withPython('index update is refused by, or waits for, the lock a running backfill holds', async (t) => {
  const { index } = await observedIndex(t);
  // A slow hub keeps the backfill inside its lock for a few seconds.
  await withWorldHub(
    async (hub) => {
      const backfill = child(backfillArgs(index, hub));
      // Until the lock file is there.
      for (let i = 0; i < 100; i++) {
        if (
          await readFile(join(index, 'index.lock')).then(
            () => true,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const update = updateArgs(index);
      const refused = await runCli([...update, '--wait', '0']);
      t.is(refused.code, 1);
      t.regex(refused.stderr, /index\.lock is held by another run/);
      const waited = await runCli([...update, '--wait', '60']);
      t.is(waited.code, 0, waited.stderr);
      const done = await backfill;
      t.is(done.code, 0, done.stderr);
      // Both runs' work is in the index: update kept the reconstructed records.
      const manifest = IndexManifestSchema.parse(
        JSON.parse(await readFile(join(index, 'index.json'), 'utf8')),
      );
      t.true((manifest.reconstructed?.[0]?.records.length ?? 0) > 0);
      t.true(manifest.streams.length > 0);
      await verifyIndex(await openIndex(createFileFetcher(), pathToFileURL(index).href + '/'));
    },
    { queryHistory: 3 },
  );
});
