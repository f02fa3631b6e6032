/**
 * The dependencies of a package header (PROVIDE* / REQUIRE* arrays), in the shape primary.xml gives
 * them. The planner walks the exact (`=`) requirements of what it fetches; the local-repo writer
 * lists them in its primary.xml.
 */
import type { DepFlag } from '../rpm/range.js';
import type { PrimaryDependency } from '../rpmmd/primary-types.js';
import { RpmHeaderError } from './errors.js';
import type { RpmHeader } from './header.js';
import { headerInt32Array, headerStringArray } from './header-values.js';
import { RpmTag } from './tags.js';

// rpm's RPMSENSE_* bits (include/rpm/rpmds.h).
const LESS = 1 << 1;
const GREATER = 1 << 2;
const EQUAL = 1 << 3;
const PREREQ = 1 << 6;
const SCRIPT_PRE = 1 << 9;
const SCRIPT_POST = 1 << 10;
/** `rpmlib(…)` requirements rpm adds itself; createrepo_c leaves them out of primary.xml. */
export const RPMSENSE_RPMLIB = 1 << 24;

/** One dependency as the header stores it: name, RPMSENSE flags and `[E:]V-R` (or ''). */
export interface HeaderDependency {
  name: string;
  /** The raw RPMSENSE bits. */
  sense: number;
  /** `[E:]V[-R]`, or `''` when unversioned. */
  evr: string;
}

/** The comparison of a RPMSENSE value as primary.xml writes it (`EQ`, `GE`, …), or null. */
export function senseFlag(sense: number): DepFlag | null {
  switch (sense & (LESS | GREATER | EQUAL)) {
    case EQUAL:
      return 'EQ';
    case LESS:
      return 'LT';
    case LESS | EQUAL:
      return 'LE';
    case GREATER:
      return 'GT';
    case GREATER | EQUAL:
      return 'GE';
    default:
      return null;
  }
}

/** True for a pre-install requirement (`Requires(pre):`, `PreReq:`), which primary.xml marks `pre="1"`. */
export function sensePre(sense: number): boolean {
  return (sense & (PREREQ | SCRIPT_PRE | SCRIPT_POST)) !== 0;
}

/** The dependency kinds primary.xml lists, with the NAME / FLAGS / VERSION tags of each (rpmtag.h). */
export const dependencyTags = {
  provides: [RpmTag.PROVIDENAME, RpmTag.PROVIDEFLAGS, RpmTag.PROVIDEVERSION],
  requires: [RpmTag.REQUIRENAME, RpmTag.REQUIREFLAGS, RpmTag.REQUIREVERSION],
  conflicts: [1054, 1053, 1055],
  obsoletes: [1090, 1114, 1115],
  recommends: [5046, 5048, 5047],
  suggests: [5049, 5051, 5050],
  supplements: [5052, 5054, 5053],
  enhances: [5055, 5057, 5056],
} as const satisfies Record<string, readonly [number, number, number]>;

/** One of {@link dependencyTags}' kinds. */
export type DependencyKind = keyof typeof dependencyTags;

/** The header's entries of one kind, in header order. */
export function headerDependencies(header: RpmHeader, kind: DependencyKind): HeaderDependency[] {
  const [name, flags, version] = dependencyTags[kind];
  return triples(header, name, flags, version, kind);
}

/** The header's REQUIRE* entries, in header order. */
export function headerRequires(header: RpmHeader): HeaderDependency[] {
  return headerDependencies(header, 'requires');
}

/** The header's PROVIDE* entries, in header order. */
export function headerProvides(header: RpmHeader): HeaderDependency[] {
  return headerDependencies(header, 'provides');
}

/**
 * Splits `[E:]V[-R]` as createrepo_c does for primary.xml: an epoch only when digits and `:` lead,
 * the release after the last `-`; an unversioned entry has all three null.
 */
export function toPrimaryDependency(dep: HeaderDependency): PrimaryDependency {
  const flags = senseFlag(dep.sense);
  const pre = sensePre(dep.sense);
  if (dep.evr === '') return { name: dep.name, flags, epoch: null, version: null, release: null, pre };
  const head = /^(\d+):/.exec(dep.evr);
  const rest = head === null ? dep.evr : dep.evr.slice(head[0].length);
  const dash = rest.lastIndexOf('-');
  return {
    name: dep.name,
    flags,
    epoch: head === null ? null : head[1]!,
    version: dash < 0 ? rest : rest.slice(0, dash),
    release: dash < 0 ? null : rest.slice(dash + 1),
    pre,
  };
}

function triples(header: RpmHeader, nameTag: number, flagTag: number, versionTag: number, what: string) {
  const names = headerStringArray(header, nameTag) ?? [];
  const flags = headerInt32Array(header, flagTag) ?? [];
  const versions = headerStringArray(header, versionTag) ?? [];
  // rpm keeps the three arrays parallel; a header that does not is not one rpm would install.
  if (flags.length !== names.length || versions.length !== names.length) {
    throw new RpmHeaderError(
      'ERR_RPM_HEADER_BOUNDS',
      `The header's ${what} names, flags and versions have ${names.length}, ${flags.length} and ${versions.length} entries; rpm keeps them equal`,
      { subject: `tag ${nameTag}`, offset: header.dataOffset },
    );
  }
  return names.map((name, i) => ({ name, sense: flags[i]!, evr: versions[i]! }));
}
