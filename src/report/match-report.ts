/**
 * The {@link MatchReport}: what the matcher decided, how, at what cost, and the `.repo` text. It is
 * the `--json` output of `compose-match match`; same inputs give the same bytes (everything is
 * sorted or in a fixed order, and no wall-clock time is recorded).
 */
import { z } from 'zod';
import { BaseImageSchema } from '../base/base-image.js';
import { composeStatuses } from '../compose/catalog.js';

/**
 * The version of the report's shape; it grows when an enum or a field changes meaning, so a
 * consumer can refuse a report it does not understand. 2: drift `absent`, `unexplained`, `gaTree`.
 * 3: `compose.baseurl` is `null` for a pruned compose, and a match has `coverage`.
 * 4: `coverage.for` (`match --for`), and `coverage.total` then counts the closure's builds;
 * `drift[].composeId`, and a base that recorded several snapshots is judged by their union.
 * 5: results `koji` and `pool`, and a match's `koji` (the Koji tag state that answered).
 * 6: the durable source role `pool` (the FCOS pool serving a `pool` answer's builds), and
 * `koji.locations` (where Koji keeps each build of `koji.builds`, and its signing keys, for `fetch`).
 * Also 6: `koji.source` may be `index-backfill` (a reconstructed index record answered, offline).
 * Also 6: series `nightly` (a compose of a productmd nightly family such as `compose/iot/`), and a
 * match's `productmd` (the variant whose repository answered).
 */
export const matchReportSchemaVersion = 6;

/** How a match was decided, strongest first; `nearest` and `none` mean no consistent snapshot. */
export const MatchResultSchema = z.enum([
  'timestamp',
  'version',
  'packages',
  'koji',
  'pool',
  'nearest',
  'none',
]);

/** Pungi compose STATUS values. */
export const ComposeStatusSchema = z.enum(composeStatuses);

/**
 * The series a match is searched in: an updates series of Bodhi's `compose/updates/`, or `nightly`,
 * the composes of a productmd nightly family (`compose/iot/`), each holding its whole package set.
 */
export const SeriesSchema = z.enum(['updates', 'updates-testing', 'nightly']);

/**
 * What a repo recorded in the base is: an updates series (matched against composes), `frozen` (the
 * GA `fedora` repo and other repos that never change; not an updates compose, nothing to match),
 * `pool` (Fedora CoreOS's `fedora-coreos-pool`: many builds per package, picked by a lockfile), or
 * `other` (an id that says neither, like Silverblue's `repo-0`; its timestamp is still tried).
 */
export const RepoRoleSchema = z.enum(['updates', 'updates-testing', 'frozen', 'pool', 'other']);

/**
 * How a base package disagrees with a compose: `newer` (the compose carries a newer build; layering
 * from it could replace the base package), `older` (the compose predates the base's build), or
 * `absent` (the compose does not carry it and GA does not hold the base's EVR: the build is out of
 * reach, as for a package whose compose was pruned or whose update was revoked).
 */
export const DriftDirectionSchema = z.enum(['newer', 'older', 'absent']);

/** One base package that the compose and GA together do not hold at the base's EVR. */
export const DriftSchema = z.object({
  name: z.string(),
  arch: z.string(),
  /** The base's `[E:]V-R`. */
  baseEvr: z.string(),
  /** The compose's `[E:]V-R`; `null` when the compose does not carry the package (`absent`). */
  composeEvr: z.string().nullable(),
  /** The GA repo's `[E:]V-R`, or `null` when GA does not hold the package or was not read. */
  gaEvr: z.string().nullable(),
  direction: DriftDirectionSchema,
  /**
   * The compose whose build `composeEvr` is: with several snapshots (the base recorded `updates` and
   * `updates-testing`), the one dnf would take it from. `null` when no compose carries it (`absent`).
   */
  composeId: z.string().nullable().default(null),
});

