/**
 * The digests rpm checks before any signature (`rpm -K --nosignature`): the signature header's
 * digests over the main header (SHA256HEADER, and SHA1HEADER / SHA3_256HEADER when present) and the
 * main header's digests over the compressed payload. A Koji copy rebuilt from a sigcache header passes
 * these only when the splice put every byte back.
 *
 * Payload digests across rpm versions (rpm's include/rpm/rpmtag.h, lib/rpmvs.cc, build/pack.cc):
 * rpm 4.14–4.20 write PAYLOADDIGEST (5092) with PAYLOADDIGESTALGO (5093, `8` = SHA-256); rpm 6
 * renames 5092 PAYLOADSHA256, no longer writes 5093 for format-6 packages (SHA-256 by definition),
 * and adds PAYLOADSHA512 (5121) and PAYLOADSHA3_256 (5123), plus SHA3_256HEADER (279) in the
 * signature header. Every digest present is checked, as `rpm -K` does. The `…ALT` digests are over
 * the uncompressed payload, which `rpm -K` does not check either.
 */
import { createHash } from 'node:crypto';
import { RpmFileError } from './errors.js';
import { headerInt32, headerString } from './header-values.js';
import type { RpmFileLayout } from './rpm-file.js';
import { RpmTag } from './tags.js';

/** rpm's `PGPHASHALGO_*` numbers used by PAYLOADDIGESTALGO, as node's hash names. */
const hashNames: Record<number, string> = { 2: 'sha1', 8: 'sha256', 9: 'sha384', 10: 'sha512' };

/** One digest the file records, and the same hash computed over its bytes. */
export interface RpmDigestCheck {
  /** The tag that records it (SHA256HEADER, PAYLOADSHA512, …). */
  tag: number;
  /** What it covers: the main header (magic included) or the compressed payload. */
  covers: 'header' | 'payload';
  /** Node's hash name (`sha256`, `sha1`, `sha512`, `sha3-256`). */
  algorithm: string;
  /** The recorded digest (hex). */
  recorded: string;
  /** The digest computed over the bytes (hex). */
  computed: string;
}

/** The digests an .rpm file records and the ones computed over its bytes. */
export interface RpmDigests {
  /** SHA256HEADER from the signature header (hex), or null when absent. */
  headerSha256: string | null;
  /** SHA-256 of the main header bytes (magic included). */
  computedHeaderSha256: string;
  /** PAYLOADDIGEST (rpm 6: PAYLOADSHA256) from the main header (hex), or null when absent. */
  payloadDigest: string | null;
  /**
   * The hash of PAYLOADDIGEST: the one PAYLOADDIGESTALGO names, `sha256` when that tag is absent
   * (rpm 6), or null when it names a hash this reader does not know.
   */
  payloadAlgorithm: string | null;
  /** The payload hashed with `payloadAlgorithm`, or null when there is none. */
  computedPayloadDigest: string | null;
  /** Every header and payload digest present, recorded and computed (what `rpm -K` lists). */
  checks: RpmDigestCheck[];
}

// Signature-header digests over the main header, in rpm -Kv's order.
const headerDigests: { tag: number; algorithm: string }[] = [
  { tag: RpmTag.SHA3_256HEADER, algorithm: 'sha3-256' },
  { tag: RpmTag.SHA256HEADER, algorithm: 'sha256' },
  { tag: RpmTag.SHA1HEADER, algorithm: 'sha1' },
];
// rpm 6's further main-header digests over the compressed payload (PAYLOADDIGEST is handled apart).
const payloadDigests: { tag: number; algorithm: string }[] = [
  { tag: RpmTag.PAYLOADSHA3_256, algorithm: 'sha3-256' },
  { tag: RpmTag.PAYLOADSHA512, algorithm: 'sha512' },
];

/** A digest an .rpm file records, before anything is computed. */
export type RecordedRpmDigest = Omit<RpmDigestCheck, 'computed'>;

/**
 * Every header and payload digest the file's headers record, in rpm -Kv's order: header digests
 * (strongest first), then payload digests. PAYLOADDIGEST is left out when PAYLOADDIGESTALGO names
 * a hash this reader does not know.
 */
