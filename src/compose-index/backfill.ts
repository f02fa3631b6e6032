/**
 * `backfillIndex`: reconstructed records for the time before an index began, from Koji's tag
 * history (issue 18). For each series it lists the tag once at the window's start, reads every
 * tagging and untagging of the window (`queryHistory`, a month per request), cuts them into pushes
 * (pushes.ts), and asks only what each package a push touched held at the push's last event (one
 * `system.multicall` per 200 questions). Each push's state becomes one record per arch, a delta
 * against the stream's previous reconstructed record. A run merges with the records earlier runs
 * left (merge-reconstructed.ts): its window replaces theirs where they overlap, the rest stays.
 *
 * Reconstructed records live in the manifest's own `reconstructed` list, never among the observed
 * composes: backfill does not read, rewrite or remove an observed record, and it writes no record
 * for a push an observed compose already stands for (the last push before that compose's repo
 * timestamp). Written and published like `index update` (rewrite-index.ts): content-named files,
 * then one manifest rename, so a kill at any point leaves the old index or the new one.
 */
import type { KojiHubClient } from '../koji/hub-client.js';
import type { KojiEvent, KojiRpm, KojiBuild } from '../koji/queries.js';
import {
  readHoldings,
  readTagChanges,
  readTagStateBefore,
  type PackageHolding,
  type TagChange,
} from '../koji/tag-state.js';
import { encodeRecord, sha256Hex } from './codec.js';
import { sortTuples, toTuple } from './packages.js';
import { groupPushes } from './pushes.js';
import type {
  ManifestReconstructedRecord,
  ManifestReconstructedStream,
  PackageDelta,
  PackageTuple,
  ReconstructedRecord,
} from './schema.js';
import { checkSameHub, mergeReconstructed, type FreshStream } from './merge-reconstructed.js';
import { rewriteIndex } from './rewrite-index.js';
import { writeRecordFile, type StepHook } from './store.js';
import { defaultIndexArches } from './update.js';
import { defaultPoolTag as poolTag } from '../koji/pool-tag.js';

/** Options of {@link backfillIndex}. */
export interface BackfillIndexOptions {
  /** The index directory (created when missing). */
  dir: string;
  hub: KojiHubClient;
  /** The Fedora release, e.g. `32`. */
  release: string;
  /** Also reconstruct updates-testing. */
  testing?: boolean | undefined;
  /**
   * Also reconstruct the FCOS pool tag (`coreos-pool`), every build it held at each change, so a
   * pool-built base is answered offline as `match --koji` answers it live.
   */
  pool?: boolean | undefined;
  /** The window's start, seconds since the epoch. */
  since: number;
  /**
   * The window's end (default: per series, the earliest repo timestamp of an observed compose,
   * i.e. when the index began; the hub's clock when it observed none).
   */
  until?: number | undefined;
  /** Arches to record (default Fedora's four). */
  arches?: readonly string[] | undefined;
  /** How long to wait for another run's lock (default 120 s). */
  waitMs?: number | undefined;
  onStep?: StepHook | undefined;
}

/** What a backfill run did. */
export interface BackfillIndexResult {
  /** Per stream: records written, pushes seen, and pushes an observed compose stands for. */
  streams: { key: string; records: number; pushes: number; observed: number; since: number; until: number }[];
  /** True when the manifest was already exactly this (nothing published). */
  unchanged: boolean;
}

/** One tag backfill reconstructs, and the streams it goes into. */
interface Target {
  tag: string;
  /** `Fedora-32`, or the pool tag for the pool. */
  release: string;
  series: ManifestReconstructedStream['series'];
  keyOf: (arch: string) => string;
  /** Only the newest build of each package (an updates tag), or every build (the pool). */
  latest: boolean;
}

const seriesUpdates = ['updates'] as const;
const seriesBoth = ['updates', 'updates-testing'] as const;

/** Seconds of history per `queryHistory` request. */
const historyChunk = 30 * 86_400;

