/** The library's catalog over real HTTP (undici) for the bench. */
import { createComposeCatalog } from '../../src/compose/create-catalog.js';
import type { ComposeCatalog } from '../../src/compose/catalog.js';
import { createHttpFetcher } from '../../src/io/http-fetcher.js';

/** A fresh (cold-cache) catalog for `rootUrl`, and how to release its connections. */
export function httpCatalog(rootUrl: string): { catalog: ComposeCatalog; close: () => Promise<void> } {
  const fetcher = createHttpFetcher();
  return { catalog: createComposeCatalog(fetcher, rootUrl), close: () => fetcher.close() };
}
