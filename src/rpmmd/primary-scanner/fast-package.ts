/**
 * The fast path: a whole package laid out as createrepo_c writes it (`name`, `arch`, `version`
 * first, `location` before `format`, `rpm:sourcerpm` inside it), read with a few searches instead
 * of a walk over every tag; nearly all of the time spent on Fedora's metadata is in this one
 * function. Anything else, or a comment / CDATA / processing instruction inside the package (which
 * may hide tags as text), declines and the tag walk reads the package from its start, so both paths
 * give the same result; so does anything the walk would refuse, so that the walk reports it.
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
const SLASH = 0x2f;
// Tags as createrepo_c writes them.
const NAME_OPEN = Buffer.from('<name>', 'latin1');
const NAME_CLOSE = Buffer.from('</name>', 'latin1');
const ARCH_OPEN = Buffer.from('<arch>', 'latin1');
const ARCH_CLOSE = Buffer.from('</arch>', 'latin1');
const VERSION_OPEN = Buffer.from('<version ', 'latin1');
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
  constructor(
    private readonly ctx: ScanContext,
    private readonly attrs: Attributes,
    private readonly interner: Interner,
    private readonly marks: ChunkMarks,
    /** Repeated dependency entries (with deps only). */
    private readonly entries: EntryCache | null,
  ) {}

  /**
   * Reads the package whose content starts at `from` (after `<package …>`) and hands it to the
   * context. Returns the position after `</package>`, 0 to decline, -1 if its end is not in `buf`.
   */
  read(buf: Buffer, from: number, len: number): number {
    const end = packageEnd(buf, from);
    if (end === -1) return len - from > this.ctx.maxToken ? 0 : -1;
    if (this.marks.markupBetween(buf, from, end)) return 0;
    const attrs = this.attrs;
    let p = skipSpace(buf, from, end);
    let close = textElement(buf, p, end, NAME_OPEN, NAME_CLOSE);
    if (close === -1) return 0;
    const name = this.interner.text(buf, p + NAME_OPEN.length, close);
    p = skipSpace(buf, close + NAME_CLOSE.length, end);
    close = textElement(buf, p, end, ARCH_OPEN, ARCH_CLOSE);
    if (close === -1) return 0;
    const arch = this.interner.interned(buf, p + ARCH_OPEN.length, close);
    p = skipSpace(buf, close + ARCH_CLOSE.length, end);
    if (!startsWith(buf, p, VERSION_OPEN)) return 0;
    let gt = attrs.collect(buf, p + VERSION_OPEN.length, end);
    if (gt === -1 || buf[gt - 1] !== SLASH) return 0;
    const epochText = attrs.interned(A.epoch);
    const version = attrs.interned(A.ver);
    const release = attrs.interned(A.rel);
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
    }
    // createrepo_c writes <format> right after <location/>: one search finds both.
    const location = buf.indexOf(LOCATION_OPEN, gt);
    if (location === -1 || location > end) return 0;
    gt = attrs.collect(buf, location + LOCATION_OPEN.length, end);
    if (gt === -1 || buf[gt - 1] !== SLASH) return 0;
    let format = skipSpace(buf, gt + 1, end);
    if (!startsWith(buf, format, FORMAT_OPEN)) {
      format = buf.indexOf(FORMAT_OPEN, gt);
      if (format === -1 || format > end) return 0;
    }
    const href = attrs.decoded(A.href);
    const base = attrs.decoded(A.base);
    const source = buf.indexOf(SOURCERPM, format);
    if (source === -1 || source > end) return 0;
    let sourcerpm: string | null = null;
    if (!startsWith(buf, source, SOURCERPM_EMPTY)) {
      close = textElement(buf, source, end, SOURCERPM_OPEN, SOURCERPM_CLOSE);
      if (close === -1) return 0;
      if (close > source + SOURCERPM_OPEN.length)
        sourcerpm = this.interner.text(buf, source + SOURCERPM_OPEN.length, close);
    }
    // What toPackage() refuses is left to the tag walk, which reports it.
    if (name === '' || arch === '' || !version || !release || !href) return 0;
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
    return end + PACKAGE_END.length;
  }
}
