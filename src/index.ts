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
export { decodeGVariant, decodeVardictRaw, offsetWidth } from './gvariant/decode.js';
export type { DecodeOptions, GVariantVariant, RawVariant } from './gvariant/decode.js';
export { GVariantError } from './gvariant/errors.js';
export type { GVariantErrorCode } from './gvariant/errors.js';
export { DEFAULT_MAX_DEPTH, parseGVariantType } from './gvariant/type.js';
export type { GVariantBasicCode, GVariantType, GVariantTypeCommon } from './gvariant/type.js';
export { decodeRawEntry, decodeVardict, lookupVardict } from './gvariant/vardict.js';
export type { Vardict } from './gvariant/vardict.js';
export { COMMIT_TYPE, parseCommit, parseDetachedMetadata } from './ostree/commit.js';
export type { OstreeCommit } from './ostree/commit.js';
export { OstreeError } from './ostree/errors.js';
export type { OstreeErrorCode } from './ostree/errors.js';
export { openOstreeRepo, parseConfigMode } from './ostree/repo.js';
export type { OstreeRepo, ResolvedRef } from './ostree/repo.js';
export { parseRefspec } from './ostree/refs.js';
export type { Refspec } from './ostree/refs.js';
export { SUMMARY_TYPE, parseSummary } from './ostree/summary.js';
export type { OstreeSummary, SummaryRef } from './ostree/summary.js';
export { BaseImageSchema, BaseRepoSchema, BaseSourceKindSchema } from './base/base-image.js';
export type { BaseImage, BaseRepo, BaseSourceKind } from './base/base-image.js';
export { BaseImageError } from './base/errors.js';
export type { BaseImageErrorCode } from './base/errors.js';
export { readBaseImage } from './base/read-base-image.js';
export type {
  BaseSource,
  CommitmetaBaseSource,
  OstreeBaseSource,
  PkglistBaseSource,
  ReadBaseImageOptions,
  StatusBaseSource,
} from './base/source.js';
export { bswap64, isPlausibleEpoch, repairTimestamp } from './base/timestamps.js';
export type { RepairedTimestamp } from './base/timestamps.js';
