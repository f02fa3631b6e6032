/**
 * The `koji` strategy, after the compose and index ones: a base no retained compose explains is
 * compared with what its series' Koji tag held at each change point before the base's instant
 * (its recorded repo timestamp, else its build time), nearest first, back to two days before.
 * The first state that, with GA, holds every base package at the base's EVR is the snapshot
 * (`koji`). A pool-built FCOS base is compared with every build the pool tag held at its instant
 * (`pool`): the lockfile picked among many versions, so all of them count, not only the latest.
 *
 * Past states never change, so every answer used is cached as immutable (see `src/koji/`).
 */
import type { ReconstructedState } from '../compose/catalog.js';
import type { KojiHubClient } from '../koji/hub-client.js';
import { defaultPoolTag } from '../koji/pool-tag.js';
import type { KojiBuild, KojiEvent, KojiRpm } from '../koji/queries.js';
import {
  applyChanges,
  readTagChanges,
  readTagStateBefore,
  stateRpms,
  type TagChange,
  type TagState,
} from '../koji/tag-state.js';
import type { Nevra } from '../rpm/types.js';
import type { GaIndex } from './package-compare.js';
import {
  agrees,
  comparePackages,
  comparisonCounts,
  comparisonTally,
  indexPackages,
  type PackageComparison,
} from './package-compare.js';
import type { Candidate, KojiBuildLocation, Match, Series } from '../report/match-report.js';

/** Options of the Koji strategy. */
export interface KojiStrategyOptions {
  hub: KojiHubClient;
  /** The FCOS pool tag (default `coreos-pool`). */
  poolTag?: string | undefined;
  /** How far before the instant change points are searched, seconds (default two days). */
  window?: number | undefined;
}

/** What one Koji search needs of the match. */
export interface KojiSearch {
  repoId: string;
  series: Series;
  release: string;
  arch: string;
  packages: readonly Nevra[];
  ga: GaIndex | null;
  /** Seconds since the epoch to search before. */
  instant: number;
  notes: string[];
}

const twoDays = 2 * 86_400;

/** The tag an updates series is gathered from (FACTS.md 13). */
export function seriesTag(release: string, series: Series): string {
  return `f${release}-${series}`;
}

/** The `koji` match for a series, or `null` when no state in the window explains the base. */
export async function matchFromTagHistory(
  search: KojiSearch,
  options: KojiStrategyOptions,
): Promise<Match | null> {
  const { hub } = options;
  const tag = seriesTag(search.release, search.series);
  const arches = archesOf(search.arch);
  const from = search.instant - (options.window ?? twoDays);
  const start = await readTagStateBefore(hub, tag, from, arches, true);
  const changes = await readTagChanges(hub, tag, from, search.instant);
  const states = [start, ...(await applyChanges(hub, start, changes, arches))].reverse();
  const base = indexPackages(search.packages);
  const compared: { state: TagState; c: PackageComparison }[] = [];
  for (const state of states) {
    const c = comparePackages(base, stateRpms(state), search.ga);
    compared.push({ state, c });
    if (!agrees(c)) continue;
    return kojiMatch(
      search,
      hub.hubUrl,
      'koji-history',
      'koji',
      liveState(search, state),
      c,
      nextChange(changes, state.event),
      compared.map((x) => ({ tag: x.state.tag, event: x.state.event, c: x.c })),
    );
  }
  const best = compared[0];
  search.notes.push(
    `Koji history of ${tag} from ${iso(from)} to ${iso(search.instant)}: ${compared.length} states compared, none holds the whole base with GA` +
      (best === undefined
        ? '.'
        : `; the latest (event ${best.state.event.id}) has ${comparisonTally(best.c)}.`),
  );
  return null;
}

/** The `pool` match of a pool-built base, or `null` when the pool tag's state does not explain it. */
export async function matchFromPool(search: KojiSearch, options: KojiStrategyOptions): Promise<Match | null> {
  const tag = options.poolTag ?? defaultPoolTag;
  const state = await readTagStateBefore(options.hub, tag, search.instant, archesOf(search.arch), false);
  const c = comparePackages(indexPackages(search.packages), stateRpms(state), search.ga);
  if (!agrees(c)) {
    search.notes.push(
      `The pool tag ${tag} at event ${state.event.id} (${iso(state.event.ts)}) does not hold the whole base with GA: ${comparisonTally(c)}.`,
    );
    return null;
  }
  return kojiMatch(search, options.hub.hubUrl, 'koji-history', 'pool', liveState(search, state), c, null, [
    { tag: state.tag, event: state.event, c },
  ]);
}

