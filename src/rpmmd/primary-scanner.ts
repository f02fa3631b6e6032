/**
 * A streaming scanner for primary.xml, over decompressed bytes.
 *
 * A whole-document parser needs >1 GB for Fedora's 230 MB primary.xml (FACTS.md §7), and a
 * general SAX parser spends most of its time building strings nobody reads. This scanner works on
 * the bytes: it finds tags with `indexOf`, tracks nesting with a stack of name hashes (so every
 * element must be closed by the same name), and decodes only the handful of fields it returns.
 * Memory is bounded by the chunk size plus the largest single tag (`maxTokenBytes`).
 *
 * Element names are matched as written by createrepo_c and yum (`rpm:` prefix for the rpm
 * namespace), as createrepo_c's own parser does.
 */
import { RepodataError } from './errors.js';
import type { PrimaryDependency, PrimaryPackage } from './primary-types.js';
import { decodeXmlText } from './xml-text.js';

/** Options of {@link PrimaryScanner}. */
export interface PrimaryScannerOptions {
  /** Also collect `rpm:provides` and `rpm:requires` entries. */
  withDeps?: boolean | undefined;
  /** Walk every tag, never the fast path (tests compare both). */
  strict?: boolean | undefined;
  /** Largest tag, comment or captured text accepted (default 8 MiB). */
  maxTokenBytes?: number | undefined;
  /** For error messages. */
  subject?: string | undefined;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QMARK = 0x3f;
const BANG = 0x21;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const MAX_DEPTH = 256;
const PACKAGE_END = Buffer.from('</package>', 'latin1');
const UNKNOWN = -2;

/** Position of the '<' of the next `<` + `byte` pair at or after `from`, or -1 (single-byte searches are memchr-fast). */
function after(buf: Buffer, byte: number, from: number): number {
  let i = buf.indexOf(byte, from + 1);
  while (i !== -1 && buf[i - 1] !== LT) i = buf.indexOf(byte, i + 1);
  return i === -1 ? -1 : i - 1;
}
const NAME_OPEN = Buffer.from('<name>', 'latin1');
const NAME_CLOSE = Buffer.from('</name>', 'latin1');
const ARCH_OPEN = Buffer.from('<arch>', 'latin1');
const ARCH_CLOSE = Buffer.from('</arch>', 'latin1');
const VERSION_OPEN = Buffer.from('<version ', 'latin1');
const LOCATION_OPEN = Buffer.from('<location ', 'latin1');
const FORMAT_OPEN = Buffer.from('<format>', 'latin1');
const SOURCERPM = Buffer.from('<rpm:sourcerpm', 'latin1');
const SOURCERPM_EMPTY = Buffer.from('<rpm:sourcerpm/>', 'latin1');
const SOURCERPM_OPEN = Buffer.from('<rpm:sourcerpm>', 'latin1');
const SOURCERPM_CLOSE = Buffer.from('</rpm:sourcerpm>', 'latin1');
const PROVIDES_OPEN = Buffer.from('<rpm:provides>', 'latin1');
const PROVIDES_CLOSE = Buffer.from('</rpm:provides>', 'latin1');
const REQUIRES_OPEN = Buffer.from('<rpm:requires>', 'latin1');
const REQUIRES_CLOSE = Buffer.from('</rpm:requires>', 'latin1');
const ENTRY_OPEN = Buffer.from('<rpm:entry ', 'latin1');

/** Attribute names, as bytes: attributes are matched without making strings of their names. */
const A = {
  packages: Buffer.from('packages', 'latin1'),
  epoch: Buffer.from('epoch', 'latin1'),
  ver: Buffer.from('ver', 'latin1'),
  rel: Buffer.from('rel', 'latin1'),
  href: Buffer.from('href', 'latin1'),
  base: Buffer.from('xml:base', 'latin1'),
  name: Buffer.from('name', 'latin1'),
  flags: Buffer.from('flags', 'latin1'),
  pre: Buffer.from('pre', 'latin1'),
};

/** Node's Buffer has `utf8Slice`, what `toString('utf8', …)` calls after checking its arguments. */
interface SliceBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
}
const hasUtf8Slice = typeof (Buffer.prototype as Partial<SliceBuffer>).utf8Slice === 'function';
interface Latin1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string;
}
const hasLatin1Slice = typeof (Buffer.prototype as Partial<Latin1Buffer>).latin1Slice === 'function';
/** `buf.toString('latin1', start, end)`, as {@link utf8} (for bytes known to be ASCII). */
function latin1(buf: Buffer, start: number, end: number): string {
  return hasLatin1Slice ? (buf as Latin1Buffer).latin1Slice(start, end) : buf.toString('latin1', start, end);
}
/** `buf.toString('utf8', start, end)` without the argument checks and encoding lookup (hot: every field). */
function utf8(buf: Buffer, start: number, end: number): string {
  return hasUtf8Slice ? (buf as SliceBuffer).utf8Slice(start, end) : buf.toString('utf8', start, end);
}

