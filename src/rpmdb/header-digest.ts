/**
 * The check rpm makes on every header it reads from its database before using it
 * (`rpmdbNextIterator` → `headerCheck`, rpm's lib/rpmdb.cc and lib/package.cc): the SHA1HEADER,
 * SHA256HEADER and SHA3_256HEADER an installed header carries (copied from the package's signature
 * header at install) must match the digest of its immutable region — header magic, the region's
 * entry count and data length, its index entries and data (`hdrblobDigestUpdate`). A header that
 * fails is skipped ("rpmdbNextIterator: skipping h# …"), so `rpm -qa` does not list it.
 */
import { createHash } from 'node:crypto';
import type { RpmHeader } from '../rpmfile/header.js';
import { headerString } from '../rpmfile/header-values.js';
import { RpmTag } from '../rpmfile/tags.js';

const MAGIC = Uint8Array.of(0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0);
const ENTRY = 16;
// Strongest first: the note names the first that fails.
const digests = [
  { tag: RpmTag.SHA3_256HEADER, algorithm: 'sha3-256' },
  { tag: RpmTag.SHA256HEADER, algorithm: 'sha256' },
  { tag: RpmTag.SHA1HEADER, algorithm: 'sha1' },
] as const;

/** A header digest that does not match (what rpm reports as BAD). */
export interface HeaderDigestMismatch {
  /** Node's hash name: `sha1`, `sha256`, `sha3-256`. */
  algorithm: string;
  /** The digest the header records (hex). */
  recorded: string;
  /** The digest of its immutable region (hex). */
  computed: string;
}

/**
 * The first recorded header digest of `blob` (a database blob: no magic) that its immutable region
 * does not match, or null when all match or none is recorded (rpm then has nothing to check either).
 * `header` is `blob` parsed. A blob without a valid region is left to the header reader's checks.
 */
export function headerDigestMismatch(blob: Uint8Array, header: RpmHeader): HeaderDigestMismatch | null {
  const region = immutableRegion(blob);
  if (region === null) return null;
  for (const { tag, algorithm } of digests) {
    const recorded = headerString(header, tag);
    if (recorded === null) continue;
    const hash = createHash(algorithm);
    hash.update(MAGIC);
    const ildl = new Uint8Array(8);
    const view = new DataView(ildl.buffer);
    view.setUint32(0, region.ril);
    view.setUint32(4, region.rdl);
    hash.update(ildl);
    hash.update(blob.subarray(8, 8 + region.ril * ENTRY));
    hash.update(blob.subarray(region.dataStart, region.dataStart + region.rdl));
    const computed = hash.digest('hex');
    if (computed !== recorded.toLowerCase()) return { algorithm, recorded, computed };
  }
  return null;
}

/** `ril` (entries) and `rdl` (data bytes) of the region the blob's first entry opens, as rpm's hdrblobVerifyRegion. */
function immutableRegion(blob: Uint8Array): { ril: number; rdl: number; dataStart: number } | null {
  if (blob.length < 8 + ENTRY) return null;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getUint32(0);
  const dl = view.getUint32(4);
  const dataStart = 8 + il * ENTRY;
  if (dataStart + dl > blob.length) return null;
  const tag = view.getUint32(8);
  if (tag !== RpmTag.HEADERIMMUTABLE) return null;
  const offset = view.getInt32(16);
  if (offset < 0 || offset + ENTRY > dl) return null;
  const trailerOffset = view.getInt32(dataStart + offset + 8);
  const ril = -trailerOffset / ENTRY;
  if (!Number.isInteger(ril) || ril < 1 || ril > il) return null;
  return { ril, rdl: offset + ENTRY, dataStart };
}