/** Reconstructs the window's records into the index in `options.dir`. */
export async function backfillIndex(options: BackfillIndexOptions): Promise<BackfillIndexResult> {
  const { dir, hub } = options;
  const arches = options.arches?.length ? [...options.arches] : [...defaultIndexArches];
  const release = `Fedora-${options.release}`;
  const targets: Target[] = (options.testing === true ? seriesBoth : seriesUpdates).map((s) => ({
    tag: `f${options.release}-${s}`,
    release,
    series: s,
    keyOf: (arch) => `${release}/${s}/${arch}`,
    latest: true,
  }));
  // The pool is one tag for every release, and a pool-built base may use any build it holds.
  if (options.pool === true)
    targets.push({
      tag: poolTag,
      release: poolTag,
      series: 'pool',
      keyOf: (arch) => `${poolTag}/${arch}`,
      latest: false,
    });
  const result: BackfillIndexResult = { streams: [], unchanged: true };
  const written = await rewriteIndex(
    dir,
    { waitMs: options.waitMs, composeRoot: '', onStep: options.onStep },
    async (manifest) => {
      const rebuilt: FreshStream[] = [];
      for (const { keyOf } of targets)
        for (const arch of arches) {
          const earlier = manifest.reconstructed?.find((x) => x.key === keyOf(arch));
          if (earlier !== undefined) checkSameHub(earlier, hub.hubUrl);
        }
      for (const { tag, release, series: s, keyOf, latest } of targets) {
        const observed = new Map<string, number[]>();
        for (const arch of arches) {
          // The pool has no observed stream: no key of `streams` names it.
          const stream = manifest.streams.find((x) => x.key === keyOf(arch));
          observed.set(
            arch,
            (stream?.composes ?? []).flatMap((c) => (c.usable && c.timestamp !== null ? [c.timestamp] : [])),
          );
        }
        const began = Math.min(...[...observed.values()].flat());
        const until = options.until ?? (Number.isFinite(began) ? began : Math.floor(hub.now()));
        const since = options.since;
        if (!(since < until)) continue;
        const all = [...arches, 'noarch'];
        const start = await readTagStateBefore(hub, tag, since, all, latest);
        const changes = await readChanges(hub, tag, since, until);
        const pushes = groupPushes(changes.filter((c) => c.event.id > start.event.id));
        // Per push, each package it touched, asked once at the push's last event.
        const questions = pushes.flatMap((p) =>
          [...new Set(p.changes.map((c) => c.packageName))]
            .sort()
            .map((packageName) => ({ event: p.end, packageName })),
        );
        const answers = await readHoldings(hub, tag, questions, all, latest);

        const states: { event: KojiEvent; next: KojiEvent | null; changes: number; touched: string[] }[] = [
          { event: start.event, next: pushes[0]?.changes[0]?.event ?? null, changes: 0, touched: [] },
          ...pushes.map((p, i) => ({
            event: p.end,
            next: pushes[i + 1]?.changes[0]?.event ?? null,
            changes: p.changes.length,
            touched: [...new Set(p.changes.map((c) => c.packageName))].sort(),
          })),
        ];
        const streams = arches.map((arch) => ({
          arch,
          key: keyOf(arch),
          set: new Map<string, PackageTuple[]>(),
          // name.arch groups as they were at the last written record, for keys touched since.
          dirty: new Map<string, PackageTuple[] | undefined>(),
          previous: null as string | null,
          records: [] as ManifestReconstructedRecord[],
          observed: 0,
          // The records an observed compose stands for: the last state before each observed timestamp.
          skip: new Set(observed.get(arch)!.flatMap((t) => standsFor(states, t, until))),
        }));
        const holdings = new Map<string, PackageHolding>(start.packages);
        for (const [i, state] of states.entries()) {
          const packages = i === 0 ? [...holdings.keys()].sort() : state.touched;
          for (const name of packages) {
            const before = i === 0 ? undefined : holdings.get(name);
            const after =
              i === 0 ? holdings.get(name) : (answers.get(`${state.event.id} ${name}`) ?? undefined);
            for (const st of streams) {
              for (const rpm of before?.rpms ?? [])
                if (rpm.arch === st.arch || rpm.arch === 'noarch')
                  change(st, tupleOf(rpm, before!.builds), 'remove');
              for (const rpm of after?.rpms ?? [])
                if (rpm.arch === st.arch || rpm.arch === 'noarch')
                  change(st, tupleOf(rpm, after!.builds), 'add');
            }
            if (i > 0) {
              if (after === undefined) holdings.delete(name);
              else holdings.set(name, after);
            }
          }
          for (const st of streams) {
            if (st.skip.has(state.event.id)) {
              st.observed++;
              continue;
            }
            const id = `Koji-${tag}-event-${state.event.id}`;
            const delta = takeDelta(st);
            let packageCount = 0;
            for (const g of st.set.values()) packageCount += g.length;
            const record: ReconstructedRecord = {
              kind: 'compose-match-index-reconstructed',
              version: 1,
              id,
              stream: st.key,
              tag,
              event: state.event,
              previous: st.previous,
              packageCount,
              delta,
            };
            const bytes = encodeRecord(record);
            const file = await writeRecordFile(
              dir,
              `records/${st.key}/${id}.${sha256Hex(bytes).slice(0, 16)}.json.br`,
              bytes,
              options.onStep,
            );
            await options.onStep?.(`reconstructed ${st.key} ${id}`);
            st.records.push({
              id,
              reconstructed: true,
              event: state.event,
              next: state.next,
              changes: state.changes,
              packageCount,
              file,
            });
            st.previous = id;
          }
        }
        for (const st of streams) {
          rebuilt.push({
            stream: {
              key: st.key,
              release,
              series: s,
              arch: st.arch,
              tag,
              hub: hub.hubUrl,
              since,
              until,
              records: st.records,
            },
            start: start.event,
            startNext: states[0]!.next,
          });
          result.streams.push({
            key: st.key,
            records: st.records.length,
            pushes: pushes.length,
            observed: st.observed,
            since,
            until,
          });
        }
      }
      // A run merges into the records earlier runs left of its streams (merge-reconstructed.ts);
      // the other streams stay as they were.
      const earlier = manifest.reconstructed ?? [];
      const merged: ManifestReconstructedStream[] = [];
      for (const r of rebuilt)
        merged.push(
          await mergeReconstructed(
            dir,
            earlier.find((x) => x.key === r.stream.key),
            r,
            options.onStep,
          ),
        );
      const kept = earlier.filter((x) => !merged.some((r) => r.key === x.key));
      const all = [...kept, ...merged].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      if (all.length > 0) manifest.reconstructed = all;
      return true;
    },
  );
  result.unchanged = written.unchanged;
  return result;
}

