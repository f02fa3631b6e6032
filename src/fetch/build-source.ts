/**
 * The contract between the two halves of `compose-match fetch`: the planner (which builds the base
 * needs, from its source packages and the exact pins of what it fetches) and the sources (where a
 * build can still be found: the base's compose, the live repos, the FCOS pool, the updates-archive,
 * Koji `packages/`). The planner only sees this interface, so each source can be tested alone and
 * the chain can be reordered or extended without touching the walk.
 */
import { isComposeMatchError } from '../errors.js';
import type { Nevra } from '../rpm/types.js';
import type { RepoChecksum } from '../rpmmd/repomd-types.js';
import type { PrimaryPackage } from '../rpmmd/primary-types.js';

/** Where a build was looked for, in the order the chain tries them (FACTS §12). */
export type BuildSourceKind = 'compose' | 'updates' | 'ga' | 'pool' | 'archive' | 'koji';

/** One build found in one source: enough to download and verify it. */
export interface LocatedBuild {
  nevra: Nevra;
  /** The `…src.rpm` the build came from (also names its Koji directory). */
  sourcerpm: string;
  /** The source that holds it. */
  source: BuildSourceRef;
  /** Absolute URL (`https://…` or `file://…`) of the `.rpm`. */
  url: string;
  /** The repo's `<checksum>` for the file; `null` for Koji, whose copies are checked by digests. */
  checksum: RepoChecksum | null;
  /** Koji only: URL of the sigcache header to splice onto the unsigned copy; `null` when none exists. */
  signatureUrl: string | null;
  /** False only for a Koji copy without a signature header (usable with `--allow-unsigned` alone). */
  signed: boolean;
}

/** A source as the report names it. */
export interface BuildSourceRef {
  kind: BuildSourceKind;
  /** `Fedora-41-updates-20261101.0`, `updates`, `fedora`, `coreos-pool`, `updates-archive`, `koji`. */
  name: string;
  /** Root URL of the repo (or Koji's `packages/`). */
  url: string;
}

/** What one source answered for one lookup, for the report: every source tried is listed. */
export interface SourceAnswer {
  source: BuildSourceRef;
  /** `found`; `absent` (the source answered, the build is not there); `failed` (no usable answer). */
  status: 'found' | 'absent' | 'failed';
  /** For `failed`: the error's stable code and message (a 403 from the archive is routine). */
  error?: { code: string; message: string } | undefined;
  /**
   * For `absent`, when the planner found the build nowhere: the builds of the same name this
   * source does list (`1.45.5-3.fc32.x86_64`), `[]` for none; so "holds another build" can be
   * told from "not there". Absent from answers of a build that was found.
   */
  holds?: string[] | undefined;
  /**
   * For `absent`, when the source first seemed to hold the build: why it does not after all (Koji
   * answered 404 for a file its tag history located: the build was garbage-collected since).
   */
  detail?: string | undefined;
}

/** A place builds can be found. Implementations read their metadata at most once per run. */
export interface BuildSource {
  readonly ref: BuildSourceRef;
  /**
   * The build with exactly this NEVRA, or `null` when the source answered and does not hold it.
   * `sourcerpm` is needed by Koji (its directory is the source package's); repos ignore it.
   * Throws (a typed error) when the source could not answer.
   */
  locate(nevra: Nevra, sourcerpm: string | null): Promise<LocatedBuild | null>;
  /**
   * Every package of this name the source carries (any EVR/arch), with its `sourcerpm`: how a
   * package-only base (no SOURCERPM recorded) learns a package's source package. Koji returns [].
   */
  packagesNamed(name: string): Promise<PrimaryPackage[]>;
  /**
   * Names of the packages that provide `capability` with a versioned (`=`) provide, other than their
   * own name: how a pin on a capability (Fedora's `kernel-devel-uname-r = 6.11.4-301.fc41.x86_64`
   * of kernel-devel-matched) is tied to a package. Optional: Koji has no such index.
   */
  providersOf?(capability: string): Promise<string[]>;
}

/**
 * The `failed` answer of a source whose call threw a typed error (a 403, bad metadata), so the chain
 * can go on; anything untyped is a bug and is rethrown.
 */
export function failedAnswer(source: BuildSourceRef, error: unknown): SourceAnswer {
  if (!isComposeMatchError(error)) throw error;
  return { source, status: 'failed', error: { code: error.code, message: error.message } };
}
