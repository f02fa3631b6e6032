/**
 * The attributes of the tag being read, as positions: [nameStart, nameEnd, valueStart, valueEnd]
 * per attribute, into the tag's own buffer. Names are compared as bytes and strings are made only
 * for the values asked for, so a tag costs one pass over its bytes and no garbage.
 */
import { startsWith, utf8 } from './bytes.js';
import type { ScanContext } from './context.js';
import type { Interner } from './interner.js';
import { decodeXmlText } from '../xml-text.js';

// Own constants, not imported: see bytes.ts.
const GT = 0x3e;
const SLASH = 0x2f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** The attribute names the scanner reads, as bytes. */
export const A = {
  packages: Buffer.from('packages', 'latin1'),
  epoch: Buffer.from('epoch', 'latin1'),
  ver: Buffer.from('ver', 'latin1'),
  rel: Buffer.from('rel', 'latin1'),
  href: Buffer.from('href', 'latin1'),
  base: Buffer.from('xml:base', 'latin1'),
  name: Buffer.from('name', 'latin1'),
  flags: Buffer.from('flags', 'latin1'),
  pre: Buffer.from('pre', 'latin1'),
  type: Buffer.from('type', 'latin1'),
};

export class Attributes {
  private pos = new Int32Array(64);
  private count = 0;
  private buf: Buffer = Buffer.alloc(0);

  constructor(
    private readonly ctx: ScanContext,
    private readonly interner: Interner,
  ) {}

  /** Walks a tag's attributes from `from` (after its name); returns the '>' position or -1. */
  collect(buf: Buffer, from: number, len: number): number {
    this.count = 0;
    this.buf = buf;
    let tokStart = -1;
    let tokEnd = -1;
    let i = from;
    for (; i < len; i++) {
      const c = buf[i]!;
      if (c === GT) return i;
      if (c === DQUOTE || c === SQUOTE) {
        // Values are short: a byte loop beats a native search call.
        let close = i + 1;
        while (close < len && buf[close] !== c) close++;
        if (close >= len) return -1;
        if (tokStart === -1) throw this.ctx.error('ERR_PRIMARY_INVALID', 'an attribute value without a name');
        let pos = this.pos;
        const at = this.count * 4;
        if (at + 4 > pos.length) {
          pos = new Int32Array(pos.length * 2);
          pos.set(this.pos);
          this.pos = pos;
        }
        pos[at] = tokStart;
        pos[at + 1] = tokEnd === -1 ? i : tokEnd;
        pos[at + 2] = i + 1;
        pos[at + 3] = close;
        this.count++;
        tokStart = -1;
        i = close;
      } else if (c <= 0x20 || c === 0x3d /* = */ || c === SLASH) {
        if (tokStart !== -1 && tokEnd === -1) tokEnd = i;
      } else if (tokStart === -1 || tokEnd !== -1) {
        tokStart = i;
        tokEnd = -1;
      }
    }
    return -1;
  }

  /** The offset in `pos` of the first attribute called `name`, or -1. */
  private index(name: Buffer): number {
    const pos = this.pos;
    const buf = this.buf;
    const n = name.length;
    for (let a = 0, at = 0; a < this.count; a++, at += 4) {
      const start = pos[at]!;
      if (pos[at + 1]! - start === n && startsWith(buf, start, name)) return at;
    }
    return -1;
  }

  /** Whether an attribute called `name` is present. */
  has(name: Buffer): boolean {
    return this.index(name) !== -1;
  }

  /** The raw (undecoded) value of the first attribute called `name`, or null. */
  raw(name: Buffer): string | null {
    const at = this.index(name);
    return at === -1 ? null : utf8(this.buf, this.pos[at + 2]!, this.pos[at + 3]!);
  }

  /**
   * Whether the value of `name`, entities decoded, is `value` or, with `orParen`, starts with
   * `value(`: compared on the bytes, without a string, unless they hold an entity or non-ASCII.
   */
  valueIs(name: Buffer, value: string, orParen = false): boolean {
    const at = this.index(name);
    if (at === -1) return false;
    const buf = this.buf;
    const start = this.pos[at + 2]!;
    const end = this.pos[at + 3]!;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80 || c === 0x26 /* & */) {
        const decoded = this.decoded(name)!;
        return decoded === value || (orParen && decoded.startsWith(`${value}(`));
      }
    }
    // ASCII without entities: the decoded value is the bytes as they are.
    const n = value.length;
    if (end - start < n) return false;
    for (let k = 0; k < n; k++) if (buf[start + k] !== value.charCodeAt(k)) return false;
    return end - start === n || (orParen && buf[start + n] === 0x28); /* ( */
  }

  /** The value, entities decoded, or null. */
  decoded(name: Buffer): string | null {
    const value = this.raw(name);
    return value === null ? null : decodeXmlText(value, this.ctx.subject);
  }

  /** As {@link decoded}, interned (for values that repeat). */
  interned(name: Buffer): string | null {
    const at = this.index(name);
    return at === -1 ? null : this.interner.interned(this.buf, this.pos[at + 2]!, this.pos[at + 3]!);
  }
}
