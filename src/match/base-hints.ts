/**
 * What the base tells the matcher before any request: the arch, the release, the series of each
 * recorded repo, and the date to start probing from.
 */
import type { BaseImage, BaseRepo } from '../base/base-image.js';
import { isKnownArch } from '../rpm/arches.js';
import { MatchError } from './errors.js';
import type { RepoRole } from '../report/match-report.js';
import { dayOfEpochSeconds, dayOfYyyymmdd } from './dates.js';

/** The arch to match and where it came from. */
export function chooseArch(
  base: BaseImage,
  option: string | undefined,
): { arch: string; from: 'option' | 'base' | 'ref' | 'packages' | 'default' } {
  if (option !== undefined) {
    if (!isComposeArch(option))
      throw new MatchError(
        'ERR_MATCH_OPTION',
        `Arch '${option}' is not an architecture composes are built for; give a base arch such as x86_64, aarch64, ppc64le or s390x.`,
        { subject: 'arch' },
      );
    return { arch: option, from: 'option' };
  }
  if (base.arch !== null && base.arch !== '') return { arch: base.arch, from: 'base' };
  const fromRef = refHints(base.source.ref).arch;
  if (fromRef !== null) return { arch: fromRef, from: 'ref' };
  const arch = mostCommon(base.packages.map((p) => p.arch).filter((a) => a !== 'noarch' && a !== 'src'));
  if (arch !== null) return { arch, from: 'packages' };
  // The .repo says $basearch either way; the arch only picks which repodata is probed.
  return { arch: 'x86_64', from: 'default' };
}

/**
 * An arch a compose can have a repo for: one rpm knows, other than `noarch`/`src`/`nosrc` (which
 * live inside the arch repos), or `armhfp` (dnf's base arch name for Fedora's 32-bit ARM). A typo
 * is caught here, before dozens of requests each find no repo for it.
 */
function isComposeArch(arch: string): boolean {
  if (arch === 'armhfp') return true;
  return isKnownArch(arch) && arch !== 'noarch' && arch !== 'src' && arch !== 'nosrc';
}

/** What an OSTree ref (`fedora/40/x86_64/silverblue`, `fedora/40/x86_64/testing/kinoite`) says. */
export function refHints(ref: string | null): {
  release: string | null;
  arch: string | null;
  testing: boolean;
} {
  const parts = ref === null ? [] : ref.split('/');
  return {
    release: parts.find((p) => /^\d+$/.test(p)) ?? null,
    arch: parts.find((p) => /^(x86_64|aarch64|ppc64le|s390x)$/.test(p)) ?? null,
    // FCOS's "testing" stream is built from stable updates, so only non-CoreOS refs say so.
    testing: parts.includes('testing') && !parts.includes('coreos'),
  };
}

/** A Silverblue-style version `<release>.<YYYYMMDD>.<respin>` names its compose; FCOS's `<release>.<YYYYMMDD>.<stream>.<n>` only dates it. */
export interface VersionHint {
  version: string;
  release: string;
  date: string;
  /** The respin, when the version has exactly three fields (it then names a compose). */
  respin: number | null;
}

/** Reads a commit version; `null` when it does not start with `<release>.<YYYYMMDD>.`. */
export function parseBaseVersion(version: string | null): VersionHint | null {
  const m = version === null ? null : /^(\d+)\.(\d{8})\.(\d+)((?:\.\d+)*)$/.exec(version);
  if (m === null || version === null) return null;
  if (dayOfYyyymmdd(m[2]!) === null) return null;
  return { version, release: m[1]!, date: m[2]!, respin: m[4] === '' ? Number(m[3]) : null };
}

/** The release from the packages' `.fcNN` dist tags (the most common, the highest on a tie). */
export function releaseFromPackages(base: BaseImage): string | null {
  const tags = base.packages.flatMap((p) => {
    const m = /\.fc(\d+)(?:[._+~^]|$)/.exec(p.release);
    return m === null ? [] : [m[1]!];
  });
  return mostCommon(tags, (a, b) => Number(b) - Number(a));
}

/**
 * The role of a recorded repo, from its id: `…updates-testing…` is the testing series,
 * `…updates…` the stable one, `fedora` (and `fedora-<N>`, `rawhide`, `fedora-cisco-openh264`,
 * `fedora-modular`) are frozen or not Bodhi's, `fedora-coreos-pool` is the pool; anything else (`repo-0`) is `other`.
 */
export function classifyRepo(id: string): RepoRole {
  const s = id.toLowerCase();
  // Fedora's updates-archive is a pool of every stable build, not a compose.
  if (/(^|[-_.])updates[-_.]archive($|[-_.])/.test(s)) return 'other';
  // Fedora CoreOS's pool (a Koji dist-repo of many builds per package, picked by a lockfile).
  if (/(^|[-_.])coreos[-_.]pool$/.test(s)) return 'pool';
  if (/(^|[-_.])updates[-_.]testing($|[-_.])/.test(s) || s === 'testing') return 'updates-testing';
  if (/(^|[-_.])updates($|[-_.])/.test(s)) return 'updates';
  if (/^(fedora(-\d+)?|rawhide|fedora-rawhide|fedora-cisco-openh264|fedora-modular|fedora-next)$/.test(s))
    return 'frozen';
  return 'other';
}

/** The note the report gives a recorded repo of each role. */
export function roleNote(repo: BaseRepo, role: RepoRole): string {
  switch (role) {
    case 'frozen':
      return `'${repo.id}' is a frozen repo (the GA release or another repo that is not a Bodhi updates compose): nothing to match, the system's own repo file serves it.`;
    case 'pool':
      return `'${repo.id}' is the Fedora CoreOS pool: a lockfile picks builds from it, so no updates compose is exact for a base built from it alone.`;
    case 'other':
      return `'${repo.id}' is not named like an updates repo; its timestamp was tried against the composes.`;
    default:
      return `'${repo.id}' is the ${role} series.`;
  }
}

/** The day (days since the epoch) the search should start from, and what gave it. */
export function dateHint(
  version: VersionHint | null,
  timestamps: readonly number[],
  commitTime: number | null,
): number | null {
  if (version !== null) return dayOfYyyymmdd(version.date);
  if (timestamps.length > 0) return dayOfEpochSeconds(Math.max(...timestamps));
  if (commitTime !== null) return dayOfEpochSeconds(commitTime);
  return null;
}

function mostCommon(values: readonly string[], tie?: (a: string, b: string) => number): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts].sort(
    (a, b) => b[1] - a[1] || (tie ? tie(a[0], b[0]) : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  return sorted[0]?.[0] ?? null;
}
