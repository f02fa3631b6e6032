/**
 * Package sets as the index stores them: compact tuples, grouped by name.arch, and the delta
 * between two sets. A set is a Map from `name\0arch` to its packages (usually one; a repo may carry
 * several builds of one name.arch, and `put` replaces the whole group so that case stays exact).
 */
import type { Nevra } from '../rpm/types.js';
import type { PackageDelta, PackageTuple } from './schema.js';

/** A package as recorded: a NEVRA and its source RPM file name. */
export interface IndexPackage extends Nevra {
  /** `rpm:sourcerpm`, e.g. `bash-5.0.17-1.fc32.src.rpm`; null when the package has none. */
  sourcerpm: string | null;
}

/** A package set keyed by `name\0arch`. */
export type PackageSet = Map<string, PackageTuple[]>;

const key = (t: PackageTuple): string => `${t[0]}\0${t[1]}`;

/** The stored tuple of a package (see `PackageTupleSchema`). */
export function toTuple(p: IndexPackage): PackageTuple {
  const vr = `${p.version}-${p.release}`;
  const evr = p.epoch === null || p.epoch === 0 ? vr : `${p.epoch}:${vr}`;
  let source: string | null = null;
  if (p.sourcerpm !== null) {
    const suffix = `-${vr}.src.rpm`;
    if (p.sourcerpm === `${p.name}${suffix}`) source = '';
    else if (p.sourcerpm.endsWith(suffix) && !p.sourcerpm.slice(0, -suffix.length).endsWith('.src.rpm'))
      source = p.sourcerpm.slice(0, -suffix.length);
    else source = p.sourcerpm;
  }
  return [p.name, p.arch, evr, source];
}

/** The package a stored tuple stands for (epoch 0 given as null, as base images are normalised). */
export function fromTuple(t: PackageTuple): IndexPackage {
  const [name, arch, evr, source] = t;
  const colon = evr.indexOf(':');
  const epoch = colon < 0 ? null : Number(evr.slice(0, colon));
  const vr = colon < 0 ? evr : evr.slice(colon + 1);
  const dash = vr.lastIndexOf('-');
  const version = vr.slice(0, dash);
  const release = vr.slice(dash + 1);
  let sourcerpm: string | null = null;
  if (source === '') sourcerpm = `${name}-${vr}.src.rpm`;
  else if (source !== null) sourcerpm = source.endsWith('.src.rpm') ? source : `${source}-${vr}.src.rpm`;
  return { name, epoch: epoch === 0 ? null : epoch, version, release, arch, sourcerpm };
}

/** Tuples in the one order the index writes (name, arch, evr), so equal sets give equal bytes. */
export function sortTuples(tuples: PackageTuple[]): PackageTuple[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return tuples.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]) || cmp(a[2], b[2]));
}

/** A set from tuples. */
export function setOf(tuples: readonly PackageTuple[]): PackageSet {
  const set: PackageSet = new Map();
  for (const t of tuples) {
    const k = key(t);
    const group = set.get(k);
    if (group === undefined) set.set(k, [t]);
    else group.push(t);
  }
  return set;
}

/** Every tuple of a set, sorted. */
export function tuplesOf(set: PackageSet): PackageTuple[] {
  const out: PackageTuple[] = [];
  for (const group of set.values()) out.push(...group);
  return sortTuples(out);
}

/** Number of packages in a set. */
export function sizeOf(set: PackageSet): number {
  let n = 0;
  for (const group of set.values()) n += group.length;
  return n;
}

/** The delta that turns `from` into `to`. */
export function diffSets(from: PackageSet, to: PackageSet): PackageDelta {
  const put: PackageTuple[] = [];
  const drop: [string, string][] = [];
  for (const [k, group] of to) {
    const before = from.get(k);
    if (before === undefined || !sameGroup(before, group)) put.push(...group);
  }
  for (const [k, group] of from) {
    if (!to.has(k)) drop.push([group[0]![0], group[0]![1]]);
  }
  sortTuples(put);
  drop.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return { put, drop };
}

/** Applies a delta in place. */
export function applyDelta(set: PackageSet, delta: PackageDelta): PackageSet {
  for (const [name, arch] of delta.drop) set.delete(`${name}\0${arch}`);
  const fresh = new Set<string>();
  for (const t of delta.put) {
    const k = key(t);
    if (!fresh.has(k)) {
      fresh.add(k);
      set.set(k, [t]);
    } else set.get(k)!.push(t);
  }
  return set;
}

function sameGroup(a: PackageTuple[], b: PackageTuple[]): boolean {
  if (a.length !== b.length) return false;
  const sa = a.map((t) => `${t[2]}\0${t[3]}`).sort();
  const sb = b.map((t) => `${t[2]}\0${t[3]}`).sort();
  return sa.every((v, i) => v === sb[i]);
}
