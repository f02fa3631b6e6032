/**
 * The fast path: packages laid out as createrepo_c writes them (`name`, `arch`, `version` first,
 * `location` before `format`, `rpm:sourcerpm` inside it), read with a few searches instead of a
 * walk over every tag; nearly all of the time spent on Fedora's metadata is in this file. Anything
 * else, or a comment / CDATA / processing instruction inside the package (which may hide tags as
 * text), declines and the tag walk reads the package from its start, so both paths give the same
 * result; so does anything the walk would refuse, so that the walk reports it. (The searches take
 * the first `<location `, `<format>` and `<rpm:sourcerpm` of the package, where the rpm-md schema
 * puts them; the walk takes them only there.)
 *
 * What is not returned is not looked at: one search for `</package>` (see packageEnd) bounds the
 * package, the searches for `<location ` and `<rpm:sourcerpm` jump over the summary, description
 * and the rest of the format, and the dependencies and files after them are not read at all. The
 * attributes of `version` and `location` are read in place when written as createrepo_c writes
 * them, and from one package to the next createrepo_c's `<package type="rpm">` is taken as it is,
 * without going back to the tag walk.
 */
import { A, type Attributes } from './attributes.js';
import { PACKAGE_END, packageEnd, startsWith } from './bytes.js';
import type { ChunkMarks } from './chunk-marks.js';
import type { ScanContext } from './context.js';
import { dependencyList } from './deps.js';
import type { EntryCache } from './entry-cache.js';
import { packageOf, parseEpoch } from './draft.js';
import type { Interner } from './interner.js';
import type { PrimaryDependency } from '../primary-types.js';
import type { RepoChecksum } from '../repomd-types.js';

// Own constants, not imported: see bytes.ts.
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const DQUOTE = 0x22;
const AMP = 0x26;
// Tags as createrepo_c writes them.
const PACKAGE_RPM_OPEN = Buffer.from('<package type="rpm">', 'latin1');
const NAME_OPEN = Buffer.from('<name>', 'latin1');
const NAME_CLOSE = Buffer.from('</name>', 'latin1');
const ARCH_OPEN = Buffer.from('<arch>', 'latin1');
const ARCH_CLOSE = Buffer.from('</arch>', 'latin1');
const VERSION_OPEN = Buffer.from('<version ', 'latin1');
const EPOCH_IS = Buffer.from('epoch="', 'latin1');
const VER_IS = Buffer.from(' ver="', 'latin1');
const REL_IS = Buffer.from(' rel="', 'latin1');
const HREF_IS = Buffer.from('href="', 'latin1');
const LOCATION_OPEN = Buffer.from('<location ', 'latin1');
const CHECKSUM_OPEN = Buffer.from('<checksum ', 'latin1');
const CHECKSUM_CLOSE = Buffer.from('</checksum>', 'latin1');
/** The end of `<checksum …>`, as textElement's opening: the text starts after it. */
const CHECKSUM_GT = Buffer.from('>', 'latin1');
const FORMAT_OPEN = Buffer.from('<format>', 'latin1');
const SOURCERPM = Buffer.from('<rpm:sourcerpm', 'latin1');
const SOURCERPM_EMPTY = Buffer.from('<rpm:sourcerpm/>', 'latin1');
const SOURCERPM_OPEN = Buffer.from('<rpm:sourcerpm>', 'latin1');
const SOURCERPM_CLOSE = Buffer.from('</rpm:sourcerpm>', 'latin1');
const PROVIDES_OPEN = Buffer.from('<rpm:provides>', 'latin1');
const PROVIDES_CLOSE = Buffer.from('</rpm:provides>', 'latin1');
const REQUIRES_OPEN = Buffer.from('<rpm:requires>', 'latin1');
const REQUIRES_CLOSE = Buffer.from('</rpm:requires>', 'latin1');

/**
 * The first '<' at or after `from`, or `end`. Names and source rpms are short: a byte loop beats a
 * native search call, and the string is then made by the UTF-8 decoder, whose ASCII path is as fast
 * as a latin1 copy, so the loop need not look at what the bytes are.
 */
function textEnd(buf: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && buf[i] !== LT) i++;
  return i;
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

export class FastPackage {
  /** Set by {@link quoted}: the OR of the value's bytes, 0x80 added for a `&` (see Interner.scanned). */
  private bits = 0;
  // Set by versionInPlace.
  private epochText: string | null = null;
  private version: string | null = null;
  private release: string | null = null;

