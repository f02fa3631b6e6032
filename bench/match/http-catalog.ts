/**
 * The library's HTTP-backed catalog for the bench, when the build has one (`createComposeCatalog`
 * and an HTTP fetcher from src/io); `null` otherwise, so the bench falls back to the counting fake.
 */
import type { ComposeCatalog } from '../../src/compose/catalog.js';

/** A catalog over real HTTP for `rootUrl`, or `null` when the library does not have one yet. */
export async function httpCatalog(rootUrl: string): Promise<ComposeCatalog | null> {
  const lib = (await import('../../src/index.js')) as Record<string, unknown>;
  const create = lib['createComposeCatalog'];
  const fetcher = lib['createHttpFetcher'] ?? lib['createUndiciFetcher'];
  if (typeof create !== 'function' || typeof fetcher !== 'function') return null;
  return (create as (o: unknown) => ComposeCatalog)({ rootUrl, fetcher: (fetcher as () => unknown)() });
}
