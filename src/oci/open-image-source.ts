/**
 * `openImageSource`: parses an image reference and opens its transport.
 *
 * `oci:DIR[:TAG]` and `oci-archive:FILE[:TAG]` split the tag at the last `:` (as containers/image
 * does, a path holding `:` needs an explicit tag).
 */
import { openArchiveSource } from './archive.js';
import { OciError } from './errors.js';
import type { ImageSource } from './image-source.js';
import { openLayoutSource } from './layout.js';

function splitTag(rest: string): { path: string; tag: string | undefined } {
  const colon = rest.lastIndexOf(':');
  if (colon <= 0) return { path: rest, tag: undefined };
  return { path: rest.slice(0, colon), tag: rest.slice(colon + 1) || undefined };
}

/** Opens `reference` (`oci:DIR[:TAG]`, `oci-archive:FILE[:TAG]`). */
export async function openImageSource(reference: string): Promise<ImageSource> {
  if (reference.startsWith('oci:')) {
    const { path, tag } = splitTag(reference.slice('oci:'.length));
    return openLayoutSource(path, tag, reference);
  }
  if (reference.startsWith('oci-archive:')) {
    const { path, tag } = splitTag(reference.slice('oci-archive:'.length));
    return openArchiveSource(path, tag, reference);
  }
  throw new OciError(
    'ERR_OCI_BAD_REFERENCE',
    `${JSON.stringify(reference)} is not an image reference this build reads: use oci:DIR[:TAG] or oci-archive:FILE[:TAG] (docker:// is not implemented yet)`,
    { subject: reference, category: 'usage' },
  );
}
