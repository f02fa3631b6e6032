/**
 * {@link decideByUnion}: the whole-base rule for a base built from several snapshots at once (issue
 * 22 part 1). A base that recorded both `updates` and `updates-testing` (a testing stream, a
 * Silverblue with testing enabled) had both repos enabled when it was composed, so dnf took, for each
 * package, the best build either offered, and GA's where neither carried it. Checked one series at a
 * time, each snapshot finds base packages only the other explains, and both come out `nearest`.
 *
 * So when every recorded series has its compose identified (by its timestamp or the version), the
 * union decides: for each base (name, arch) the best EVR any of the snapshots offers must be the
 * base's (a newer build in either is `newer` drift), and what none carries must be GA's. The
 * strategies still pick each series' compose; only the verdict and the drift are the union's, and
 * each drifted package names the compose whose build dnf would take.
 *
 * A series whose recorded snapshot is not retained (Bodhi pruned it) is represented by the compose
 * its packages strategy chose (`packages` or `nearest`): the `.repo` enables that one beside the
 * others, so the drift that matters is the union's with it, not each series' own (judged alone, the
 * testing series finds every stable build "absent" and the stable series every testing one).
 */
import type { ComposeEntry } from '../compose/catalog.js';
import type { Nevra } from '../rpm/types.js';
import type { Drift, Match } from '../report/match-report.js';
import { compareEvr } from './evr.js';
import type { GaTree } from './ga-tree.js';
import {
  agrees,
  comparePackages,
  comparisonCounts,
  comparisonTally,
  indexPackages,
} from './package-compare.js';
import { timestampDisagreement } from './match-target.js';
import type { Prober } from './prober.js';

/** What the union check needs from the matcher. */
export interface UnionContext {
  prober: Prober;
  entries: readonly ComposeEntry[];
  packages: readonly Nevra[];
  ga: GaTree;
  notes: string[];
}

/**
 * A series' match and its compose: the one its timestamp or version named (whatever the verdict),
 * or, when neither named a retained compose, the one its packages strategy chose (`standIn`).
 */
export interface IdentifiedMatch {
  match: Match;
  composeId: string;
  by: 'timestamp' | 'version' | 'standIn';
}

/**
 * Returns the matches as the union decides them, or `null` when the union does not apply (fewer than
 * two series, no package list, or a compose whose packages cannot be read). A stand-in's series is
 * `packages` when the union is exact, and the union's note says its recorded snapshot is gone.
 */
export async function decideByUnion(
  identified: readonly IdentifiedMatch[],
  ctx: UnionContext,
): Promise<Match[] | null> {
  if (identified.length < 2 || ctx.packages.length === 0) return null;
  const sets: { id: string; packages: readonly Nevra[] }[] = [];
  for (const m of identified) {
    const entry = ctx.entries.find((e) => e.id.id === m.composeId);
    const packages = entry === undefined ? null : await ctx.prober.packages(entry);
    if (packages === null) return null;
    sets.push({ id: m.composeId, packages });
  }
  const { packages: union, from } = bestOfEach(sets);
  const c = comparePackages(indexPackages(ctx.packages), union, await ctx.ga.index());
  const ids = sets.map((s) => s.id);
  const drift: Drift[] = c.drift.map((d) => ({ ...d, composeId: from.get(`${d.name}\0${d.arch}`) ?? null }));
  const exact = agrees(c);
  // Judged alone, each timestamp-named snapshot disagreed with the base; the union supersedes that.
  for (const { match, composeId, by } of identified) {
    if (by !== 'timestamp') continue;
    const alone = timestampDisagreement(match.repoId, composeId);
    const at = ctx.notes.findIndex((n) => n.startsWith(alone));
    if (at >= 0) ctx.notes.splice(at, 1);
  }
  const standIns = identified.filter((m) => m.by === 'standIn');
  const gone = standIns
    .map(
      (m) =>
        `; for '${m.match.repoId}', whose recorded snapshot is not among the retained composes, its nearest ${m.composeId} stands in`,
    )
    .join('');
  ctx.notes.push(
    exact
      ? `The base recorded ${ids.length} snapshots (${ids.join(', ')}${gone}): together with GA they hold the whole base at exactly its EVRs (dnf's choice, the best build any of them offers), so each is exact for it.`
      : `The base recorded ${ids.length} snapshots (${ids.join(', ')}${gone}); together with GA they do not hold the whole base (${comparisonTally(c)}), so none is exact. Each drifted package names the snapshot whose build dnf would take.`,
  );
  return identified.map(({ match, composeId, by }) => {
    const others = ids.filter((id) => id !== composeId).join(', ');
    const names =
      by === 'standIn'
        ? `No retained compose carries the snapshot '${match.repoId}' recorded; its nearest is ${composeId}`
        : `Its ${by} names ${composeId}`;
    if (exact)
      return {
        ...match,
        result: by === 'standIn' ? 'packages' : by,
        evidence: {
          ...match.evidence,
          // Not the series' own summary: judged alone it was only the nearest.
          summary: `${names}. With ${others} (the other snapshot the base recorded) and GA it holds the whole base: ${c.shared} packages from the snapshots, ${c.fromGa} from GA, each at exactly the base's EVR.`,
          packages: comparisonCounts(c),
        },
        drift: [],
        unexplained: c.unexplained,
      };
    return {
      ...match,
      result: 'nearest',
      evidence: {
        ...match.evidence,
        summary: `${names}, but with ${others} and GA it does not hold the whole base: ${comparisonTally(c)}.`,
        packages: comparisonCounts(c),
      },
      drift,
      unexplained: c.unexplained,
    };
  });
}

/** For each name and arch, the builds of the snapshot offering the best EVR (what dnf would pick). */
function bestOfEach(sets: readonly { id: string; packages: readonly Nevra[] }[]): {
  packages: Nevra[];
  from: Map<string, string>;
} {
  const best = new Map<string, { id: string; builds: Nevra[]; top: Nevra }>();
  for (const s of sets) {
    const mine = new Map<string, Nevra[]>();
    for (const p of s.packages) {
      const key = `${p.name}\0${p.arch}`;
      const list = mine.get(key);
      if (list === undefined) mine.set(key, [p]);
      else list.push(p);
    }
    for (const [key, builds] of mine) {
      const top = builds.reduce((a, b) => (compareEvr(a, b) >= 0 ? a : b));
      const held = best.get(key);
      if (held === undefined || compareEvr(top, held.top) > 0) best.set(key, { id: s.id, builds, top });
    }
  }
  const from = new Map<string, string>();
  const packages: Nevra[] = [];
  for (const [key, b] of best) {
    from.set(key, b.id);
    packages.push(...b.builds);
  }
  return { packages, from };
}
