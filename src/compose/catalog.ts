/**
 * The matcher's view of a compose root (kojipkgs `compose/updates/` or a mirror of it). The scan
 * module implements it over a {@link Fetcher}; tests may implement it in memory.
 */
import type { Nevra } from '../rpm/types.js';
import type { Repomd } from '../rpmmd/repomd-types.js';
import type { ReleaseTree } from './release-tree.js';
import type { VariantRepo } from './variant-repo.js';

/** A parsed productmd compose ID, e.g. `Fedora-32-updates-testing-20200817.1`. */
export interface ComposeId {
  /** The directory name as listed. */
  id: string;
  /** Release short name: `Fedora`, `Fedora-Epel`, `Fedora-EPEL-Next`, … */
  short: string;
  /** Release version: `32`, `10.0`, `Rawhide`. */
  version: string;
  /**
   * `updates` or `updates-testing` for a Bodhi updates compose; `nightly` for a compose of a
   * productmd nightly family (`compose/iot/`), which holds its whole package set.
   */
  series: 'updates' | 'updates-testing' | 'nightly';
  /** `YYYYMMDD`. */
  date: string;
  /** Compose type suffix (`n` nightly, `t` test, `ci`) or `null` for production. */
  typeSuffix: string | null;
  respin: number;
}

/** Pungi's compose STATUS values, the one list every reader and schema uses. */
export const composeStatuses = [
  'STARTED',
  'FINISHED',
  'FINISHED_INCOMPLETE',
  'DOOMED',
  'TERMINATED',
] as const;

/** Pungi's compose STATUS values; only `FINISHED` and `FINISHED_INCOMPLETE` are usable. */
export type ComposeStatus = (typeof composeStatuses)[number];

/** One compose directory found in the listing. */
export interface ComposeEntry {
  id: ComposeId;
  /** Absolute URL of the compose directory, ending in `/`. */
  url: string;
  /** The listing's modification time, when shown. */
  modified: Date | null;
  /** False when the compose is known only from a compose index (Bodhi pruned it); default true. */
  retained?: boolean | undefined;
}

/** Read access to the composes under one root. Implementations cache what they fetched. */
/** A Koji tag's state at one event, as an index reconstructed it (not a compose). */
export interface ReconstructedState {
  /** `Koji-<tag>-event-<id>`. */
  id: string;
  tag: string;
  /** The hub it was reconstructed from. */
  hub: string;
  event: { id: number; ts: number };
  /** The tag's next change after it, when known. */
  next: { id: number; ts: number } | null;
  /**
   * The window of history it was reconstructed in (seconds since the epoch): without a `next`, its
   * state is known to hold up to `until`, and past it (a gap, or after the last window) unknown.
   */
  window: { since: number; until: number };
  /** Its binary packages for the arch (and noarch), with each one's source RPM (its build). */
  packages(): Promise<(Nevra & { sourcerpm: string | null })[]>;
}

export interface ComposeCatalog {
  /** The root URL, ending in `/`. */
  readonly rootUrl: string;
  /** Every compose directory in the root listing (koji-tag symlinks and stray entries left out). */
  list(): Promise<ComposeEntry[]>;
  /** The compose's STATUS (after checking COMPOSE_ID equals the directory name). */
  status(entry: ComposeEntry): Promise<ComposeStatus>;
  /** repomd.xml of `compose/Everything/<arch>/os/`. */
  repomd(entry: ComposeEntry, arch: string): Promise<Repomd>;
  /** Binary packages of `compose/Everything/<arch>/os/` (rpms.json when present, else primary.xml). */
  packages(entry: ComposeEntry, arch: string): Promise<Nevra[]>;
  /**
   * The frozen GA repo of a release for an arch (`<root><N>/Everything/<arch>/os/`), which explains
   * the base packages no updates compose carries. A catalog without it gives the matcher no GA, so
   * it can name no exact `packages` match (the report says so).
   */
  releaseTree?(release: string, arch: string): Promise<ReleaseTree>;
  /**
   * Tag states `index backfill` reconstructed from Koji history for a release (`32`), series and
   * arch, oldest first; never observed composes. Absent or empty when the catalog has none.
   */
  reconstructed?(release: string, series: ComposeId['series'], arch: string): Promise<ReconstructedState[]>;
  /**
   * States `index backfill --pool` reconstructed of the FCOS pool tag for an arch, oldest first:
   * every build the tag held at each change. Absent or empty when the catalog has none.
   */
  reconstructedPool?(tag: string, arch: string): Promise<ReconstructedState[]>;
  /**
   * The nightly composes of the root, when it is a productmd nightly family (`compose/iot/`) and
   * not an updates root: every directory named like `Fedora-IoT-42-20250302.0`, sorted.
   */
  nightlies?(): Promise<ComposeEntry[]>;
  /** The repo of a nightly compose's variant for an arch, read through its composeinfo.json. */
  variantRepo?(entry: ComposeEntry, arch: string): Promise<VariantRepo>;
  /** What reading the root met that a report should say (links a listing had beside its entries). */
  notes?(): string[];
}
