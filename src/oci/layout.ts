/**
 * The `oci:DIR[:TAG]` transport: an OCI image layout directory (image-spec `image-layout.md`):
 * `oci-layout`, `index.json`, `blobs/sha256/<hex>`. A tag is the `org.opencontainers.image.ref.name`
 * annotation of `index.json` entries; without a tag the index must have exactly one entry.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OciError } from './errors.js';
import { resolveImage, verifiedBlob, type ImageSource, type TransportAccess } from './image-source.js';
import {
  AnnotationRefName,
  ImageLayoutSchema,
  IndexSchema,
  maxLayoutFileBytes,
  parseBoundedJson,
  type Descriptor,
} from './spec.js';

/**
 * A layout path that cannot be read as a file, as one of our errors: absent (`ENOENT`,
 * `ENOTDIR`) is `ERR_OCI_NOT_FOUND`; a directory, a symlink loop or no permission where a file
 * should be is `ERR_OCI_UNREADABLE`, naming the file and the system's reason.
 */
function unreadable(path: string, what: string, cause: unknown, subject = path): OciError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new OciError('ERR_OCI_NOT_FOUND', `${path} is missing: ${what}`, { subject, cause });
  }
  const reason =
    code === 'EISDIR'
      ? 'it is a directory'
      : code === 'ELOOP'
        ? 'it is a symlink loop'
        : code === 'EACCES'
          ? 'permission denied'
          : `${code ?? (cause instanceof Error ? cause.message : String(cause))}`;
  return new OciError('ERR_OCI_UNREADABLE', `${path} cannot be read as a file (${reason})`, {
    subject,
    cause,
  });
}

async function readBounded(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw Object.assign(new Error('not a file'), { code: info.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
    size = info.size;
  } catch (cause) {
    throw unreadable(path, 'not an OCI image layout', cause);
  }
  if (size > maxLayoutFileBytes) {
    throw new OciError(
      'ERR_OCI_TOO_LARGE',
      `${path} is ${size} bytes, over the ${maxLayoutFileBytes}-byte bound`,
      { subject: path },
    );
  }
  try {
    return await readFile(path);
  } catch (cause) {
    throw unreadable(path, 'not an OCI image layout', cause);
  }
}

async function* blobFile(path: string, reference: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
  } catch (cause) {
    throw unreadable(path, 'the layout has no such blob', cause, reference);
  }
}

/** Opens an image layout directory; `tag` as in `oci:DIR:TAG`. */
export async function openLayoutSource(
  dir: string,
  tag: string | undefined,
  reference: string,
): Promise<ImageSource> {
  parseBoundedJson(
    await readBounded(join(dir, 'oci-layout')),
    ImageLayoutSchema,
    'oci-layout',
    maxLayoutFileBytes,
    join(dir, 'oci-layout'),
  );
  const indexPath = join(dir, 'index.json');
  const index = parseBoundedJson(
    await readBounded(indexPath),
    IndexSchema,
    'index',
    maxLayoutFileBytes,
    indexPath,
  );
  let top: Descriptor[] = index.manifests;
  if (tag !== undefined) {
    top = index.manifests.filter((d) => d.annotations?.[AnnotationRefName] === tag);
    if (top.length === 0) {
      const tags = index.manifests
        .map((d) => d.annotations?.[AnnotationRefName])
        .filter((t) => t !== undefined);
      throw new OciError(
        'ERR_OCI_NOT_FOUND',
        `the layout has no tag ${JSON.stringify(tag)} (tags: ${tags.join(', ') || 'none'})`,
        {
          subject: reference,
        },
      );
    }
  } else if (top.length !== 1) {
    throw new OciError(
      'ERR_OCI_BAD_REFERENCE',
      `the layout holds ${top.length} images; name one as oci:DIR:TAG`,
      {
        subject: reference,
        category: 'usage',
      },
    );
  }
  const access: TransportAccess = {
    reference,
    top,
    raw: (descriptor) =>
      blobFile(join(dir, 'blobs', 'sha256', descriptor.digest.slice('sha256:'.length)), reference),
  };
  return {
    reference,
    resolve: ({ arch }) => resolveImage(access, arch),
    blob: (descriptor) => verifiedBlob(access, descriptor),
    close: async () => undefined,
  };
}
