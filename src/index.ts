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
export { findMatchingCompose } from './match/find-matching-compose.js';
export type { FindMatchingComposeOptions } from './match/find-matching-compose.js';
export type { MatchProgress } from './match/prober.js';
export { MatchError } from './match/errors.js';
export type { MatchErrorCode } from './match/errors.js';
export {
  BaseRepoReportSchema,
  CandidateSchema,
  ComposeRefSchema,
  ComposeStatusSchema,
  DriftSchema,
  EvidenceSchema,
  MatchReportSchema,
  MatchResultSchema,
  MatchSchema,
  RepoRoleSchema,
  SeriesSchema,
  SkippedSchema,
} from './match/report-schema.js';
export type {
  BaseRepoReport,
  Candidate,
  ComposeRef,
  Drift,
  Evidence,
  Match,
  MatchReport,
  MatchResult,
  RepoRole,
  Series,
  Skipped,
} from './match/report-schema.js';
export { fedoraGpgKey, renderRepoFile, updatesArchiveStanza } from './repofile/render-repo-file.js';
export type { RenderRepoFileOptions, RepoFileInput } from './repofile/render-repo-file.js';
export { writeFileAtomic } from './repofile/atomic-write.js';
export type { AtomicWriteFs, WriteFileAtomicOptions } from './repofile/atomic-write.js';
export { RepoFileError } from './repofile/errors.js';
export type { RepoFileErrorCode } from './repofile/errors.js';
export type { ComposeCatalog, ComposeEntry, ComposeId, ComposeStatus } from './compose/catalog.js';
export type { RepoChecksum, Repomd, RepomdRecord } from './rpmmd/repomd-types.js';
