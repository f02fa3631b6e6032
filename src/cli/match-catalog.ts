/**
 * The catalog `match`, `install` and `state` search: the live compose root (`--compose-root`, GA
 * from `--release-root`), and with `--index` the recorded composes too, as one catalog (a compose on
 * both is the retained one).
 */
import type { ComposeCatalog } from '../compose/catalog.js';
import { combineCatalogs } from '../compose-index/combined-catalog.js';
import { createIndexCatalog } from '../compose-index/catalog.js';
import { openIndex } from '../compose-index/read-index.js';
import { toLocationUrl } from '../io/create-fetcher.js';
import type { Fetcher } from '../io/fetcher.js';
import type { CliIo } from './cli-io.js';
import { cliCatalog } from './fetch-options.js';

/** The option values that choose the catalog. */
export interface MatchCatalogValues {
  'compose-root'?: string | undefined;
  'release-root'?: string | undefined;
  index?: string | undefined;
}

export async function matchCatalog(
  fetcher: Fetcher,
  values: MatchCatalogValues,
  io: CliIo,
): Promise<ComposeCatalog> {
  const live = cliCatalog(fetcher, values['compose-root'], io, values['release-root']);
  if (values.index === undefined) return live;
  return combineCatalogs(
    live,
    createIndexCatalog(await openIndex(fetcher, toLocationUrl(values.index, io.cwd))),
  );
}

/** A directory or URL option (`--archive-root`) as a URL ending in `/`, or undefined when not given. */
export function optionalLocation(value: string | undefined, io: CliIo): string | undefined {
  if (value === undefined) return undefined;
  const url = toLocationUrl(value, io.cwd);
  return url.endsWith('/') ? url : `${url}/`;
}