/** The tail of '</package>' from its rarest byte ('k' in real metadata). */
const PACKAGE_END_TAIL = Buffer.from('kage>', 'latin1');

/**
 * The next `</package>` at or after `from`, or -1. A search for 'kage>' is one native call that
 * memchr's for 'k' (Node searches needles under 8 bytes linearly from their first byte); a search
 * for '</package>' starts from the frequent '<' and is several times slower. Text dense in
 * 'package>' falls back to that search, so the worst case stays that search.
 */
function packageEnd(buf: Buffer, from: number): number {
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

function startsWith(buf: Buffer, at: number, needle: Buffer): boolean {
  if (at < 0 || at + needle.length > buf.length) return false;
  for (let i = 0; i < needle.length; i++) if (buf[at + i] !== needle[i]) return false;
  return true;
}

function skipSpace(buf: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && buf[i]! <= 0x20) i++;
  return i;
}

/**
 * `<x>text</x>` at `at` (text without markup): the position of its `</x>`, or -1 when it is not
 * exactly that. No object per call: the text runs from `at + open.length` to the result.
 */
function textElement(buf: Buffer, at: number, end: number, open: Buffer, close: Buffer): number {
  if (!startsWith(buf, at, open)) return -1;
  // The text is short: a byte loop beats a native search call.
  let lt = at + open.length;
  while (lt < end && buf[lt] !== LT) lt++;
  if (lt >= end || !startsWith(buf, lt, close)) return -1;
  return lt;
}

/** Name hash: the same walk for start and end tags, so the stack holds numbers, not strings. */
function hashOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const H = {
  metadata: hashOf('metadata'),
  package: hashOf('package'),
  name: hashOf('name'),
  arch: hashOf('arch'),
  version: hashOf('version'),
  location: hashOf('location'),
  format: hashOf('format'),
  sourcerpm: hashOf('rpm:sourcerpm'),
  provides: hashOf('rpm:provides'),
  requires: hashOf('rpm:requires'),
  entry: hashOf('rpm:entry'),
};

const K = {
  metadata: 1,
  package: 2,
  name: 3,
  arch: 4,
  version: 5,
  location: 6,
  sourcerpm: 7,
  provides: 8,
  requires: 9,
  entry: 10,
} as const;

const names: Record<number, string> = {
  [K.metadata]: 'metadata',
  [K.package]: 'package',
  [K.name]: 'name',
  [K.arch]: 'arch',
  [K.version]: 'version',
  [K.location]: 'location',
  [K.sourcerpm]: 'rpm:sourcerpm',
  [K.provides]: 'rpm:provides',
  [K.requires]: 'rpm:requires',
  [K.entry]: 'rpm:entry',
};

const nameBytes: Record<number, Buffer> = Object.fromEntries(
  Object.entries(names).map(([k, v]) => [k, Buffer.from(v, 'latin1')]),
);

type Capture = 'name' | 'arch' | 'sourcerpm' | null;

interface PackageDraft {
  name: string | null;
  arch: string | null;
  epoch: string | null;
  version: string | null;
  release: string | null;
  sourcerpm: string | null;
  location: string | null;
  locationBase: string | null;
  provides: PrimaryDependency[] | null;
  requires: PrimaryDependency[] | null;
  /** With deps: `</rpm:provides>` and `</rpm:requires>` seen. */
  depsDone: number;
}

