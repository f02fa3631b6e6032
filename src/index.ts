/**
 * compose-match: find the Fedora updates compose an OSTree base image was built from.
 *
 * @packageDocumentation
 */
export { ComposeMatchError, UsageError, isComposeMatchError } from './errors.js';
export type { ComposeMatchErrorOptions, ErrorCategory } from './errors.js';
export { FetchError } from './io/errors.js';
export type { FetchErrorCode } from './io/errors.js';
export { fetchOptional, fetchText } from './io/fetcher.js';
export type { FetchRequestOptions, FetchStats, FetchedStream, Fetcher } from './io/fetcher.js';
export { createFileFetcher } from './io/file-fetcher.js';
export type { Evr, Nevra } from './rpm/types.js';
export { version } from './version.js';
export type { DirectoryEntry } from './io/fetcher.js';
export { createHttpFetcher, userAgent } from './io/http-fetcher.js';
export type { HttpFetcher, HttpFetcherOptions } from './io/http-fetcher.js';
export { createFetcher, toLocationUrl } from './io/create-fetcher.js';
export type { CombinedFetcher, CreateFetcherOptions } from './io/create-fetcher.js';
export { withDiskCache, defaultCacheDir } from './io/cache.js';
export type { CacheStats, CachingFetcher } from './io/cache.js';
export { RepodataError } from './rpmmd/errors.js';
export type { RepodataErrorCode } from './rpmmd/errors.js';
export { parseRepomd, findRecord } from './rpmmd/repomd.js';
export type { RepoChecksum, Repomd, RepomdRecord } from './rpmmd/repomd-types.js';
export { readPrimary, collectPrimary, expectedFromRecord } from './rpmmd/read-primary.js';
export type { ExpectedDigests, ReadPrimaryOptions } from './rpmmd/read-primary.js';
export type { PrimaryDependency, PrimaryPackage } from './rpmmd/primary-types.js';
export { compressionFromName, sniffCompression } from './rpmmd/decompress.js';
export type { Compression } from './rpmmd/decompress.js';
export { ComposeError } from './compose/errors.js';
export type { ComposeErrorCode } from './compose/errors.js';
export { parseComposeId, compareComposeIds } from './compose/compose-id.js';
export { parseListing } from './compose/listing.js';
export {
  ComposeInfoSchema,
  RpmsManifestSchema,
  ProductmdHeaderSchema,
  ComposeInfoComposeSchema,
  RpmsEntrySchema,
} from './compose/productmd.js';
export type { ComposeInfo, RpmsManifest } from './compose/productmd.js';
export { openCompose } from './compose/compose-handle.js';
export type { ComposeHandle, ComposeHandleOptions } from './compose/compose-handle.js';
export { createComposeCatalog } from './compose/create-catalog.js';
export type { ComposeCatalogOptions, FetcherComposeCatalog } from './compose/create-catalog.js';
export type { ComposeCatalog, ComposeEntry, ComposeId, ComposeStatus } from './compose/catalog.js';