/** Every change of the window, a month of history per request (each cached once in the past). */
async function readChanges(
  hub: KojiHubClient,
  tag: string,
  since: number,
  until: number,
): Promise<TagChange[]> {
  const seen = new Map<string, TagChange>();
  for (let from = since; from < until; from += historyChunk) {
    const to = Math.min(until, from + historyChunk);
    // The bounds are strict: overlap by a second so a change exactly on a boundary is not lost.
    for (const c of await readTagChanges(hub, tag, from === since ? since : from - 1, to))
      seen.set(`${c.kind} ${c.event.id} ${c.buildId}`, c);
  }
  return [...seen.values()].sort((a, b) => a.event.id - b.event.id || a.buildId - b.buildId);
}

/**
 * The state an observed compose with repo timestamp `t` stands for: the last one before `t`, when
 * the tag's next change is known to come after `t` (none at all when the window ends before `t`).
 */
function standsFor(
  states: readonly { event: KojiEvent; next: KojiEvent | null }[],
  t: number,
  until: number,
): number[] {
  const at = states.filter((x) => x.event.ts < t).at(-1);
  if (at === undefined) return [];
  const known = at.next === null ? t <= until : at.next.ts >= t;
  return known ? [at.event.id] : [];
}

interface StreamState {
  set: Map<string, PackageTuple[]>;
  dirty: Map<string, PackageTuple[] | undefined>;
}

/** The stored tuple of a Koji rpm: its source RPM is its build's NVR (what `fetch` asks Koji for). */
function tupleOf(rpm: KojiRpm, builds: readonly KojiBuild[]): PackageTuple {
  const build = builds.find((b) => b.buildId === rpm.buildId);
  return toTuple({
    name: rpm.name,
    epoch: rpm.epoch,
    version: rpm.version,
    release: rpm.release,
    arch: rpm.arch,
    sourcerpm: build === undefined ? null : `${build.nvr}.src.rpm`,
  });
}

function change(st: StreamState, t: PackageTuple, how: 'add' | 'remove'): void {
  const key = `${t[0]}\0${t[1]}`;
  const group = st.set.get(key);
  if (!st.dirty.has(key)) st.dirty.set(key, group === undefined ? undefined : [...group]);
  if (how === 'add') st.set.set(key, [...(group ?? []), t]);
  else if (group !== undefined) {
    const i = group.findIndex((x) => x[2] === t[2] && x[3] === t[3]);
    const rest = i < 0 ? group : [...group.slice(0, i), ...group.slice(i + 1)];
    if (rest.length === 0) st.set.delete(key);
    else st.set.set(key, rest);
  }
}

/** The delta since the last written record (the keys touched since), in the order the index writes. */
function takeDelta(st: StreamState): PackageDelta {
  const put: PackageTuple[] = [];
  const drop: [string, string][] = [];
  for (const [key, before] of st.dirty) {
    const now = st.set.get(key);
    if (now === undefined) {
      if (before !== undefined) drop.push([before[0]![0], before[0]![1]]);
    } else if (before === undefined || !sameTuples(before, now)) put.push(...now);
  }
  st.dirty.clear();
  sortTuples(put);
  drop.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return { put, drop };
}

function sameTuples(a: readonly PackageTuple[], b: readonly PackageTuple[]): boolean {
  if (a.length !== b.length) return false;
  const text = (g: readonly PackageTuple[]) =>
    g
      .map((t) => `${t[2]}\0${t[3]}`)
      .sort()
      .join('\n');
  return text(a) === text(b);
}
