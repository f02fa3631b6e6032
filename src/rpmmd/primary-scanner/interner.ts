/**
 * Field text to strings. Values that repeat across packages (arch, versions, dependency names) are
 * interned: one string per distinct short ASCII value. Fewer strings made is less work for the
 * garbage collector, which otherwise copies each of them as they all survive (a Fedora primary.xml
 * has millions of dependency entries).
 *
 * The table is direct-mapped and held in typed arrays: a value hashes to one slot, whose hash,
 * length and bytes are compared to it (bytes against bytes, no string read). A value takes a slot
 * only from its second sighting (a direct-mapped table of hashes seen once), so the values that occur
 * once (a package's own name, its libraries) neither make strings twice nor push out the ones that
 * repeat (versions, releases, common capabilities). Text that is plain ASCII (no byte >= 0x80, no `&`) is made with a latin1 copy,
 * which for ASCII is the same string as UTF-8 decoding gives, and skips the entity decoding.
 */
import { latin1, utf8 } from './bytes.js';
import { decodeXmlText } from '../xml-text.js';

// Own constants, not imported: see bytes.ts.
const AMP = 0x26;

/** Slots (a power of two): 1.5 MB of pool. */
const SLOTS = 1 << 15;
/** Sighting slots (a power of two): 256 KB. */
const SEEN_SLOTS = 1 << 16;
/** Longer values are not interned (they rarely repeat, and would need a larger pool). */
const MAX_INTERNED = 48;

export class Interner {
  private readonly hashes = new Int32Array(SLOTS);
  /** Length of the value in each slot, 0 when empty (the empty string needs no slot). */
  private readonly lengths = new Uint8Array(SLOTS);
  /** The bytes of each slot's value, MAX_INTERNED apart. */
  private readonly pool = new Uint8Array(SLOTS * MAX_INTERNED);
  private readonly strings: string[] = new Array<string>(SLOTS).fill('');
  /** Hashes of values seen once, by their own slot. */
  private readonly seen = new Int32Array(SEEN_SLOTS);

  constructor(private readonly subject: string | undefined) {}

  /** Element or attribute text as a string, entities decoded. */
  text(buf: Buffer, start: number, end: number): string {
    return decodeXmlText(utf8(buf, start, end), this.subject);
  }

  /**
   * {@link text} for text already scanned: `bits` is the OR of its bytes with 0x80 added for a `&`,
   * so plain ASCII (below 0x80) is copied without the decoder and the entity pass.
   */
  scanned(buf: Buffer, start: number, end: number, bits: number): string {
    return bits < 0x80 ? latin1(buf, start, end) : this.text(buf, start, end);
  }

  /** Like {@link text}, for values that repeat. */
  interned(buf: Buffer, start: number, end: number): string {
    const n = end - start;
    if (n === 0) return '';
    if (n > MAX_INTERNED) return this.text(buf, start, end);
    let h = 0x811c9dc5 ^ n;
    let bits = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      bits |= c;
      if (c === AMP) bits |= 0x80;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (bits >= 0x80) return this.text(buf, start, end);
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    const pool = this.pool;
    const at = slot * MAX_INTERNED;
    if (this.hashes[slot] === h && this.lengths[slot] === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (pool[at + i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.strings[slot]!;
    }
    const value = latin1(buf, start, end);
    const sighting = (h ^ (h >>> 16)) & (SEEN_SLOTS - 1);
    if (this.seen[sighting] !== h) {
      this.seen[sighting] = h;
      return value;
    }
    this.hashes[slot] = h;
    this.lengths[slot] = n;
    for (let i = 0; i < n; i++) pool[at + i] = buf[start + i]!;
    this.strings[slot] = value;
    return value;
  }
}
