/**
 * The strategy chain for one updates series the base was built from: timestamp, version,
 * packages, then nearest / none. Requests go through the {@link Prober}; repomd.xml (a few KB) is
 * always fetched before a compose's package list, and the chain stops at the first exact match.
 */
import type { ComposeEntry, ComposeStatus } from '../compose/catalog.js';
import type { Nevra } from '../rpm/types.js';
import { type VersionHint } from './base-hints.js';
import { byDate, daysFrom, nearestFirst } from './compose-order.js';
import type { GaTree } from './ga-tree.js';
import {
  agrees,
  comparePackages,
  comparisonCounts,
  comparisonTally,
  indexPackages,
  type PackageComparison,
} from './package-compare.js';
import type { Prober } from './prober.js';
import type { Candidate, ComposeRef, Evidence, Match, Series } from '../report/match-report.js';
import { searchTimestamp } from './timestamp-search.js';

/** One updates series to find a compose for. */
export interface Target {
  /** The base repo it stands for, or the series name. */
  repoId: string;
  series: Series;
  /** When the base recorded no updates repo: the version strategy may look in the other series too. */
  seriesIsGuess: boolean;
  /** Recorded repo timestamps to try, in order. */
  timestamps: { repoId: string; timestamp: number }[];
}

/** Everything a target's search shares with the others. */
export interface TargetContext {
  prober: Prober;
  /** Usable-looking compose entries of the release (all series), as listed. */
  entries: readonly ComposeEntry[];
  release: string;
  arch: string;
  version: VersionHint | null;
  packages: readonly Nevra[];
  /** The GA tree that explains base packages no compose carries. */
  ga: GaTree;
  /** The base was built from the FCOS pool: no compose is exact for it; only the nearest is named. */
  poolBuilt: boolean;
  /** Day to probe from (days since the epoch), or `null`. */
  day: number | null;
  maxPackageCandidates: number;
  notes: string[];
  /** Set when a recorded repo timestamp matched a compose. */
  onTimestampMatch(repoId: string, composeId: string): void;
}

interface Compared extends PackageComparison {
  entry: ComposeEntry;
  status: ComposeStatus;
  repoTimestamp: number | null;
}

