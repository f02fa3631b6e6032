/**
 * The ostree commit of an ostree-native image: ostree-ext writes layer 0 with the commit object
 * (`sysroot/ostree/repo/objects/xx/<62 hex>.commit`) and its `.commitmeta` among the first entries,
 * so the read stops right after them instead of pulling a multi-GiB layer.
 */
import { decompressLayer } from '../oci/tar/decompress.js';
import { readTar } from '../oci/tar/reader.js';
import type { ImageSource } from '../oci/image-source.js';
import { layerCompression, type Descriptor } from '../oci/spec.js';
import { OciError } from '../oci/errors.js';

const OBJECT = /^sysroot\/ostree\/repo\/objects\/([0-9a-f]{2})\/([0-9a-f]{62})\.(commit|commitmeta)$/;
/** Bound on a commit or commitmeta object (real ones are a few hundred KiB with a package list). */
const MAX_OBJECT = 64 * 1024 * 1024;

/** What layer 0 held. */
export interface Layer0Commit {
  checksum: string;
  commit: Uint8Array;
  commitmeta: Uint8Array | null;
  /** Bytes of the decompressed tar stream read. */
  bytesRead: number;
}

/** Reads the commit (and commitmeta) of layer 0, or null when it has none (chunkah style). */
export async function readLayer0Commit(source: ImageSource, layer: Descriptor): Promise<Layer0Commit | null> {
  const compression = compressionOf(layer, source.reference);
  let found: Omit<Layer0Commit, 'bytesRead'> | null = null;
  const subject = `${source.reference}@${layer.digest}`;
  const result = await readTar(
    // The read stops after the commit: a transport that can fetch ranges fetches about that much.
    decompressLayer(source.blobPrefix?.(layer) ?? source.blob(layer), compression, subject, {
      onDemand: true,
    }),
    async (entry, body) => {
      const m = OBJECT.exec(entry.path);
      if (m === null || entry.type !== 'file') {
        // The commitmeta, when there is one, comes right after the commit: past it, stop.
        return found !== null ? 'stop' : undefined;
      }
      const checksum = m[1]! + m[2]!;
      const bytes = await collect(body, entry.size, `${subject}:${entry.path}`);
      if (m[3] === 'commit') {
        if (found !== null) return 'stop';
        found = { checksum, commit: bytes, commitmeta: null };
        return undefined;
      }
      if (found?.checksum === checksum) {
        found.commitmeta = bytes;
        return 'stop';
      }
      return undefined;
    },
    { subject },
  );
  return found === null
    ? null
    : { ...(found as Omit<Layer0Commit, 'bytesRead'>), bytesRead: result.bytesConsumed };
}

/** The layer's compression from its media type. */
export function compressionOf(layer: Descriptor, reference: string): 'none' | 'gzip' | 'zstd' {
  const c = layerCompression(layer.mediaType);
  if (c === undefined) {
    throw new OciError(
      'ERR_OCI_MEDIA_TYPE',
      `layer ${layer.digest} has media type ${layer.mediaType}, not a tar layer`,
      {
        subject: reference,
      },
    );
  }
  return c;
}

/** A body into one buffer, refusing more than the bound. */
export async function collect(
  body: AsyncIterable<Uint8Array>,
  size: number,
  subject: string,
): Promise<Uint8Array> {
  if (size > MAX_OBJECT) {
    throw new OciError('ERR_OCI_TOO_LARGE', `${size} bytes is over the ${MAX_OBJECT}-byte bound`, {
      subject,
    });
  }
  const out = new Uint8Array(size);
  let at = 0;
  for await (const part of body) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
