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
export type { FetchRequestOptions, FetchStats, FetchedStream, Fetcher, PostBody } from './io/fetcher.js';
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
export { readPrimary, readPrimaryBatches, collectPrimary, expectedFromRecord } from './rpmmd/read-primary.js';
export type { ExpectedDigests, ReadPrimaryOptions } from './rpmmd/read-primary.js';
export type { DependencySelection, PrimaryDependency, PrimaryPackage } from './rpmmd/primary-types.js';
export { compressionFromName, sniffCompression } from './rpmmd/decompress.js';
export type { Compression } from './rpmmd/decompress.js';
export { ComposeError } from './compose/errors.js';
export type { ComposeErrorCode } from './compose/errors.js';
export { parseComposeId, compareComposeIds } from './compose/compose-id.js';
export type { UpdatesComposeId } from './compose/compose-id.js';
export type { VariantRepo } from './compose/variant-repo.js';
export { listingNote, parseListing, readListing } from './compose/listing.js';
export type { Listing, ListingLink } from './compose/listing.js';
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
export { composeStatuses } from './compose/catalog.js';
export type {
  ComposeCatalog,
  ComposeEntry,
  ComposeId,
  ComposeStatus,
  ReconstructedState,
} from './compose/catalog.js';
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
export {
  BaseImageSchema,
  BasePackageSchema,
  BaseRepoSchema,
  BaseSourceKindSchema,
} from './base/base-image.js';
export type { BaseImage, BasePackage, BaseRepo, BaseSourceKind } from './base/base-image.js';
export { BaseImageError } from './base/errors.js';
export type { BaseImageErrorCode } from './base/errors.js';
export { readBaseImage } from './base/read-base-image.js';
export type {
  BaseSource,
  CommitmetaBaseSource,
  OstreeBaseSource,
  PkglistBaseSource,
  ReadBaseImageOptions,
  RootBaseSource,
  StatusBaseSource,
} from './base/source.js';
export { bswap64, isPlausibleEpoch, repairTimestamp } from './base/timestamps.js';
export type { RepairedTimestamp } from './base/timestamps.js';
export { findMatchingCompose } from './match/find-matching-compose.js';
export type { FindMatchingComposeOptions } from './match/find-matching-compose.js';
export type { MatchProgress } from './match/prober.js';
export { MatchError } from './match/errors.js';
export type { MatchErrorCode } from './match/errors.js';
export {
  BaseRepoReportSchema,
  BaseSummarySchema,
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
  DriftDirectionSchema,
  UnexplainedSchema,
  GaTreeStateSchema,
  GaTreeReportSchema,
  describeDrift,
  isSnapshotResult,
  matchReportSchemaVersion,
  sourceFailed,
} from './report/match-report.js';
export type {
  BaseRepoReport,
  BaseSummary,
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
  Unexplained,
  GaTreeReport,
} from './report/match-report.js';
export { defaultReleaseRoots, readReleaseTree, releaseTreeUrl } from './compose/release-tree.js';
export type { ReleaseTree } from './compose/release-tree.js';
export { fedoraGpgKey, renderRepoFile, updatesArchiveStanza } from './repofile/render-repo-file.js';
export type { RenderRepoFileOptions, RepoFileInput } from './repofile/render-repo-file.js';
export { writeFileAtomic } from './repofile/atomic-write.js';
export type { AtomicWriteFs, WriteFileAtomicOptions } from './repofile/atomic-write.js';
export { RepoFileError } from './repofile/errors.js';
export type { RepoFileErrorCode } from './repofile/errors.js';
export { RpmHeaderError } from './rpmfile/errors.js';
export type { RpmHeaderErrorCode } from './rpmfile/errors.js';
export { parseHeader } from './rpmfile/header.js';
export type { ParseHeaderOptions, RpmHeader, RpmIndexEntry } from './rpmfile/header.js';
export {
  headerBytes,
  headerInt32,
  headerInt32Array,
  headerString,
  headerStringArray,
} from './rpmfile/header-values.js';
export { headerNevra, headerSourceRpm } from './rpmfile/header-nevra.js';
export { RpmTag, RpmTagType } from './rpmfile/tags.js';
export type { RpmTagTypeValue } from './rpmfile/tags.js';
export { RpmdbError } from './rpmdb/errors.js';
export type { RpmdbErrorCode } from './rpmdb/errors.js';
export { readRpmdb } from './rpmdb/read-rpmdb.js';
export type { DamagedHeader, ReadRpmdbOptions, RpmdbFiles, RpmdbPackage } from './rpmdb/read-rpmdb.js';
export type { HeaderDigestMismatch } from './rpmdb/header-digest.js';
export { RPMDB_LOCATIONS, readRpmdbDir } from './rpmdb/read-rpmdb-dir.js';
export type { ReadRpmdbDirOptions, RpmdbDirResult } from './rpmdb/read-rpmdb-dir.js';
export { compareNevra, normaliseEpoch } from './rpm/nevra-order.js';
export {
  IndexManifestSchema,
  IndexFileSchema,
  ManifestStreamSchema,
  ManifestComposeSchema,
  ManifestGaSchema,
  ComposeRecordSchema,
  GaRecordSchema,
  PackageDeltaSchema,
  PackageTupleSchema,
  RepoStateSchema,
  IndexEventSchema,
  ReconstructedRecordSchema,
  ManifestReconstructedRecordSchema,
  ManifestReconstructedStreamSchema,
} from './compose-index/schema.js';
export type {
  IndexManifest,
  IndexFile,
  ManifestStream,
  ManifestCompose,
  ManifestGa,
  ComposeRecord,
  GaRecord,
  PackageDelta,
  PackageTuple,
  RepoState,
  ReconstructedRecord,
  ManifestReconstructedRecord,
  ManifestReconstructedStream,
} from './compose-index/schema.js';
export { backfillIndex } from './compose-index/backfill.js';
export type { BackfillIndexOptions, BackfillIndexResult } from './compose-index/backfill.js';
export { IndexError } from './compose-index/errors.js';
export type { IndexErrorCode } from './compose-index/errors.js';
export { openIndex, indexFromManifest, verifyIndex } from './compose-index/read-index.js';
export type { ComposeIndex } from './compose-index/read-index.js';
export { createIndexCatalog } from './compose-index/catalog.js';
export type { IndexCatalog, IndexCatalogOptions } from './compose-index/catalog.js';
export { updateIndex, defaultIndexArches } from './compose-index/update.js';
export { readManifest } from './compose-index/rewrite-index.js';
export type { UpdateIndexOptions, UpdateIndexResult } from './compose-index/update.js';
export { fromTuple, toTuple } from './compose-index/packages.js';
export type { IndexPackage, PackageSet } from './compose-index/packages.js';
export type { StepHook } from './compose-index/store.js';
export {
  AnnotationRefName,
  DescriptorSchema,
  DigestSchema,
  ImageConfigSchema,
  ImageLayoutSchema,
  IndexSchema,
  ManifestSchema,
  PlatformSchema,
  MediaTypeDockerConfig,
  MediaTypeDockerLayerGzip,
  MediaTypeDockerManifest,
  MediaTypeDockerManifestList,
  MediaTypeImageConfig,
  MediaTypeImageIndex,
  MediaTypeImageLayer,
  MediaTypeImageLayerGzip,
  MediaTypeImageLayerZstd,
  MediaTypeImageManifest,
  indexMediaTypes,
  layerCompression,
  manifestMediaTypes,
  maxConfigBytes,
  maxLayoutFileBytes,
  maxManifestBytes,
  parseBoundedJson,
} from './oci/spec.js';
export type {
  Descriptor,
  Digest,
  ImageConfig,
  Index,
  LayerCompression,
  Manifest,
  Platform,
} from './oci/spec.js';
export { OciError } from './oci/errors.js';
export type { OciErrorCode } from './oci/errors.js';
export { openImageSource } from './oci/open-image-source.js';
export type { ImageSource, ResolvedImage } from './oci/image-source.js';
export { goArch, hostGoArch } from './oci/arch.js';
export { readTar, normaliseTarPath } from './oci/tar/reader.js';
export type { TarEntry, TarEntryType, TarReadOptions, TarReadResult, TarVisitor } from './oci/tar/reader.js';
export { decompressLayer } from './oci/tar/decompress.js';
export { TarError } from './oci/tar/errors.js';
export type { TarErrorCode } from './oci/tar/errors.js';

