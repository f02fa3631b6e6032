/**
 * A streaming scanner for primary.xml, over decompressed bytes.
 *
 * A whole-document parser needs >1 GB for Fedora's 230 MB primary.xml (FACTS.md §7), and a
 * general SAX parser spends most of its time building strings nobody reads. This scanner works on
 * the bytes and decodes only the handful of fields it returns. Memory is bounded by the chunk size
 * plus the largest single tag (`maxTokenBytes`).
 *
 * This class carries the state across chunks (the cut tail of the last one) and picks the paths;
 * the parts are in `primary-scanner/`: the tag walk that checks the structure (`tag-walk.ts`), the
 * fast path for createrepo_c's package layout it offers each package to (`fast-package.ts`), and
 * their byte-level helpers.
 */
import { Attributes } from './primary-scanner/attributes.js';
import { PACKAGE_END } from './primary-scanner/bytes.js';
import { ChunkMarks } from './primary-scanner/chunk-marks.js';
import { ScanContext } from './primary-scanner/context.js';
import { EntryCache } from './primary-scanner/entry-cache.js';
import { FastPackage } from './primary-scanner/fast-package.js';
import { Interner } from './primary-scanner/interner.js';
import { TagWalk } from './primary-scanner/tag-walk.js';
import type { DependencySelection, PrimaryPackage } from './primary-types.js';

/** Options of {@link PrimaryScanner}. */
export interface PrimaryScannerOptions {
  /** Which `rpm:provides` / `rpm:requires` entries to collect (see {@link DependencySelection}). */
  withDeps?: DependencySelection | undefined;
  /** Also return each package's `<checksum>` (the file's digest, to verify a download). */
  withChecksum?: boolean | undefined;
  /** Walk every tag, never the fast path (tests compare both). */
  strict?: boolean | undefined;
  /** Largest tag, comment or captured text accepted (default 8 MiB). */
  maxTokenBytes?: number | undefined;
  /** For error messages. */
  subject?: string | undefined;
}

/**
 * Feed it decompressed primary.xml bytes chunk by chunk; each {@link PrimaryScanner.feed} returns the
 * packages completed in that chunk; {@link PrimaryScanner.finish} checks the document ended properly.
 */
export class PrimaryScanner {
  private readonly ctx: ScanContext;
  private readonly walk: TagWalk;
  /** The incomplete markup at the end of the last chunk. */
  private carry: Buffer | null = null;

  constructor(options: PrimaryScannerOptions = {}) {
    const ctx = new ScanContext(
      options.withDeps === true || options.withDeps === 'provides' || options.withDeps === 'exact-provides',
      options.maxTokenBytes ?? 8 * 1024 * 1024,
      options.subject,
      options.withChecksum === true,
      options.withDeps === true,
      options.withDeps === 'exact-provides',
    );
    const interner = new Interner(ctx.subject);
    const attrs = new Attributes(ctx, interner);
    const marks = new ChunkMarks();
    const entries = ctx.withDeps ? new EntryCache() : null;
    const fast = options.strict === true ? null : new FastPackage(ctx, attrs, interner, marks, entries);
    this.ctx = ctx;
    this.walk = new TagWalk(ctx, attrs, marks, fast);
  }

  /** Packages announced by `<metadata packages="N">`, when stated. */
  get declaredCount(): number | null {
    return this.ctx.declaredCount;
  }

  /** Packages returned so far. */
  get count(): number {
    return this.ctx.count;
  }

  /** Of those, the ones read by the fast path (the rest were walked tag by tag). */
  get fastCount(): number {
    return this.ctx.fastCount;
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
    this.ctx.consumed += chunk.byteLength;
    return this.ctx.take();
  }

  private scan(buf: Buffer): void {
    const tail = this.walk.scan(buf);
    if (tail === -1) return;
    if (buf.length - tail > this.ctx.maxToken) {
      throw this.ctx.error('ERR_XML_TOO_LARGE', `a tag or comment longer than ${this.ctx.maxToken} bytes`);
    }
    this.carry = Buffer.from(buf.subarray(tail));
  }

  /** Checks that the document was complete (root closed, nothing pending). */
  finish(): void {
    const { ctx } = this;
    if (this.carry !== null && this.carry.toString('latin1').trim() !== '') {
      throw ctx.error('ERR_PRIMARY_INVALID', 'the document ends inside a tag (truncated?)');
    }
    if (!this.walk.rootSeen) throw ctx.error('ERR_PRIMARY_INVALID', 'no <metadata> root element');
    if (!this.walk.rootClosed)
      throw ctx.error('ERR_PRIMARY_INVALID', 'the document ends before </metadata> (truncated?)');
    if (ctx.declaredCount !== null && ctx.declaredCount !== ctx.count) {
      throw ctx.error(
        'ERR_PRIMARY_INVALID',
        `<metadata packages="${ctx.declaredCount}"> but ${ctx.count} packages were found`,
      );
    }
  }
}
