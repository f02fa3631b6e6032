/**
 * `updateIndex`: records each published compose not recorded yet, re-checks unconfirmed ones, and
 * publishes the result atomically under a lock (rewrite-index.ts).
 *
 * Published (FACTS.md §5): Bodhi rewrites repomd.xml after pungi, then points the koji-tag symlink
 * (`f32-updates`) at the compose. A compose at or before the symlink's target is confirmed; a later
 * one is recorded unconfirmed. Only the newest usable compose of a stream can still change (a
 * compose with a newer one after it is final), so only it, while unconfirmed, is re-checked by the
 * next run, from its repomd.xml alone. A STARTED compose is not recorded (it may still finish);
 * DOOMED and TERMINATED ones are listed as unusable so they are not fetched again. A run with
 * nothing new costs the listing, plus the newest compose's repomd.xml (per arch) while it is not
 * final; the symlinks are read only by a run that records something new.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComposeId } from '../compose/catalog.js';
import { openCompose, type ComposeHandle } from '../compose/compose-handle.js';
import { compareComposeIds, parseComposeId } from '../compose/compose-id.js';
import { createFileFetcher } from '../io/file-fetcher.js';
import type { Fetcher } from '../io/fetcher.js';
import { isComposeMatchError } from '../errors.js';
import { encodeRecord, sha256Hex } from './codec.js';
import { findGaRepo } from './ga.js';
import { listDirectory } from './listing.js';
import { setOf, sizeOf, toTuple, tuplesOf, type PackageSet } from './packages.js';
import { indexFromManifest } from './read-index.js';
import { readPrimaryPackages } from '../compose/repo-packages.js';
import { readRepoState } from './read-repo.js';
import {
  type GaRecord,
  type IndexManifest,
  type ManifestCompose,
  type ManifestStream,
  type RepoState,
} from './schema.js';
import { writeComposeRecord } from './write-record.js';
import { tagTargets } from './published.js';
import { rewriteIndex } from './rewrite-index.js';
import { writeRecordFile, type StepHook } from './store.js';

/** Options of {@link updateIndex}. */
export interface UpdateIndexOptions {
  /** The index directory (created when missing). */
  dir: string;
  /** The compose root URL, ending in `/`. */
  composeRoot: string;
  /** A release tree root (`…/releases/`) to read GA sets from, instead of kojipkgs' GA composes. */
  releaseRoot?: string | undefined;
  /** Only these release versions (`32`, `10.0`); all when empty. */
  releases?: readonly string[] | undefined;
  /** Arches to record (default x86_64, aarch64, ppc64le, s390x). */
  arches?: readonly string[] | undefined;
  /** Also record updates-testing. */
  testing?: boolean | undefined;
  /** How long to wait for another run's lock (default 120 s). */
  waitMs?: number | undefined;
  /** Called between write steps (tests kill the process there). */
  onStep?: StepHook | undefined;
  signal?: AbortSignal | undefined;
}

/** What a run did. */
export interface UpdateIndexResult {
  /** `compose/arch` newly recorded as usable. */
  recorded: string[];
  /** Newly recorded as unusable (with why). */
  rejected: string[];
  /** Unconfirmed before, confirmed now. */
  confirmed: string[];
  /** Records rewritten because repomd.xml changed since they were made. */
  corrected: string[];
  /** True when nothing changed and the manifest was not rewritten. */
  unchanged: boolean;
}

/** The default arches: Fedora's four. */
export const defaultIndexArches = ['x86_64', 'aarch64', 'ppc64le', 's390x'] as const;

interface Observed {
  status: ManifestCompose['status'];
  usable: boolean;
  reason: string | null;
  repo: RepoState | null;
  /** Packages, when read. */
  set: PackageSet | null;
}

/** A compose this run reads: new for some arches, or the newest unconfirmed one re-checked. */
interface Work {
  id: ComposeId;
  url: string;
  arches: string[];
  /** The recorded STATUS when every arch is a re-check (not read again); null to read it. */
  status: ManifestCompose['status'] | null;
}

