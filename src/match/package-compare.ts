/**
 * The packages strategy's test: an updates compose carries only the latest build of each updated
 * package, so it agrees with a base when every package it carries that the base also has (same
 * name and arch) is at exactly the base's EVR.
 */
import type { Nevra } from '../rpm/types.js';
import { compareEvr, formatEvr } from './evr.js';
import type { Drift } from './report-schema.js';

/** The comparison of one compose with the base. */
export interface PackageComparison {
  shared: number;
  newer: number;
  older: number;
  /** Sorted by name, then arch. */
  drift: Drift[];
}

/** Base packages indexed by `name.arch` (an install-only package may appear more than once). */
export type BaseIndex = ReadonlyMap<string, readonly Nevra[]>;

/** Indexes base packages by name and arch. */
export function indexBase(packages: readonly Nevra[]): BaseIndex {
  const index = new Map<string, Nevra[]>();
  for (const p of packages) {
    const key = `${p.name}\0${p.arch}`;
    const list = index.get(key);
    if (list === undefined) index.set(key, [p]);
    else list.push(p);
  }
  return index;
}

/** Compares a compose's packages with the base's. */
export function comparePackages(base: BaseIndex, compose: readonly Nevra[]): PackageComparison {
  // The compose's builds per name.arch (normally one; keep all, any equal one agrees).
  const carried = new Map<string, Nevra[]>();
  for (const p of compose) {
    const key = `${p.name}\0${p.arch}`;
    if (!base.has(key)) continue;
    const list = carried.get(key);
    if (list === undefined) carried.set(key, [p]);
    else list.push(p);
  }
  const drift: Drift[] = [];
  for (const [key, builds] of carried) {
    const mine = base.get(key)!;
    if (builds.some((c) => mine.some((b) => compareEvr(c, b) === 0))) continue;
    const newestBase = mine.reduce((a, b) => (compareEvr(a, b) >= 0 ? a : b));
    const newestCompose = builds.reduce((a, b) => (compareEvr(a, b) >= 0 ? a : b));
    drift.push({
      name: newestBase.name,
      arch: newestBase.arch,
      baseEvr: formatEvr(newestBase),
      composeEvr: formatEvr(newestCompose),
      direction: compareEvr(newestCompose, newestBase) > 0 ? 'newer' : 'older',
    });
  }
  drift.sort((a, b) => cmp(a.name, b.name) || cmp(a.arch, b.arch));
  const newer = drift.filter((d) => d.direction === 'newer').length;
  return { shared: carried.size, newer, older: drift.length - newer, drift };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