/** A base package whose name neither the compose nor GA knows (a local RPM, a third-party repo). */
export const UnexplainedSchema = z.object({
  name: z.string(),
  arch: z.string(),
  /** The base's `[E:]V-R`. */
  evr: z.string(),
});

/** The compose a match points at. */
export const ComposeRefSchema = z.object({
  /** The compose ID (directory name), e.g. `Fedora-40-updates-20240517.0`. */
  id: z.string(),
  /**
   * The repo URL as written to the `.repo`: `<compose>/compose/Everything/$basearch/os/`; `null`
   * for a pruned compose (`retained: false`), which no URL serves any more.
   */
  baseurl: z.string().nullable(),
  status: ComposeStatusSchema,
  /** The largest `<data><timestamp>` of its repomd.xml for the arch, when fetched. */
  repoTimestamp: z.number().int().nullable(),
  /** `YYYYMMDD` from the compose ID (the compose start, local time). */
  date: z.string(),
  /**
   * False when the compose is known only from a compose index (`match --index`): Bodhi pruned it,
   * so `baseurl` is null (reports without the field are retained composes).
   */
  retained: z.boolean().default(true),
});

/**
 * A durable source of a pruned snapshot's builds: Fedora's `updates-archive` (every build that left
 * `updates`, kept for good), a live updates repo (the builds that have not left it yet), or, for a
 * `pool` answer, Fedora CoreOS's pool dist-repo (the builds the `coreos-pool` tag still holds,
 * overrides that never went through Bodhi among them).
 */
export const DurableSourceRoleSchema = z.enum(['updates-archive', 'updates', 'updates-testing', 'pool']);

/** What one durable source was found to hold of a pruned snapshot, and the stanza made of it. */
export const DurableSourceSchema = z.object({
  role: DurableSourceRoleSchema,
  /** The repo read, as written to its stanza's `baseurl`. */
  url: z.string(),
  /**
   * `read`: its primary.xml was read and verified; `absent`: no repo there (404, as early in a
   * release); `failed`: it could not be read (`detail` says why), so what it holds is unknown.
   */
  state: z.enum(['read', 'absent', 'failed']),
  /** One sentence: what was read, or why not. */
  detail: z.string(),
  /** Snapshot builds this source holds and serves (full NEVRAs, sorted); each build has one source. */
  builds: z.array(z.string()),
  /**
   * The stanza's `includepkgs` (full NEVRAs, sorted); empty means no stanza was written, which is
   * the case whenever `builds` is empty (a stanza matching nothing would be unrestricted under
   * libdnf). The archive stanza also lists the builds placed in a live repo, so that they are still
   * found once they leave it.
   */
  includepkgs: z.array(z.string()),
});

/** A snapshot build that no durable source holds. */
export const MissingBuildSchema = z.object({
  /** `name-[E:]V-R.A`. */
  nevra: z.string(),
  name: z.string(),
  arch: z.string(),
  /** `[E:]V-R`. */
  evr: z.string(),
});

/** What `match --for` restricted a pruned snapshot's stanzas to. */
export const ClosureReportSchema = z.object({
  /** The names asked for, sorted. */
  names: z.array(z.string()),
  /** Builds of the whole snapshot for the arch (what the file would list without `--for`). */
  snapshotBuilds: z.number().int().nonnegative(),
  /** Names the base already holds: nothing to layer for them. */
  inBase: z.array(z.string()),
  /** Names neither the snapshot nor GA carries. */
  unknownNames: z.array(z.string()),
  /** `requirer: capability` the walk saw no provider of (file paths, rich dependencies). */
  unresolved: z.array(z.string()),
});

/**
 * Where the builds of a pruned snapshot are served from now (`match --index` with a pruned
 * compose): each build is placed in the first durable source holding it exactly.
 */
