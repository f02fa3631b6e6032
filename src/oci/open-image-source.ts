/**
 * `openImageSource`: parses an image reference and opens its transport.
 *
 * `docker://` is the registry transport (`registry/`). `oci:DIR[:TAG]` and `oci-archive:FILE[:TAG]` split the tag at the last `:` (as containers/image
 * does, a path holding `:` needs an explicit tag).
 */
import { resolve } from 'node:path';
import { openArchiveSource } from './archive.js';
import { OciError } from './errors.js';
import type { ImageSource } from './image-source.js';
import { openLayoutSource } from './layout.js';
import type { Fetcher } from '../io/fetcher.js';
import { createHttpFetcher } from '../io/http-fetcher.js';
import { openRegistrySource } from './registry/source.js';

function splitTag(rest: string): { path: string; tag: string | undefined } {
  const colon = rest.lastIndexOf(':');
  if (colon <= 0) return { path: rest, tag: undefined };
  return { path: rest.slice(0, colon), tag: rest.slice(colon + 1) || undefined };
}

/** Options of {@link openImageSource}. */
export interface OpenImageSourceOptions {
  /** The fetcher `docker://` uses; default: an HTTP fetcher of its own, closed with the source. */
  fetcher?: Fetcher | undefined;
  /** Environment for `docker://`'s credential lookup (default `process.env`). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Directory a relative `oci:`/`oci-archive:` path resolves against (default: the working directory). */
  cwd?: string | undefined;
}

/** Opens `reference` (`oci:DIR[:TAG]`, `oci-archive:FILE[:TAG]`, `docker://HOST/NAME[:TAG|@DIGEST]`). */
export async function openImageSource(
  reference: string,
  options: OpenImageSourceOptions = {},
): Promise<ImageSource> {
  if (reference.startsWith('docker://')) {
    const env = options.env;
    if (options.fetcher !== undefined)
      return openRegistrySource(reference, { fetcher: options.fetcher, env });
    const fetcher = createHttpFetcher();
    try {
      const source = await openRegistrySource(reference, { fetcher, env });
      return { ...source, close: async () => fetcher.close() };
    } catch (error) {
      await fetcher.close();
      throw error;
    }
  }
  if (reference.startsWith('oci:')) {
    const { path, tag } = splitTag(reference.slice('oci:'.length));
    return openLayoutSource(resolve(options.cwd ?? '.', path), tag, reference);
  }
  if (reference.startsWith('oci-archive:')) {
    const { path, tag } = splitTag(reference.slice('oci-archive:'.length));
    return openArchiveSource(resolve(options.cwd ?? '.', path), tag, reference);
  }
  throw new OciError(
    'ERR_OCI_BAD_REFERENCE',
    `${JSON.stringify(reference)} is not an image reference this build reads: use oci:DIR[:TAG] or oci-archive:FILE[:TAG] or docker://HOST/NAME[:TAG|@sha256:HEX]`,
    { subject: reference, category: 'usage' },
  );
}
