/**
 * What the planner of `compose-match fetch` takes and gives back. The planner decides which builds
 * the base needs (the requested names at the base's EVR, then the exact pins of what it fetched);
 * where they are found and how they are downloaded come in as functions, so the walk is tested
 * against in-memory sources and the real chain is wired by the command.
 */
import type { BasePackage } from '../../base/base-image.js';
import type { Nevra } from '../../rpm/types.js';
import type { BuildSource, BuildSourceRef, LocatedBuild, SourceAnswer } from '../build-source.js';

/** A build written into the destination directory. */
export interface DownloadedFile {
  /** Path of the verified `.rpm` in the destination directory. */
  path: string;
  /** Bytes transferred for it (the file, plus a Koji signature header). */
  bytes: number;
  /** Requests made for it. */
  requests: number;
}

/** What the chain answered for one NEVRA: the first source holding it, and every source tried. */
export interface ChainAnswer {
  located: LocatedBuild | null;
  answers: SourceAnswer[];
}

/** Looks a build up in `sources`, in order, stopping at the first that holds it (`locateInChain`). */
export type LocateFunction = (
  nevra: Nevra,
  sourcerpm: string | null,
  sources: readonly BuildSource[],
) => Promise<ChainAnswer>;

/** Downloads and verifies a located build into the destination directory (`downloadBuild`). */
export type DownloadFunction = (located: LocatedBuild) => Promise<DownloadedFile>;

/** The base as the planner needs it. */
export interface PlanBase {
  /** The base architecture (`x86_64`), when known; builds of it and `noarch` are candidates. */
  arch: string | null;
  /** Installed packages; `sourcerpm` when the base records it (an rpm database). */
  packages: readonly BasePackage[];
}

/** Input of {@link planFetch}. */
export interface PlanFetchOptions {
  base: PlanBase;
  /** The package names asked for (`kernel-devel-matched`). */
  names: readonly string[];
  /** The sources, in the order they are tried. */
  sources: readonly BuildSource[];
  locate: LocateFunction;
  download: DownloadFunction;
  /** Use a Koji copy that has no signature header (`gpgcheck` cannot pass for it). */
  allowUnsigned?: boolean | undefined;
}

/** Why a build is wanted. */
export type WantReason =
  /** Asked for by name; `family` is the base package whose source package fixed the EVR. */
  | { kind: 'requested'; name: string; family: string | null }
  /** Required with `=` by `by` (a NEVRA), as `requirement` (`kernel-devel = 6.11.4-301.fc41`). */
  | { kind: 'pinned'; by: string; requirement: string }
  /**
   * Required by name (`libcom_err-devel`) by `by`, and the base holds a build of its source
   * package: only that build installs beside the base (its own exact pin on the base's library).
   */
  | { kind: 'required'; by: string; requirement: string };

/**
 * How a wanted build ended:
 * - `fetched`: downloaded and verified into the directory;
 * - `missing`: no source holds it (or every source holding it failed);
 * - `unsigned`: only an unsigned Koji copy exists and `allowUnsigned` was not given.
 */
export type PlannedBuildStatus = 'fetched' | 'missing' | 'unsigned';

/** One build the base needs. */
export interface PlannedBuild {
  /** The build fetched, or (when not fetched) the first candidate looked for. */
  nevra: Nevra;
  /** Its source package, when known (Koji needs it). */
  sourcerpm: string | null;
  reason: WantReason;
  status: PlannedBuildStatus;
  /** Where it was found; null when nowhere. */
  located: LocatedBuild | null;
  /** Every source asked, per candidate NEVRA, in order. */
  answers: SourceAnswer[];
  /** The file written; null unless `fetched`. */
  file: DownloadedFile | null;
}

/** An exact requirement the base (or another fetched build) contradicts: nothing can satisfy it. */
export interface PinConflict {
  /** NEVRA of the build that requires it. */
  by: string;
  /** The requirement (`nettle = 3.10-1.fc41`). */
  requirement: string;
  /** NEVRA of the base package or planned build holding the name at another EVR. */
  holder: string;
}

/** An exact requirement whose target no source names as a package (a virtual provide, say). */
export interface UnresolvedPin {
  by: string;
  requirement: string;
}

/**
 * The outcome, which the CLI turns into its exit code: `complete` (0) every build fetched and no
 * conflict; `missing` (3) something is nowhere and every source answered; `incomplete` (1)
 * something is missing and a source failed, so it may exist after all.
 */
export type PlanOutcome = 'complete' | 'missing' | 'incomplete';

/** The result of {@link planFetch}. */
export interface FetchPlan {
  outcome: PlanOutcome;
  /** Every wanted build, requested ones first, then pins in the order they were found. */
  builds: PlannedBuild[];
  conflicts: PinConflict[];
  unresolved: UnresolvedPin[];
  /** Sources that failed while the planner asked them for package names (source packages). */
  failedLookups: SourceAnswer[];
  /** Base packages whose source package the plan used was inferred, not listed (say so: a note). */
  inferred: InferredSource[];
}

/**
 * A base package no source lists at its exact build, whose source package was taken from another
 * build of the same name and arch that a source does list: a binary package does not change
 * source package between builds of a release, so only the V-R is the base package's own.
 */
export interface InferredSource {
  /** NEVRA of the base package (`libcom_err-1.45.5-4.fc32.x86_64`). */
  package: string;
  /** The source package taken for it (`e2fsprogs-1.45.5-4.fc32.src.rpm`). */
  sourcerpm: string;
  /** NEVRA of the listed build the source package's name came from. */
  from: string;
  /** The source that lists `from`. */
  source: BuildSourceRef;
}
