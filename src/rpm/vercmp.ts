/**
 * rpm's version segment comparison (rpm 4.18 `rpmio/rpmvercmp.cc`), written from its rules.
 *
 * The walk reads UTF-16 code units, which is byte-exact with rpm reading the UTF-8 bytes: rpm only
 * classifies ASCII (`risdigit`/`risalpha`, locale independent), every byte >= 0x80 is a separator,
 * every code unit >= 0x80 encodes to bytes >= 0x80 only, and a run of separators is skipped as one,
 * so the number of separator units never matters, only whether something is left.
 */

const TILDE = 0x7e;
const CARET = 0x5e;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** A byte that is neither part of a segment nor `~`/`^`: skipped. */
function isSeparator(c: number): boolean {
  return !isDigit(c) && !isAlpha(c) && c !== TILDE && c !== CARET;
}

/** rpm sees C strings: anything after a NUL does not exist. */
function cLength(s: string): number {
  const nul = s.indexOf('\0');
  return nul < 0 ? s.length : nul;
}

/**
 * Compares two version (or release) strings exactly as rpm 4.18's `rpmvercmp` does.
 *
 * - Segments are maximal runs of ASCII digits or ASCII letters; every other character, including
 *   any non-ASCII one, only separates segments (`1.0` equals `1_0`; `1.α` equals `1.β`).
 * - `~` sorts before anything, even the end of the string: `1.0~rc1 < 1.0`.
 * - `^` sorts after the end of the string but before any further segment:
 *   `1.0 < 1.0^git1 < 1.0.1`.
 * - Numeric segments compare as numbers of any length (leading zeros ignored: `10.0001` equals
 *   `10.1`); a numeric segment is newer than an alphabetic one (`1.0 > 1.a`).
 * - Letters compare bytewise, case-sensitively (`Z < a`).
 * - When all segments compared equal, the side with anything left over is newer (`1.0.1 > 1.0`),
 *   but trailing separators alone are not (`1.0. == 1.0`).
 * - As in C, a string ends at its first NUL.
 *
 * @returns `1` when `a` is newer, `-1` when `b` is newer, `0` when they sort the same.
 * @example
 * ```ts
 * rpmvercmp('1.0~rc1', '1.0'); // -1
 * rpmvercmp('5.5p10', '5.5p1'); // 1
 * ```
 */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  const aEnd = cLength(a);
  const bEnd = cLength(b);
  let i = 0;
  let j = 0;
  while (i < aEnd || j < bEnd) {
    while (i < aEnd && isSeparator(a.charCodeAt(i))) i++;
    while (j < bEnd && isSeparator(b.charCodeAt(j))) j++;
    // -1 stands for "end of string".
    const ca = i < aEnd ? a.charCodeAt(i) : -1;
    const cb = j < bEnd ? b.charCodeAt(j) : -1;

    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === -1) return -1;
      if (cb === -1) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === -1 || cb === -1) break;

    // The segment type is decided by `a`; `b` contributes a run of the same type (maybe empty).
    const numeric = isDigit(ca);
    const inSegment = numeric ? isDigit : isAlpha;
    let aStop = i + 1;
    while (aStop < aEnd && inSegment(a.charCodeAt(aStop))) aStop++;
    let bStop = j;
    while (bStop < bEnd && inSegment(b.charCodeAt(bStop))) bStop++;
    // Different types: numbers are newer than letters.
    if (bStop === j) return numeric ? 1 : -1;

    if (numeric) {
      while (i < aStop && a.charCodeAt(i) === 0x30) i++;
      while (j < bStop && b.charCodeAt(j) === 0x30) j++;
      const aLen = aStop - i;
      const bLen = bStop - j;
      if (aLen !== bLen) return aLen > bLen ? 1 : -1;
    }
    // strcmp over the two segments.
    for (; i < aStop && j < bStop; i++, j++) {
      const d = a.charCodeAt(i) - b.charCodeAt(j);
      if (d !== 0) return d > 0 ? 1 : -1;
    }
    if (i < aStop) return 1;
    if (j < bStop) return -1;
  }
  if (i >= aEnd && j >= bEnd) return 0;
  return i >= aEnd ? -1 : 1;
}
