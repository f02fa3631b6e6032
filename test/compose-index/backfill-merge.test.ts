/**
 * A second `index backfill` merges with the records the first left: adjacent and overlapping
 * windows leave exactly what one run over the whole window leaves (the same records, the same
 * offline answers); windows with a gap between them stay two windows, and a base whose instant lies
 * in the gap is not answered by a record before it; a repeated run leaves index.json byte-identical.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createIndexCatalog } from '../../src/compose-index/catalog.js';
import { openIndex, verifyIndex } from '../../src/compose-index/read-index.js';
import { IndexManifestSchema, type ManifestReconstructedStream } from '../../src/compose-index/schema.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { backfillArgs, observedIndex } from '../helpers/backfill-world.js';
import type { WorldHub } from '../helpers/koji-hub.js';
import { withWorldHub } from '../helpers/koji-world-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, truthBaseImage } from '../helpers/world.js';

const truth = loadTruth();
const withPython = testWithTools({ python: 'xmlrpc.server' });
const key = 'Fedora-32/updates/x86_64';
const pruned = Object.entries(truth.bases).filter(([, b]) => b.builtFromPruned === true && !b.poolBuilt);

/** Runs one backfill of `[since, until)` (until: the index's start when omitted). */
async function backfill(index: string, hub: WorldHub, since: string, until?: string) {
  const run = await runCli(backfillArgs(index, hub, until === undefined ? [] : ['--until', until], since));
  if (run.code !== 0) throw new Error(run.stderr);
  return run.stderr;
}

async function stream(index: string): Promise<ManifestReconstructedStream> {
  const manifest = IndexManifestSchema.parse(JSON.parse(await readFile(join(index, 'index.json'), 'utf8')));
  return manifest.reconstructed!.find((s) => s.key === key)!;
}

/** What `match --index` answers offline for each pruned base's updates series. */
async function answers(index: string) {
  const opened = await openIndex(createFileFetcher(), pathToFileURL(index).href + '/');
  await verifyIndex(opened);
  const catalog = createIndexCatalog(opened);
  const out: Record<string, unknown> = {};
  for (const [name, b] of pruned) {
    const report = MatchReportSchema.parse(
      await findMatchingCompose(truthBaseImage(name, b, truth), { catalog }),
    );
    const m = report.matches.find((x) => x.series === 'updates')!;
    out[name] = {
      result: m.result,
      source: m.koji?.source,
      event: m.koji?.event,
      nextChange: m.koji?.nextChange,
      packages: m.koji?.packages,
      builds: m.koji?.builds,
      notes: report.notes.filter((n) => /reconstructed states .* end at/.test(n)),
    };
  }
  return out;
}

/** The index one run over the whole window leaves: its stream and its answers. */
async function wholeRun(t: { teardown(f: () => Promise<void>): void }, hub: WorldHub) {
  const { index } = await observedIndex(t);
  await backfill(index, hub, '2020-07-27');
  return { stream: await stream(index), answers: await answers(index) };
}

withPython('two runs over adjacent windows leave what one run over the whole window leaves', async (t) => {
  await withWorldHub(async (hub) => {
    const whole = await wholeRun(t, hub);
    const { index } = await observedIndex(t);
    // The junction lies between two pushes (07-28 16:45 and 07-29 13:18).
    await backfill(index, hub, '2020-07-27', '2020-07-29T06:00:00Z');
    await backfill(index, hub, '2020-07-29T06:00:00Z');
    const merged = await stream(index);
    t.is(merged.windows, undefined);
    t.deepEqual(merged, whole.stream);
    t.deepEqual(await answers(index), whole.answers);
    // Every pruned base is answered by a reconstructed record, as the whole run answers it.
    for (const [name] of pruned)
      t.like(whole.answers[name], { result: 'koji', source: 'index-backfill' }, name);

    // Repeating either run changes nothing, byte for byte.
    const bytes = await readFile(join(index, 'index.json'));
    t.regex(await backfill(index, hub, '2020-07-29T06:00:00Z'), /index unchanged/);
    t.regex(await backfill(index, hub, '2020-07-27', '2020-07-29T06:00:00Z'), /index unchanged/);
    t.deepEqual(await readFile(join(index, 'index.json')), bytes);
  });
});