/** The state that answered, whatever it was read from. */
interface AnsweringState {
  tag: string;
  event: KojiEvent;
  /** Its binary packages for the arch and noarch. */
  rpms: readonly Nevra[];
  /** Build NVRs of the state that hold base packages, sorted. */
  builds: string[];
  /** Where Koji keeps each of `builds` (empty when not known: fetch then lists directories). */
  locations: KojiBuildLocation[];
}

function kojiMatch(
  search: KojiSearch,
  hubUrl: string,
  source: 'koji-history' | 'index-backfill',
  result: 'koji' | 'pool',
  state: AnsweringState,
  c: PackageComparison,
  next: KojiEvent | null,
  compared: readonly { tag: string; event: KojiEvent; c: PackageComparison }[],
): Match {
  const packages = state.rpms.map(nevraText).sort();
  const date = new Date(state.event.ts * 1000).toISOString().slice(0, 10).replace(/-/g, '');
  const what =
    result === 'pool'
      ? `every build the pool tag ${state.tag} held at event ${state.event.id} (${iso(state.event.ts)})`
      : `the latest builds of ${state.tag} at event ${state.event.id} (${iso(state.event.ts)}), the last change before ${iso(search.instant)}`;
  const from = source === 'index-backfill' ? ', as the index reconstructed them,' : '';
  const rest = c.fromGa === 0 ? '' : `; GA holds the other ${c.fromGa}`;
  return {
    repoId: search.repoId,
    series: search.series,
    result,
    compose: {
      id: `Koji-${state.tag}-event-${state.event.id}`,
      // No repo of a past tag state exists: the durable sources serve its builds.
      baseurl: null,
      status: 'FINISHED',
      repoTimestamp: null,
      date,
      retained: false,
    },
    evidence: {
      summary: `Koji history: ${what}${from} carry ${c.shared} of the base's packages, every one at exactly the base's EVR${rest}.`,
      timestamp: null,
      version: null,
      packages: comparisonCounts(c),
      candidates: compared.map((x) => candidate(x.tag, x.event, x.c)),
    },
    drift: [],
    unexplained: c.unexplained,
    coverage: null,
    koji: {
      source,
      hub: hubUrl,
      tag: state.tag,
      event: state.event,
      nextChange: next,
      instant: search.instant,
      statesCompared: compared.length,
      packages,
      builds: state.builds,
      locations: state.locations,
    },
  };
}

/**
 * Where Koji keeps a build, and the keys that signed all of its rpms (the state was read with
 * `rpmsigs`, one row per signature): a key every rpm has has a sigcache header for every file.
 */
function location(b: KojiBuild, rpms: readonly KojiRpm[]): KojiBuildLocation {
  const own = rpms.filter((r) => r.buildId === b.buildId).map((r) => r.sigkeys.map((k) => k.toLowerCase()));
  const common = own[0]?.filter((k) => own.every((keys) => keys.includes(k))) ?? [];
  const same = own.every((keys) => keys.length === common.length);
  return {
    nvr: b.nvr,
    packageName: b.packageName,
    version: b.version,
    release: b.release,
    sigkeys: same ? common : null,
  };
}

/** A live tag state as the state that answered. */
function liveState(search: KojiSearch, state: TagState): AnsweringState {
  const baseKeys = new Set(search.packages.map(nevraText));
  const held = [...state.packages.values()]
    .flatMap((h) =>
      h.builds
        .filter((b) => h.rpms.some((r) => r.buildId === b.buildId && baseKeys.has(nevraText(r))))
        .map((b) => location(b, h.rpms)),
    )
    .sort((a, b) => (a.nvr < b.nvr ? -1 : a.nvr > b.nvr ? 1 : 0));
  const builds = held.map((b) => b.nvr);
  return { tag: state.tag, event: state.event, rpms: stateRpms(state), builds, locations: held };
}

/**
 * The `koji` match from states an index reconstructed (`index backfill`), offline: the same search
 * as {@link matchFromTagHistory} over the recorded states, nearest first from the last one before
 * the instant back to the one the window opens in, all in the reconstructed window the instant lies
 * in. `null` when none explains the base, or the instant lies outside every reconstructed window.
 */
