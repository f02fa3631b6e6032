/**
 * Merging one backfill run's records of a stream into the records earlier runs left (issue 18):
 * the records outside the run's window stay, inside it the run's records stand (the hub is the
 * truth), and the windows the run overlaps or touches become one window, their union. A window a
 * gap separates from the run's stays a window of its own (`windows`, reconstructed-windows.ts).
 *
 * Each record is a delta against the record before it in the merged stream, so where the merge
 * joined records of different runs (a junction) the record after the junction is re-encoded against
 * its new predecessor; every other record keeps its file. The run's opening state is dropped when it
 * only repeats the earlier run's record before it (the same set, in one window): two adjacent runs
 * then leave the records one run over the whole window leaves.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KojiEvent } from '../koji/queries.js';
import { checkFile, decodeRecord, encodeRecord, sha256Hex, validate } from './codec.js';
import { IndexError } from './errors.js';
import { applyDelta, diffSets, setOf, type PackageSet } from './packages.js';
import { recordWindows, windowsOf } from './reconstructed-windows.js';
import {
  ReconstructedRecordSchema,
  type ManifestReconstructedRecord,
  type ManifestReconstructedStream,
  type ReconstructedRecord,
  type ReconstructedWindow,
} from './schema.js';
import { writeRecordFile, type StepHook } from './store.js';

/** One run's stream: its records (a chain from the empty set) and the state its window opened in. */
export interface FreshStream {
  stream: ManifestReconstructedStream;
  /** The event of the state the window opens in (the hub's last event before `since`). */
  start: KojiEvent;
  /** The tag's first change after `start`, or null when the window saw none. */
  startNext: KojiEvent | null;
}

/** The stream `fresh` and `old` (the stream as earlier runs left it, if any) merge into. */
export async function mergeReconstructed(
  dir: string,
  old: ManifestReconstructedStream | undefined,
  fresh: FreshStream,
  onStep?: StepHook,
): Promise<ManifestReconstructedStream> {
  const run = fresh.stream;
  if (old === undefined) return run;
  checkSameHub(old, run.hub);
  const { since, until } = run;
  // The same objects as windowsOf's, so a record's window is found by identity.
  const distinct = windowsOf(old);
  const oldWindows = recordWindows(old, distinct);
  const touches = (w: ReconstructedWindow) => w.since <= until && w.until >= since;
  const joined = distinct.filter(touches);
  const union: ReconstructedWindow = {
    since: Math.min(since, ...joined.map((w) => w.since)),
    until: Math.max(until, ...joined.map((w) => w.until)),
    records: 0,
  };

  type Entry = {
    from: 'old' | 'run';
    at: number;
    record: ManifestReconstructedRecord;
    window: ReconstructedWindow;
  };
  const entries: Entry[] = [];
  // The old record whose state held at the run's end: its next change, when after it, is still true.
  let heldAtEnd: ManifestReconstructedRecord | undefined;
  for (const [at, record] of old.records.entries()) {
    const w = oldWindows[at]!;
    const inside = touches(w) && record.event.ts >= since && record.event.ts < until;
    if (touches(w) && record.event.ts < until) heldAtEnd = record;
    if (!inside) entries.push({ from: 'old', at, record: { ...record }, window: touches(w) ? union : w });
  }
  for (const [at, record] of run.records.entries())
    entries.push({ from: 'run', at, record: { ...record }, window: union });
  entries.sort((a, b) => a.record.event.id - b.record.event.id);

  // The earlier record before the run's window learns the run's first change after it.
  const before = entries
    .filter((e) => e.from === 'old' && e.window === union && e.record.event.ts < since)
    .at(-1);
  if (before !== undefined && !(before.record.next !== null && before.record.next.ts < since))
    before.record.next = fresh.startNext;

  // Walk the merged stream with each source's own chain beside it, re-encoding at the junctions.
  const chains = { old: sourceChain(dir, old), run: sourceChain(dir, run) };
  const merged: Entry[] = [];
  let current: PackageSet = setOf([]);
  let previous: string | null = null;
  for (const e of entries) {
    const source = e.from === 'old' ? old : run;
    const { set, record } = await chains[e.from](e.at);
    const sourcePrevious = e.at === 0 ? null : source.records[e.at - 1]!.id;
    const redundantStart =
      e.from === 'run' &&
      e.record.changes === 0 &&
      e.record.event.id === fresh.start.id &&
      merged.at(-1)?.window === union &&
      isEmpty(diffSets(current, set));
    if (redundantStart) continue;
    if (sourcePrevious !== previous) {
      const rewritten: ReconstructedRecord = { ...record, previous, delta: diffSets(current, set) };
      const bytes = encodeRecord(rewritten);
      e.record.file = await writeRecordFile(
        dir,
        `records/${source.key}/${record.id}.${sha256Hex(bytes).slice(0, 16)}.json.br`,
        bytes,
        onStep,
      );
    }
    merged.push(e);
    current = new Map(set);
    previous = e.record.id;
  }

  // The record holding at the run's end learns the earlier run's change after it.
  const last = merged.filter((e) => e.window === union && e.record.event.ts < until).at(-1);
  const after = heldAtEnd?.next ?? null;
  if (last !== undefined && last.record.next === null && after !== null && after.ts >= until)
    last.record.next = after;

  const windows = [...distinct.filter((w) => !touches(w)), union]
    .sort((a, b) => a.since - b.since)
    .map((w) => ({ ...w, records: merged.filter((e) => e.window === w).length }));
  return {
    key: run.key,
    release: run.release,
    series: run.series,
    arch: run.arch,
    tag: run.tag,
    hub: run.hub,
    since: windows[0]!.since,
    until: windows.at(-1)!.until,
    ...(windows.length > 1 ? { windows } : {}),
    records: merged.map((e) => e.record),
  };
}

