/**
 * Checksum and size verification of metadata streams against what repomd.xml states.
 */
import { createHash, type Hash } from 'node:crypto';
import { RepodataError } from './errors.js';
import type { RepoChecksum } from './repomd-types.js';

/** repomd checksum type → Node hash name (`sha` is yum's old name for SHA-1). */
const algorithms: Record<string, string> = {
  md5: 'md5',
  sha: 'sha1',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
};

/** A running hash for a repomd checksum type; `ERR_UNSUPPORTED` for unknown types. */
export function hashFor(checksum: RepoChecksum, subject?: string): Hash {
  const algorithm = algorithms[checksum.type.toLowerCase()];
  if (algorithm === undefined) {
    throw new RepodataError(
      'ERR_UNSUPPORTED',
      `Unknown checksum type '${checksum.type}'${subject === undefined ? '' : ` for ${subject}`}`,
      {
        subject,
      },
    );
  }
  return createHash(algorithm);
}

/** Throws `code` when `hash` does not end at `expected`. */
export function checkDigest(
  hash: Hash,
  expected: RepoChecksum,
  code: 'ERR_CHECKSUM_MISMATCH' | 'ERR_OPEN_CHECKSUM_MISMATCH',
  what: string,
  subject?: string,
): void {
  const actual = hash.digest('hex');
  if (actual !== expected.value.toLowerCase()) {
    throw new RepodataError(
      code,
      `${what} of ${subject ?? 'the metadata'} is ${expected.type}:${actual}, expected ${expected.type}:${expected.value}`,
      { subject },
    );
  }
}

/** Passes bytes through, hashing them (when asked) and counting them; the count is read after. */
export async function* tap(
  source: AsyncIterable<Uint8Array>,
  hash: Hash | null,
  counter: { bytes: number },
  limit: number | null = null,
  onLimit?: () => Error,
): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    counter.bytes += chunk.byteLength;
    if (limit !== null && counter.bytes > limit && onLimit !== undefined) throw onLimit();
    hash?.update(chunk);
    yield chunk;
  }
}