export const CoverageSchema = z.object({
  /** Builds the snapshot holds for the arch (its whole package set, from the index). */
  total: z.number().int().nonnegative(),
  /** True when every build is placed (`missing` is empty). */
  complete: z.boolean(),
  /** The sources read, in order of preference. */
  sources: z.array(DurableSourceSchema),
  /** Snapshot builds no source holds, sorted by NEVRA. */
  missing: z.array(MissingBuildSchema),
  /**
   * With `match --for NAME…`: the stanzas list only what layering those names needs (their
   * dependency closure within snapshot ∪ GA, stopping at the locked base), and `total` counts that;
   * `null` when the whole snapshot is listed.
   */
  for: ClosureReportSchema.nullable().default(null),
});

/** One compose compared package by package. */
export const CandidateSchema = z.object({
  id: z.string(),
  date: z.string(),
  /** Packages the compose and the base both have (same name and arch). */
  shared: z.number().int().nonnegative(),
  /** Shared packages where the compose's build is newer than the base's. */
  newer: z.number().int().nonnegative(),
  /** Shared packages where the compose's build is older than the base's. */
  older: z.number().int().nonnegative(),
  /** Base packages the compose does not carry and GA does not hold at the base's EVR. */
  absent: z.number().int().nonnegative(),
  /** Base packages the compose does not carry, held by GA at exactly the base's EVR. */
  fromGa: z.number().int().nonnegative(),
  /** Base packages the compose does not carry that could not be checked (no usable GA tree). */
  unchecked: z.number().int().nonnegative(),
  /** Base packages whose name neither the compose nor GA knows (not a reason to reject it). */
  unexplained: z.number().int().nonnegative(),
});

/** Why a match was decided: a sentence for people and the facts for programs. */
export const EvidenceSchema = z.object({
  /** One sentence saying what decided. */
  summary: z.string(),
  /** Timestamp strategy: the base repo's recorded timestamp and the compose's, equal when it decided. */
  timestamp: z.object({ repoId: z.string(), base: z.number().int(), compose: z.number().int() }).nullable(),
  /** Version strategy: the commit version, the compose it names, and whether its packages confirmed it. */
  version: z.object({ version: z.string(), composeId: z.string(), confirmed: z.boolean() }).nullable(),
  /** Package comparison with the chosen compose, when one was made. */
  packages: CandidateSchema.omit({ id: true, date: true }).nullable(),
  /** Every compose compared package by package, best first (the `nearest` ranking). */
  candidates: z.array(CandidateSchema),
});

/** A Koji event as a match names it. */
export const KojiEventSchema = z.object({ id: z.number().int(), ts: z.number() });

/**
 * Where Koji keeps one build of an answer (`packages/<packageName>/<version>/<release>/`) and the
 * keys its rpms are signed with, so that `fetch` finds the files and their sigcache headers
 * (`data/sigcache/<key>/<arch>/<nvra>.rpm.sig`, written when a signature is imported) without
 * listing directories.
 */
export const KojiBuildLocationSchema = z.object({
  nvr: z.string(),
  /** The source package's name: the directory under `packages/`. */
  packageName: z.string(),
  version: z.string(),
  release: z.string(),
  /**
   * Keys (8 hex digits, lowercase) that signed every rpm of the build for the arch, sorted; `[]`
   * when none is signed; `null` when its rpms' keys differ, so each file's must be looked up.
   */
  sigkeys: z.array(z.string()).nullable(),
});

/**
 * A snapshot rebuilt from Koji's tag history (`koji` and `pool` results, schemaVersion 5): the tag,
 * the event whose state explains the base, and that state's binary packages for the base's arch
 * (what the durable `.repo` and `fetch` serve).
 */