withPython('overlapping windows, the later one first, merge into their union', async (t) => {
  await withWorldHub(async (hub) => {
    const whole = await wholeRun(t, hub);
    const { index } = await observedIndex(t);
    await backfill(index, hub, '2020-07-29T06:00:00Z');
    // Ends inside the first run's window, so its records there are replaced by this run's.
    await backfill(index, hub, '2020-07-27', '2020-07-30T12:00:00Z');
    const merged = await stream(index);
    t.deepEqual(merged, whole.stream);
    t.deepEqual(await answers(index), whole.answers);
    // A run inside the window already reconstructed changes nothing.
    const bytes = await readFile(join(index, 'index.json'));
    t.regex(await backfill(index, hub, '2020-07-28', '2020-07-31'), /index unchanged/);
    t.deepEqual(await readFile(join(index, 'index.json')), bytes);
  });
});

withPython('windows with a gap stay two windows; a base in the gap is not answered across it', async (t) => {
  await withWorldHub(async (hub) => {
    const whole = await wholeRun(t, hub);
    const { index } = await observedIndex(t);
    // The later window first, so the earlier run's records go before it and it is re-encoded.
    await backfill(index, hub, '2020-07-30T12:00:00Z');
    await backfill(index, hub, '2020-07-27', '2020-07-29T06:00:00Z');
    const merged = await stream(index);
    const at = (text: string) => Date.parse(text) / 1000;
    t.deepEqual(
      merged.windows?.map((w) => [w.since, w.until]),
      [
        [at('2020-07-27T00:00:00Z'), at('2020-07-29T06:00:00Z')],
        [at('2020-07-30T12:00:00Z'), whole.stream.until],
      ],
    );
    t.is(merged.since, at('2020-07-27T00:00:00Z'));
    t.is(merged.until, whole.stream.until);
    t.is(
      merged.windows!.reduce((n, w) => n + w.records, 0),
      merged.records.length,
    );
    // index show names both windows, so the gap is visible without reading index.json.
    const show = await runCli(['index', 'show', '--index', index]);
    t.regex(
      show.stdout,
      /^Fedora-32\/updates\/x86_64 .* windows 2020-07-27T00:00:00Z \.\. 2020-07-29T06:00:00Z, 2020-07-30T12:00:00Z \.\. /m,
    );
    const shown = JSON.parse((await runCli(['index', 'show', '--index', index, '--json'])).stdout) as {
      reconstructed: { stream: string; windows: { since: string; records: number }[] }[];
    };
    t.deepEqual(
      shown.reconstructed.find((r) => r.stream === key)!.windows.map((w) => [w.since, w.records]),
      merged.windows!.map((w) => [new Date(w.since * 1000).toISOString().replace('.000Z', 'Z'), w.records]),
    );
    const got = await answers(index);
    // fcos-kernel-archived (07-29 01:45) lies in the first window, fcos-pruned-partial (07-31 01:38)
    // in the second: both answered as one run over everything answers them.
    t.deepEqual(got['fcos-kernel-archived'], whole.answers['fcos-kernel-archived']);
    t.deepEqual(got['fcos-pruned-partial'], whole.answers['fcos-pruned-partial']);
    // fcos-testing (07-30 01:52) lies in the gap: the first window's last record does not answer.
    t.like(whole.answers['fcos-testing'], { result: 'koji', source: 'index-backfill' });
    t.not((got['fcos-testing'] as { source?: string }).source, 'index-backfill');
    t.is((got['fcos-testing'] as { notes: string[] }).notes.length, 1);

    // Filling the gap leaves one window again: what one run over everything leaves.
    await backfill(index, hub, '2020-07-29T06:00:00Z', '2020-07-30T12:00:00Z');
    t.deepEqual(await stream(index), whole.stream);
    t.deepEqual(await answers(index), whole.answers);
  });
});

withPython('a run from another hub is refused, not merged with the records of the first', async (t) => {
  const { index } = await observedIndex(t);
  await withWorldHub(async (first) => {
    await backfill(index, first, '2020-07-27', '2020-07-29T06:00:00Z');
  });
  const bytes = await readFile(join(index, 'index.json'));
  const files = await recordFiles(index);
  await withWorldHub(async (other) => {
    const run = await runCli(backfillArgs(index, other, [], '2020-07-29T06:00:00Z'));
    // An input error (exit 2), naming the hub the stream came from.
    t.is(run.code, 2, run.stderr);
    t.regex(run.stderr, /reconstructed Fedora-32\/updates\/x86_64 from http.*backfill it from the same hub/);
  });
  t.deepEqual(await readFile(join(index, 'index.json')), bytes);
  // Refused before any history was read: no record file was written either.
  t.deepEqual(await recordFiles(index), files);
});

async function recordFiles(index: string): Promise<string[]> {
  const names = await readdir(join(index, 'records'), { recursive: true });
  return names.sort();
}