/** Whether `compose` is the newest usable compose recorded in `stream` (the only one not final). */
function isNewestUsable(stream: ManifestStream, compose: ManifestCompose): boolean {
  const usable = stream.composes.filter((c) => c.usable);
  return usable.at(-1)?.id === compose.id;
}

/** Updates the index in `options.dir` from the compose root, through `fetcher`. */
export async function updateIndex(fetcher: Fetcher, options: UpdateIndexOptions): Promise<UpdateIndexResult> {
  const { dir } = options;
  const root = options.composeRoot.endsWith('/') ? options.composeRoot : `${options.composeRoot}/`;
  const arches = options.arches?.length ? [...options.arches] : [...defaultIndexArches];
  const series: ComposeId['series'][] =
    options.testing === true ? ['updates', 'updates-testing'] : ['updates'];
  const result: UpdateIndexResult = {
    recorded: [],
    rejected: [],
    confirmed: [],
    corrected: [],
    unchanged: true,
  };
  const written = await rewriteIndex(
    dir,
    { waitMs: options.waitMs, composeRoot: root, onStep: options.onStep },
    async (manifest, old) => {
      manifest.composeRoot = root;

      const listing = await listDirectory(fetcher, root, options.signal);
      const composes: { id: ComposeId; url: string }[] = [];
      const tags: { name: string; url: string }[] = [];
      for (const e of listing) {
        if (!e.isDirectory) continue;
        const id = parseComposeId(e.name);
        if (id === null) tags.push({ name: e.name, url: e.url });
        else if (
          series.includes(id.series) &&
          (!options.releases?.length || options.releases.includes(id.version))
        )
          composes.push({ id, url: e.url });
      }
      composes.sort((a, b) => compareComposeIds(a.id, b.id));

      // What each stream lacks, and the one compose per stream that may still change: a compose with
      // a newer usable compose after it is final (Bodhi rewrites only the newest compose's
      // repomd.xml, FACTS §5), so only the newest unconfirmed one gets another look, and that look
      // is its repomd.xml alone (its STATUS is recorded).
      const streamOf = (id: ComposeId, arch: string) => `${id.short}-${id.version}/${id.series}/${arch}`;
      const work = new Map<string, Work>();
      let anyNew = false;
      for (const c of composes) {
        for (const arch of arches) {
          const stream = manifest.streams.find((s) => s.key === streamOf(c.id, arch));
          const known = stream?.composes.find((x) => x.id === c.id.id);
          const recheck =
            known !== undefined && known.usable && !known.confirmed && isNewestUsable(stream!, known);
          if (known !== undefined && !recheck) continue;
          const w = work.get(c.id.id) ?? { ...c, arches: [], status: null };
          w.arches.push(arch);
          // One arch new is enough to read STATUS again for all of them.
          if (recheck && w.arches.length === 1) w.status = known.status;
          else if (!recheck) w.status = null;
          if (!recheck) anyNew = true;
          work.set(c.id.id, w);
        }
      }
      // Nothing to read: the index stays as it is.
      if (work.size === 0) return false;

      // The koji-tag symlinks cost a request each: read only when something new is recorded, so a
      // run with nothing new costs the listing and the newest compose's repomd.xml.
      const targets = anyNew ? await tagTargets(fetcher, tags, options.signal) : new Map<string, ComposeId>();
      const confirmedBy = (id: ComposeId): boolean => {
        const target = targets.get(`${id.short}-${id.version}/${id.series}`);
        return target !== undefined && compareComposeIds(id, target) <= 0;
      };

      // Observe new and unconfirmed composes.
      const observed = new Map<string, Observed>();
      for (const w of work.values()) {
        const handle = openCompose(fetcher, w.url, { signal: options.signal });
        let status: ManifestCompose['status'];
        try {
          status = w.status ?? (await handle.status());
        } catch (error) {
          if (!isComposeMatchError(error) || error.category !== 'input') throw error;
          continue; // unreadable now: tried again next run, never recorded as usable
        }
        if (status === 'STARTED') continue;
        for (const arch of w.arches) {
          const key = `${w.id.id}\0${streamOf(w.id, arch)}`;
          if (status !== 'FINISHED' && status !== 'FINISHED_INCOMPLETE') {
            observed.set(key, {
              status,
              usable: false,
              reason: `STATUS is ${status}`,
              repo: null,
              set: null,
            });
            continue;
          }
          observed.set(
            key,
            await observeRepo(
              fetcher,
              handle,
              arch,
              status,
              manifest,
              streamOf(w.id, arch),
              w.id.id,
              options.signal,
            ),
          );
        }
      }

      // What this run observed, per stream and compose ID.
      const pendingSets = new Map<ManifestStream, Map<string, Observed>>();
      // Merge into the streams, rewriting each chain from its first changed record on.
      for (const [key, obs] of observed) {
        const [composeId, streamKey] = key.split('\0') as [string, string];
        const id = parseComposeId(composeId)!;
        let stream = manifest.streams.find((s) => s.key === streamKey);
        if (stream === undefined) {
          stream = {
            key: streamKey,
            release: `${id.short}-${id.version}`,
            series: id.series,
            arch: streamKey.split('/')[2]!,
            composes: [],
          };
          manifest.streams.push(stream);
          manifest.streams.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        }
        const existing = stream.composes.find((c) => c.id === composeId);
        const label = `${composeId}/${stream.arch}`;
        const confirmed = !obs.usable || confirmedBy(id);
        if (existing !== undefined) {
          if (obs.repo !== null && existing.repomdSha256 === obs.repo.repomdSha256) {
            if (confirmed && !existing.confirmed) {
              existing.confirmed = true;
              result.confirmed.push(label);
            }
            continue;
          }
          result.corrected.push(label);
        } else
          (obs.usable ? result.recorded : result.rejected).push(
            obs.usable ? label : `${label}: ${obs.reason}`,
          );
        const entry: ManifestCompose = {
          id: composeId,
          date: id.date,
          respin: id.respin,
          status: obs.status,
          usable: obs.usable,
          reason: obs.reason,
          confirmed,
          revision: obs.repo?.revision ?? null,
          timestamp: obs.repo?.timestamp ?? null,
          repomdSha256: obs.repo?.repomdSha256 ?? null,
          packageCount: obs.set === null ? 0 : sizeOf(obs.set),
          file: null,
        };
        stream.composes = stream.composes.filter((c) => c.id !== composeId);
        stream.composes.push(entry);
        stream.composes.sort((a, b) => compareComposeIds(parseComposeId(a.id)!, parseComposeId(b.id)!));
        (pendingSets.get(stream) ?? pendingSets.set(stream, new Map()).get(stream)!).set(composeId, obs);
      }
      // Confirm unconfirmed composes that were not re-read (gone from the listing, or not asked for).
      for (const s of manifest.streams) {
        for (const c of s.composes) {
          if (
            c.usable &&
            !c.confirmed &&
            confirmedBy(parseComposeId(c.id)!) &&
            !pendingSets.get(s)?.has(c.id)
          ) {
            c.confirmed = true;
            result.confirmed.push(`${c.id}/${s.arch}`);
          }
        }
      }

      const oldIndex =
        old === null ? null : indexFromManifest(createFileFetcher(), pathToFileURL(join(dir, '/')).href, old);
      for (const [stream, fresh] of pendingSets) {
        await rewriteChain(dir, stream, fresh, oldIndex, old, options.onStep);
      }

      // GA sets, once per release/arch.
      for (const s of manifest.streams) {
        if (manifest.ga.some((g) => g.release === s.release && g.arch === s.arch)) continue;
        if (!s.composes.some((c) => c.usable)) continue;
        const id = parseComposeId(s.composes[0]!.id)!;
        manifest.ga.push(await recordGa(fetcher, dir, root, options, id, s.release, s.arch));
        manifest.ga.sort((a, b) => (`${a.release}/${a.arch}` < `${b.release}/${b.arch}` ? -1 : 1));
      }
      return true;
    },
  );
  result.unchanged = written.unchanged;
  return result;
}

