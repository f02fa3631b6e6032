/**
 * Verifies an .rpm while it streams to disk, keeping only the lead and the two headers in memory:
 * the repo's `<checksum>` over the whole file, every header digest the signature header records
 * (SHA256HEADER, SHA1HEADER, rpm 6's SHA3_256HEADER) and every payload digest the main header records
 * (PAYLOADDIGEST, rpm 6's PAYLOADSHA512 and PAYLOADSHA3_256; see rpmfile/digests.ts) — what
 * `rpm -K --nosignature` checks; for a copy rebuilt from a sigcache header they pass only when the
 * splice put every byte back — and the identity the main header states.
 */
import { createHash, type Hash } from 'node:crypto';
import { headerNevra } from '../rpmfile/header-nevra.js';
import { digestsSuffice, recordedRpmDigests, type RecordedRpmDigest } from '../rpmfile/digests.js';
import { readRpmFile, type RpmFileLayout } from '../rpmfile/rpm-file.js';
import type { RpmHeader } from '../rpmfile/header.js';
import { isComposeMatchError } from '../errors.js';
import type { Nevra } from '../rpm/types.js';
import type { RepoChecksum } from '../rpmmd/repomd-types.js';
import { algorithmFor } from '../rpmmd/verify.js';
import { RpmFetchError } from './errors.js';
import { HEADER_INTRO, RPM_LEAD_SIZE, checkLead, headerSize, padded } from './rpm-lengths.js';

/** What the file turned out to be, once {@link RpmStreamCheck.finish} passed. */
export interface CheckedRpm {
  nevra: Nevra;
  /** The main header (a view into the kept head bytes: the headers only, never the payload). */
  header: RpmHeader;
  /** Bytes of the whole file. */
  bytes: number;
  /** A header digest (SHA256HEADER, SHA3_256HEADER, SHA1HEADER) was present and matched. */
  headerDigestChecked: boolean;
  /** A payload digest (PAYLOADDIGEST, PAYLOADSHA512, PAYLOADSHA3_256) was present and matched. */
  payloadDigestChecked: boolean;
}

/** Options of {@link RpmStreamCheck}. */
export interface RpmStreamCheckOptions {
  /** URL or file name, for errors. */
  subject: string;
  /** The repo's checksum of the whole file; `null` when none (Koji). */
  checksum: RepoChecksum | null;
  /** Require both digests (Koji copies, which have no repo checksum). */
  requireDigests: boolean;
  /** Bound on each header. */
  maxHeaderBytes: number;
  /** Called with the main header's NEVRA once it is read; may throw to stop the stream. */
  onHeader?: ((nevra: Nevra) => void) | undefined;
}

/** Feed it the file's bytes in order with {@link push}; {@link finish} checks everything. */
export class RpmStreamCheck {
  private readonly file: Hash | null;
  private head: Buffer = Buffer.alloc(0);
  /** Bytes the head must reach before the next step, for messages (-1: headers read, streaming the payload). */
  private need = RPM_LEAD_SIZE + HEADER_INTRO;
  private signatureEnd = -1;
  private mainEnd = -1;
  private layout: RpmFileLayout | null = null;
  /** The payload digests recorded, each with the hash fed the payload as it streams. */
  private payloads: { digest: RecordedRpmDigest; hash: Hash }[] = [];
  /** The header digests recorded, with what the main header hashes to. */
  private headers: { digest: RecordedRpmDigest; computed: string }[] = [];
  private bytes = 0;
  private nevra: Nevra | null = null;

