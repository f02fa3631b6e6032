import { RpmVersionError } from './errors.js';
import type { Evr } from './types.js';
import { rpmvercmp } from './vercmp.js';

/** rpm stores epochs as 32-bit unsigned integers (RPMTAG_EPOCH). */
const MAX_EPOCH = 0xffffffff;

/** Whitespace or control characters: never part of an EVR; usually a pasted `foo >= 1.0`. */
const BLANK = /[\s\u0000-\u001f\u007f]/u;

/** Reads a decimal epoch, or throws naming `subject`. */
export function parseEpoch(digits: string, subject: string): number {
  const epoch = Number(digits);
  if (!/^[0-9]+$/.test(digits) || !(epoch <= MAX_EPOCH)) {
    throw new RpmVersionError(
      'ERR_EPOCH_INVALID',
      `Invalid epoch '${digits}' in '${subject}': expected an integer from 0 to ${MAX_EPOCH}`,
      { subject },
    );
  }
  return epoch;
}

/**
 * Parses `[E:]V[-R]` the way rpm splits an EVR: the epoch is a leading run of digits ended by `:`,
 * the release is whatever follows the last `-`.
 *
 * Stricter than rpm on purpose, since these are never real EVRs: an empty string, an empty epoch
 * (`:1.0`), an empty version (`1:-1`), an empty release (`1.0-`) and whitespace or control
 * characters throw {@link RpmVersionError} `ERR_EVR_MALFORMED`; an epoch above 2^32-1 throws
 * `ERR_EPOCH_INVALID`.
 *
 * @example
 * ```ts
 * parseEvr('2:1.0-3.fc32'); // { epoch: 2, version: '1.0', release: '3.fc32' }
 * parseEvr('1.0'); // { epoch: null, version: '1.0', release: null }
 * ```
 */
export function parseEvr(evr: string): Evr {
  const fail = (why: string): never => {
    throw new RpmVersionError(
      'ERR_EVR_MALFORMED',
      `Malformed EVR '${evr}': ${why}; expected [epoch:]version[-release]`,
      { subject: evr },
    );
  };
  if (evr === '') fail('it is empty');
  if (BLANK.test(evr)) fail('it contains whitespace or control characters');

  const head = /^([0-9]*):/.exec(evr);
  let epoch: number | null = null;
  let rest = evr;
  if (head !== null) {
    const digits = head[1] ?? '';
    if (digits === '') fail('the epoch before ":" is empty');
    epoch = parseEpoch(digits, evr);
    rest = evr.slice(head[0].length);
  }
  const dash = rest.lastIndexOf('-');
  const version = dash < 0 ? rest : rest.slice(0, dash);
  const release = dash < 0 ? null : rest.slice(dash + 1);
  if (version === '') fail('the version is empty');
  if (release === '') fail('the release after "-" is empty');
  return { epoch, version, release };
}

/**
 * Formats an {@link Evr} as `[E:]V[-R]`: the epoch appears whenever it is not `null` (also `0`), the
 * release whenever it is not `null`, so `parseEvr(formatEvr(e))` gives back `e`.
 */
export function formatEvr(evr: Evr): string {
  const epoch = evr.epoch === null ? '' : `${evr.epoch}:`;
  const release = evr.release === null ? '' : `-${evr.release}`;
  return `${epoch}${evr.version}${release}`;
}

/** An {@link Evr} as given, or parsed from `[E:]V[-R]` with {@link parseEvr} (strict). */
export function toEvr(evr: Evr | string): Evr {
  return typeof evr === 'string' ? parseEvr(evr) : evr;
}

/** An EVR split for comparison only: the epoch kept as rpm keeps it, a digit string. */
interface LooseEvr {
  epoch: string;
  version: string;
  release: string | null;
}

/**
 * Splits a string exactly as rpm's `parseEVR` does, never throwing: the epoch is the leading
 * digits when a `:` follows them (`:1.0` has epoch 0), the release whatever follows the last `-`
 * after those digits (possibly empty, which is not the same as absent). Comparing is not the
 * place to reject input: `rpm.ver('1.0-') > rpm.ver('1.0')` has an answer, so we give it.
 */
function splitLikeRpm(evr: string): LooseEvr {
  let digits = 0;
  while (digits < evr.length && evr.charCodeAt(digits) >= 0x30 && evr.charCodeAt(digits) <= 0x39) digits++;
  const dash = evr.lastIndexOf('-');
  const end = dash >= digits ? dash : evr.length;
  const hasEpoch = evr[digits] === ':';
  return {
    epoch: hasEpoch && digits > 0 ? evr.slice(0, digits) : '0',
    version: evr.slice(hasEpoch ? digits + 1 : 0, end),
    release: dash >= digits ? evr.slice(dash + 1) : null,
  };
}

function toLoose(evr: Evr | string): LooseEvr {
  if (typeof evr === 'string') return splitLikeRpm(evr);
  return { epoch: String(evr.epoch ?? 0), version: evr.version, release: evr.release };
}

/**
 * Orders two EVRs as rpm does (`rpmverCmp`, `rpm.labelCompare`): epoch numerically (a missing epoch
 * is 0), then the version with {@link rpmvercmp}, then the release with {@link rpmvercmp}, where a
 * missing (`null`) release sorts below any release (`1.0 < 1.0-0`).
 *
 * This is the ordering of installed packages. To ask whether a package satisfies a versioned
 * dependency, where a missing release matches any release, use {@link rangesOverlap}.
 *
 * Strings are split as rpm splits them (`rpm.ver`), leniently: comparing never throws; use
 * {@link parseEvr} to validate.
 *
 * @param a - an {@link Evr}, or a string `[E:]V[-R]`
 * @param b - likewise
 * @returns `1` when `a` is newer, `-1` when `b` is newer, `0` when equal.
 * @example
 * ```ts
 * compareEvr('1:1.0-1', '2.0-1'); // 1: the epoch wins
 * compareEvr('1.0', '0:1.0-1'); // -1: no release sorts lower
 * ```
 */
export function compareEvr(a: Evr | string, b: Evr | string): -1 | 0 | 1 {
  const x = toLoose(a);
  const y = toLoose(b);
  // Epochs compare as rpm compares them: digit strings through rpmvercmp (no 2^53 limit).
  const byEpoch = rpmvercmp(x.epoch, y.epoch);
  if (byEpoch !== 0) return byEpoch;
  const byVersion = rpmvercmp(x.version, y.version);
  if (byVersion !== 0) return byVersion;
  if (x.release === null || y.release === null) {
    if (x.release === y.release) return 0;
    return x.release === null ? -1 : 1;
  }
  return rpmvercmp(x.release, y.release);
}