export const KojiAnswerSchema = z.object({
  /**
   * Which kind answered: `koji-history`, the hub itself (`--koji`); `index-backfill`, a record
   * `index backfill` reconstructed from the hub's history into the index (`--index`, offline).
   * An observed compose always answers before either.
   */
  source: z.enum(['koji-history', 'index-backfill']),
  /** The hub asked (for `index-backfill`, the hub the record was reconstructed from). */
  hub: z.string(),
  /** `f<N>-updates`, `f<N>-updates-testing` or the pool tag. */
  tag: z.string(),
  event: KojiEventSchema,
  /** The tag's next change after `event` (none before the base's instant), when the window saw one. */
  nextChange: KojiEventSchema.nullable(),
  /** The instant the states were searched before (a recorded repo timestamp or the build time). */
  instant: z.number(),
  /** States compared, nearest first, before one explained the base. */
  statesCompared: z.number().int().nonnegative(),
  /** The state's binary packages (full NEVRAs), sorted: latest builds, or every tagged one for a pool. */
  packages: z.array(z.string()),
  /** Build NVRs of the state that hold base packages, sorted: what `fetch` takes from Koji. */
  builds: z.array(z.string()),
  /** Where Koji keeps each of `builds` (same order), schemaVersion 6. */
  locations: z.array(KojiBuildLocationSchema).default([]),
});

/**
 * For a compose of a nightly family (series `nightly`, schemaVersion 6): the variant whose
 * repository holds the base's packages, as the compose's composeinfo.json gives it.
 */
export const ProductmdAnswerSchema = z.object({
  /** The composeinfo.json read. */
  composeInfo: z.string(),
  /** `payload.release.short` and `.version` (`Fedora-IoT`, `42`). */
  release: z.object({ short: z.string(), version: z.string() }),
  /** The variant's uid (`IoT`). */
  variant: z.string(),
  /** `payload.variants.<variant>.paths.repository.<arch>`, relative to `compose/`. */
  repositoryPath: z.string(),
  /** Where the packages compared were listed. */
  packagesFrom: z.enum(['rpms.json', 'primary.xml']),
});

/** The match for one updates series the base was built from. */
export const MatchSchema = z.object({
  /** The base repo this match stands for (`updates`, `fedora-updates`, …), or the series name when the base recorded none. */
  repoId: z.string(),
  series: SeriesSchema,
  result: MatchResultSchema,
  /** The chosen compose; for `nearest`, the nearest one; `null` for `none`. */
  compose: ComposeRefSchema.nullable(),
  evidence: EvidenceSchema,
  /** Base packages the chosen compose and GA do not hold at the base's EVR, by name and arch (empty for an exact match). */
  drift: z.array(DriftSchema),
  /** Base packages no Fedora repo of the comparison knows by name, by name and arch. */
  unexplained: z.array(UnexplainedSchema),
  /** For a pruned snapshot: where its builds are served from now (`null` otherwise, or when not looked up). */
  coverage: CoverageSchema.nullable().default(null),
  /** Present only for a snapshot rebuilt from Koji's history (results `koji` and `pool`). */
  koji: KojiAnswerSchema.optional(),
  /** Present only for a compose of a nightly family (series `nightly`). */
  productmd: ProductmdAnswerSchema.optional(),
});

/**
 * What was made of the GA release tree: `confirmed` (its repomd timestamp equals the base's
 * recorded `fedora` timestamp), `unrecorded` (the base recorded no `fedora` repo; used as is),
 * `mismatch` (the base recorded a later `fedora` timestamp: another tree, not used), `prega` (the
 * base recorded an earlier one: it was built before GA from the moving Branched tree, not used),
 * `failed` (it could not be read; the detail says why).
 */
export const GaTreeStateSchema = z.enum(['confirmed', 'unrecorded', 'mismatch', 'prega', 'failed']);

/** The GA release tree the whole-base rule used (or could not use). */
export const GaTreeReportSchema = z.object({
  /** The `os/` directory read, or the first one tried when none could be. */
  url: z.string().nullable(),
  state: GaTreeStateSchema,
  /** The largest timestamp of its repomd.xml, when read. */
  repoTimestamp: z.number().int().nullable(),
  /** The base's recorded `fedora` timestamp, when it has one. */
  baseTimestamp: z.number().int().nullable(),
  /** Binary packages it holds for the arch (0 when not read). */
  packageCount: z.number().int().nonnegative(),
  /** One sentence: what was checked, or what failed. */
  detail: z.string(),
});

