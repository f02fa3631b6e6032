/**
 * Blob bytes checked while they stream: sha256 over every byte and the declared size as a bound, so
 * an oversize blob fails as soon as it passes its size, and a corrupt one at its end, before a
 * caller acts on a result. A caller that stops early (the commit is in the first entries of a
 * layer) has not verified the layer; it checks what it read against the `ostree.commit` label instead.
 */
import { createHash } from 'node:crypto';
import type { Descriptor } from './spec.js';
import { OciError } from './errors.js';

/** Re-yields `source`, throwing `ERR_OCI_DIGEST_MISMATCH` on a size or digest mismatch. */
export async function* verifyBlob(
  source: AsyncIterable<Uint8Array>,
  descriptor: Pick<Descriptor, 'digest' | 'size'>,
  subject: string,
): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > descriptor.size) {
      throw new OciError(
        'ERR_OCI_DIGEST_MISMATCH',
        `blob ${descriptor.digest} is larger than its declared ${descriptor.size} bytes`,
        { subject },
      );
    }
    hash.update(chunk);
    yield chunk;
  }
  const digest = `sha256:${hash.digest('hex')}`;
  if (size !== descriptor.size || digest !== descriptor.digest) {
    throw new OciError(
      'ERR_OCI_DIGEST_MISMATCH',
      `blob ${descriptor.digest} (${descriptor.size} bytes) arrived as ${digest} (${size} bytes): corrupt or truncated`,
      { subject },
    );
  }
}

/** Reads a whole small blob (manifest, config), bounded by `maxBytes` and verified. */
export async function readVerified(
  source: AsyncIterable<Uint8Array>,
  descriptor: Pick<Descriptor, 'digest' | 'size'>,
  maxBytes: number,
  subject: string,
): Promise<Uint8Array> {
  if (descriptor.size > maxBytes) {
    throw new OciError(
      'ERR_OCI_TOO_LARGE',
      `blob ${descriptor.digest} is ${descriptor.size} bytes, over the ${maxBytes}-byte bound`,
      {
        subject,
      },
    );
  }
  const parts: Uint8Array[] = [];
  for await (const chunk of verifyBlob(source, descriptor, subject)) parts.push(chunk);
  return Buffer.concat(parts);
}