/**
 * Feed it decompressed primary.xml bytes chunk by chunk; each {@link PrimaryScanner.feed} returns the
 * packages completed in that chunk; {@link PrimaryScanner.finish} checks the document ended properly.
 */
export class PrimaryScanner {
  /** Packages announced by `<metadata packages="N">`, when stated. */
  declaredCount: number | null = null;
  /** Packages returned so far. */
  count = 0;

  private readonly withDeps: boolean;
  private readonly strict: boolean;
  private readonly maxToken: number;
  private readonly subject: string | undefined;
  private carry: Buffer | null = null;
  private readonly stack = new Uint32Array(MAX_DEPTH);
  private depth = 0;
  private rootSeen = false;
  private rootClosed = false;
  private packageDepth = -1;
  private depKind: 'provides' | 'requires' | null = null;
  private draft: PackageDraft | null = null;
  private capture: Capture = null;
  private captureDepth = -1;
  private text = '';
  private out: PrimaryPackage[] = [];
  private consumed = 0;
  // Attribute scratch: [nameStart, nameEnd, valueStart, valueEnd] per attribute of the tag being
  // parsed, in `attrBuf`; strings are made only for the values asked for.
  private attrPos = new Int32Array(64);
  private attrCount = 0;
  private attrBuf: Buffer = Buffer.alloc(0);
  /** {@link PrimaryScanner.interned} strings by hash of their bytes. */
  private readonly internMap = new Map<number, string>();
  // Positions of the next `'`, `<!` and `<?` in the current chunk (-1: none; stale when behind).
  private squoteAt = 0;
  private bangAt = 0;
  private piAt = 0;
  /** The package being read has every field returned (then the rest of it can be skipped). */
  private draftComplete = false;

  constructor(options: PrimaryScannerOptions = {}) {
    this.withDeps = options.withDeps === true;
    this.strict = options.strict === true;
    this.maxToken = options.maxTokenBytes ?? 8 * 1024 * 1024;
    this.subject = options.subject;
  }

