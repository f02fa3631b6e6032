/**
 * Field text to strings. Values that repeat across packages (arch, versions, dependency names) are
 * interned: one string per distinct short ASCII value, found by a hash of its bytes. Fewer strings
 * made is less work for the garbage collector, which otherwise copies each of them as they all
 * survive (a Fedora primary.xml has millions of dependency entries).
 */
import { latin1, utf8 } from './bytes.js';
import { decodeXmlText } from '../xml-text.js';

export class Interner {
  /** Interned strings by hash of their bytes. */
  private readonly map = new Map<number, string>();

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
    if (known !== undefined && known.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (known.charCodeAt(i) !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return known;
    }
    const value = latin1(buf, start, end);
    if (known === undefined && this.map.size < 16384) this.map.set(h, value);
    return value;
  }
}
