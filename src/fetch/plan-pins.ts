/**
 * The exact pins of a fetched build: its `Requires: X = E:V-R` (and `X%{?_isa} = …`), the ones
 * that tie it to one build of another package (`kernel-devel-matched` → `kernel-devel`,
 * `gnutls-devel` → `gnutls(x86-64)`). Ranges (`>=`) are left to the package manager.
 */
import type { Evr } from '../rpm/types.js';
import {
  RPMSENSE_RPMLIB,
  senseFlag,
  toPrimaryDependency,
  type HeaderDependency,
} from '../rpmfile/header-deps.js';

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
