/**
 * The whole-base test: a compose agrees with a base when every base package (name, arch) is either
 * carried by the compose at exactly the base's EVR, or not carried by it and present at exactly the
 * base's EVR in the frozen GA repo of the release. An updates compose carries only the latest build
 * of each updated package, so the GA repo explains the rest; a base package neither explains came
 * from somewhere the layering cannot reach (a now-pruned compose, a revoked update).
 */
import type { Nevra } from '../rpm/types.js';
import { compareEvr, formatEvr } from './evr.js';
import type { Drift, Unexplained } from '../report/match-report.js';

/** The comparison of one compose (with GA) with the base. */
export interface PackageComparison {
  /** Base packages (name, arch) the compose carries. */
  shared: number;
  /** Carried at a newer EVR than the base's. */
  newer: number;
  /** Carried at an older EVR than the base's. */
  older: number;
  /** Not carried, and GA does not hold the base's EVR, though the name is known. */
  absent: number;
  /** Not carried, and at exactly the base's EVR in GA. */
  fromGa: number;
  /** Not carried, and not checkable: GA could not be used. */
  unchecked: number;
  /** Sorted by name, then arch. */
  drift: Drift[];
  /** Names neither the compose nor GA knows (local RPMs, third-party repos); sorted. */
  unexplained: Unexplained[];
}

/** Packages indexed by `name.arch` (an install-only package may appear more than once). */
export type PackageIndex = ReadonlyMap<string, readonly Nevra[]>;

/** The GA repo as the comparison uses it. */
export interface GaIndex {
  byKey: PackageIndex;
  names: ReadonlySet<string>;
}

/** Indexes packages by name and arch. */
export function indexPackages(packages: readonly Nevra[]): PackageIndex {
  const index = new Map<string, Nevra[]>();
  for (const p of packages) {
    const key = keyOf(p);
    const list = index.get(key);
    if (list === undefined) index.set(key, [p]);
    else list.push(p);
  }
  return index;
}

/** Indexes a GA package list once per match. */
export function indexGa(packages: readonly Nevra[]): GaIndex {
  return { byKey: indexPackages(packages), names: new Set(packages.map((p) => p.name)) };
}

/**
 * Compares a compose's packages, and GA's for what the compose does not carry, with the base's.
 * `ga` is `null` when no usable GA tree was had: what the compose does not carry is `unchecked`.
 */
export function comparePackages(
  base: PackageIndex,
  compose: readonly Nevra[],
  ga: GaIndex | null,
): PackageComparison {
  const carried = new Map<string, Nevra[]>();
  const composeNames = new Set<string>();
  for (const p of compose) {
    composeNames.add(p.name);
    const key = keyOf(p);
    if (!base.has(key)) continue;
    const list = carried.get(key);
    if (list === undefined) carried.set(key, [p]);
    else list.push(p);
  }
  const drift: Drift[] = [];
  const unexplained: Unexplained[] = [];
  let fromGa = 0;
  let unchecked = 0;
  for (const [key, mine] of base) {
    const newestBase = newest(mine);
    const builds = carried.get(key);
    const gaBuilds = ga?.byKey.get(key) ?? [];
    const gaEvr = gaBuilds.length === 0 ? null : formatEvr(newest(gaBuilds));
    if (builds !== undefined) {
      if (builds.some((c) => mine.some((b) => compareEvr(c, b) === 0))) continue;
      const newestCompose = newest(builds);
      drift.push({
        name: newestBase.name,
        arch: newestBase.arch,
        baseEvr: formatEvr(newestBase),
        composeEvr: formatEvr(newestCompose),
        gaEvr,
        direction: compareEvr(newestCompose, newestBase) > 0 ? 'newer' : 'older',
        composeId: null,
      });
      continue;
    }
    if (ga === null) {
      unchecked++;
      continue;
    }
    if (mine.every((b) => gaBuilds.some((g) => compareEvr(g, b) === 0))) {
      fromGa++;
      continue;
    }
    if (!ga.names.has(newestBase.name) && !composeNames.has(newestBase.name)) {
      for (const b of mine) unexplained.push({ name: b.name, arch: b.arch, evr: formatEvr(b) });
      continue;
    }
    drift.push({
      name: newestBase.name,
      arch: newestBase.arch,
      baseEvr: formatEvr(newestBase),
      composeEvr: null,
      gaEvr,
      direction: 'absent',
      composeId: null,
    });
  }
  drift.sort(byNameArch);
  unexplained.sort(byNameArch);
  const count = (d: Drift['direction']): number => drift.filter((x) => x.direction === d).length;
  return {
    shared: carried.size,
    newer: count('newer'),
    older: count('older'),
    absent: count('absent'),
    fromGa,
    unchecked,
    drift,
    unexplained,
  };
}

/** A comparison's figures as the report carries them (`evidence.packages`, `candidates`). */
export interface ComparisonCounts {
  shared: number;
  newer: number;
  older: number;
  absent: number;
  fromGa: number;
  unchecked: number;
  unexplained: number;
}

export function comparisonCounts(c: PackageComparison): ComparisonCounts {
  return {
    shared: c.shared,
    newer: c.newer,
    older: c.older,
    absent: c.absent,
    fromGa: c.fromGa,
    unchecked: c.unchecked,
    unexplained: c.unexplained.length,
  };
}

/** `2 of the base's packages newer, 0 older, 1 absent` (and the unchecked, when GA could not be used). */
export function comparisonTally(c: PackageComparison): string {
  const parts = [`${c.newer} of the base's packages newer`, `${c.older} older`, `${c.absent} absent`];
  if (c.unchecked > 0) parts.push(`${c.unchecked} unchecked`);
  return parts.join(', ');
}

/** True when the compose and GA together hold every base package (but the unexplained) exactly. */
export function agrees(c: PackageComparison): boolean {
  return c.newer === 0 && c.older === 0 && c.absent === 0 && c.unchecked === 0 && c.shared + c.fromGa > 0;
}

function keyOf(p: Nevra): string {
  return `${p.name}\0${p.arch}`;
}

function newest(list: readonly Nevra[]): Nevra {
  return list.reduce((a, b) => (compareEvr(a, b) >= 0 ? a : b));
}

function byNameArch(a: { name: string; arch: string }, b: { name: string; arch: string }): number {
  return cmp(a.name, b.name) || cmp(a.arch, b.arch);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