  constructor(
    private readonly ctx: ScanContext,
    private readonly attrs: Attributes,
    private readonly interner: Interner,
    private readonly marks: ChunkMarks,
    /** Repeated dependency entries (with deps only). */
    private readonly entries: EntryCache | null,
  ) {}

  /**
   * Reads the package whose content starts at `from` (after `<package …>`), and the ones that follow
   * it as createrepo_c writes them, handing them to the context. Returns the position after the
   * last `</package>` read; for the first, 0 to decline, -1 if its end is not in `buf`.
   */
  read(buf: Buffer, from: number, len: number): number {
    let done = this.one(buf, from, len);
    if (done <= 0) return done;
    for (;;) {
      const next = skipSpace(buf, done, len);
      if (!startsWith(buf, next, PACKAGE_RPM_OPEN)) return done;
      const after = this.one(buf, next + PACKAGE_RPM_OPEN.length, len);
      // Declined or cut: the walk meets this package's start tag again and decides.
      if (after <= 0) return done;
      done = after;
    }
  }

  /** One package: as {@link read} for the first. */
  private one(buf: Buffer, from: number, len: number): number {
    const end = packageEnd(buf, from);
    if (end === -1) return len - from > this.ctx.maxToken ? 0 : -1;
    if (this.marks.markupBetween(buf, from, end)) return 0;
    const attrs = this.attrs;
    const interner = this.interner;
    let p = skipSpace(buf, from, end);
    if (!startsWith(buf, p, NAME_OPEN)) return 0;
    p += NAME_OPEN.length;
    let close = textEnd(buf, p, end);
    if (close === p || !startsWith(buf, close, NAME_CLOSE)) return 0;
    const name = interner.text(buf, p, close);
    p = skipSpace(buf, close + NAME_CLOSE.length, end);
    close = textElement(buf, p, end, ARCH_OPEN, ARCH_CLOSE);
    if (close === -1) return 0;
    const arch = interner.interned(buf, p + ARCH_OPEN.length, close);
    p = skipSpace(buf, close + ARCH_CLOSE.length, end);
    if (!startsWith(buf, p, VERSION_OPEN)) return 0;
    p += VERSION_OPEN.length;
    let gt = this.versionInPlace(buf, p, end);
    if (gt === -1) {
      gt = attrs.collect(buf, p, end);
      if (gt === -1 || buf[gt - 1] !== SLASH) return 0;
      this.epochText = attrs.interned(A.epoch);
      this.version = attrs.interned(A.ver);
      this.release = attrs.interned(A.rel);
    }
    const { epochText, version, release } = this;
    let checksum: RepoChecksum | null = null;
    if (this.ctx.withChecksum) {
      // createrepo_c writes <checksum> right after <version/>; anything else is left to the walk.
      const at = skipSpace(buf, gt + 1, end);
      if (!startsWith(buf, at, CHECKSUM_OPEN)) return 0;
      gt = attrs.collect(buf, at + CHECKSUM_OPEN.length, end);
      if (gt === -1 || buf[gt - 1] === SLASH) return 0;
      close = textElement(buf, gt + 1 - CHECKSUM_GT.length, end, CHECKSUM_GT, CHECKSUM_CLOSE);
      if (close === -1) return 0;
      const hex = buf.toString('latin1', gt + 1, close).trim();
      const type = attrs.decoded(A.type);
      // What checksumValue() refuses is left to the tag walk, which reports it.
      if (hex === '' || type === null || type === '' || !/^[0-9a-fA-F]+$/.test(hex)) return 0;
      checksum = { type, value: hex.toLowerCase() };
      gt = close + CHECKSUM_CLOSE.length - 1;
    }
    // createrepo_c writes <format> right after <location/>: one search finds both.
    const location = buf.indexOf(LOCATION_OPEN, gt);
    if (location === -1 || location > end) return 0;
    p = location + LOCATION_OPEN.length;
    let href: string | null = null;
    let base: string | null = null;
    gt = this.hrefInPlace(buf, p, end);
    if (gt !== -1) {
      href = interner.scanned(buf, p + HREF_IS.length, gt - 2, this.bits);
    } else {
      gt = attrs.collect(buf, p, end);
      if (gt === -1 || buf[gt - 1] !== SLASH) return 0;
      href = attrs.decoded(A.href);
      base = attrs.decoded(A.base);
    }
    let format = skipSpace(buf, gt + 1, end);
    if (!startsWith(buf, format, FORMAT_OPEN)) {
      format = buf.indexOf(FORMAT_OPEN, gt);
      if (format === -1 || format > end) return 0;
    }
    const source = buf.indexOf(SOURCERPM, format);
    if (source === -1 || source > end) return 0;
    let sourcerpm: string | null = null;
    if (!startsWith(buf, source, SOURCERPM_EMPTY)) {
      if (!startsWith(buf, source, SOURCERPM_OPEN)) return 0;
      p = source + SOURCERPM_OPEN.length;
      close = textEnd(buf, p, end);
      if (!startsWith(buf, close, SOURCERPM_CLOSE)) return 0;
      if (close > p) sourcerpm = interner.text(buf, p, close);
    }
    // What toPackage() refuses is left to the tag walk, which reports it.
    if (arch === '' || !version || !release || !href) return 0;
    const epoch = parseEpoch(epochText);
    if (epoch === undefined) return 0;
    let provides: PrimaryDependency[] | null = null;
    let requires: PrimaryDependency[] | null = null;
    if (this.entries !== null) {
      provides = dependencyList(
        buf,
        format,
        end,
        PROVIDES_OPEN,
        PROVIDES_CLOSE,
        attrs,
        this.entries,
        name,
        this.ctx.exactProvides,
      );
      if (this.ctx.withRequires) {
        requires = dependencyList(
          buf,
          format,
          end,
          REQUIRES_OPEN,
          REQUIRES_CLOSE,
          attrs,
          this.entries,
          name,
          false,
        );
        if (requires === null) return 0;
      }
      if (provides === null) return 0;
    }
    // The same shapes as toPackage()'s.
    const pkg = packageOf(
      name,
      epoch,
      version,
      release,
      arch,
      sourcerpm,
      href,
      base,
      this.ctx.withChecksum ? checksum : undefined,
      provides,
      requires,
    );
    this.ctx.push(pkg);
    this.ctx.fastCount++;
    return end + PACKAGE_END.length;
  }