/** Runs the chain for one target. */
export async function matchTarget(target: Target, ctx: TargetContext): Promise<Match> {
  const { prober } = ctx;
  const inSeries = (series: Series): ComposeEntry[] =>
    ctx.entries.filter((e) => e.id.series === series).sort(byDate);
  let series = target.series;
  const sorted = inSeries(series);

  const base = indexPackages(ctx.packages);
  const compared = new Map<string, Compared>();
  const compare = async (entry: ComposeEntry): Promise<Compared | null> => {
    const done = compared.get(entry.id.id);
    if (done !== undefined) return done;
    const status = await prober.usableStatus(entry);
    if (status === null) return null;
    const repoTimestamp = await prober.repoTimestamp(entry);
    if (repoTimestamp === null) return null;
    const packages = await prober.packages(entry);
    if (packages === null) return null;
    const result = { entry, status, repoTimestamp, ...comparePackages(base, packages, await ctx.ga.index()) };
    compared.set(entry.id.id, result);
    return result;
  };

  // 1. timestamp: names the metadata the compose saw; the packages, when listed, must agree too
  // (a lockfile build records the compose's timestamp but installs what the lockfile pins).
  for (const recorded of target.timestamps) {
    const index = await searchTimestamp(sorted, recorded.timestamp, prober);
    if (index === null) continue;
    const entry = sorted[index]!;
    const status = await prober.usableStatus(entry);
    if (status === null) continue;
    ctx.onTimestampMatch(recorded.repoId, entry.id.id);
    const c = ctx.packages.length === 0 ? null : await compare(entry);
    if (c !== null && (c.newer > 0 || c.older > 0 || c.absent > 0 || ctx.poolBuilt)) {
      ctx.notes.push(
        `${timestampDisagreement(recorded.repoId, entry.id.id)} (${comparisonTally(c)}): the compose is the metadata the base saw, not what it installed.`,
      );
      return nearestMatch(target, series, c, ranked(compared, ctx.day), ctx);
    }
    if (c !== null && c.unchecked > 0)
      ctx.notes.push(
        `The timestamp match with ${entry.id.id} is not checked against the whole base: ${c.unchecked} base packages it does not carry could not be looked up in GA.`,
      );
    return {
      repoId: recorded.repoId,
      series,
      result: 'timestamp',
      compose: ref(entry, status, recorded.timestamp),
      evidence: evidence(
        `Repo '${recorded.repoId}' recorded timestamp ${recorded.timestamp} (${iso(recorded.timestamp)}); ` +
          `the repomd.xml of ${entry.id.id} for ${ctx.arch} has exactly that largest timestamp.`,
        {
          timestamp: { repoId: recorded.repoId, base: recorded.timestamp, compose: recorded.timestamp },
          packages: c === null ? null : comparisonCounts(c),
        },
      ),
      drift: [],
      unexplained: c?.unexplained ?? [],
      coverage: null,
    };
  }

  // 2. version: `<release>.<YYYYMMDD>.<respin>` names a compose; its packages confirm it.
  const v = ctx.version;
  if (v !== null && v.respin !== null && v.release === ctx.release && !ctx.poolBuilt) {
    const order: Series[] = target.seriesIsGuess ? [series, other(series)] : [series];
    for (const s of order) {
      const id = `Fedora-${v.release}-${s}-${v.date}.${v.respin}`;
      const entry = ctx.entries.find((e) => e.id.id === id);
      if (entry === undefined) continue;
      series = s;
      if (ctx.packages.length === 0) {
        const status = await prober.usableStatus(entry);
        if (status === null) break;
        const repoTimestamp = await prober.repoTimestamp(entry);
        if (repoTimestamp === null) break;
        ctx.notes.push(
          `The version match with ${id} is not confirmed by packages: the base lists none (read a commit or a package list to confirm).`,
        );
        return versionMatch(target, s, entry, status, repoTimestamp, v, false, null);
      }
      const c = await compare(entry);
      if (c !== null && agrees(c))
        return versionMatch(target, s, entry, c.status, c.repoTimestamp, v, true, c);
      if (c !== null)
        ctx.notes.push(
          `Commit version ${v.version} names ${id}, but it and GA do not hold the whole base (${comparisonTally(c)}); trying the packages strategy.`,
        );
      break;
    }
  }

  // 3. packages: nearest to the hinted day first, stop at the first compose that agrees.
  if (ctx.packages.length === 0) {
    ctx.notes.push(
      `The base lists no packages, so no compose of ${series} could be compared package by package.`,
    );
  } else {
    const candidates = nearestFirst(inSeries(series), ctx.day);
    const tried = candidates.slice(0, ctx.maxPackageCandidates);
    if (tried.length < candidates.length)
      ctx.notes.push(
        `Only the ${tried.length} composes of ${series} nearest the base's date were compared by packages (of ${candidates.length}).`,
      );
    for (const entry of tried) {
      const c = await compare(entry);
      // A pool-built base is compared with every candidate, for the nearest; none is exact.
      if (c === null || !agrees(c) || ctx.poolBuilt) continue;
      const rest = c.fromGa === 0 ? '' : `; GA holds the other ${c.fromGa} at exactly the base's EVR`;
      return {
        repoId: target.repoId,
        series,
        result: 'packages',
        compose: ref(entry, c.status, c.repoTimestamp),
        evidence: evidence(
          `${entry.id.id} carries ${c.shared} of the base's packages, every one at exactly the base's EVR${rest}${unexplainedClause(c)}.`,
          { packages: comparisonCounts(c), candidates: ranked(compared, ctx.day) },
        ),
        drift: [],
        unexplained: c.unexplained,
        coverage: null,
      };
    }
  }

  // 4. nearest / none
  const ranking = ranked(compared, ctx.day);
  const best = ranking[0] === undefined ? undefined : compared.get(ranking[0].id);
  if (best === undefined) {
    return {
      repoId: target.repoId,
      series,
      result: 'none',
      compose: null,
      evidence: evidence(
        ctx.packages.length === 0
          ? `No retained compose of Fedora ${ctx.release} ${series} carries the base's recorded timestamp or version, and the base lists no packages to compare (read the commit or a package list for that).`
          : `No usable compose of Fedora ${ctx.release} ${series} for ${ctx.arch} could be compared with the base.`,
        { candidates: [] },
      ),
      drift: [],
      unexplained: [],
      coverage: null,
    };
  }
  return nearestMatch(target, series, best, ranking, ctx);
}

