/**
 * OSTree object names: SHA-256 in lowercase hex. Metadata objects (`.commit`, `.dirtree`, …) are
 * stored as their exact bytes, so the name is the digest of the file.
 */
import { createHash } from 'node:crypto';
import { OstreeError } from './errors.js';

const CHECKSUM = /^[0-9a-f]{64}$/;

/** True for 64 lowercase hex digits. */
export function isChecksum(text: string): boolean {
  return CHECKSUM.test(text);
}

/** Throws `ERR_OSTREE_BAD_CHECKSUM` unless `text` is a checksum; returns it. */
export function checkChecksum(text: string, what = 'commit checksum'): string {
  if (!isChecksum(text)) {
    throw new OstreeError(
      'ERR_OSTREE_BAD_CHECKSUM',
      `Not a ${what} (64 lowercase hex digits): '${text.slice(0, 80)}'`,
      {
        subject: text.slice(0, 80),
        category: 'usage',
      },
    );
  }
  return text;
}

/** Hex form of a 32-byte binary checksum. */
export function checksumToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Throws `ERR_OSTREE_CHECKSUM_MISMATCH` unless SHA-256(`data`) is `expected`. */
export function verifyObject(data: Uint8Array, expected: string, url: string): void {
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== expected) {
    throw new OstreeError(
      'ERR_OSTREE_CHECKSUM_MISMATCH',
      `Object ${url} has SHA-256 ${actual}, expected ${expected} (corrupt or tampered)`,
      { subject: url },
    );
  }
}