/** A compose the matcher looked at and could not use. */
export const SkippedSchema = z.object({
  id: z.string(),
  /** A STATUS that is not usable, or `unreadable` (no repodata for the arch, bad COMPOSE_ID, bad metadata). */
  reason: z.enum(['STARTED', 'DOOMED', 'TERMINATED', 'unreadable']),
  detail: z.string(),
});

/** A repo the base recorded at compose time, and what the matcher made of it. */
export const BaseRepoReportSchema = z.object({
  id: z.string(),
  timestamp: z.number().int(),
  role: RepoRoleSchema,
  /** The compose whose repomd.xml carries exactly this timestamp, when one was found. */
  matched: z.string().nullable(),
  note: z.string(),
});

/** What was matched: the base as read, in short, with what reading it repaired or assumed. */
export const BaseSummarySchema = z.object({
  source: BaseImageSchema.shape.source,
  commit: z.string().nullable(),
  version: z.string().nullable(),
  arch: z.string().nullable(),
  commitTime: z.number().int().nullable(),
  /** How many packages the base lists (0: the source carries none, so no package strategy). */
  packageCount: z.number().int().nonnegative(),
  /**
   * Built from `fedora-coreos-pool` only (production Fedora CoreOS up to F42): its builds come from a
   * pool and a lockfile, not from a compose, so no compose is exact for it.
   */
  poolBuilt: z.boolean(),
  /** The base reader's notes: byte-swapped timestamps repaired, a layered deployment read through its base, … */
  notes: z.array(z.string()),
  /**
   * For a base read from a container image: the reference and the manifest digest it resolved to
   * (a tag moves; the digest names what was matched). Absent for other sources.
   */
  image: z
    .object({
      reference: z.string(),
      manifestDigest: z.string(),
      indexDigest: z.string().nullable(),
    })
    .optional(),
});

/** The whole report (see the README section "The match report"). */
export const MatchReportSchema = z.object({
  /** {@link matchReportSchemaVersion}. */
  schemaVersion: z.literal(matchReportSchemaVersion),
  /** The weakest result over `matches` (`none` when there are none): 0 exit for timestamp/version/packages. */
  result: MatchResultSchema,
  /** What was searched for, and where each choice came from. */
  /** The base that was matched (see {@link BaseSummarySchema}). */
  base: BaseSummarySchema,
  target: z.object({
    composeRoot: z.string(),
    arch: z.string(),
    archFrom: z.enum(['option', 'base', 'ref', 'packages', 'default']),
    release: z.string(),
    releaseFrom: z.enum(['option', 'version', 'ref', 'packages', 'listing']),
  }),
  repos: z.array(BaseRepoReportSchema),
  /** The GA tree the whole-base rule used; `null` when the base lists no packages (nothing to check). */
  gaTree: GaTreeReportSchema.nullable(),
  matches: z.array(MatchSchema),
  /** Composes looked at and not used, sorted by ID. */
  skipped: z.array(SkippedSchema),
  /** What the search cost: requests sent and body bytes received (`null` when the catalog does not count bytes). */
  requests: z.object({
    count: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative().nullable(),
  }),
  /** The `.repo` text ({@link renderRepoFile} of this report). */
  repoFile: z.string(),
  /** What was assumed, repaired or could not be checked. */
  notes: z.array(z.string()),
});