// durable (issue 12 parts 2–3): match over the live root and a compose index together.
export { combineCatalogs } from './compose-index/combined-catalog.js';
export type { CombinedCatalog } from './compose-index/combined-catalog.js';

// fetch (issue 11): whole .rpm files — layout, digests, Koji sigcache splice.
export { RpmFileError } from './rpmfile/errors.js';
export type { RpmFileErrorCode } from './rpmfile/errors.js';
export { readRpmFile, RPM_LEAD_SIZE } from './rpmfile/rpm-file.js';
export type { ReadRpmFileOptions, RpmFileLayout } from './rpmfile/rpm-file.js';
export { rpmDigests, verifyRpmDigests } from './rpmfile/digests.js';
export type { RpmDigestCheck, RpmDigests } from './rpmfile/digests.js';
export { spliceSignature } from './rpmfile/splice-signature.js';
export { RpmFetchError } from './fetch/errors.js';
export type { RpmFetchErrorCode } from './fetch/errors.js';
export { kojiRpmPath, kojiSigPath, parseSourceRpm, rpmFileName } from './fetch/koji-paths.js';
export type { SourceRpmName } from './fetch/koji-paths.js';

// registry: the docker:// image transport (issue 10 part 1).
export type { OpenImageSourceOptions } from './oci/open-image-source.js';
export { openRegistrySource } from './oci/registry/source.js';
export type { RegistrySourceOptions } from './oci/registry/source.js';
export { parseRegistryReference } from './oci/registry/reference.js';
export type { RegistryReference } from './oci/registry/reference.js';
export { findCredentials, authFilePaths } from './oci/registry/credentials.js';
export type { RegistryCredentials } from './oci/registry/credentials.js';
export { RegistryError } from './oci/registry/errors.js';
export type { RegistryErrorCode } from './oci/registry/errors.js';
export { parseChallenges } from './oci/registry/challenge.js';
export type { Challenge } from './oci/registry/challenge.js';