/**
 * How the note saying a timestamp-named compose disagrees with the base begins; the union check
 * drops it when the other recorded snapshots explain the disagreement.
 */
export function timestampDisagreement(repoId: string, composeId: string): string {
  return `Repo '${repoId}' recorded the timestamp of ${composeId}, but the base's packages disagree with it`;
}

function nearestMatch(
  target: Target,
  series: Series,
  best: Compared,
  ranking: Candidate[],
  ctx: TargetContext,
): Match {
  const why = ctx.poolBuilt
    ? 'The base was built from the Fedora CoreOS pool, so no compose is exact for it'
    : best.unchecked > 0 && best.newer + best.older + best.absent === 0
      ? `No retained compose of ${series} can be confirmed against the whole base (GA could not be used)`
      : `No retained compose of ${series} agrees with the whole base`;
  return {
    repoId: target.repoId,
    series,
    result: 'nearest',
    compose: ref(best.entry, best.status, best.repoTimestamp),
    evidence: evidence(
      `${why}; the nearest is ${best.entry.id.id}: ${comparisonTally(best)}${unexplainedClause(best)}.`,
      {
        packages: comparisonCounts(best),
        candidates: ranking,
      },
    ),
    drift: best.drift.map((d) => ({ ...d, composeId: d.composeEvr === null ? null : best.entry.id.id })),
    unexplained: best.unexplained,
    coverage: null,
  };
}

function unexplainedClause(c: PackageComparison): string {
  const n = c.unexplained.length;
  return n === 0 ? '' : `; ${n} base package${n === 1 ? '' : 's'} no Fedora repo knows (unexplained)`;
}

function versionMatch(
  target: Target,
  series: Series,
  entry: ComposeEntry,
  status: ComposeStatus,
  repoTimestamp: number | null,
  v: VersionHint,
  confirmed: boolean,
  c: Compared | null,
): Match {
  const how = confirmed
    ? `it holds ${c?.shared ?? 0} of the base's packages at exactly the base's EVR and GA the other ${c?.fromGa ?? 0}`
    : 'not confirmed: the base lists no packages';
  return {
    repoId: target.repoId,
    series,
    result: 'version',
    compose: ref(entry, status, repoTimestamp),
    evidence: evidence(`Commit version ${v.version} names ${entry.id.id}; ${how}.`, {
      version: { version: v.version, composeId: entry.id.id, confirmed },
      packages: c === null ? null : comparisonCounts(c),
    }),
    drift: [],
    unexplained: c?.unexplained ?? [],
    coverage: null,
  };
}

/**
 * Fewest newer and absent first (both are builds a layering cannot have next to the base), then
 * fewest older, then fewest unchecked, then nearest the day, then the later, then by ID.
 */
function ranked(compared: ReadonlyMap<string, Compared>, day: number | null): Candidate[] {
  return [...compared.values()]
    .sort(
      (a, b) =>
        a.newer + a.absent - (b.newer + b.absent) ||
        a.older - b.older ||
        a.unchecked - b.unchecked ||
        daysFrom(a.entry, day) - daysFrom(b.entry, day) ||
        byDate(b.entry, a.entry),
    )
    .map((c) => ({ id: c.entry.id.id, date: c.entry.id.date, ...comparisonCounts(c) }));
}

function evidence(summary: string, parts: Partial<Omit<Evidence, 'summary'>>): Evidence {
  return {
    summary,
    timestamp: parts.timestamp ?? null,
    version: parts.version ?? null,
    packages: parts.packages ?? null,
    candidates: parts.candidates ?? [],
  };
}

function ref(entry: ComposeEntry, status: ComposeStatus, repoTimestamp: number | null): ComposeRef {
  return {
    id: entry.id.id,
    // A pruned compose has no URL any more; the durable .repo names the sources that replace it.
    baseurl:
      entry.retained === false
        ? null
        : `${entry.url.endsWith('/') ? entry.url : `${entry.url}/`}compose/Everything/$basearch/os/`,
    status,
    repoTimestamp,
    date: entry.id.date,
    retained: entry.retained ?? true,
  };
}

function other(series: Series): Series {
  return series === 'updates' ? 'updates-testing' : 'updates';
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