  /** Scans one chunk; returns the packages it completed. */
  feed(chunk: Uint8Array): PrimaryPackage[] {
    let buf: Buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry !== null) {
      // Finish the package cut at the chunk boundary from a small joined buffer, rather than copying
      // the carry and the whole new chunk together.
      const carry = this.carry;
      this.carry = null;
      const cut = buf.indexOf(PACKAGE_END);
      if (cut !== -1) {
        this.scan(Buffer.concat([carry, buf.subarray(0, cut + PACKAGE_END.length)]));
        buf = buf.subarray(cut + PACKAGE_END.length);
        if (this.carry !== null) {
          buf = Buffer.concat([this.carry, buf]);
          this.carry = null;
        }
      } else {
        buf = Buffer.concat([carry, buf]);
      }
    }
    this.scan(buf);
    this.consumed += chunk.byteLength;
    const done = this.out;
    this.out = [];
    return done;
  }

  private scan(buf: Buffer): void {
    const len = buf.length;
    this.squoteAt = UNKNOWN;
    this.bangAt = UNKNOWN;
    this.piAt = UNKNOWN;
    let pos = 0;
    while (pos < len) {
      const lt = buf.indexOf(LT, pos);
      if (lt === -1) {
        this.textRun(buf, pos, len);
        return;
      }
      if (lt > pos) this.textRun(buf, pos, lt);
      const next = this.markup(buf, lt, len);
      if (next === -1) {
        if (len - lt > this.maxToken) {
          throw this.error('ERR_XML_TOO_LARGE', `a tag or comment longer than ${this.maxToken} bytes`);
        }
        this.carry = Buffer.from(buf.subarray(lt));
        return;
      }
      pos = next;
    }
  }

  /** True when a comment, CDATA, DOCTYPE or processing instruction starts in [from, end). */
  private markupBetween(buf: Buffer, from: number, end: number): boolean {
    if (this.bangAt === UNKNOWN || (this.bangAt !== -1 && this.bangAt < from))
      this.bangAt = after(buf, BANG, from);
    if (this.piAt === UNKNOWN || (this.piAt !== -1 && this.piAt < from)) this.piAt = after(buf, QMARK, from);
    return (this.bangAt !== -1 && this.bangAt < end) || (this.piAt !== -1 && this.piAt < end);
  }

  /** Checks that the document was complete (root closed, nothing pending). */
  finish(): void {
    if (this.carry !== null && this.carry.toString('latin1').trim() !== '') {
      throw this.error('ERR_PRIMARY_INVALID', 'the document ends inside a tag (truncated?)');
    }
    if (!this.rootSeen) throw this.error('ERR_PRIMARY_INVALID', 'no <metadata> root element');
    if (!this.rootClosed)
      throw this.error('ERR_PRIMARY_INVALID', 'the document ends before </metadata> (truncated?)');
    if (this.declaredCount !== null && this.declaredCount !== this.count) {
      throw this.error(
        'ERR_PRIMARY_INVALID',
        `<metadata packages="${this.declaredCount}"> but ${this.count} packages were found`,
      );
    }
  }

  private textRun(buf: Buffer, from: number, to: number): void {
    if (this.capture !== null) {
      this.text += buf.toString('utf8', from, to);
      if (this.text.length > this.maxToken) {
        throw this.error('ERR_XML_TOO_LARGE', `<${this.capture}> text longer than ${this.maxToken} bytes`);
      }
    } else if (this.depth === 0 && this.rootClosed) {
      for (let i = from; i < to; i++) {
        const c = buf[i]!;
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
          throw this.error('ERR_PRIMARY_INVALID', 'text after the root element');
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
      if (this.capture !== null) {
        // Re-escape so the entity decoding at the end of the element leaves it literal.
        this.text += buf.toString('utf8', lt + 9, end).replace(/&/g, '&amp;');
      }
      return end + 3;
    }
    throw this.error(
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
    if (i === lt + 1) throw this.error('ERR_PRIMARY_INVALID', `'<' not followed by a name`);
    h >>>= 0;
    const nameEnd = i;
    // The rest of this package is not needed: jump to its end tag.
    if (this.draftComplete && this.depth >= this.packageDepth) {
      const skipped = this.skipPackage(buf, lt, len);
      if (skipped !== 0) return skipped;
    }
    const kind = this.interest(h, buf, lt + 1, nameEnd);
    if (kind === 0) {
      i = this.tagEnd(buf, nameEnd);
      if (i === -1) return -1;
    } else {
      i = this.collectAttributes(buf, nameEnd, len);
      if (i === -1) return -1;
    }
    if (i >= len) return -1;
    const selfClosing = buf[i - 1] === SLASH;
    if (kind === K.package && !selfClosing && !this.strict) {
      const after = this.fastPackage(buf, i + 1, len);
      if (after !== 0) return after;
    }
    if (!this.rootSeen) {
      if (h !== H.metadata) throw this.error('ERR_PRIMARY_INVALID', 'the root element is not <metadata>');
      this.rootSeen = true;
      const count = this.attr(A.packages);
      if (count !== null) {
        if (!/^[0-9]{1,9}$/.test(count)) throw this.error('ERR_PRIMARY_INVALID', `packages="${count}"`);
        this.declaredCount = Number(count);
      }
    } else if (this.depth === 0) {
      throw this.error('ERR_PRIMARY_INVALID', 'a second root element');
    }
    if (kind !== 0) this.start(kind, selfClosing);
    if (!selfClosing) {
      if (this.depth >= MAX_DEPTH)
        throw this.error('ERR_PRIMARY_INVALID', `nesting deeper than ${MAX_DEPTH}`);
      this.stack[this.depth++] = h;
    } else if (kind === K.package) {
      throw this.error('ERR_PRIMARY_INVALID', 'an empty <package/>');
    }
    return i + 1;
  }

  /** The '>' ending a tag whose name ends at `from`, walking quoted values; -1 if incomplete. */
  private tagEnd(buf: Buffer, from: number): number {
    if (buf[from] === GT) return from;
    let gt = buf.indexOf(GT, from);
    if (gt === -1) return -1;
    // A '>' inside a quoted value does not end the tag: hop over quoted values that start before it.
    let q = this.nextQuote(buf, from);
    while (q !== -1 && q < gt) {
      const close = buf.indexOf(buf[q]!, q + 1);
      if (close === -1) return -1;
      if (close > gt) {
        gt = buf.indexOf(GT, close + 1);
        if (gt === -1) return -1;
      }
      q = this.nextQuote(buf, close + 1);
    }
    return gt;
  }

  /** The next `"` or `'` at or after `from` (single quotes are rare: their position is cached). */
  private nextQuote(buf: Buffer, from: number): number {
    const d = buf.indexOf(DQUOTE, from);
    if (this.squoteAt === UNKNOWN || (this.squoteAt !== -1 && this.squoteAt < from))
      this.squoteAt = buf.indexOf(SQUOTE, from);
    const s = this.squoteAt;
    if (s === -1) return d;
    return d === -1 || s < d ? s : d;
  }

  /** Walks a tag's attributes into the scratch arrays; returns the '>' position or -1. */
  private collectAttributes(buf: Buffer, from: number, len: number): number {
    this.attrCount = 0;
    this.attrBuf = buf;
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
        if (tokStart === -1) throw this.error('ERR_PRIMARY_INVALID', 'an attribute value without a name');
        let pos = this.attrPos;
        const at = this.attrCount * 4;
        if (at + 4 > pos.length) {
          pos = new Int32Array(pos.length * 2);
          pos.set(this.attrPos);
          this.attrPos = pos;
        }
        pos[at] = tokStart;
        pos[at + 1] = tokEnd === -1 ? i : tokEnd;
        pos[at + 2] = i + 1;
        pos[at + 3] = close;
        this.attrCount++;
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

  /**
   * Once a package has every field we return, the rest of it is skipped to `</package>` in one
   * search. Only safe when no comment, CDATA or processing instruction lies in between (those may
   * contain the end tag as text), so then it declines (0) and the tags are walked one by one.
   * Returns the position after `</package>`, 0 to decline, -1 if the end is not in this chunk.
   */
  private skipPackage(buf: Buffer, lt: number, len: number): number {
    const end = packageEnd(buf, lt);
    if (end === -1) return len - lt > this.maxToken ? 0 : -1;
    if (this.markupBetween(buf, lt, end)) return 0;
    this.depth = this.packageDepth - 1;
    this.depKind = null;
    this.emit();
    return end + PACKAGE_END.length;
  }

  /**
   * The fast path for a whole package laid out as createrepo_c writes it (`name`, `arch`,
   * `version` first, `location` before `format`, `rpm:sourcerpm` inside it): a few searches
   * instead of a walk over every tag. Anything else, or a comment / CDATA / processing instruction
   * inside the package, declines (0) and the package is walked tag by tag, so both paths give the
   * same result. Returns the position after `</package>`, 0 to decline, -1 if incomplete.
   */
  private fastPackage(buf: Buffer, from: number, len: number): number {
    const end = packageEnd(buf, from);
    if (end === -1) return len - from > this.maxToken ? 0 : -1;
    if (this.markupBetween(buf, from, end)) return 0;
    let p = skipSpace(buf, from, end);
    let close = textElement(buf, p, end, NAME_OPEN, NAME_CLOSE);
    if (close === -1) return 0;
    const name = this.text8(buf, p + NAME_OPEN.length, close);
    p = skipSpace(buf, close + NAME_CLOSE.length, end);
    close = textElement(buf, p, end, ARCH_OPEN, ARCH_CLOSE);
    if (close === -1) return 0;
    const arch = this.interned(buf, p + ARCH_OPEN.length, close);
    p = skipSpace(buf, close + ARCH_CLOSE.length, end);
    if (!startsWith(buf, p, VERSION_OPEN)) return 0;
    let gt = this.collectAttributes(buf, p + VERSION_OPEN.length, end);
    if (gt === -1 || buf[gt - 1] !== SLASH) return 0;
    const epochText = this.attrInterned(A.epoch);
    const version = this.attrInterned(A.ver);
    const release = this.attrInterned(A.rel);
    // createrepo_c writes <format> right after <location/>: one search finds both.
    const location = buf.indexOf(LOCATION_OPEN, gt);
    if (location === -1 || location > end) return 0;
    gt = this.collectAttributes(buf, location + LOCATION_OPEN.length, end);
    if (gt === -1 || buf[gt - 1] !== SLASH) return 0;
    let format = skipSpace(buf, gt + 1, end);
    if (!startsWith(buf, format, FORMAT_OPEN)) {
      format = buf.indexOf(FORMAT_OPEN, gt);
      if (format === -1 || format > end || location > format) return 0;
    }
    const href = this.attrDecoded(A.href);
    const base = this.attrDecoded(A.base);
    const source = buf.indexOf(SOURCERPM, format);
    if (source === -1 || source > end) return 0;
    let sourcerpm: string | null = null;
    if (!startsWith(buf, source, SOURCERPM_EMPTY)) {
      close = textElement(buf, source, end, SOURCERPM_OPEN, SOURCERPM_CLOSE);
      if (close === -1) return 0;
      if (close > source + SOURCERPM_OPEN.length)
        sourcerpm = this.text8(buf, source + SOURCERPM_OPEN.length, close);
    }
    // What emit() refuses is left to the tag walk, which reports it.
    if (name === '' || arch === '' || !version || !release || !href) return 0;
    let epoch: number | null = null;
    if (epochText === '0') epoch = 0;
    else if (epochText !== null && epochText !== '') {
      if (!/^[0-9]{1,10}$/.test(epochText)) return 0;
      epoch = Number(epochText);
    }
    let provides: PrimaryDependency[] | null = null;
    let requires: PrimaryDependency[] | null = null;
    if (this.withDeps) {
      provides = this.fastDeps(buf, format, end, PROVIDES_OPEN, PROVIDES_CLOSE);
      requires = this.fastDeps(buf, format, end, REQUIRES_OPEN, REQUIRES_CLOSE);
      if (provides === null || requires === null) return 0;
    }
    // The same shape as emit()'s.
    const pkg: PrimaryPackage = {
      name,
      epoch,
      version,
      release,
      arch,
      sourcerpm,
      location: href,
      locationBase: base,
    };
    if (provides !== null) pkg.provides = provides;
    if (requires !== null) pkg.requires = requires;
    this.count++;
    this.out.push(pkg);
    this.packageDepth = -1;
    return end + PACKAGE_END.length;
  }

  /** Element text as a string, entities decoded. */
  private text8(buf: Buffer, start: number, end: number): string {
    return decodeXmlText(utf8(buf, start, end), this.subject);
  }

  /**
   * Like {@link text8}, for values that repeat (arch, versions, dependency names): one string per
   * distinct short ASCII value, found by a hash of its bytes. Fewer strings made is less work for
   * the garbage collector, which otherwise copies each of them as they all survive.
   */
  private interned(buf: Buffer, start: number, end: number): string {
    const n = end - start;
    if (n > 48) return this.text8(buf, start, end);
    let h = 0x811c9dc5 ^ n;
    let high = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      high |= c & 0x80;
      if (c === 0x26 /* & */) high = 0x80;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (high !== 0) return this.text8(buf, start, end);
    const known = this.internMap.get(h);
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
    if (known === undefined && this.internMap.size < 16384) this.internMap.set(h, value);
    return value;
  }

  /** {@link interned} for an attribute value (as {@link attrDecoded}). */
  private attrInterned(name: Buffer): string | null {
    const at = this.attrIndex(name);
    return at === -1 ? null : this.interned(this.attrBuf, this.attrPos[at + 2]!, this.attrPos[at + 3]!);
  }

  /** The entries of one `rpm:provides` / `rpm:requires` list; null to decline. */
  private fastDeps(
    buf: Buffer,
    from: number,
    end: number,
    open: Buffer,
    close: Buffer,
  ): PrimaryDependency[] | null {
    const out: PrimaryDependency[] = [];
    // Searched within the package only: a package without this list must not cost a search to the
    // end of the chunk (that made reading with deps quadratic in the chunk size).
    const found = buf.subarray(from, end).indexOf(open);
    if (found === -1) return out;
    const start = from + found;
    const stop = buf.indexOf(close, start);
    if (stop === -1 || stop > end) return null;
    let q = start + open.length;
    for (;;) {
      q = buf.indexOf(LT, q);
      if (q === stop) return out;
      if (!startsWith(buf, q, ENTRY_OPEN)) return null;
      const gt = this.collectAttributes(buf, q + ENTRY_OPEN.length, stop);
      if (gt === -1 || buf[gt - 1] !== SLASH) return null;
      const name = this.attrInterned(A.name);
      if (name === null) return null;
      out.push({
        name,
        flags: this.attrInterned(A.flags),
        epoch: this.attrInterned(A.epoch),
        version: this.attrInterned(A.ver),
        release: this.attrInterned(A.rel),
        pre: this.attr(A.pre) === '1',
      });
      q = gt + 1;
    }
  }

  /** Which element this is, if we care about it here (0 = skip). */
  private interest(h: number, buf: Buffer, from: number, to: number): number {
    const d = this.depth;
    let kind = 0;
    if (d === 0) kind = K.metadata;
    else if (d === 1) kind = h === H.package ? K.package : 0;
    else if (this.packageDepth !== -1) {
      if (d === this.packageDepth) {
        if (h === H.name) kind = K.name;
        else if (h === H.arch) kind = K.arch;
        else if (h === H.version) kind = K.version;
        else if (h === H.location) kind = K.location;
      } else if (d === this.packageDepth + 1) {
        if (h === H.sourcerpm) kind = K.sourcerpm;
        else if (this.withDeps && (h === H.provides || h === H.requires))
          kind = h === H.provides ? K.provides : K.requires;
      } else if (d === this.packageDepth + 2 && this.depKind !== null && h === H.entry) kind = K.entry;
    }
    // Confirm the name itself: a hash match alone could be a collision.
    if (kind !== 0) {
      const name = nameBytes[kind]!;
      if (to - from !== name.length || !startsWith(buf, from, name)) kind = 0;
    }
    return kind;
  }

  private start(kind: number, selfClosing: boolean): void {
    switch (kind) {
      case K.metadata:
        return;
      case K.package:
        this.packageDepth = this.depth + 1;
        this.draft = {
          name: null,
          arch: null,
          epoch: null,
          version: null,
          release: null,
          sourcerpm: null,
          location: null,
          locationBase: null,
          provides: this.withDeps ? [] : null,
          requires: this.withDeps ? [] : null,
          depsDone: 0,
        };
        this.draftComplete = false;
        return;
      case K.name:
      case K.arch:
      case K.sourcerpm:
        if (selfClosing) {
          this.setText(kind, '');
        } else {
          this.capture = kind === K.name ? 'name' : kind === K.arch ? 'arch' : 'sourcerpm';
          this.captureDepth = this.depth + 1;
          this.text = '';
        }
        return;
      case K.version: {
        const draft = this.draft!;
        draft.epoch = this.attrDecoded(A.epoch);
        draft.version = this.attrDecoded(A.ver);
        draft.release = this.attrDecoded(A.rel);
        this.checkComplete();
        return;
      }
      case K.location:
        this.draft!.location = this.attrDecoded(A.href);
        this.draft!.locationBase = this.attrDecoded(A.base);
        this.checkComplete();
        return;
      case K.provides:
      case K.requires:
        if (!selfClosing) this.depKind = kind === K.provides ? 'provides' : 'requires';
        return;
      case K.entry: {
        const name = this.attrDecoded(A.name);
        if (name === null)
          throw this.error('ERR_PRIMARY_INVALID', `<rpm:entry> without a name in ${this.where()}`);
        const entry: PrimaryDependency = {
          name,
          flags: this.attrDecoded(A.flags),
          epoch: this.attrDecoded(A.epoch),
          version: this.attrDecoded(A.ver),
          release: this.attrDecoded(A.rel),
          pre: this.attr(A.pre) === '1',
        };
        this.draft![this.depKind!]!.push(entry);
        return;
      }
    }
  }

  private endTag(buf: Buffer, from: number, gt: number): void {
    let end = gt;
    while (end > from && buf[end - 1]! <= 0x20) end--;
    let h = 0x811c9dc5;
    for (let i = from; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    h >>>= 0;
    if (this.depth === 0 || this.stack[this.depth - 1] !== h) {
      throw this.error(
        'ERR_PRIMARY_INVALID',
        `unexpected </${buf.toString('utf8', from, end)}> near package ${this.count + 1}`,
      );
    }
    this.depth--;
    if (this.capture !== null && this.depth + 1 === this.captureDepth) {
      const kind = this.capture === 'name' ? K.name : this.capture === 'arch' ? K.arch : K.sourcerpm;
      this.capture = null;
      this.setText(kind, this.text);
      this.text = '';
    } else if (this.depKind !== null && this.depth === this.packageDepth + 1) {
      this.depKind = null;
      this.draft!.depsDone++;
      this.checkComplete();
    } else if (this.depth + 1 === this.packageDepth) {
      this.emit();
    } else if (this.depth === 0) {
      this.rootClosed = true;
    }
  }

  private setText(kind: number, raw: string): void {
    const value = decodeXmlText(raw, this.subject);
    const draft = this.draft!;
    if (kind === K.name) draft.name = value;
    else if (kind === K.arch) draft.arch = value;
    else draft.sourcerpm = value;
    this.checkComplete();
  }

  private checkComplete(): void {
    const d = this.draft!;
    this.draftComplete =
      d.name !== null &&
      d.arch !== null &&
      d.version !== null &&
      d.location !== null &&
      d.sourcerpm !== null &&
      (!this.withDeps || d.depsDone === 2);
  }

  private emit(): void {
    const d = this.draft!;
    this.draft = null;
    this.draftComplete = false;
    this.packageDepth = -1;
    const bad = (v: string | null) => v === null || v === '';
    if (bad(d.name) || bad(d.arch) || bad(d.version) || bad(d.release) || bad(d.location)) {
      const missing = (['name', 'arch', 'version', 'release', 'location'] as const).filter((k) => bad(d[k]));
      throw this.error(
        'ERR_PRIMARY_INVALID',
        `package ${this.count + 1}${d.name === null ? '' : ` (${d.name})`} lacks ${missing.join(', ')}`,
      );
    }
    let epoch: number | null = null;
    if (d.epoch === '0') epoch = 0;
    else if (d.epoch !== null && d.epoch !== '') {
      if (!/^[0-9]{1,10}$/.test(d.epoch)) {
        throw this.error('ERR_PRIMARY_INVALID', `package ${d.name}: epoch '${d.epoch}' is not a number`);
      }
      epoch = Number(d.epoch);
    }
    const pkg: PrimaryPackage = {
      name: d.name!,
      epoch,
      version: d.version!,
      release: d.release!,
      arch: d.arch!,
      sourcerpm: d.sourcerpm === '' ? null : d.sourcerpm,
      location: d.location!,
      locationBase: d.locationBase,
    };
    if (d.provides !== null) pkg.provides = d.provides;
    if (d.requires !== null) pkg.requires = d.requires;
    this.count++;
    this.out.push(pkg);
  }

  /** The offset in `attrPos` of the first attribute called `name`, or -1. */
  private attrIndex(name: Buffer): number {
    const pos = this.attrPos;
    const buf = this.attrBuf;
    const n = name.length;
    for (let a = 0, at = 0; a < this.attrCount; a++, at += 4) {
      const start = pos[at]!;
      if (pos[at + 1]! - start === n && startsWith(buf, start, name)) return at;
    }
    return -1;
  }

  /** The raw (undecoded) value of the first attribute called `name`, or null. */
  private attr(name: Buffer): string | null {
    const at = this.attrIndex(name);
    return at === -1 ? null : utf8(this.attrBuf, this.attrPos[at + 2]!, this.attrPos[at + 3]!);
  }

  private attrDecoded(name: Buffer): string | null {
    const value = this.attr(name);
    return value === null ? null : decodeXmlText(value, this.subject);
  }

  private where(): string {
    return this.draft?.name ?? `package ${this.count + 1}`;
  }

  private error(code: 'ERR_PRIMARY_INVALID' | 'ERR_XML_ENTITY' | 'ERR_XML_TOO_LARGE', detail: string) {
    return new RepodataError(
      code,
      `Invalid primary.xml${this.subject === undefined ? '' : ` ${this.subject}`} (after ${this.consumed} bytes): ${detail}`,
      { subject: this.subject },
    );
  }
}