  /** The end of a quoted value starting at `from` (its closing '"'), or -1; sets {@link bits}. */
  private quoted(buf: Buffer, from: number, end: number): number {
    let bits = 0;
    for (let i = from; i < end; i++) {
      const c = buf[i]!;
      if (c === DQUOTE) {
        this.bits = bits;
        return i;
      }
      bits |= c;
      if (c === AMP) bits |= 0x80;
    }
    return -1;
  }

  /**
   * `epoch="E" ver="V" rel="R"/>` from `from`, exactly as createrepo_c writes it: the values are
   * read in place, without collecting the attributes. Returns the '>' position, or -1 for any other
   * form (then the attributes are collected).
   */
  private versionInPlace(buf: Buffer, from: number, end: number): number {
    if (!startsWith(buf, from, EPOCH_IS)) return -1;
    const interner = this.interner;
    let start = from + EPOCH_IS.length;
    let quote = this.quoted(buf, start, end);
    if (quote === -1 || !startsWith(buf, quote + 1, VER_IS)) return -1;
    this.epochText = interner.interned(buf, start, quote);
    start = quote + 1 + VER_IS.length;
    quote = this.quoted(buf, start, end);
    if (quote === -1 || !startsWith(buf, quote + 1, REL_IS)) return -1;
    this.version = interner.interned(buf, start, quote);
    start = quote + 1 + REL_IS.length;
    quote = this.quoted(buf, start, end);
    if (quote === -1) return -1;
    this.release = interner.interned(buf, start, quote);
    const slash = skipSpace(buf, quote + 1, end);
    return buf[slash] === SLASH && buf[slash + 1] === GT ? slash + 1 : -1;
  }

  /**
   * `href="…"/>` from `from` (after `<location `), exactly: returns the '>' position (the value
   * ends 2 bytes before it, {@link bits} set for it), or -1 for any other form.
   */
  private hrefInPlace(buf: Buffer, from: number, end: number): number {
    if (!startsWith(buf, from, HREF_IS)) return -1;
    const quote = this.quoted(buf, from + HREF_IS.length, end);
    if (quote === -1 || buf[quote + 1] !== SLASH || buf[quote + 2] !== GT) return -1;
    return quote + 2;
  }
}
