/**
 * Byte-level helpers of the primary.xml scanner: the markup bytes, searches tuned to Node's
 * `Buffer.indexOf` (single-byte searches are memchr-fast; needles under 8 bytes are searched
 * linearly from their first byte), and slicing to strings without `toString`'s argument checks.
 * The scanner works on positions in a Buffer and makes strings only for the fields it returns.
 */

export const LT = 0x3c;
export const GT = 0x3e;
export const SLASH = 0x2f;
export const QMARK = 0x3f;
export const BANG = 0x21;
export const DQUOTE = 0x22;
export const SQUOTE = 0x27;

export const PACKAGE_END = Buffer.from('</package>', 'latin1');
/** The tail of '</package>' from its rarest byte ('k' in real metadata). */
const PACKAGE_END_TAIL = Buffer.from('kage>', 'latin1');

/** Position of the '<' of the next `<` + `byte` pair at or after `from`, or -1 (single-byte searches are memchr-fast). */
export function after(buf: Buffer, byte: number, from: number): number {
  let i = buf.indexOf(byte, from + 1);
  while (i !== -1 && buf[i - 1] !== LT) i = buf.indexOf(byte, i + 1);
  return i === -1 ? -1 : i - 1;
}

/**
 * The next `</package>` at or after `from`, or -1. A search for 'kage>' is one native call that
 * memchr's for 'k' (Node searches needles under 8 bytes linearly from their first byte); a search
 * for '</package>' starts from the frequent '<' and is several times slower. Text dense in
 * 'package>' falls back to that search, so the worst case stays that search.
 */
export function packageEnd(buf: Buffer, from: number): number {
  let i = from + 5;
  for (let misses = 0; misses < 16; misses++) {
    const k = buf.indexOf(PACKAGE_END_TAIL, i);
    if (k === -1) return -1;
    const at = k - 5;
    if (
      at >= from &&
      buf[at] === LT &&
      buf[at + 1] === SLASH &&
      buf[at + 2] === 0x70 &&
      buf[at + 3] === 0x61 &&
      buf[at + 4] === 0x63
    )
      return at;
    i = k + 1;
  }
  return buf.indexOf(PACKAGE_END, i - 5);
}

export function startsWith(buf: Buffer, at: number, needle: Buffer): boolean {
  if (at < 0 || at + needle.length > buf.length) return false;
  for (let i = 0; i < needle.length; i++) if (buf[at + i] !== needle[i]) return false;
  return true;
}

export function skipSpace(buf: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && buf[i]! <= 0x20) i++;
  return i;
}

/**
 * `<x>text</x>` at `at` (text without markup): the position of its `</x>`, or -1 when it is not
 * exactly that. No object per call: the text runs from `at + open.length` to the result.
 */
export function textElement(buf: Buffer, at: number, end: number, open: Buffer, close: Buffer): number {
  if (!startsWith(buf, at, open)) return -1;
  // The text is short: a byte loop beats a native search call.
  let lt = at + open.length;
  while (lt < end && buf[lt] !== LT) lt++;
  if (lt >= end || !startsWith(buf, lt, close)) return -1;
  return lt;
}

/** Node's Buffer has `utf8Slice`, what `toString('utf8', …)` calls after checking its arguments. */
interface SliceBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}
const proto = Buffer.prototype as Partial<SliceBuffer>;
const hasUtf8Slice = typeof proto.utf8Slice === 'function';
const hasLatin1Slice = typeof proto.latin1Slice === 'function';

/** `buf.toString('latin1', start, end)`, as {@link utf8} (for bytes known to be ASCII). */
export function latin1(buf: Buffer, start: number, end: number): string {
  return hasLatin1Slice ? (buf as SliceBuffer).latin1Slice(start, end) : buf.toString('latin1', start, end);
}

/** `buf.toString('utf8', start, end)` without the argument checks and encoding lookup (hot: every field). */
export function utf8(buf: Buffer, start: number, end: number): string {
  return hasUtf8Slice ? (buf as SliceBuffer).utf8Slice(start, end) : buf.toString('utf8', start, end);
}
