/**
 * What every command that reads the network shares: the default compose root, where a
 * `--compose-root` value points, and a fetcher that honours `--no-cache`.
 */
import { defaultCacheDir } from '../io/cache.js';
import { createFetcher, toLocationUrl, type CombinedFetcher } from '../io/create-fetcher.js';
import { createComposeCatalog, type FetcherComposeCatalog } from '../compose/create-catalog.js';
import type { Fetcher } from '../io/fetcher.js';
import type { CliIo } from './cli-io.js';

/** The default compose root (DESIGN.md). */
export const defaultComposeRoot = 'https://kojipkgs.fedoraproject.org/compose/updates/';

/** A fetcher with the on-disk cache, unless `--no-cache` was given. */
export function cliFetcher(noCache: boolean | undefined, io: CliIo): CombinedFetcher {
  return createFetcher({ cacheDir: noCache === true ? undefined : defaultCacheDir(io.env) });
}

/**
 * The catalog of `--compose-root` (a URL, or a path relative to the working directory), with GA
 * trees from `--release-root` (default: Fedora's live tree, then its archive host, per arch).
 */
export function cliCatalog(
  fetcher: Fetcher,
  composeRoot: string | undefined,
  io: CliIo,
  releaseRoot?: string | undefined,
): FetcherComposeCatalog {
  return createComposeCatalog(fetcher, toLocationUrl(composeRoot ?? defaultComposeRoot, io.cwd), {
    releaseRoots: releaseRoot === undefined ? undefined : [toLocationUrl(releaseRoot, io.cwd)],
  });
}
