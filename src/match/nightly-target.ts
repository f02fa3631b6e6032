/**
 * The search in a productmd nightly family (`compose/iot/`): each compose holds its whole package
 * set (pungi gathered it from its Koji tag at one event), so the whole-base rule runs with no GA
 * tree: a compose agrees with a base when it carries every base package at exactly the base's EVR
 * (names it does not know at all stay `unexplained`, as elsewhere). Composes are compared nearest
 * the base's date first, and the first that agrees is the answer; else the nearest and its drift.
 */
import type { ComposeEntry, ComposeStatus } from '../compose/catalog.js';
import type { VariantRepo } from '../compose/variant-repo.js';
import type { Nevra } from '../rpm/types.js';
import { byDate, daysFrom, nearestFirst } from './compose-order.js';
import {
  agrees,
  comparePackages,
  comparisonCounts,
  indexPackages,
  type GaIndex,
  type PackageComparison,
} from './package-compare.js';
import type { Prober } from './prober.js';
import type { Candidate, ComposeRef, Match, ProductmdAnswer } from '../report/match-report.js';

/** What the nightly search needs. */
export interface NightlyContext {
  prober: Prober;
  /** The family's composes of the release, as listed. */
  entries: readonly ComposeEntry[];
  release: string;
  arch: string;
  packages: readonly Nevra[];
  /** Day to probe from (days since the epoch), or `null` (newest first). */
  day: number | null;
  maxPackageCandidates: number;
  notes: string[];
}

interface Compared extends PackageComparison {
  entry: ComposeEntry;
  status: ComposeStatus;
  repo: VariantRepo;
}

/** A complete compose explains everything it does not carry by nothing: no GA stands beside it. */
const noGa: GaIndex = { byKey: new Map(), names: new Set() };

/** The match of a base against a nightly family. */
export async function matchNightly(ctx: NightlyContext): Promise<Match> {
  const { prober } = ctx;
  const base = indexPackages(ctx.packages);
  const compared: Compared[] = [];
  if (ctx.packages.length === 0)
    ctx.notes.push(
      'The base lists no packages: a nightly compose is recognised by its packages only (read a commit, an image or a package list).',
    );
  const candidates = nearestFirst(ctx.entries, ctx.day);
  const tried = ctx.packages.length === 0 ? [] : candidates.slice(0, ctx.maxPackageCandidates);
  if (tried.length < candidates.length && ctx.packages.length > 0)
    ctx.notes.push(
      `Only the ${tried.length} nightly composes nearest the base's date were compared (of ${candidates.length}).`,
    );
  for (const entry of tried) {
    const status = await prober.usableStatus(entry);
    if (status === null) continue;
    const repo = await prober.variantRepo(entry);
    if (repo === null) continue;
    const c: Compared = { entry, status, repo, ...comparePackages(base, repo.packages, noGa) };
    compared.push(c);
    if (!agrees(c)) continue;
    const unexplained = c.unexplained.length;
    return {
      repoId: repo.variant,
      series: 'nightly',
      result: 'packages',
      compose: ref(c),
      evidence: {
        summary:
          `${entry.id.id} (variant ${repo.variant}, a complete compose, so no GA tree is needed) carries ${c.shared} of the base's packages, every one at exactly the base's EVR` +
          (unexplained === 0
            ? '.'
            : `; ${unexplained} base package${unexplained === 1 ? '' : 's'} no compose of the family knows (unexplained).`),
        timestamp: null,
        version: null,
        packages: comparisonCounts(c),
        candidates: ranked(compared, ctx.day),
      },
      drift: [],
      unexplained: c.unexplained,
      coverage: null,
      productmd: answer(c),
    };
  }
  const ranking = ranked(compared, ctx.day);
  const best = compared.find((c) => c.entry.id.id === ranking[0]?.id);
  if (best === undefined)
    return {
      repoId: 'nightly',
      series: 'nightly',
      result: 'none',
      compose: null,
      evidence: {
        summary:
          ctx.packages.length === 0
            ? `The base lists no packages, so no nightly compose of ${ctx.release} could be compared with it.`
            : `No usable nightly compose of ${ctx.release} for ${ctx.arch} could be compared with the base.`,
        timestamp: null,
        version: null,
        packages: null,
        candidates: [],
      },
      drift: [],
      unexplained: [],
      coverage: null,
    };
  return {
    repoId: best.repo.variant,
    series: 'nightly',
    result: 'nearest',
    compose: ref(best),
    evidence: {
      summary: `No nightly compose of ${ctx.release} holds the whole base; the nearest is ${best.entry.id.id} (variant ${best.repo.variant}): ${best.newer} of the base's packages newer there, ${best.older} older, ${best.absent} absent.`,
      timestamp: null,
      version: null,
      packages: comparisonCounts(best),
      candidates: ranking,
    },
    drift: best.drift.map((d) => ({ ...d, composeId: d.composeEvr === null ? null : best.entry.id.id })),
    unexplained: best.unexplained,
    coverage: null,
    productmd: answer(best),
  };
}

function answer(c: Compared): ProductmdAnswer {
  return {
    composeInfo: c.repo.composeInfoUrl,
    release: { short: c.entry.id.short, version: c.entry.id.version },
    variant: c.repo.variant,
    repositoryPath: c.repo.path,
    packagesFrom: c.repo.packagesFrom,
  };
}

function ref(c: Compared): ComposeRef {
  // The repository composeinfo.json names for this arch: it is not `$basearch`-generic, since
  // productmd gives each arch its own path.
  return {
    id: c.entry.id.id,
    baseurl: c.repo.url,
    status: c.status,
    repoTimestamp: null,
    date: c.entry.id.date,
    retained: true,
  };
}

/** Fewest newer and absent first, then fewest older, then nearest the day, then the later. */
function ranked(compared: readonly Compared[], day: number | null): Candidate[] {
  return [...compared]
    .sort(
      (a, b) =>
        a.newer + a.absent - (b.newer + b.absent) ||
        a.older - b.older ||
        daysFrom(a.entry, day) - daysFrom(b.entry, day) ||
        byDate(b.entry, a.entry),
    )
    .map((c) => ({ id: c.entry.id.id, date: c.entry.id.date, ...comparisonCounts(c) }));
}