  constructor(private readonly options: RpmStreamCheckOptions) {
    this.file =
      options.checksum === null ? null : createHash(algorithmFor(options.checksum, options.subject));
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    this.file?.update(chunk);
    if (this.need === -1) {
      for (const p of this.payloads) p.hash.update(chunk);
      return;
    }
    this.head = this.head.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.head, chunk]);
    this.advance();
  }

  /** Reads as far into the headers as the head allows: sizes from the intros, then both headers. */
  private advance(): void {
    const { subject, maxHeaderBytes } = this.options;
    const head = this.head;
    if (this.signatureEnd === -1) {
      if (head.length < RPM_LEAD_SIZE + HEADER_INTRO) return;
      checkLead(head, subject);
      const size = headerSize(head, RPM_LEAD_SIZE, maxHeaderBytes, 'signature header', subject);
      this.signatureEnd = RPM_LEAD_SIZE + padded(size);
      this.need = this.signatureEnd + HEADER_INTRO;
    }
    if (this.mainEnd === -1) {
      if (head.length < this.signatureEnd + HEADER_INTRO) return;
      const size = headerSize(head, this.signatureEnd, maxHeaderBytes, 'main header', subject);
      this.mainEnd = this.signatureEnd + size;
      this.need = this.mainEnd;
    }
    if (head.length >= this.mainEnd) this.readHeaders(head);
  }

  private readHeaders(head: Buffer): void {
    const { subject, maxHeaderBytes } = this.options;
    let layout: RpmFileLayout;
    // A copy of the headers alone: the layout keeps views into it, and the payload part of the
    // head (up to a chunk) is not kept alive by them.
    const headers = Buffer.from(head.subarray(0, this.mainEnd));
    try {
      layout = readRpmFile(headers, { maxHeaderBytes });
      this.nevra = headerNevra(layout.header);
    } catch (cause) {
      if (!isComposeMatchError(cause)) throw cause;
      throw new RpmFetchError('ERR_FETCH_BAD_RPM', `${subject} has a malformed header: ${cause.message}`, {
        subject,
        cause,
      });
    }
    this.layout = layout;
    const main = headers.subarray(layout.headerOffset, layout.payloadOffset);
    const rest = head.subarray(layout.payloadOffset);
    for (const digest of recordedRpmDigests(layout)) {
      if (digest.covers === 'header') {
        this.headers.push({ digest, computed: createHash(digest.algorithm).update(main).digest('hex') });
      } else {
        this.payloads.push({ digest, hash: createHash(digest.algorithm).update(rest) });
      }
    }
    this.head = Buffer.alloc(0);
    this.need = -1;
    this.options.onHeader?.(this.nevra!);
  }

  /**
   * Checks what the whole file must satisfy.
   *
   * @throws {@link RpmFetchError} `ERR_FETCH_TRUNCATED`, `ERR_FETCH_CHECKSUM_MISMATCH`,
   * `ERR_FETCH_DIGEST_MISMATCH`, or `ERR_FETCH_BAD_RPM` when a required digest is missing.
   */
  finish(): CheckedRpm {
    const { subject, checksum, requireDigests } = this.options;
    const layout = this.layout;
    if (layout === null) {
      throw new RpmFetchError(
        'ERR_FETCH_TRUNCATED',
        `${subject} ends after ${this.bytes} bytes, before its headers do (${this.need} needed): a cut download`,
        { subject },
      );
    }
    if (this.file !== null && checksum !== null) {
      const actual = this.file.digest('hex');
      if (actual !== checksum.value.toLowerCase()) {
        throw new RpmFetchError(
          'ERR_FETCH_CHECKSUM_MISMATCH',
          `${subject} has ${checksum.type} ${actual}, the repo's metadata says ${checksum.value}: a damaged download or a stale mirror`,
          { subject },
        );
      }
    }
    const payloads = this.payloads.map((p) => ({ ...p.digest, computed: p.hash.digest('hex') }));
    const headers = this.headers.map((h) => ({ ...h.digest, computed: h.computed }));
    if (requireDigests && !digestsSuffice([...headers, ...payloads])) {
      throw new RpmFetchError(
        'ERR_FETCH_BAD_RPM',
        `${subject} records no SHA256HEADER/SHA3_256HEADER or no payload digest with a known algorithm, so its bytes cannot be verified`,
        { subject },
      );
    }
    for (const h of headers) {
      if (h.recorded === h.computed) continue;
      throw new RpmFetchError(
        'ERR_FETCH_DIGEST_MISMATCH',
        `${subject}: the main header's ${h.algorithm} is ${h.computed}, the signature header records ${h.recorded} (a damaged file, or a signature header of another build)`,
        { subject },
      );
    }
    for (const p of payloads) {
      if (p.recorded === p.computed) continue;
      throw new RpmFetchError(
        'ERR_FETCH_DIGEST_MISMATCH',
        `${subject}: the payload ${p.algorithm} digest is ${p.computed}, the header records ${p.recorded} (a damaged or truncated download)`,
        { subject },
      );
    }
    return {
      nevra: this.nevra!,
      header: layout.header,
      bytes: this.bytes,
      headerDigestChecked: headers.length > 0,
      payloadDigestChecked: payloads.length > 0,
    };
  }
}
