/**
 * The static index format (README "Compose index"): one mutable manifest, `index.json`, and
 * immutable, content-named record files it lists with their sha256 and size.
 */
import { z } from 'zod';
import { composeStatuses } from '../compose/catalog.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** A file the manifest lists: its path relative to the index root, sha256 and size in bytes. */
export const IndexFileSchema = z.object({
  path: z
    .string()
    .regex(/^records\/[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/)
    .refine((p) => !p.split('/').includes('..'), 'no .. segments'),
  sha256,
  size: z.number().int().nonnegative(),
});
/** {@link IndexFileSchema}. */
export type IndexFile = z.infer<typeof IndexFileSchema>;

/**
 * One package as stored: `[name, arch, evr, source]`. `evr` is `[E:]V-R`; `source` is `''` when
 * the source RPM is `<name>-<V>-<R>.src.rpm`, the source name when only the name differs, the full
 * file name when it ends in `.src.rpm`, and `null` when the package has none.
 */
export const PackageTupleSchema = z.tuple([z.string(), z.string(), z.string(), z.string().nullable()]);
/** {@link PackageTupleSchema}. */
export type PackageTuple = z.infer<typeof PackageTupleSchema>;

/**
 * A package set change: `put` replaces every package of each name.arch it names with the ones it
 * lists; `drop` removes the name.arch pairs that left the set.
 */
export const PackageDeltaSchema = z.object({
  put: z.array(PackageTupleSchema),
  drop: z.array(z.tuple([z.string(), z.string()])),
});
/** {@link PackageDeltaSchema}. */
export type PackageDelta = z.infer<typeof PackageDeltaSchema>;

/** What repomd.xml said when the record was made. */
export const RepoStateSchema = z.object({
  /** `<revision>`, or null. */
  revision: z.string().nullable(),
  /** The largest `<data><timestamp>` (what rpm-ostree records). */
  timestamp: z.number().int(),
  /** sha256 of the repomd.xml bytes. */
  repomdSha256: sha256,
  /** The primary record's checksum: unchanged means the package set is unchanged. */
  primaryChecksum: z.string(),
});
/** {@link RepoStateSchema}. */
export type RepoState = z.infer<typeof RepoStateSchema>;

/** A compose record file (compressed JSON): one compose, one arch, its package set as a delta. */
export const ComposeRecordSchema = z.object({
  kind: z.literal('compose-match-index-record'),
  version: z.literal(1),
  compose: z.string(),
  stream: z.string(),
  status: z.enum(composeStatuses),
  repo: RepoStateSchema,
  /** The compose this delta applies to (the previous record of the stream), or null: the empty set. */
  previous: z.string().nullable(),
  packageCount: z.number().int().nonnegative(),
  delta: PackageDeltaSchema,
});
/** {@link ComposeRecordSchema}. */
export type ComposeRecord = z.infer<typeof ComposeRecordSchema>;

/** The GA package set of one release and arch (a full set, stored once). */
export const GaRecordSchema = z.object({
  kind: z.literal('compose-match-index-ga'),
  version: z.literal(1),
  release: z.string(),
  arch: z.string(),
  /** The GA compose ID, or the release tree URL it was read from. */
  source: z.string(),
  repo: RepoStateSchema,
  packages: z.array(PackageTupleSchema),
});
/** {@link GaRecordSchema}. */
export type GaRecord = z.infer<typeof GaRecordSchema>;

/** One compose of a stream as the manifest lists it. */
export const ManifestComposeSchema = z.object({
  id: z.string(),
  date: z.string().regex(/^[0-9]{8}$/),
  respin: z.number().int().nonnegative(),
  status: z.enum(composeStatuses),
  /** False for a compose that must never be matched (DOOMED, TERMINATED, no repo for the arch). */
  usable: z.boolean(),
  /** Why it is not usable, when it is not. */
  reason: z.string().nullable(),
  /** True once the koji-tag symlink reached this compose or a later one (Bodhi is done with it). */
  confirmed: z.boolean(),
  revision: z.string().nullable(),
  timestamp: z.number().int().nullable(),
  repomdSha256: sha256.nullable(),
  packageCount: z.number().int().nonnegative(),
  /** The record file; null when not usable. */
  file: IndexFileSchema.nullable(),
});
/** {@link ManifestComposeSchema}. */
export type ManifestCompose = z.infer<typeof ManifestComposeSchema>;

/** One release/series/arch and its chain of composes, oldest first. */
export const ManifestStreamSchema = z.object({
  /** `<short>-<version>/<series>/<arch>`, e.g. `Fedora-32/updates/x86_64`. */
  key: z.string(),
  release: z.string(),
  series: z.enum(['updates', 'updates-testing']),
  arch: z.string(),
  composes: z.array(ManifestComposeSchema),
});
/** {@link ManifestStreamSchema}. */
export type ManifestStream = z.infer<typeof ManifestStreamSchema>;

/** The GA set of a release/arch in the manifest; `file` null when no GA tree was found. */
export const ManifestGaSchema = z.object({
  release: z.string(),
  arch: z.string(),
  source: z.string().nullable(),
  packageCount: z.number().int().nonnegative(),
  file: IndexFileSchema.nullable(),
});
/** {@link ManifestGaSchema}. */
export type ManifestGa = z.infer<typeof ManifestGaSchema>;

/** A Koji event as the index stores it: id, and time in seconds since the epoch (with microseconds). */
export const IndexEventSchema = z.object({ id: z.number().int(), ts: z.number() });

/**
 * A reconstructed record file (`index backfill`): what a Koji tag held at one event, for one arch,
 * as a delta against the previous reconstructed record of the stream. Never an observed compose.
 */
export const ReconstructedRecordSchema = z.object({
  kind: z.literal('compose-match-index-reconstructed'),
  version: z.literal(1),
  /** `Koji-<tag>-event-<id>`. */
  id: z.string(),
  stream: z.string(),
  tag: z.string(),
  event: IndexEventSchema,
  /** The previous reconstructed record of the stream, or null: the delta base is the empty set. */
  previous: z.string().nullable(),
  packageCount: z.number().int().nonnegative(),
  /** Tuples whose `source` names the build's source RPM (the build NVR is in it). */
  delta: PackageDeltaSchema,
});
/** {@link ReconstructedRecordSchema}. */
export type ReconstructedRecord = z.infer<typeof ReconstructedRecordSchema>;

/** One reconstructed state of a stream as the manifest lists it. */
export const ManifestReconstructedRecordSchema = z.object({
  id: z.string(),
  /** Always true: a record `index backfill` rebuilt from Koji, never one it saw published. */
  reconstructed: z.literal(true),
  /** The event whose state this is: the last tag change of a push (or of a day). */
  event: IndexEventSchema,
  /** The tag's first change after it (the next push), or null when the window saw none. */
  next: IndexEventSchema.nullable(),
  /** Tag changes this record applies since the previous one (0 for the window's start). */
  changes: z.number().int().nonnegative(),
  packageCount: z.number().int().nonnegative(),
  file: IndexFileSchema,
});
/** {@link ManifestReconstructedRecordSchema}. */
export type ManifestReconstructedRecord = z.infer<typeof ManifestReconstructedRecordSchema>;

/** One window of Koji history a stream's records were reconstructed over. */
export const ReconstructedWindowSchema = z.object({
  since: z.number(),
  until: z.number(),
  /** The stream's records, in order, that belong to this window. */
  records: z.number().int().nonnegative(),
});
/** {@link ReconstructedWindowSchema}. */
export type ReconstructedWindow = z.infer<typeof ReconstructedWindowSchema>;

/** The reconstructed states of one release/series/arch, oldest first, and where they came from. */
export const ManifestReconstructedStreamSchema = z.object({
  /** The same key as an observed stream: `Fedora-32/updates/x86_64`. */
  key: z.string(),
  /** `Fedora-32`; for the pool, the pool tag (`coreos-pool`, one tag for every release). */
  release: z.string(),
  /** `pool`: the FCOS pool tag, every build it held (key `coreos-pool/<arch>`). */
  series: z.enum(['updates', 'updates-testing', 'pool']),
  arch: z.string(),
  /** The Koji tag, `f<N>-<series>` (or `coreos-pool`). */
  tag: z.string(),
  /** The hub the states were read from. */
  hub: z.string(),
  /**
   * The window reconstructed: from `since` up to `until` (seconds since the epoch). When runs left
   * windows with a gap between them, the span from the first window's start to the last one's end.
   */
  since: z.number(),
  until: z.number(),
  /**
   * Only when the records come from windows with gaps between them (runs over disjoint windows):
   * each window, oldest first, and how many of `records`, in order, it holds. Between two windows
   * the tag's states are unknown, so no record answers for an instant in a gap.
   */
  windows: z.array(ReconstructedWindowSchema).optional(),
  records: z.array(ManifestReconstructedRecordSchema),
});
/** {@link ManifestReconstructedStreamSchema}. */
export type ManifestReconstructedStream = z.infer<typeof ManifestReconstructedStreamSchema>;

/** `index.json`. */
export const IndexManifestSchema = z.object({
  kind: z.literal('compose-match-index'),
  version: z.literal(1),
  /** The compose root the composes were read from. */
  composeRoot: z.string(),
  ga: z.array(ManifestGaSchema),
  streams: z.array(ManifestStreamSchema),
  /**
   * States rebuilt from Koji's tag history by `index backfill`, kept apart from the observed
   * `streams` (absent when there are none, so an index without them keeps its bytes).
   */
  reconstructed: z.array(ManifestReconstructedStreamSchema).optional(),
});
/** {@link IndexManifestSchema}. */
export type IndexManifest = z.infer<typeof IndexManifestSchema>;