export async function matchFromReconstructed(
  search: KojiSearch,
  states: readonly ReconstructedState[],
  window = twoDays,
): Promise<Match | null> {
  const from = search.instant - window;
  const latest = lastStateBefore(search, states);
  if (latest === null) return null;
  const before = states.filter((s) => s.event.ts < search.instant && s.window.since === latest.window.since);
  const opening = before.findLastIndex((s) => s.event.ts < from);
  const candidates = before.slice(Math.max(opening, 0)).reverse();
  const base = indexPackages(search.packages);
  const compared: { tag: string; event: KojiEvent; c: PackageComparison }[] = [];
  for (const s of candidates) {
    const rpms = await s.packages();
    const c = comparePackages(base, rpms, search.ga);
    compared.push({ tag: s.tag, event: s.event, c });
    if (!agrees(c)) continue;
    const builds = buildsOf(search, rpms);
    const next = s.next !== null && s.next.ts < search.instant ? s.next : null;
    // A reconstructed record keeps no build ids or keys: `fetch` lists Koji's directories for these.
    const state = { tag: s.tag, event: s.event, rpms: rpms.map(nevraOf), builds, locations: [] };
    return kojiMatch(search, s.hub, 'index-backfill', 'koji', state, c, next, compared);
  }
  search.notes.push(
    `The index's reconstructed states of ${candidates[0]!.tag} from ${iso(from)} to ${iso(search.instant)}: ${compared.length} compared, none holds the whole base with GA; the latest (event ${compared[0]!.event.id}) has ${comparisonTally(compared[0]!.c)}.`,
  );
  return null;
}

/**
 * The `pool` match of a pool-built base from the pool tag's states an index reconstructed
 * (`index backfill --pool`), offline: as {@link matchFromPool}, every build the tag held, but at the
 * last reconstructed change before the instant (the state that then held, whatever event the hub
 * would name for the instant). `null` when it does not explain the base, or the instant lies outside
 * the reconstructed windows.
 */
export async function matchFromReconstructedPool(
  search: KojiSearch,
  states: readonly ReconstructedState[],
): Promise<Match | null> {
  const s = lastStateBefore(search, states);
  if (s === null) return null;
  const rpms = await s.packages();
  const c = comparePackages(indexPackages(search.packages), rpms, search.ga);
  if (!agrees(c)) {
    search.notes.push(
      `The pool tag ${s.tag} at event ${s.event.id} (${iso(s.event.ts)}), as the index reconstructed it, does not hold the whole base with GA: ${comparisonTally(c)}.`,
    );
    return null;
  }
  const state = {
    tag: s.tag,
    event: s.event,
    rpms: rpms.map(nevraOf),
    builds: buildsOf(search, rpms),
    locations: [],
  };
  return kojiMatch(search, s.hub, 'index-backfill', 'pool', state, c, null, [
    { tag: s.tag, event: s.event, c },
  ]);
}

/** Build NVRs of the state's rpms that are base packages, sorted (from their source RPMs). */
function buildsOf(search: KojiSearch, rpms: readonly (Nevra & { sourcerpm: string | null })[]): string[] {
  const baseKeys = new Set(search.packages.map(nevraText));
  return [
    ...new Set(
      rpms.flatMap((r) =>
        r.sourcerpm !== null && baseKeys.has(nevraText(r)) ? [r.sourcerpm.replace(/\.src\.rpm$/, '')] : [],
      ),
    ),
  ].sort();
}

function nevraOf(p: Nevra): Nevra {
  return { name: p.name, epoch: p.epoch, version: p.version, release: p.release, arch: p.arch };
}

function nextChange(changes: readonly TagChange[], event: KojiEvent): KojiEvent | null {
  return changes.find((c) => c.event.id > event.id)?.event ?? null;
}

/** The base's arch plus `noarch` (what a repo for the arch carries). */
function archesOf(arch: string): string[] {
  return arch === 'noarch' ? ['noarch'] : [arch, 'noarch'];
}

function nevraText(p: Nevra): string {
  return `${p.name}-${p.epoch === null || p.epoch === 0 ? '' : `${p.epoch}:`}${p.version}-${p.release}.${p.arch}`;
}

function candidate(tag: string, event: KojiEvent, c: PackageComparison): Candidate {
  return {
    id: `Koji-${tag}-event-${event.id}`,
    date: new Date(event.ts * 1000).toISOString().slice(0, 10).replace(/-/g, ''),
    ...comparisonCounts(c),
  };
}

function iso(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The last reconstructed state before the base's instant, when the instant lies in that state's
 * window. Past the window's end (in a gap between windows, or after the last) the tag may have
 * changed unseen, so the state before is not known to hold there: `null`, with a note saying so.
 */
function lastStateBefore(
  search: KojiSearch,
  states: readonly ReconstructedState[],
): ReconstructedState | null {
  const latest = states.filter((s) => s.event.ts < search.instant).at(-1);
  if (latest === undefined) return null;
  if (search.instant > latest.window.until) {
    search.notes.push(
      `The index's reconstructed states of ${latest.tag} end at ${iso(latest.window.until)}, before the base's instant ${iso(search.instant)}: they do not answer for it.`,
    );
    return null;
  }
  return latest;
}
