/**
 * Field text to strings. Values that repeat across packages (arch, versions, dependency names) are
 * interned: one string per distinct short ASCII value, found by a hash of its bytes. Fewer strings
 * made is less work for the garbage collector, which otherwise copies each of them as they all
 * survive (a Fedora primary.xml has millions of dependency entries).
 */
import { latin1, utf8 } from './bytes.js';
import { decodeXmlText } from '../xml-text.js';

/** Sighting slots (a power of two): 256 KB. */
const SEEN_SLOTS = 1 << 16;
/** Interned strings at most (each is shared by all its copies; the bound only caps the map). */
const MAX_INTERNED = 1 << 18;

export class Interner {
  /** Interned strings by hash of their bytes. */
  private readonly map = new Map<number, string>();
  /**
   * Hashes of values seen once, direct-mapped: a value is interned from its second sighting, so the
   * values that occur once (a package's own name, its libraries) neither fill the map nor take the
   * place of the ones that repeat (versions, releases, common capabilities).
   */
  private readonly seen = new Int32Array(SEEN_SLOTS);

  constructor(private readonly subject: string | undefined) {}

  /** Element or attribute text as a string, entities decoded. */
  text(buf: Buffer, start: number, end: number): string {
    return decodeXmlText(utf8(buf, start, end), this.subject);
  }

  /** Like {@link text}, for values that repeat. */
  interned(buf: Buffer, start: number, end: number): string {
    const n = end - start;
    if (n > 48) return this.text(buf, start, end);
    let h = 0x811c9dc5 ^ n;
    let high = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      high |= c & 0x80;
      if (c === 0x26 /* & */) high = 0x80;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (high !== 0) return this.text(buf, start, end);
    const known = this.map.get(h);
    if (known !== undefined) {
      if (known.length === n) {
        let same = true;
        for (let i = 0; i < n; i++) {
          if (known.charCodeAt(i) !== buf[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return known;
      }
      // Another value with this hash is interned: this one is not.
      return latin1(buf, start, end);
    }
    const value = latin1(buf, start, end);
    const sighting = (h ^ (h >>> 16)) & (SEEN_SLOTS - 1);
    if (this.seen[sighting] !== h) this.seen[sighting] = h;
    else if (this.map.size < MAX_INTERNED) this.map.set(h, value);
    return value;
  }
}
