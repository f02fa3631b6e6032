/**
 * `readBaseImage`: one entry point for every base source, normalised to a {@link BaseImage}.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFetcher, toLocationUrl } from '../io/create-fetcher.js';
import { fetchText, type Fetcher } from '../io/fetcher.js';
import { BaseImageSchema, type BaseImage } from './base-image.js';
import { BaseImageError } from './errors.js';
import { readCommitmetaBase } from './from-commitmeta.js';
import { readImageReferenceBase } from './from-image.js';
import { readOstreeBase } from './from-ostree.js';
import { readPkglistBase } from './from-pkglist.js';
import { readRootBase } from './from-root.js';
import type { HostRepo } from './from-image-deployment.js';
import { readStatusSourceBase } from './from-status.js';
import type { BaseSource, ReadBaseImageOptions } from './source.js';

/** Largest status JSON, commitmeta.json or package list accepted. */
const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/**
 * Reads and normalises a base image from a local path, a `file://` URL or an `http(s)://` URL.
 *
 * @example
 * ```ts
 * const base = await readBaseImage({ kind: 'ostree', repo: 'https://example.org/repo/', ref: 'fedora/x86_64/coreos/stable' });
 * console.log(base.repos); // [{ id: 'fedora', timestamp: 1586941951, swapped: true }, …]
 * ```
 * @throws `BaseImageError`, `OstreeError`, `GVariantError`, `FetchError` or `RpmdbError` (all `ComposeMatchError`s).
 */
export async function readBaseImage(
  source: BaseSource,
  options: ReadBaseImageOptions = {},
): Promise<BaseImage> {
  // Relative paths resolve against options.cwd, else the working directory.
  const cwd = resolve(options.cwd ?? '.');
  // A fetcher made here is ours to close (it may hold HTTP connections).
  const own = options.fetcher === undefined ? createFetcher() : undefined;
  const fetcher = options.fetcher ?? own!;
  try {
    return BaseImageSchema.parse(await read(source, cwd, fetcher, options.env, options.partial === true));
  } finally {
    await own?.close();
  }
}

async function read(
  source: BaseSource,
  cwd: string,
  fetcher: Fetcher,
  env: NodeJS.ProcessEnv | undefined,
  partial: boolean,
): Promise<BaseImage> {
  if (source.kind === 'ostree') return readOstreeBase(source, toUrl(source.repo, cwd), fetcher);
  if (source.kind === 'image')
    return readImageReferenceBase(source.reference, source.arch, { cwd, env, fetcher });
  if (source.kind === 'root') return readRootBase(resolve(cwd, source.dir), source.dir);
  const { text, location } = await sourceText(source, cwd, fetcher);
  switch (source.kind) {
    case 'status':
      return readStatusSourceBase(text, location, {
        deployment: source.deployment,
        repo: source.ostreeRepo === undefined ? undefined : hostRepo(source.ostreeRepo, cwd),
        arch: source.arch,
        fetcher,
        partial,
      });
    case 'commitmeta':
      return readCommitmetaBase(text, location);
    case 'pkglist':
      return readPkglistBase(text, location);
    default:
      throw badSource(
        `Unknown base source kind '${(source as { kind: string }).kind}', expected ostree, status, commitmeta, pkglist or root`,
      );
  }
}

/** A path or URL as a URL string (`http(s)://`, `file://`). */
function toUrl(location: string, cwd: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !/^(https?|file):/i.test(location)) {
    throw badSource(`Unsupported URL scheme in ${location}: expected a path or an http, https or file URL`);
  }
  return toLocationUrl(location, cwd);
}

async function sourceText(
  source: { file?: string | undefined; text?: string | undefined; kind: string },
  cwd: string,
  fetcher: Fetcher,
): Promise<{ text: string; location: string }> {
  if ((source.file === undefined) === (source.text === undefined)) {
    throw badSource(`A ${source.kind} base source needs exactly one of file or text`);
  }
  if (source.text !== undefined) return { text: source.text, location: '-' };
  const text = await fetchText(fetcher, toUrl(source.file!, cwd), { maxBytes: MAX_TEXT_BYTES });
  return { text, location: source.file! };
}

/** The host repo beside a status: its URL, and its directory when it is local. */
function hostRepo(location: string, cwd: string): HostRepo {
  const url = toUrl(location, cwd);
  return { label: location, url, dir: url.startsWith('file:') ? fileURLToPath(url) : null };
}

function badSource(message: string): BaseImageError {
  return new BaseImageError('ERR_BASE_BAD_SOURCE', message, { category: 'usage' });
}
