/** An RPM epoch-version-release. `epoch` is `null` when unset (compares as 0). */
export interface Evr {
  epoch: number | null;
  version: string;
  /** `null` when absent (`1.0` in a dependency): sorts below any release, matches any in ranges. */
  release: string | null;
}

/** An RPM name-epoch-version-release-arch. */
export interface Nevra extends Evr {
  name: string;
  release: string;
  arch: string;
}
