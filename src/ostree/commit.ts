/**
 * OSTree commit objects: GVariant `(a{sv}aya(say)sstayay)` — metadata, parent, related, subject,
 * body, timestamp, root dirtree, root dirmeta (ostreedev/ostree src/libostree/ostree-core.h).
 */
import { decodeGVariant, type RawVariant } from '../gvariant/decode.js';
import { decodingIn } from '../gvariant/errors.js';
import { checksumToHex } from './checksum.js';
import { OstreeError } from './errors.js';

/** GVariant type of a commit object. */
export const COMMIT_TYPE = '(a{sv}aya(say)sstayay)';

/** A parsed commit. Metadata values stay undecoded: their byte order is the caller's decision. */
export interface OstreeCommit {
  /** Inline metadata, key → child type and bytes (see {@link decodeRawEntry}). */
  metadata: Map<string, RawVariant>;
  /** Parent commit checksum, or `null` for a root commit. */
  parent: string | null;
  /** Related objects (name, commit checksum). */
  related: { name: string; checksum: string }[];
  /** First line of the commit message. */
  subject: string;
  /** Rest of the commit message. */
  body: string;
  /** Commit time in epoch seconds (stored big-endian on every host). */
  timestamp: number;
  /** Root directory tree checksum. */
  rootTree: string;
  /** Root directory metadata checksum. */
  rootMeta: string;
}

/**
 * Parses commit object bytes.
 *
 * @param subject - the URL or checksum, for error messages.
 * @throws {@link GVariantError} when the bytes are not a well-formed commit variant, and
 *   {@link OstreeError} `ERR_OSTREE_BAD_OBJECT` when they break OSTree's rules.
 */
export function parseCommit(data: Uint8Array, subject = 'commit'): OstreeCommit {
  // Big-endian: the only number, the timestamp, is always big-endian; metadata stays raw.
  const [metadata, parent, related, subjectLine, body, timestamp, rootTree, rootMeta] = decodingIn(
    subject,
    () => decodeGVariant(COMMIT_TYPE, data, { bigEndian: true, rawVariants: true }),
  ) as [
    Map<string, RawVariant>,
    Uint8Array,
    [string, Uint8Array][],
    string,
    string,
    bigint,
    Uint8Array,
    Uint8Array,
  ];
  if (parent.length !== 0 && parent.length !== 32) {
    throw bad(subject, `parent checksum is ${parent.length} bytes, expected 0 or 32`);
  }
  if (rootTree.length !== 32 || rootMeta.length !== 32) {
    throw bad(subject, `root checksums are ${rootTree.length} and ${rootMeta.length} bytes, expected 32`);
  }
  for (const [name, csum] of related) {
    if (csum.length !== 32)
      throw bad(subject, `related '${name}' checksum is ${csum.length} bytes, expected 32`);
  }
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER))
    throw bad(subject, `timestamp ${timestamp} is beyond ${Number.MAX_SAFE_INTEGER}`);
  return {
    metadata,
    parent: parent.length === 0 ? null : checksumToHex(parent),
    related: related.map(([name, csum]) => ({ name, checksum: checksumToHex(csum) })),
    subject: subjectLine,
    body,
    timestamp: Number(timestamp),
    rootTree: checksumToHex(rootTree),
    rootMeta: checksumToHex(rootMeta),
  };
}

/**
 * Parses detached metadata (`.commitmeta`, an `a{sv}`), values left undecoded.
 *
 * @param subject - the URL or checksum, for error messages.
 * @throws {@link GVariantError} on malformed data.
 */
export function parseDetachedMetadata(
  data: Uint8Array,
  subject = 'detached metadata',
): Map<string, RawVariant> {
  return decodingIn(subject, () => decodeGVariant('a{sv}', data, { rawVariants: true })) as Map<
    string,
    RawVariant
  >;
}

function bad(subject: string, detail: string): OstreeError {
  return new OstreeError('ERR_OSTREE_BAD_OBJECT', `Invalid OSTree commit ${subject}: ${detail}`, { subject });
}
