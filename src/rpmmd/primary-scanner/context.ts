/**
 * What the parts of the scanner share: its options, the packages completed so far (the fast path
 * and the tag walk both add to them), and the one way they all fail, an error that names the
 * document and how far into it the failure was.
 */
import { RepodataError } from '../errors.js';
import type { PrimaryPackage } from '../primary-types.js';

export class ScanContext {
  /** Packages announced by `<metadata packages="N">`, when stated. */
  declaredCount: number | null = null;
  /** Packages completed so far. */
  count = 0;
  /** Of those, the ones the fast path read (tests check that it takes createrepo_c's layout). */
  fastCount = 0;
  /** Decompressed bytes fed before the current chunk. */
  consumed = 0;
  private out: PrimaryPackage[] = [];

  constructor(
    /** Also collect `rpm:provides` and `rpm:requires` entries. */
    readonly withDeps: boolean,
    /** Largest tag, comment or captured text accepted. */
    readonly maxToken: number,
    /** For error messages. */
    readonly subject: string | undefined,
    /** Also return each package's `<checksum>` (what a download is verified against). */
    readonly withChecksum: boolean = false,
    /** With deps: also `rpm:requires` (false: `rpm:provides` only, requires are not read). */
    readonly withRequires: boolean = withDeps,
    /**
     * With deps: of the provides, only the versioned `=` ones other than the package's own name
     * (`withDeps: 'exact-provides'`, what a capability index needs).
     */
    readonly exactProvides: boolean = false,
  ) {}

  push(pkg: PrimaryPackage): void {
    this.count++;
    this.out.push(pkg);
  }

  /** The packages completed since the last call. */
  take(): PrimaryPackage[] {
    const done = this.out;
    this.out = [];
    return done;
  }

  error(code: 'ERR_PRIMARY_INVALID' | 'ERR_XML_ENTITY' | 'ERR_XML_TOO_LARGE', detail: string): RepodataError {
    return new RepodataError(
      code,
      `Invalid primary.xml${this.subject === undefined ? '' : ` ${this.subject}`} (after ${this.consumed} bytes): ${detail}`,
      { subject: this.subject },
    );
  }
}
