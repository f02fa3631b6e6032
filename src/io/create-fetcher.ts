/**
 * `createFetcher`: one fetcher for every kind of location, dispatching by scheme: `http(s)://` to
 * the undici adapter, `file://` to the local adapter. Local paths are turned into `file://` URLs
 * with {@link toLocationUrl} first.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withDiskCache } from './cache.js';
import { FetchError } from './errors.js';
import type { DirectoryEntry, FetchRequestOptions, FetchedStream, Fetcher, PostBody } from './fetcher.js';
import { createFileFetcher } from './file-fetcher.js';
import { createHttpFetcher, type HttpFetcherOptions } from './http-fetcher.js';

/** Options of {@link createFetcher}. */
export interface CreateFetcherOptions {
  /** Options of the HTTP adapter (dispatcher, timeouts, retries, limits). */
  http?: HttpFetcherOptions | undefined;
  /** A directory for the on-disk cache of immutable files; none when absent. */
  cacheDir?: string | undefined;
}

/** A fetcher for http, https and file URLs; `close()` releases HTTP connections. */
export interface CombinedFetcher extends Fetcher {
  close(): Promise<void>;
}

/**
 * Creates a fetcher that handles `http:`, `https:` and `file:` URLs (directory URLs of `file:`
 * are listed natively), with an optional disk cache for immutable files.
 *
 * @example
 * ```ts
 * const fetcher = createFetcher({ cacheDir: defaultCacheDir(process.env) });
 * const text = await fetchText(fetcher, 'https://kojipkgs.fedoraproject.org/compose/updates/');
 * await fetcher.close();
 * ```
 */
export function createFetcher(options: CreateFetcherOptions = {}): CombinedFetcher {
  let http: ReturnType<typeof createHttpFetcher> | undefined;
  const file = createFileFetcher();
  const pick = (url: string): Fetcher => {
    if (url.startsWith('file:')) return file;
    if (url.startsWith('https:') || url.startsWith('http:'))
      return (http ??= createHttpFetcher(options.http));
    throw new FetchError('ERR_BAD_URL', `Unsupported URL scheme: ${url}`, { subject: url });
  };
  const direct: Fetcher = {
    get: (url: string, o?: FetchRequestOptions) => pick(url).get(url, o),
    open: (url: string, o?: FetchRequestOptions): Promise<FetchedStream> => pick(url).open(url, o),
    post: async (url: string, body: PostBody, o?: FetchRequestOptions): Promise<Uint8Array> => {
      const target = pick(url);
      if (target.post === undefined)
        throw new FetchError('ERR_BAD_URL', `Only http(s) URLs take a POST (an RPC endpoint): ${url}`, {
          subject: url,
        });
      return target.post(url, body, o);
    },
    stats: () => {
      const a = file.stats();
      const b = http?.stats() ?? { requests: 0, bytes: 0 };
      return { requests: a.requests + b.requests, bytes: a.bytes + b.bytes };
    },
  };
  // Only local directories are listed natively; HTTP ones are listed from their index page.
  const list = async (dirUrl: string, o?: FetchRequestOptions): Promise<DirectoryEntry[] | null> =>
    dirUrl.startsWith('file:') ? file.list!(dirUrl, o) : null;
  const cached = options.cacheDir === undefined ? direct : withDiskCache(direct, options.cacheDir);
  return {
    get: cached.get,
    open: cached.open,
    post: cached.post!,
    stats: cached.stats,
    list,
    close: async () => {
      await http?.close();
    },
  };
}

/** Turns a URL or a local path (relative to `cwd`) into a URL string; directories keep a trailing `/`. */
export function toLocationUrl(location: string, cwd: string): string {
  if (/^(https?|file):/i.test(location)) return location;
  const path = isAbsolute(location) ? location : resolve(cwd, location);
  const url = pathToFileURL(path).href;
  return location.endsWith('/') && !url.endsWith('/') ? `${url}/` : url;
}
