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
export { isKnownArch } from './rpm/arches.js';
export { RpmVersionError } from './rpm/errors.js';
export type { RpmVersionErrorCode } from './rpm/errors.js';
export { compareEvr, formatEvr, parseEvr } from './rpm/evr.js';
export { formatNevra, parseNevra } from './rpm/nevra.js';
export { rangesOverlap, satisfies } from './rpm/range.js';
export type { DepFlag, DepOperator, DepRange, Dependency } from './rpm/range.js';
export { NevraSchema } from './rpm/schema.js';
export type { Evr, Nevra } from './rpm/types.js';
export { rpmvercmp } from './rpm/vercmp.js';
export { version } from './version.js';
