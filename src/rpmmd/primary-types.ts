import type { Nevra } from '../rpm/types.js';
import type { RepoChecksum } from './repomd-types.js';

/**
 * One `rpm:entry` of `rpm:provides` / `rpm:requires`, as primary.xml states it (strings kept as is).
 * Read-only: the reader hands the same object to every package whose entry has the same bytes.
 */
export interface PrimaryDependency {
  name: string;
  /** `EQ`, `LT`, `LE`, `GT`, `GE`, or `null` for an unversioned entry. */
  flags: string | null;
  epoch: string | null;
  version: string | null;
  release: string | null;
  /** `pre="1"`: a pre-install requirement. */
  pre: boolean;
}

/**
 * Which dependency entries a read returns (`withDeps`):
 * - `true`: every `rpm:provides` and `rpm:requires` entry;
 * - `'provides'`: only `provides` (requires are most of the entries: a reader that needs only
 *   capabilities skips them), `requires` absent;
 * - `'exact-provides'`: of the provides, only the versioned `=` ones (`flags="EQ"`) other than the
 *   package's own name and `name(…)` (`bash`, `bash(x86-64)`): what an index from a capability with
 *   its version to the package providing it needs (a package is found by its own name anyway).
 *   Fedora's own-name and library provides are most of the provides, and not read at all;
 * - `false` (the default): neither.
 */
export type DependencySelection = boolean | 'provides' | 'exact-provides';

/** One `<package type="rpm">` of primary.xml. */
export interface PrimaryPackage extends Nevra {
  /** `rpm:sourcerpm`, e.g. `bash-5.0.17-1.fc32.src.rpm`; `null` when absent (source packages). */
  sourcerpm: string | null;
  /** `location href`, relative to the repo root (or to `locationBase` when set). */
  location: string;
  /** `location xml:base`, when the package lives elsewhere. */
  locationBase: string | null;
  /**
   * The file's `<checksum type=…>` (hex lowercased), present when read with `withChecksum`; `null`
   * when the package states none.
   */
  checksum?: RepoChecksum | null;
  /**
   * Present when read with `withDeps` (`'exact-provides'`: only some, see
   * {@link DependencySelection}). Read-only, as its entries: an `'exact-provides'` read gives every
   * package without such a provide the same frozen empty list.
   */
  provides?: PrimaryDependency[];
  /** Present when read with `withDeps`. */
  requires?: PrimaryDependency[];
}
