/**
 * The strict path: a walk over every tag of the document. It finds tags with `indexOf`, checks the
 * structure (one `<metadata>` root, every element closed by the same name, tracked as a stack of
 * name hashes; no DOCTYPE or entity declarations) and tells {@link PackageFields} about the tags it
 * meets. At each `<package>` it first offers the package to the fast path, when there is one, and
 * walks it only if that declines; once a package has every field returned, the rest of it is
 * skipped in one search.
 */
import { A, type Attributes } from './attributes.js';
import { PACKAGE_END, packageEnd } from './bytes.js';
import type { ChunkMarks } from './chunk-marks.js';
import type { ScanContext } from './context.js';
import type { FastPackage } from './fast-package.js';
import { H, K, PackageFields } from './package-fields.js';

const MAX_DEPTH = 256;
// Own constants, not imported: see bytes.ts.
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QMARK = 0x3f;
const BANG = 0x21;

export class TagWalk {
  rootSeen = false;
  rootClosed = false;
  private readonly stack = new Uint32Array(MAX_DEPTH);
  private depth = 0;
  private readonly fields: PackageFields;

  constructor(
    private readonly ctx: ScanContext,
    private readonly attrs: Attributes,
    private readonly marks: ChunkMarks,
    /** Null: walk every package (strict). */
    private readonly fast: FastPackage | null,
  ) {
    this.fields = new PackageFields(ctx, attrs);
  }

  /** Walks `buf`; returns -1 when it was all consumed, else where its incomplete tail starts. */
  scan(buf: Buffer): number {
    const len = buf.length;
    this.marks.reset();
    let pos = 0;
    while (pos < len) {
      const lt = buf.indexOf(LT, pos);
      if (lt === -1) {
        // Text being captured is kept for the next chunk, as an incomplete tag is: decoded a chunk
        // at a time, a UTF-8 character cut by the boundary would become two U+FFFD.
        if (this.fields.capture !== null) return pos;
        this.textRun(buf, pos, len);
        return -1;
      }
      if (lt > pos) this.textRun(buf, pos, lt);
      const next = this.markup(buf, lt, len);
      if (next === -1) return lt;
      pos = next;
    }
    return -1;
  }