export function recordedRpmDigests(layout: RpmFileLayout): RecordedRpmDigest[] {
  const out: RecordedRpmDigest[] = [];
  for (const { tag, algorithm } of headerDigests) {
    const recorded = headerString(layout.signature, tag);
    if (recorded !== null) out.push({ tag, covers: 'header', algorithm, recorded });
  }
  for (const { tag, algorithm } of payloadDigests) {
    const recorded = headerString(layout.header, tag);
    if (recorded !== null) out.push({ tag, covers: 'payload', algorithm, recorded });
  }
  const recorded = headerString(layout.header, RpmTag.PAYLOADDIGEST);
  const algorithm = payloadDigestAlgorithm(layout);
  if (recorded !== null && algorithm !== null)
    out.push({ tag: RpmTag.PAYLOADDIGEST, covers: 'payload', algorithm, recorded });
  return out;
}

/** The hash of PAYLOADDIGEST: PAYLOADDIGESTALGO's, SHA-256 without it (rpm 6), null when unknown. */
function payloadDigestAlgorithm(layout: RpmFileLayout): string | null {
  const algo = headerInt32(layout.header, RpmTag.PAYLOADDIGESTALGO);
  return algo === null ? 'sha256' : (hashNames[algo] ?? null);
}

/**
 * True when `digests` can vouch for the file: a SHA-256 or SHA3-256 header digest (SHA-1 alone
 * proves little) and at least one payload digest.
 */
export function digestsSuffice(digests: readonly Pick<RpmDigestCheck, 'covers' | 'algorithm'>[]): boolean {
  return (
    digests.some((c) => c.covers === 'header' && c.algorithm !== 'sha1') &&
    digests.some((c) => c.covers === 'payload')
  );
}

/** Reads and computes the header and payload digests of an .rpm file laid out by `readRpmFile`. */
export function rpmDigests(bytes: Uint8Array, layout: RpmFileLayout): RpmDigests {
  const header = bytes.subarray(layout.headerOffset, layout.payloadOffset);
  const payload = bytes.subarray(layout.payloadOffset);
  const hash = (algorithm: string, data: Uint8Array): string =>
    createHash(algorithm).update(data).digest('hex');
  const checks = recordedRpmDigests(layout).map((d) => ({
    ...d,
    computed: hash(d.algorithm, d.covers === 'header' ? header : payload),
  }));
  const payloadDigest = headerString(layout.header, RpmTag.PAYLOADDIGEST);
  const payloadAlgorithm = payloadDigest === null ? null : payloadDigestAlgorithm(layout);
  return {
    headerSha256: headerString(layout.signature, RpmTag.SHA256HEADER),
    computedHeaderSha256: hash('sha256', header),
    payloadDigest,
    payloadAlgorithm,
    computedPayloadDigest: payloadAlgorithm === null ? null : hash(payloadAlgorithm, payload),
    checks,
  };
}

/**
 * Checks every digest present; `subject` names the file in errors. At least one header digest
 * (SHA-256 or SHA3-256: SHA-1 alone proves little) and one payload digest must be there.
 *
 * @throws {@link RpmFileError} `ERR_RPM_FILE_NO_DIGEST` when the header or the payload has none,
 * `ERR_RPM_FILE_DIGEST_MISMATCH` when any differs.
 */
export function verifyRpmDigests(bytes: Uint8Array, layout: RpmFileLayout, subject?: string): RpmDigests {
  const d = rpmDigests(bytes, layout);
  if (!digestsSuffice(d.checks)) {
    const strongHeader = d.checks.some((c) => c.covers === 'header' && c.algorithm !== 'sha1');
    throw new RpmFileError(
      'ERR_RPM_FILE_NO_DIGEST',
      `The RPM records no ${strongHeader ? 'payload digest (PAYLOADDIGEST, PAYLOADSHA512 or PAYLOADSHA3_256 with a known algorithm)' : 'SHA256HEADER or SHA3_256HEADER'} (built by rpm older than 4.14?)`,
      { subject },
    );
  }
  for (const c of d.checks) {
    if (c.recorded === c.computed) continue;
    throw new RpmFileError(
      'ERR_RPM_FILE_DIGEST_MISMATCH',
      c.covers === 'header'
        ? `Header ${c.algorithm} is ${c.computed}, the signature header records ${c.recorded}: the file is damaged or spliced from another build`
        : `Payload ${c.algorithm} is ${c.computed}, the header records ${c.recorded}: the download is damaged`,
      { subject },
    );
  }
  return d;
}
