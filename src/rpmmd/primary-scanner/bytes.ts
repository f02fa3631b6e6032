/**
 * Byte-level helpers of the primary.xml scanner: the markup bytes, searches tuned to Node's
 * `Buffer.indexOf` (single-byte searches are memchr-fast; needles under 8 bytes are searched
 * linearly from their first byte), and slicing to strings without `toString`'s argument checks.
 * The scanner works on positions in a Buffer and makes strings only for the fields it returns.
 *
 * Each file of the scanner names the bytes it compares as its own constants, not imported ones:
 * V8 folds a module's own constants into its loops but loads imported ones from their module cell
 * at every use (a measured ~8% on the scanner).
 */

const LT = 0x3c;
const SLASH = 0x2f;

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
