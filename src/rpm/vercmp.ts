/**
 * rpm's version segment comparison (rpm 4.18 `rpmio/rpmvercmp.cc`), written from its rules.
 *
 * The walk reads UTF-16 code units, which is byte-exact with rpm reading the UTF-8 bytes: rpm only
 * classifies ASCII (`risdigit`/`risalpha`, locale independent), every byte >= 0x80 is a separator,
 * every code unit >= 0x80 encodes to bytes >= 0x80 only, and a run of separators is skipped as one,
 * so the number of separator units never matters, only whether something is left.
 */

// Character classes; every code unit >= 0x80 is a separator.
const SEPARATOR = 0;
const DIGIT = 1;
const ALPHA = 2;
const TILDE = 3;
const CARET = 4;
/** Past the end, or a NUL: rpm sees C strings, so a NUL ends the string. */
const END = 5;

const ASCII_CLASS = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ASCII_CLASS[c] = DIGIT;
for (let c = 0x41; c <= 0x5a; c++) ASCII_CLASS[c] = ALPHA;
for (let c = 0x61; c <= 0x7a; c++) ASCII_CLASS[c] = ALPHA;
ASCII_CLASS[0x7e] = TILDE;
ASCII_CLASS[0x5e] = CARET;
ASCII_CLASS[0] = END;

function classAt(s: string, i: number): number {
  if (i >= s.length) return END;
  const c = s.charCodeAt(i);
  return c < 0x80 ? (ASCII_CLASS[c] as number) : SEPARATOR;
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
  let i = 0;
  let j = 0;
  let ca = classAt(a, 0);
  let cb = classAt(b, 0);
  while (ca !== END || cb !== END) {
    while (ca === SEPARATOR) ca = classAt(a, ++i);
    while (cb === SEPARATOR) cb = classAt(b, ++j);

    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      ca = classAt(a, ++i);
      cb = classAt(b, ++j);
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === END) return -1;
      if (cb === END) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      ca = classAt(a, ++i);
      cb = classAt(b, ++j);
      continue;
    }
    if (ca === END || cb === END) break;

    // The segment type is decided by `a`; `b` contributes a run of the same type (maybe empty).
    const type = ca;
    let aStop = i + 1;
    while (classAt(a, aStop) === type) aStop++;
    let bStop = j;
    while (classAt(b, bStop) === type) bStop++;
    // Different types: numbers are newer than letters.
    if (bStop === j) return type === DIGIT ? 1 : -1;

    if (type === DIGIT) {
      while (i < aStop && a.charCodeAt(i) === 0x30) i++;
      while (j < bStop && b.charCodeAt(j) === 0x30) j++;
      const aLength = aStop - i;
      const bLength = bStop - j;
      if (aLength !== bLength) return aLength > bLength ? 1 : -1;
    }
    // strcmp over the two segments.
    for (; i < aStop && j < bStop; i++, j++) {
      const d = a.charCodeAt(i) - b.charCodeAt(j);
      if (d !== 0) return d > 0 ? 1 : -1;
    }
    if (i < aStop) return 1;
    if (j < bStop) return -1;
    ca = classAt(a, i);
    cb = classAt(b, j);
  }
  if (ca === END && cb === END) return 0;
  return ca === END ? -1 : 1;
}
