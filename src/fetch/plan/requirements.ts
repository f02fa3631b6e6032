/**
 * The exact pins of a fetched build: its `Requires: X = E:V-R` (and `X%{?_isa} = …`), the ones
 * that tie it to one build of another package (`kernel-devel-matched` → `kernel-devel`,
 * `gnutls-devel` → `gnutls(x86-64)`). Ranges (`>=`) are left to the package manager.
 */
import type { DepFlag } from '../../rpm/range.js';
import type { Evr } from '../../rpm/types.js';
import {
  RPMSENSE_RPMLIB,
  senseFlag,
  toPrimaryDependency,
  type HeaderDependency,
} from '../../rpmfile/header-deps.js';

/** One `=` requirement, split into the package name it names and the EVR it demands. */
export interface ExactPin {
  /** The requirement as a spec writes it (`gnutls(x86-64) = 3.8.6-1.fc41`). */
  text: string;
  /** The package name, without an ISA suffix (`gnutls`). */
  name: string;
  /** True when the name carried `%{_isa}` (`(x86-64)`): the build must be of the base arch. */
  isa: boolean;
  /** The EVR required; `release` null when the requirement gave none (any release). */
  evr: Evr;
}

/** rpm's `%{_isa}`: `(<isa name>-<bits>)` after the name (`(x86-64)`, `(aarch-64)`, `(ppc-64)`). */
const ISA_SUFFIX = /^(.+)\(([a-z0-9_]+-(?:32|64))\)$/;

/**
 * The `=` requirements of a header that name another package. Left out: `rpmlib(…)` features,
 * file paths, and what the build provides itself (a subpackage's `Provides` pinned by its siblings).
 */
export function exactPins(
  requires: readonly HeaderDependency[],
  provides: readonly HeaderDependency[],
): ExactPin[] {
  const own = new Set(provides.map((p) => `${p.name}\u0000${p.evr}`));
  const out: ExactPin[] = [];
  for (const dep of requires) {
    if (senseFlag(dep.sense) !== 'EQ' || dep.evr === '') continue;
    if ((dep.sense & RPMSENSE_RPMLIB) !== 0 || dep.name.startsWith('rpmlib(') || dep.name.startsWith('/'))
      continue;
    if (own.has(`${dep.name}\u0000${dep.evr}`)) continue;
    const parsed = toPrimaryDependency(dep);
    const isa = ISA_SUFFIX.exec(dep.name);
    out.push({
      text: `${dep.name} = ${dep.evr}`,
      name: isa === null ? dep.name : isa[1]!,
      isa: isa !== null,
      evr: {
        epoch: parsed.epoch === null ? null : Number(parsed.epoch),
        version: parsed.version!,
        release: parsed.release,
      },
    });
  }
  return out;
}

/** A requirement on another package by name that is not an exact pin (`libcom_err-devel`, `foo >= 1`). */
export interface NamedRequirement {
  /** As a spec writes it (`libcom_err-devel`, `foo >= 1.0`). */
  text: string;
  /** The package name, without an ISA suffix. */
  name: string;
  isa: boolean;
  /** `GE`, `LT`, …, or null when unversioned. */
  flags: DepFlag | null;
  /** `[E:]V[-R]`, or '' when unversioned. */
  evr: string;
}

/**
 * The requirements of a header that are not exact pins but name a package: such a package, when
 * the base holds a build of its source package, has to be that build (its own exact pin on the
 * base's library says so: `krb5-devel` → `libcom_err-devel` → `libcom_err = 1.45.5-3.fc32`).
 * Capabilities (`libfoo.so.1()(64bit)`, `pkgconfig(x)`), paths and rpmlib features are left to the
 * package manager: no package is named by them.
 */
export function namedRequirements(
  requires: readonly HeaderDependency[],
  provides: readonly HeaderDependency[],
): NamedRequirement[] {
  const own = new Set(provides.map((p) => p.name));
  const out: NamedRequirement[] = [];
  for (const dep of requires) {
    const flags = senseFlag(dep.sense);
    if (flags === 'EQ' && dep.evr !== '') continue;
    if ((dep.sense & RPMSENSE_RPMLIB) !== 0 || dep.name.startsWith('/') || own.has(dep.name)) continue;
    const isa = ISA_SUFFIX.exec(dep.name);
    const name = isa === null ? dep.name : isa[1]!;
    if (name.includes('(') || name.includes(' ')) continue;
    const text = flags === null ? dep.name : `${dep.name} ${operators[flags]} ${dep.evr}`;
    out.push({ text, name, isa: isa !== null, flags, evr: dep.evr });
  }
  return out;
}

const operators: Record<DepFlag, string> = { EQ: '=', LT: '<', LE: '<=', GT: '>', GE: '>=' };