/** The matcher's report (see {@link MatchReportSchema}). */
export type MatchReport = z.infer<typeof MatchReportSchema>;
/** One match (see {@link MatchSchema}). */
export type Match = z.infer<typeof MatchSchema>;
/** {@link ProductmdAnswerSchema}. */
export type ProductmdAnswer = z.infer<typeof ProductmdAnswerSchema>;
/** {@link KojiAnswerSchema}. */
export type KojiAnswer = z.infer<typeof KojiAnswerSchema>;
/** {@link KojiBuildLocationSchema}. */
export type KojiBuildLocation = z.infer<typeof KojiBuildLocationSchema>;
/** How a match was decided (see {@link MatchResultSchema}). */
export type MatchResult = z.infer<typeof MatchResultSchema>;

/** True for the results that name a consistent snapshot (`timestamp`, `version`, `packages`). */
export function isSnapshotResult(result: MatchResult): boolean {
  return result !== 'nearest' && result !== 'none';
}
/**
 * True when the report's verdict is weaker than it could be because a source failed (the GA tree
 * was unreadable, or not the tree the base saw): the CLI exits 1, not 3, for such a report.
 */
export function sourceFailed(report: Pick<MatchReport, 'result' | 'gaTree'>): boolean {
  if (isSnapshotResult(report.result) || report.gaTree === null) return false;
  return report.gaTree.state === 'failed' || report.gaTree.state === 'mismatch';
}

/**
 * One drift entry for people: `gnutls.x86_64 3.6.13-4.fc32 -> 3.6.15-1.fc32 (newer: would replace
 * the base package)`, or for an absent build what the compose and GA hold instead.
 */
export function describeDrift(d: Drift): string {
  const what = `${d.name}.${d.arch} ${d.baseEvr}`;
  if (d.direction === 'newer') return `${what} -> ${d.composeEvr} (newer: would replace the base package)`;
  if (d.direction === 'older') return `${what} -> ${d.composeEvr} (older: predates the base build)`;
  const ga = d.gaEvr === null ? 'GA does not hold it' : `GA holds ${d.gaEvr}`;
  return `${what} (absent: the compose does not carry it and ${ga}; the base's build is out of reach)`;
}

/** A durable source's findings (see {@link DurableSourceSchema}). */
export type DurableSource = z.infer<typeof DurableSourceSchema>;
/** A durable source's role (see {@link DurableSourceRoleSchema}). */
export type DurableSourceRole = z.infer<typeof DurableSourceRoleSchema>;
/** A pruned snapshot's coverage (see {@link CoverageSchema}). */
export type Coverage = z.infer<typeof CoverageSchema>;
/** A build no durable source holds (see {@link MissingBuildSchema}). */
export type MissingBuild = z.infer<typeof MissingBuildSchema>;
/** One drifting package (see {@link DriftSchema}). */
export type Drift = z.infer<typeof DriftSchema>;
/** An unexplained package (see {@link UnexplainedSchema}). */
export type Unexplained = z.infer<typeof UnexplainedSchema>;
/** The GA tree report (see {@link GaTreeReportSchema}). */
export type GaTreeReport = z.infer<typeof GaTreeReportSchema>;
/** A compose reference (see {@link ComposeRefSchema}). */
export type ComposeRef = z.infer<typeof ComposeRefSchema>;
/** Match evidence (see {@link EvidenceSchema}). */
export type Evidence = z.infer<typeof EvidenceSchema>;
/** A compose compared by packages (see {@link CandidateSchema}). */
export type Candidate = z.infer<typeof CandidateSchema>;
/** A skipped compose (see {@link SkippedSchema}). */
export type Skipped = z.infer<typeof SkippedSchema>;
/** The base in the report (see {@link BaseSummarySchema}). */
export type BaseSummary = z.infer<typeof BaseSummarySchema>;
/** A base repo in the report (see {@link BaseRepoReportSchema}). */
export type BaseRepoReport = z.infer<typeof BaseRepoReportSchema>;
/** An updates series. */
export type Series = z.infer<typeof SeriesSchema>;
/** A base repo's role. */
export type RepoRole = z.infer<typeof RepoRoleSchema>;
