/**
 * `readBaseImage`: one entry point for every base source, normalised to a {@link BaseImage}.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fetchText, type Fetcher } from '../io/fetcher.js';
import { createFileFetcher } from '../io/file-fetcher.js';
import { BaseImageSchema, type BaseImage } from './base-image.js';
import { BaseImageError } from './errors.js';
import { readCommitmetaBase } from './from-commitmeta.js';
import { readOstreeBase } from './from-ostree.js';
import { readPkglistBase } from './from-pkglist.js';
import { readStatusBase } from './from-status.js';
import type { BaseSource, ReadBaseImageOptions } from './source.js';

/**
 * Reads and normalises a base image.
 *
 * @example
 * ```ts
 * const base = await readBaseImage({ kind: 'ostree', repo: '/ostree/repo', ref: 'fedora/x86_64/coreos/stable' });
 * console.log(base.repos); // [{ id: 'fedora', timestamp: 1586941951, swapped: true }, …]
 * ```
 * @throws `BaseImageError`, `OstreeError`, `GVariantError` or `FetchError` (all `ComposeMatchError`s).
 */
export async function readBaseImage(
  source: BaseSource,
  options: ReadBaseImageOptions = {},
): Promise<BaseImage> {
  // Relative paths resolve against options.cwd, else the working directory (path.resolve).
  const cwd = options.cwd ?? '.';
  let image: BaseImage;
  if (source.kind === 'ostree') {
    const url = toUrl(source.repo, cwd);
    image = await readOstreeBase(source, url, fetcherFor(url, options.fetcher));
  } else {
    const { text, location } = await sourceText(source, cwd, options.fetcher);
    if (source.kind === 'status') image = readStatusBase(text, location, source.deployment);
    else if (source.kind === 'commitmeta') image = readCommitmetaBase(text, location);
    else if (source.kind === 'pkglist') image = readPkglistBase(text, location);
    else throw badSource(`Unknown base source kind '${(source as { kind: string }).kind}'`);
  }
  return BaseImageSchema.parse(image);
}

/** A path or URL as a URL string (`http(s)://`, `file://`). */
function toUrl(location: string, cwd: string): string {
  if (/^(https?|file):\/\//i.test(location)) return location;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) throw badSource(`Unsupported URL scheme: ${location}`);
  return pathToFileURL(resolve(cwd, location)).href;
}

function fetcherFor(url: string, given: Fetcher | undefined): Fetcher {
  if (given !== undefined) return given;
  if (url.startsWith('file:')) return createFileFetcher();
  throw badSource(`Reading ${url} needs a fetcher for HTTP(S): pass options.fetcher`);
}

async function sourceText(
  source: { file?: string | undefined; text?: string | undefined; kind: string },
  cwd: string,
  fetcher: Fetcher | undefined,
): Promise<{ text: string; location: string }> {
  if ((source.file === undefined) === (source.text === undefined)) {
    throw badSource(`A ${source.kind} base source needs exactly one of file or text`);
  }
  if (source.text !== undefined) return { text: source.text, location: '-' };
  const url = toUrl(source.file!, cwd);
  return {
    text: await fetchText(fetcherFor(url, fetcher), url, { maxBytes: 256 * 1024 * 1024 }),
    location: source.file!,
  };
}

function badSource(message: string): BaseImageError {
  return new BaseImageError('ERR_BASE_BAD_SOURCE', message, { category: 'usage' });
}
