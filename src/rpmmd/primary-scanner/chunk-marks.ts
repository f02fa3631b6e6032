/**
 * Where the rare markup of the current chunk is: the next `'`, `<!` and `<?`. Both shortcuts over
 * a package (the fast path and the skip to `</package>`) are safe only when no comment, CDATA or
 * processing instruction lies in between (those may contain tags as text), and quoted values may
 * contain '>'. These bytes are rare in real metadata, so each is searched once and its position
 * kept until the scan passes it, rather than searched again for every package or tag.
 */
import { after } from './bytes.js';

// Own constants, not imported: see bytes.ts.
const BANG = 0x21;
const QMARK = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** Not searched yet in this chunk. */
const UNKNOWN = -2;

export class ChunkMarks {
  // -1: none in the chunk; stale when behind the scan (then searched again).
  private squoteAt = UNKNOWN;
  private bangAt = UNKNOWN;
  private piAt = UNKNOWN;

  /** Forgets the positions: a new buffer is being scanned. */
  reset(): void {
    this.squoteAt = UNKNOWN;
    this.bangAt = UNKNOWN;
    this.piAt = UNKNOWN;
  }

  /** True when a comment, CDATA, DOCTYPE or processing instruction starts in [from, end). */
  markupBetween(buf: Buffer, from: number, end: number): boolean {
    if (this.bangAt === UNKNOWN || (this.bangAt !== -1 && this.bangAt < from))
      this.bangAt = after(buf, BANG, from);
    if (this.piAt === UNKNOWN || (this.piAt !== -1 && this.piAt < from)) this.piAt = after(buf, QMARK, from);
    return (this.bangAt !== -1 && this.bangAt < end) || (this.piAt !== -1 && this.piAt < end);
  }

  /** The next `"` or `'` at or after `from`. */
  nextQuote(buf: Buffer, from: number): number {
    const d = buf.indexOf(DQUOTE, from);
    if (this.squoteAt === UNKNOWN || (this.squoteAt !== -1 && this.squoteAt < from))
      this.squoteAt = buf.indexOf(SQUOTE, from);
    const s = this.squoteAt;
    if (s === -1) return d;
    return d === -1 || s < d ? s : d;
  }
}
