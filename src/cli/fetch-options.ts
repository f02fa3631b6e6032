/**
 * What every command that reads the network shares: the default compose root, where a
 * `--compose-root` value points, and a fetcher that honours `--no-cache` and `--timeout`.
 */
import { defaultCacheDir } from '../io/cache.js';
import { createFetcher, toLocationUrl, type CombinedFetcher } from '../io/create-fetcher.js';
import { createComposeCatalog, type FetcherComposeCatalog } from '../compose/create-catalog.js';
import type { Fetcher } from '../io/fetcher.js';
import type { CliIo } from './cli-io.js';
import type { OptionSpec } from './options/option-table.js';
import { UsageError } from '../errors.js';

/** The default compose root (DESIGN.md). */
export const defaultComposeRoot = 'https://kojipkgs.fedoraproject.org/compose/updates/';

/** The `--timeout` option every network command takes (a row of its option table). */
export const timeoutRow = {
  name: 'timeout',
  type: 'string',
  arg: 'SECONDS',
  description:
    'give up on a server that sends nothing for this long, retries included; all retries of the command together wait at most 4 times this (default 30)',
  complete: 'none',
} as const satisfies OptionSpec;

/** `--timeout SECONDS` in ms; undefined when not given. */
export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = /^[0-9]+(\.[0-9]+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(seconds > 0) || seconds > 86_400) {
    throw new UsageError(
      `--timeout wants a number of seconds above 0 (at most 86400), not ${JSON.stringify(value)}`,
    );
  }
  return Math.round(seconds * 1000);
}

/** A fetcher with the on-disk cache, unless `--no-cache` was given; `timeout` is `--timeout`'s value. */
export function cliFetcher(noCache: boolean | undefined, io: CliIo, timeout?: string): CombinedFetcher {
  return createFetcher({
    cacheDir: noCache === true ? undefined : defaultCacheDir(io.env),
    http: { timeout: parseTimeout(timeout) },
  });
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
