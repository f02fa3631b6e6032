/**
 * Checksum and size verification of metadata streams against what repomd.xml states.
 */
import { createHash } from 'node:crypto';
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

/**
 * The Node hash name for a repomd checksum type; `ERR_UNSUPPORTED` for unknown types (or ones this
 * Node's OpenSSL lacks), before anything is read.
 */
export function algorithmFor(checksum: RepoChecksum, subject?: string): string {
  const algorithm = algorithms[checksum.type.toLowerCase()];
  const unsupported = () =>
    new RepodataError(
      'ERR_UNSUPPORTED',
      `Unknown checksum type '${checksum.type}'${subject === undefined ? '' : ` for ${subject}`}`,
      { subject },
    );
  if (algorithm === undefined) throw unsupported();
  try {
    createHash(algorithm);
  } catch {
    throw unsupported();
  }
  return algorithm;
}

/** Throws `code` when the `actual` hex digest is not `expected`. */
export function checkDigest(
  actual: string,
  expected: RepoChecksum,
  code: 'ERR_CHECKSUM_MISMATCH' | 'ERR_OPEN_CHECKSUM_MISMATCH',
  what: string,
  subject?: string,
): void {
  if (actual !== expected.value.toLowerCase()) {
    throw new RepodataError(
      code,
      `${what} of ${subject ?? 'the metadata'} is ${expected.type}:${actual}, expected ${expected.type}:${expected.value}`,
      { subject },
    );
  }
}

/** Passes bytes through, counting them (and showing them to `sink`); the count is read after. */
export async function* tap(
  source: AsyncIterable<Uint8Array>,
  counter: { bytes: number },
  sink: ((chunk: Uint8Array) => void) | null = null,
  limit: number | null = null,
  onLimit?: () => Error,
): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    counter.bytes += chunk.byteLength;
    if (limit !== null && counter.bytes > limit && onLimit !== undefined) throw onLimit();
    sink?.(chunk);
    yield chunk;
  }
}