// image (issue 10): bases read from container images.
export { readImageBase, readImageReferenceBase } from './base/from-image.js';
export { ImageOriginSchema } from './base/base-image.js';
export type { ImageBaseSource } from './base/source.js';
export { ImageBaseError, type ImageBaseErrorCode } from './image/errors.js';

// Image-deployed hosts (issue 10 part 3): status deployments by role, ostree-ext's ref escaping
// and image references.
export type { StatusDeploymentChoice } from './base/source.js';
export { BLOB_REF_PREFIX, blobRef, escapeForRef } from './base/container-refs.js';
export { parseOstreeImageReference, registryReferenceByDigest } from './base/container-image-reference.js';
export type { OstreeImageReference } from './base/container-image-reference.js';

// durable (issue 12 part 3): the durable .repo for a pruned snapshot (updates-archive + live updates).
export {
  CoverageSchema,
  ClosureReportSchema,
  DurableSourceRoleSchema,
  DurableSourceSchema,
  MissingBuildSchema,
} from './report/match-report.js';
export type { Coverage, DurableSource, DurableSourceRole, MissingBuild } from './report/match-report.js';
export { coverageIncomplete, placePrunedSnapshots } from './durable/place-pruned-snapshots.js';
export type { PlacePrunedSnapshotsOptions } from './durable/place-pruned-snapshots.js';
export { placeBuilds } from './durable/place-builds.js';
// issue 22 part 3: `match --for NAME`, only what layering NAME needs.
export { layeringClosure } from './durable/closure.js';
export type { BuildWithDeps, Closure, ClosureInput } from './durable/closure.js';
export { readRepoPackages } from './durable/read-repo-packages.js';
export type { RepoRead } from './durable/read-repo-packages.js';
export { readHoldings } from './durable/read-holdings.js';
export type { SourceHoldings } from './durable/read-holdings.js';
export {
  defaultArchiveRoot,
  defaultSecondaryUpdatesRoot,
  defaultUpdatesRoot,
  durableSources,
} from './durable/source-urls.js';
export type { DurableRoots, DurableSourceLocation } from './durable/source-urls.js';
export { evrText, nevraText } from './durable/nevra-text.js';
export { DurableError } from './durable/errors.js';
export type { DurableErrorCode } from './durable/errors.js';

