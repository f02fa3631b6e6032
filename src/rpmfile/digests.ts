/**
 * The digests rpm checks before any signature (`rpm -K --nosignature`): the signature header's
 * SHA256HEADER over the main header, and the main header's PAYLOADDIGEST over the payload. A Koji
 * copy rebuilt from a sigcache header passes these only when the splice put every byte back.
 */
import { createHash } from 'node:crypto';
import { RpmFileError } from './errors.js';
import { headerInt32, headerString } from './header-values.js';
import type { RpmFileLayout } from './rpm-file.js';
import { RpmTag } from './tags.js';

/** rpm's `PGPHASHALGO_*` numbers used by PAYLOADDIGESTALGO, as node's hash names. */
const hashNames: Record<number, string> = { 2: 'sha1', 8: 'sha256', 9: 'sha384', 10: 'sha512' };

/** The digests an .rpm file records and the ones computed over its bytes. */
export interface RpmDigests {
  /** SHA256HEADER from the signature header (hex), or null when absent. */
  headerSha256: string | null;
  /** SHA-256 of the main header bytes (magic included). */
  computedHeaderSha256: string;
  /** PAYLOADDIGEST from the main header (hex), or null when absent. */
  payloadDigest: string | null;
  /** The hash PAYLOADDIGESTALGO names (`sha256`), or null. */
  payloadAlgorithm: string | null;
  /** The payload hashed with `payloadAlgorithm`, or null when there is none. */
  computedPayloadDigest: string | null;
}

/** Reads and computes the header and payload digests of an .rpm file laid out by `readRpmFile`. */
export function rpmDigests(bytes: Uint8Array, layout: RpmFileLayout): RpmDigests {
  const headerSha256 = headerString(layout.signature, RpmTag.SHA256HEADER);
  const computedHeaderSha256 = createHash('sha256')
    .update(bytes.subarray(layout.headerOffset, layout.payloadOffset))
    .digest('hex');
  const payloadDigest = headerString(layout.header, RpmTag.PAYLOADDIGEST);
  const algo = headerInt32(layout.header, RpmTag.PAYLOADDIGESTALGO);
  const payloadAlgorithm = algo === null ? null : (hashNames[algo] ?? null);
  const computedPayloadDigest =
    payloadAlgorithm === null
      ? null
      : createHash(payloadAlgorithm).update(bytes.subarray(layout.payloadOffset)).digest('hex');
  return { headerSha256, computedHeaderSha256, payloadDigest, payloadAlgorithm, computedPayloadDigest };
}

/**
 * Checks both digests; `subject` names the file in errors.
 *
 * @throws {@link RpmFileError} `ERR_RPM_FILE_NO_DIGEST` when either is missing, `ERR_RPM_FILE_DIGEST_MISMATCH`
 * when either differs.
 */
export function verifyRpmDigests(bytes: Uint8Array, layout: RpmFileLayout, subject?: string): RpmDigests {
  const d = rpmDigests(bytes, layout);
  if (d.headerSha256 === null || d.payloadDigest === null || d.computedPayloadDigest === null) {
    throw new RpmFileError(
      'ERR_RPM_FILE_NO_DIGEST',
      'The RPM records no SHA256HEADER or no PAYLOADDIGEST with a known algorithm (built by rpm older than 4.14?)',
      { subject },
    );
  }
  if (d.headerSha256 !== d.computedHeaderSha256) {
    throw new RpmFileError(
      'ERR_RPM_FILE_DIGEST_MISMATCH',
      `Header SHA-256 is ${d.computedHeaderSha256}, the signature header records ${d.headerSha256}: the file is damaged or spliced from another build`,
      { subject },
    );
  }
  if (d.payloadDigest !== d.computedPayloadDigest) {
    throw new RpmFileError(
      'ERR_RPM_FILE_DIGEST_MISMATCH',
      `Payload ${d.payloadAlgorithm} is ${d.computedPayloadDigest}, the header records ${d.payloadDigest}: the download is damaged`,
      { subject },
    );
  }
  return d;
}