  private textRun(buf: Buffer, from: number, to: number): void {
    if (this.fields.capture !== null) {
      this.fields.addText(buf.toString('utf8', from, to));
    } else if (this.depth === 0 && this.rootClosed) {
      for (let i = from; i < to; i++) {
        const c = buf[i]!;
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
          throw this.ctx.error('ERR_PRIMARY_INVALID', 'text after the root element');
        }
      }
    }
  }

  /** Handles the markup starting at `lt`; returns the position after it, or -1 if incomplete. */
  private markup(buf: Buffer, lt: number, len: number): number {
    if (lt + 1 >= len) return -1;
    const c = buf[lt + 1]!;
    if (c === SLASH) {
      const gt = buf.indexOf(GT, lt + 2);
      if (gt === -1) return -1;
      this.endTag(buf, lt + 2, gt);
      return gt + 1;
    }
    if (c === QMARK) {
      const end = buf.indexOf('?>', lt + 2, 'latin1');
      return end === -1 ? -1 : end + 2;
    }
    if (c === BANG) return this.declaration(buf, lt, len);
    return this.startTag(buf, lt, len);
  }

  /** A comment or CDATA section; anything else starting `<!` is refused. */
  private declaration(buf: Buffer, lt: number, len: number): number {
    if (len - lt < 9) return -1;
    const head = buf.toString('latin1', lt, lt + 9);
    if (head.startsWith('<!--')) {
      const end = buf.indexOf('-->', lt + 4, 'latin1');
      return end === -1 ? -1 : end + 3;
    }
    if (head === '<![CDATA[') {
      const end = buf.indexOf(']]>', lt + 9, 'latin1');
      if (end === -1) return -1;
      if (this.fields.capture !== null) this.fields.addCdata(buf.toString('utf8', lt + 9, end));
      return end + 3;
    }
    throw this.ctx.error(
      'ERR_XML_ENTITY',
      `'${head.replace(/[^\x20-\x7e]/g, '?')}…': DOCTYPE and entity declarations are refused`,
    );
  }

  private startTag(buf: Buffer, lt: number, len: number): number {
    // Name: up to whitespace, '/' or '>'.
    let i = lt + 1;
    let h = 0x811c9dc5;
    for (; i < len; i++) {
      const c = buf[i]!;
      if (c <= 0x20 || c === SLASH || c === GT) break;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (i >= len) return -1;
    if (i === lt + 1) throw this.ctx.error('ERR_PRIMARY_INVALID', `'<' not followed by a name`);
    h >>>= 0;
    const nameEnd = i;
    const fields = this.fields;
    // The rest of this package is not needed: jump to its end tag.
    if (fields.draftComplete && this.depth >= fields.packageDepth) {
      const skipped = this.skipPackage(buf, lt, len);
      if (skipped !== 0) return skipped;
    }
    const kind = fields.interest(h, buf, lt + 1, nameEnd, this.depth);
    if (kind === 0) {
      i = this.tagEnd(buf, nameEnd);
      if (i === -1) return -1;
    } else {
      i = this.attrs.collect(buf, nameEnd, len);
      if (i === -1) return -1;
    }
    if (i >= len) return -1;
    const selfClosing = buf[i - 1] === SLASH;
    if (kind === K.package && !selfClosing && this.fast !== null) {
      const next = this.fast.read(buf, i + 1, len);
      if (next !== 0) return next;
    }
    if (!this.rootSeen) {
      if (h !== H.metadata) throw this.ctx.error('ERR_PRIMARY_INVALID', 'the root element is not <metadata>');
      this.rootSeen = true;
      const count = this.attrs.raw(A.packages);
      if (count !== null) {
        if (!/^[0-9]{1,9}$/.test(count)) throw this.ctx.error('ERR_PRIMARY_INVALID', `packages="${count}"`);
        this.ctx.declaredCount = Number(count);
      }
    } else if (this.depth === 0) {
      throw this.ctx.error('ERR_PRIMARY_INVALID', 'a second root element');
    }
    if (kind !== 0) fields.start(kind, selfClosing, this.depth);
    if (!selfClosing) {
      if (this.depth >= MAX_DEPTH)
        throw this.ctx.error('ERR_PRIMARY_INVALID', `nesting deeper than ${MAX_DEPTH}`);
      this.stack[this.depth++] = h;
    } else if (kind === K.package) {
      throw this.ctx.error('ERR_PRIMARY_INVALID', 'an empty <package/>');
    }
    return i + 1;
  }

  /** The '>' ending a tag whose name ends at `from`, walking quoted values; -1 if incomplete. */
  private tagEnd(buf: Buffer, from: number): number {
    if (buf[from] === GT) return from;
    let gt = buf.indexOf(GT, from);
    if (gt === -1) return -1;
    // A '>' inside a quoted value does not end the tag: hop over quoted values that start before it.
    let q = this.marks.nextQuote(buf, from);
    while (q !== -1 && q < gt) {
      const close = buf.indexOf(buf[q]!, q + 1);
      if (close === -1) return -1;
      if (close > gt) {
        gt = buf.indexOf(GT, close + 1);
        if (gt === -1) return -1;
      }
      q = this.marks.nextQuote(buf, close + 1);
    }
    return gt;
  }

  private endTag(buf: Buffer, from: number, gt: number): void {
    let end = gt;
    while (end > from && buf[end - 1]! <= 0x20) end--;
    let h = 0x811c9dc5;
    for (let i = from; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    h >>>= 0;
    if (this.depth === 0 || this.stack[this.depth - 1] !== h) {
      throw this.ctx.error(
        'ERR_PRIMARY_INVALID',
        `unexpected </${buf.toString('utf8', from, end)}> near package ${this.ctx.count + 1}`,
      );
    }
    this.depth--;
    if (!this.fields.end(this.depth) && this.depth === 0) this.rootClosed = true;
  }

  /**
   * Skips the rest of a package that has every field we return to `</package>` in one search. Only
   * safe when no comment, CDATA or processing instruction lies in between (those may contain the
   * end tag as text), so then it declines (0) and the tags are walked one by one.
   * Returns the position after `</package>`, 0 to decline, -1 if the end is not in this chunk.
   */
  private skipPackage(buf: Buffer, lt: number, len: number): number {
    const end = packageEnd(buf, lt);
    if (end === -1) return len - lt > this.ctx.maxToken ? 0 : -1;
    if (this.marks.markupBetween(buf, lt, end)) return 0;
    this.depth = this.fields.packageDepth - 1;
    this.fields.skipped();
    return end + PACKAGE_END.length;
  }
}
