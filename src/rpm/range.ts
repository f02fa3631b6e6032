import { RpmVersionError } from './errors.js';
import { toEvr } from './evr.js';
import type { Evr } from './types.js';
import { rpmvercmp } from './vercmp.js';

/** A dependency comparison as createrepo writes it in `<rpm:entry flags="…">`. */
export type DepFlag = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE';

/** The same comparisons as a spec file writes them (`Requires: foo >= 1.0`). */
export type DepOperator = '=' | '<' | '<=' | '>' | '>=';

/** The version side of a dependency: `flags` `evr`, e.g. `GE 1.0`. */
export interface DepRange {
  /** `null` or absent: unversioned (`Requires: foo`), which matches every version. */
  flags?: DepFlag | DepOperator | null | undefined;
  /** An {@link Evr}, or `[E:]V[-R]`. `null`, absent or `''` matches every version, as in rpm. */
  evr?: Evr | string | null | undefined;
}

/** A named dependency: a `Provides:`, `Requires:`, `Conflicts:`, … entry. */
export interface Dependency extends DepRange {
  name: string;
}

// rpm's RPMSENSE_* bits.
const LESS = 2;
const GREATER = 4;
const EQUAL = 8;

const SENSE: Readonly<Record<DepFlag | DepOperator, number>> = {
  EQ: EQUAL,
  LT: LESS,
  LE: LESS | EQUAL,
  GT: GREATER,
  GE: GREATER | EQUAL,
  '=': EQUAL,
  '<': LESS,
  '<=': LESS | EQUAL,
  '>': GREATER,
  '>=': GREATER | EQUAL,
};

function senseOf(flags: string): number {
  const sense = Object.hasOwn(SENSE, flags) ? SENSE[flags as DepFlag] : undefined;
  if (sense === undefined) {
    throw new RpmVersionError(
      'ERR_DEP_FLAGS_INVALID',
      `Invalid dependency flags '${flags}': expected EQ, LT, LE, GT, GE or =, <, <=, >, >=`,
      { subject: flags },
    );
  }
  return sense;
}

function hasRelease(evr: Evr): evr is Evr & { release: string } {
  return evr.release !== null && evr.release !== '';
}

/**
 * True when two version ranges have a version in common, exactly as rpm 4.18 decides it
 * (`rpmdsCompare`, `rpmverOverlap`): `GE 1.0` and `EQ 1.0-2` overlap; `LT 1.0` and `EQ 1.0-2` do not.
 *
 * - An unversioned side (no flags, or no EVR) overlaps everything.
 * - Epochs: a missing epoch equals `0`.
 * - Releases: when the versions are equal and only one side has a release, the side without one
 *   matches any release if its flags include equality: `EQ 1.0` overlaps `EQ 1.0-2`, and so does
 *   `LE 1.0`; but `LT 1.0` does not overlap `EQ 1.0-2`.
 *
 * @throws {@link RpmVersionError} for unknown flags or a malformed EVR string.
 * @example
 * ```ts
 * rangesOverlap({ flags: 'EQ', evr: '1.0-2' }, { flags: 'GE', evr: '1.0' }); // true
 * rangesOverlap({ flags: 'EQ', evr: '1:0.9' }, { flags: 'GE', evr: '1.0' }); // true: epoch 1 > 0
 * ```
 */
export function rangesOverlap(a: DepRange, b: DepRange): boolean {
  if (a.flags === null || a.flags === undefined || b.flags === null || b.flags === undefined) return true;
  const fa = senseOf(a.flags);
  const fb = senseOf(b.flags);
  if (a.evr === null || a.evr === undefined || a.evr === '') return true;
  if (b.evr === null || b.evr === undefined || b.evr === '') return true;
  const x = toEvr(a.evr);
  const y = toEvr(b.evr);

  // rpm compares epochs only when both are given; a lone epoch counts only when above zero.
  let sense: number;
  if (x.epoch !== null && y.epoch !== null) sense = Math.sign(x.epoch - y.epoch);
  else if (x.epoch !== null && x.epoch > 0) sense = 1;
  else if (y.epoch !== null && y.epoch > 0) sense = -1;
  else sense = 0;

  if (sense === 0) {
    sense = rpmvercmp(x.version, y.version);
    if (sense === 0) {
      if (hasRelease(x) && hasRelease(y)) sense = rpmvercmp(x.release, y.release);
      else if ((hasRelease(x) && fb & EQUAL) || (hasRelease(y) && fa & EQUAL)) return true;
    }
  }

  if (sense < 0) return (fa & GREATER) !== 0 || (fb & LESS) !== 0;
  if (sense > 0) return (fa & LESS) !== 0 || (fb & GREATER) !== 0;
  return (fa & fb & (EQUAL | LESS | GREATER)) !== 0;
}

/**
 * True when `provide` satisfies `require`: same name and overlapping ranges ({@link rangesOverlap}).
 * Does `Provides: foo = 1.0-2` satisfy `Requires: foo >= 1.0`? Yes.
 *
 * @example
 * ```ts
 * satisfies({ name: 'foo', flags: 'EQ', evr: '1.0-2' }, { name: 'foo', flags: 'GE', evr: '1.0' }); // true
 * ```
 */
export function satisfies(provide: Dependency, require: Dependency): boolean {
  return provide.name === require.name && rangesOverlap(provide, require);
}