// fetch-sources (issue 11): where a base's exact builds are found, and how they are downloaded.
export type {
  BuildSource,
  BuildSourceKind,
  BuildSourceRef,
  LocatedBuild,
  SourceAnswer,
} from './fetch/build-source.js';
export { createRepoSource } from './fetch/sources/repo-source.js';
export type { RepoSourceOptions } from './fetch/sources/repo-source.js';
export { createKojiSource, defaultKojiRoot, isKojiSource } from './fetch/sources/koji-source.js';
export type { KojiSource, KojiSourceOptions } from './fetch/sources/koji-source.js';
export { answerHolds, kojiBuildIndex } from './fetch/sources/koji-answer.js';
export type { KojiBuildIndex } from './fetch/sources/koji-answer.js';
export { locateInChain } from './fetch/locate.js';
export type { ChainResult } from './fetch/locate.js';
export { downloadBuild } from './fetch/download.js';
export type { DownloadOptions, DownloadedBuild } from './fetch/download.js';

// fetch-plan (issue 11): the planner of `compose-match fetch` and the local repo it writes.
export { planFetch } from './fetch/plan/plan-fetch.js';
export type {
  ChainAnswer,
  DownloadFunction,
  DownloadedFile,
  FetchPlan,
  InferredSource,
  LocateFunction,
  PinConflict,
  PlanBase,
  PlanFetchOptions,
  PlannedBuild,
  PlannedBuildStatus,
  PlanOutcome,
  UnresolvedPin,
  WantReason,
} from './fetch/plan/types.js';
export { createSourceChain, defaultFetchRoots } from './fetch/sources/chain.js';
export type { SourceChainOptions } from './fetch/sources/chain.js';
export { FetchPlanError } from './fetch/errors.js';
export type { FetchPlanErrorCode } from './fetch/errors.js';
export { writeLocalRepo } from './fetch/local-repo/write-local-repo.js';
export type { LocalRepo, WriteLocalRepoOptions } from './fetch/local-repo/write-local-repo.js';
export type { RepoPackage } from './fetch/local-repo/package-entry.js';
export type { PackageFields, PackageFile } from './fetch/local-repo/header-fields.js';
export { renderLocalRepoFile } from './fetch/local-repo/repo-file.js';
export type { LocalRepoFileInput } from './fetch/local-repo/repo-file.js';
export { dependencyTags, headerDependencies, headerProvides, headerRequires } from './rpmfile/header-deps.js';
export type { DependencyKind, HeaderDependency } from './rpmfile/header-deps.js';

// koji-history (issue 18): a read-only Koji hub client and tag states rebuilt from its history.
export { KojiHubClient, defaultKojiHub } from './koji/hub-client.js';
export type { KojiCall, KojiCallResult, KojiHubClientOptions, KojiStats } from './koji/hub-client.js';
export { KojiError } from './koji/errors.js';
export { defaultPoolRoot, poolRepoUrl } from './koji/pool-repo.js';
export type { KojiErrorCode } from './koji/errors.js';
export { getEvent, lastEventBefore } from './koji/queries.js';
export type { KojiBuild, KojiEvent, KojiRpm, TagListingRow, TaggedRpms } from './koji/queries.js';
export {
  applyChanges,
  readTagChanges,
  readTagState,
  readTagStateBefore,
  stateRpms,
} from './koji/tag-state.js';
export type { PackageHolding, TagChange, TagState } from './koji/tag-state.js';
export type { KojiKeywords, XmlRpcFault, XmlRpcValue } from './koji/xmlrpc.js';
export type { KojiStrategyOptions } from './match/koji-strategy.js';
export { KojiAnswerSchema, KojiBuildLocationSchema, KojiEventSchema } from './report/match-report.js';
export type { KojiAnswer, KojiBuildLocation } from './report/match-report.js';