/**
 * Throws ERR_INDEX_HUB_MISMATCH unless `stream` was reconstructed from `hub`: states of another hub
 * are another truth, not one to merge with (backfill checks it before reading any history).
 */
export function checkSameHub(stream: ManifestReconstructedStream, hub: string): void {
  if (stream.hub !== hub)
    throw new IndexError(
      'ERR_INDEX_HUB_MISMATCH',
      `The index reconstructed ${stream.key} from ${stream.hub}, not ${hub}: backfill it from the same hub, or into another index`,
      { subject: stream.key },
    );
}

/**
 * Reads a stream's own chain in order: the set after its `at`-th record (and that record), each
 * file read once and checked against the manifest. `at` must not go backwards.
 */
function sourceChain(
  dir: string,
  stream: ManifestReconstructedStream,
): (at: number) => Promise<{ set: PackageSet; record: ReconstructedRecord }> {
  const set: PackageSet = setOf([]);
  let done = -1;
  let record: ReconstructedRecord | undefined;
  return async (at) => {
    while (done < at) {
      const entry = stream.records[done + 1]!;
      const path = join(dir, entry.file.path);
      const bytes = await readFile(path);
      checkFile(bytes, entry.file, path);
      record = validate(ReconstructedRecordSchema, decodeRecord(bytes, path), path);
      const expected = done < 0 ? null : stream.records[done]!.id;
      if (record.previous !== expected)
        throw new IndexError(
          'ERR_INDEX_FORMAT',
          `${path} applies to ${record.previous ?? 'the empty set'}, but ${stream.key} has ${expected ?? 'nothing'} before it`,
          { subject: path },
        );
      applyDelta(set, record.delta);
      done++;
    }
    return { set, record: record! };
  };
}

function isEmpty(delta: { put: readonly unknown[]; drop: readonly unknown[] }): boolean {
  return delta.put.length === 0 && delta.drop.length === 0;
}