async function observeRepo(
  fetcher: Fetcher,
  handle: ComposeHandle,
  arch: string,
  status: ManifestCompose['status'],
  manifest: IndexManifest,
  streamKey: string,
  composeId: string,
  signal: AbortSignal | undefined,
): Promise<Observed> {
  const state = await readRepoState(fetcher, handle.repoUrl(arch), signal);
  if (state === null) return { status, usable: false, reason: `no ${arch} repo`, repo: null, set: null };
  const known = manifest.streams.find((s) => s.key === streamKey)?.composes.find((c) => c.id === composeId);
  // Same repomd.xml as recorded: nothing to read.
  if (known?.repomdSha256 === state.state.repomdSha256)
    return { status, usable: true, reason: null, repo: state.state, set: null };
  const packages = await readPrimaryPackages(fetcher, state.primaryUrl, state.expected, signal);
  return { status, usable: true, reason: null, repo: state.state, set: setOf(packages.map(toTuple)) };
}

/** Rewrites the records of `stream` from the first compose observed this run to the end of the chain. */
async function rewriteChain(
  dir: string,
  stream: ManifestStream,
  fresh: Map<string, Observed>,
  oldIndex: ReturnType<typeof indexFromManifest> | null,
  old: IndexManifest | null,
  onStep: StepHook | undefined,
): Promise<void> {
  const usable = stream.composes.filter((c) => c.usable);
  const first = usable.findIndex((c) => fresh.has(c.id));
  if (first < 0) return;
  const oldStream = old?.streams.find((s) => s.key === stream.key);
  const oldSet = async (id: string): Promise<PackageSet> => {
    if (oldIndex === null || oldStream?.composes.some((c) => c.id === id && c.file !== null) !== true)
      throw new Error(`internal: no recorded set of ${id} in ${stream.key}`);
    return oldIndex.packageSet(stream.key, id);
  };
  let previous: { id: string; set: PackageSet } | null =
    first === 0 ? null : { id: usable[first - 1]!.id, set: await oldSet(usable[first - 1]!.id) };
  for (const c of usable.slice(first)) {
    const obs = fresh.get(c.id);
    // A re-checked compose whose primary did not change keeps its old set.
    const set = obs?.set ?? (await oldSet(c.id));
    const repo: RepoState =
      obs?.repo ?? (await oldIndex!.record(oldStream!.composes.find((x) => x.id === c.id)!.file!)).repo;
    const written = await writeComposeRecord(
      dir,
      { stream: stream.key, compose: c.id, status: c.status, repo, previous, set },
      onStep,
    );
    c.file = written.file;
    c.packageCount = written.packageCount;
    await onStep?.(`recorded ${c.id}`);
    previous = { id: c.id, set };
  }
}

async function recordGa(
  fetcher: Fetcher,
  dir: string,
  root: string,
  options: UpdateIndexOptions,
  id: ComposeId,
  release: string,
  arch: string,
): Promise<IndexManifest['ga'][number]> {
  const found = await findGaRepo(fetcher, root, options.releaseRoot, id.short, id.version, arch);
  const state = found === null ? null : await readRepoState(fetcher, found.repoUrl, options.signal);
  if (found === null || state === null) return { release, arch, source: null, packageCount: 0, file: null };
  const packages = await readPrimaryPackages(fetcher, state.primaryUrl, state.expected, options.signal);
  const record: GaRecord = {
    kind: 'compose-match-index-ga',
    version: 1,
    release,
    arch,
    source: found.source,
    repo: state.state,
    packages: tuplesOf(setOf(packages.map(toTuple))),
  };
  const bytes = encodeRecord(record);
  const file = await writeRecordFile(
    dir,
    `records/${release}/ga/${arch}.${sha256Hex(bytes).slice(0, 16)}.json.br`,
    bytes,
    options.onStep,
  );
  return { release, arch, source: found.source, packageCount: record.packages.length, file };
}
